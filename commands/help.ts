// /help: how to use the bot (ephemeral, so it doesn't clutter the channel).
import { MessageFlags, SlashCommandBuilder, type ChatInputCommandInteraction } from 'discord.js';
import { NO_MENTIONS, type BotContext } from '../src/bot/context.js';
import { renderHelp } from '../src/bot/render-status.js';

export const data = new SlashCommandBuilder().setName('help').setDescription('How to use the archive bot.');

export async function execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  await interaction.reply({
    embeds: [renderHelp(ctx.botName())],
    flags: MessageFlags.Ephemeral,
    allowedMentions: NO_MENTIONS,
  });
}
