// /ask question [author] [from] [to] [private]: the answer embed with citations, source pages,
// "Passage n" buttons and 👍/👎. Defers at once: answering can take longer than Discord's 3 s.
import { MessageFlags, SlashCommandBuilder, type ChatInputCommandInteraction } from 'discord.js';
import { answerPayload, messageOf, rememberTurn } from '../src/bot/answering.js';
import { threadKey } from '../src/bot/follow-up.js';
import type { BotContext, CommandGuards } from '../src/bot/context.js';
import { queryFromOptions, withFilterOptions } from '../src/bot/options.js';

export const data = withFilterOptions(
  new SlashCommandBuilder()
    .setName('ask')
    .setDescription('Ask a question about the news archive; the answer cites its sources.')
    .addStringOption((o) => o.setName('question').setDescription('Your question').setRequired(true).setMaxLength(500)),
).addBooleanOption((o) => o.setName('private').setDescription('Show the answer to you only'));

export const guards: CommandGuards = { cooldown: true, index: true };

export async function execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  const ephemeral = interaction.options.getBoolean('private') ?? false;
  // options first (pure and instant): a bad date is told to the user alone, not to the channel
  const query = queryFromOptions(interaction, 'question');
  await interaction.deferReply(ephemeral ? { flags: MessageFlags.Ephemeral } : {});
  const inThread = !!interaction.channel?.isThread();
  const payload = await answerPayload(ctx, query, ephemeral, { followUpButton: interaction.inGuild() && !inThread });
  const sent = await interaction.editReply(messageOf(payload));
  // a reply to this answer (or the thread it is in) follows up on it; a private answer has none
  if (!ephemeral) rememberTurn(ctx, sent.id, payload.turn, inThread ? threadKey(interaction.channelId) : undefined);
}
