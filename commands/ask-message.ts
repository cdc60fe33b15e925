// Message context-menu command "Ask the archive": asks with the text of the selected message.
import {
  ApplicationCommandType,
  ContextMenuCommandBuilder,
  MessageFlags,
  type MessageContextMenuCommandInteraction,
} from 'discord.js';
import { answerPayload, messageOf } from '../src/bot/answering.js';
import { NO_MENTIONS, type BotContext, type CommandGuards } from '../src/bot/context.js';
import { buildQuery } from '../src/bot/options.js';

export const data = new ContextMenuCommandBuilder().setName('Ask the archive').setType(ApplicationCommandType.Message);

export const guards: CommandGuards = { cooldown: true, index: true };

export async function execute(interaction: MessageContextMenuCommandInteraction, ctx: BotContext): Promise<void> {
  const text = interaction.targetMessage.content
    .replace(/<@!?\d+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (!text) {
    await interaction.reply({
      content: 'That message has no text to ask with.',
      flags: MessageFlags.Ephemeral,
      allowedMentions: NO_MENTIONS,
    });
    return;
  }
  await interaction.deferReply();
  // a long message is still a question: its opening carries the topic
  await interaction.editReply(messageOf(await answerPayload(ctx, buildQuery({ text: text.slice(0, 500) }), false)));
}
