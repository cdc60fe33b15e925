// Turning any failure inside a handler into a short message for the user (with a reference id) and
// a structured log line with the details under the same id. Never a stack trace in Discord.
import { MessageFlags, type RepliableInteraction } from 'discord.js';
import { IndexUnavailableError, ReindexBusyError } from '../service-types.js';
import { IndexWriteError } from '../index/disk-errors.js';
import { NO_MENTIONS, type BotContext } from './context.js';
import { fitContent } from './limits.js';
import { newRef } from './log.js';
import { OptionError } from './options.js';
import { renderError } from './render-status.js';

/** Messages for errors the user can act on; undefined for real failures (those get a ref id). */
export function userMessageFor(err: unknown): string | undefined {
  if (err instanceof OptionError) return err.message;
  if (err instanceof ReindexBusyError) return err.message;
  if (err instanceof IndexUnavailableError) return `I can't answer right now: ${err.message}`;
  if (err instanceof IndexWriteError) return `Re-index failed: ${err.short}`;
  return undefined;
}

/** Replies (or edits the deferred reply) with the message; errors while doing so are only logged. */
export async function respond(interaction: RepliableInteraction, text: string, ctx: BotContext): Promise<void> {
  const content = fitContent(text);
  try {
    if (interaction.deferred && !interaction.replied)
      await interaction.editReply({ content, embeds: [], components: [], allowedMentions: NO_MENTIONS });
    else if (interaction.replied)
      await interaction.followUp({ content, flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS });
    else await interaction.reply({ content, flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS });
  } catch (e) {
    ctx.log.warn({ err: e, interaction: interaction.id }, 'could not tell the user about an error');
  }
}

export async function handleInteractionError(
  interaction: RepliableInteraction,
  err: unknown,
  ctx: BotContext,
  what: string,
): Promise<void> {
  const known = userMessageFor(err);
  if (known) return respond(interaction, known, ctx);
  const ref = newRef();
  ctx.log.error(
    { err, ref, what, interaction: interaction.id, user: interaction.user?.id, guild: interaction.guildId },
    `${what} failed`,
  );
  await respond(interaction, renderError(ref), ctx);
}
