// Turning any failure inside a handler into a message for the user: an error they can act on
// (DossierError) in its chat wording, anything else as a short reference id with the details in the
// log under the same id. Never a stack trace or a server path in Discord.
import { MessageFlags, type RepliableInteraction } from 'discord.js';
import { chatLine, DossierError } from '../errors.js';
import { NO_MENTIONS, type BotContext } from './context.js';
import { checkAdmin, memberFacts } from './guards.js';
import { fitContent } from './limits.js';
import { newRef } from './log.js';
import { renderError } from './render-status.js';

/** The chat line of an error the user can act on; undefined for real failures (those get a ref id). */
export function userMessageFor(err: unknown, admin = false): string | undefined {
  return err instanceof DossierError ? chatLine(err, admin) : undefined;
}

/**
 * Replies with the message, or puts it in place of the deferred reply (also once that showed
 * progress: a /reindex that fails must not be left saying "running…"); errors while doing so are logged.
 */
export async function respond(interaction: RepliableInteraction, text: string, ctx: BotContext): Promise<void> {
  const content = fitContent(text);
  try {
    if (interaction.deferred)
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
  if (err instanceof DossierError) {
    // the whole message (paths included) is for whoever reads the log
    ctx.log.info({ what, problem: err.message, user: interaction.user?.id }, `${what}: told the user what to do`);
    const admin = checkAdmin(memberFacts(interaction), ctx.config.ADMIN_ROLE_IDS).ok;
    return respond(interaction, chatLine(err, admin), ctx);
  }
  const ref = newRef();
  ctx.log.error(
    { err, ref, what, interaction: interaction.id, user: interaction.user?.id, guild: interaction.guildId },
    `${what} failed`,
  );
  await respond(interaction, renderError(ref), ctx);
}
