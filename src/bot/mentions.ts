// "@Dossier question" in a channel or any message in a DM: reply to that message with the same answer
// embed as /ask; a mention without a question gets a short help. Other bots and itself are ignored.
import type { Client, Message, MessageReplyOptions } from 'discord.js';
import { answerPayload } from './answering.js';
import { NO_MENTIONS, type BotContext } from './context.js';
import { newRef } from './log.js';
import { buildQuery, questionFromMention } from './options.js';
import { renderError } from './render-status.js';
import { userMessageFor } from './errors.js';
import { checkAdmin, checkIndexReady } from './guards.js';

export const MENTION_HELP =
  'Ask me about the news archive: mention me with a question, e.g. `@Dossier who was behind the raid on the embassy in Madrid?`, or use `/ask`. `/help` lists everything I can do.';

/** Should this message get an answer? Pure so it can be tested without a gateway. */
export function isForBot(
  m: { authorId: string; authorIsBot: boolean; inGuild: boolean; mentionsBot: boolean },
  botId: string,
): boolean {
  if (m.authorIsBot || m.authorId === botId) return false;
  // in a DM every message is for the bot; in a channel only explicit mentions (not @everyone)
  return !m.inGuild || m.mentionsBot;
}

export async function handleMessage(message: Message, client: Client<true>, ctx: BotContext): Promise<void> {
  const botId = client.user.id;
  // typing "@Dossier" in a server often picks the bot's own managed role rather than the bot user
  const botRoleIds = [...message.mentions.roles.values()].filter((r) => r.tags?.botId === botId).map((r) => r.id);
  const forBot = isForBot(
    {
      authorId: message.author.id,
      authorIsBot: message.author.bot || !!message.webhookId,
      inGuild: message.inGuild(),
      mentionsBot: message.mentions.users.has(botId) || botRoleIds.length > 0,
    },
    botId,
  );
  if (!forBot) return;
  const reply = (payload: MessageReplyOptions) =>
    message.reply({ ...payload, allowedMentions: NO_MENTIONS, failIfNotExists: false });
  const question = questionFromMention(message.content, botId, botRoleIds);
  if (!question) {
    await reply({ content: MENTION_HELP });
    return;
  }
  // the guards commands get from the router, in the same order
  const admin = checkAdmin(
    {
      permissions: message.member?.permissions.bitfield ?? null,
      roleIds: [...(message.member?.roles.cache.keys() ?? [])],
      inGuild: message.inGuild(),
    },
    ctx.config.ADMIN_ROLE_IDS,
  ).ok;
  const gate = await checkIndexReady(ctx.service, admin);
  const cooled = gate.ok ? ctx.cooldown.take(message.author.id) : gate;
  if (!cooled.ok) {
    await reply({ content: cooled.message });
    return;
  }
  try {
    if ('sendTyping' in message.channel) await message.channel.sendTyping().catch(() => undefined);
    const payload = await answerPayload(ctx, buildQuery({ text: question.slice(0, 500) }), false);
    await reply(payload);
  } catch (err) {
    const known = userMessageFor(err, admin);
    const ref = newRef();
    if (!known)
      ctx.log.error(
        { err, ref, what: 'mention', message: message.id, user: message.author.id, guild: message.guildId },
        'mention failed',
      );
    await reply({ content: known ?? renderError(ref) }).catch((e) =>
      ctx.log.warn({ err: e }, 'could not reply to a mention'),
    );
  }
}
