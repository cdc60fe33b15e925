// /stats: what the index holds (articles, passages, date range, model, last re-index, size), and the
// re-index status read from the index, so every shard says the same.
import { SlashCommandBuilder, type ChatInputCommandInteraction } from 'discord.js';
import { NO_MENTIONS, type BotContext } from '../src/bot/context.js';
import { checkAdmin, memberFacts } from '../src/bot/guards.js';
import { renderStats } from '../src/bot/render-status.js';
import { chatLine } from '../src/errors.js';

export const data = new SlashCommandBuilder().setName('stats').setDescription('What the archive index holds.');

export async function execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  const s = ctx.service;
  // without an index: who can build it, in the chat's words (admins also get the command)
  const down = await s.unavailable();
  const why = down && chatLine(down, checkAdmin(memberFacts(interaction), ctx.config.ADMIN_ROLE_IDS).ok);
  await interaction.reply({
    embeds: [renderStats(await s.stats(), why, await s.reindexStatus())],
    allowedMentions: NO_MENTIONS,
  });
}
