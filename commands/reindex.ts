// /reindex [full]: admins only (default member permission Manage Server, and checked again at run
// time by the router's admin guard). Edits its reply with progress at most every 2 s, then a summary.
import {
  InteractionContextType,
  PermissionFlagsBits,
  SlashCommandBuilder,
  type ChatInputCommandInteraction,
} from 'discord.js';
import { NO_MENTIONS, type BotContext, type CommandGuards } from '../src/bot/context.js';
import { renderReindexProgress, renderReindexSummary } from '../src/bot/render-status.js';
import { ThrottledEditor } from '../src/bot/throttle.js';
import { ReindexBusyError } from '../src/service-types.js';
import type { Progress } from '../src/index/types.js';

export const PROGRESS_INTERVAL_MS = 2000;

export const data = new SlashCommandBuilder()
  .setName('reindex')
  .setDescription('Rebuild the archive index (admins).')
  .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
  // a server's admins re-index; in DMs there is no one to check against
  .setContexts(InteractionContextType.Guild)
  .addBooleanOption((o) => o.setName('full').setDescription('Re-embed everything, not only new or changed articles'));

export const guards: CommandGuards = { admin: true };

export async function execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  const full = interaction.options.getBoolean('full') ?? false;
  if (await ctx.service.reindexRunning()) throw new ReindexBusyError();
  await interaction.deferReply();
  const startedAt = Date.now();
  const editor = new ThrottledEditor<Progress>(
    (p) =>
      interaction.editReply({
        embeds: [renderReindexProgress(p, full, startedAt, Date.now())],
        allowedMentions: NO_MENTIONS,
      }),
    PROGRESS_INTERVAL_MS,
    (err) => ctx.log.warn({ err }, 'could not edit re-index progress'),
  );
  editor.push({ stage: 'fetch', done: 0, message: 'starting' });
  ctx.log.info({ full, user: interaction.user.id }, 're-index started from Discord');
  try {
    const summary = await ctx.service.reindex({ full }, (p) => editor.push(p));
    await editor.close();
    ctx.log.info({ summary: { ...summary, warnings: summary.warnings.length } }, 're-index finished');
    const embeds = [renderReindexSummary(summary)];
    await interaction.editReply({ embeds, allowedMentions: NO_MENTIONS }).catch(async (err) => {
      // an interaction token lives 15 minutes: after a long re-index, post the summary in the channel
      ctx.log.warn({ err }, 'could not edit the re-index reply; posting the summary instead');
      const channel = interaction.channel;
      if (channel?.isSendable())
        await channel.send({
          content: `<@${interaction.user.id}> your re-index finished:`,
          embeds,
          allowedMentions: NO_MENTIONS,
        });
      else throw err;
    });
  } finally {
    await editor.close();
  }
}
