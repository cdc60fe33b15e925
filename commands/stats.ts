// /stats: what the index holds (articles, passages, date range, model, last re-index, size).
import { SlashCommandBuilder, type ChatInputCommandInteraction } from 'discord.js';
import { NO_MENTIONS, type BotContext } from '../src/bot/context.js';
import { renderStats } from '../src/bot/render-status.js';

export const data = new SlashCommandBuilder().setName('stats').setDescription('What the archive index holds.');

export async function execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  const s = ctx.service;
  await interaction.reply({
    embeds: [renderStats(s.stats(), s.unavailableReason(), s.reindexRunning())],
    allowedMentions: NO_MENTIONS,
  });
}
