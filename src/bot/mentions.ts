// "@Dossier question" in a channel, a reply to one of its answers, a question in a follow-up thread
// (without a mention too, with MESSAGE_CONTENT_INTENT) or any message in a DM: reply with the same
// answer embed as /ask, following up on its conversation (answer/carry-over.ts); a mention without a
// question gets a short help. Other bots and itself are ignored.
import type { Client, Message, MessageReplyOptions } from 'discord.js';
import { carryOver } from '../answer/carry-over.js';
import { today } from '../search/time.js';
import { answerPayload, messageOf, rememberTurn } from './answering.js';
import { conversationOf } from './follow-up.js';
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
  m: {
    authorId: string;
    authorIsBot: boolean;
    inGuild: boolean;
    mentionsBot: boolean;
    /** in a thread with a follow-up conversation, and the bot reads message content (MESSAGE_CONTENT_INTENT) */
    inFollowUpThread?: boolean;
  },
  botId: string,
): boolean {
  if (m.authorIsBot || m.authorId === botId) return false;
  // in a DM every message is for the bot; in a channel only explicit mentions (not @everyone) and
  // replies that ping it; in a follow-up thread every message when the bot may read them
  return !m.inGuild || m.mentionsBot || !!m.inFollowUpThread;
}

export async function handleMessage(message: Message, client: Client<true>, ctx: BotContext): Promise<void> {
  const botId = client.user.id;
  // typing "@Dossier" in a server often picks the bot's own managed role rather than the bot user
  const botRoleIds = [...message.mentions.roles.values()].filter((r) => r.tags?.botId === botId).map((r) => r.id);
  const place = {
    channelId: message.channelId,
    inGuild: message.inGuild(),
    inThread: message.channel.isThread(),
    replyTo: message.reference?.messageId,
  };
  const key = conversationOf(place, ctx.conversations);
  const forBot = isForBot(
    {
      authorId: message.author.id,
      authorIsBot: message.author.bot || !!message.webhookId,
      inGuild: message.inGuild(),
      mentionsBot: message.mentions.users.has(botId) || botRoleIds.length > 0,
      inFollowUpThread: place.inThread && ctx.config.MESSAGE_CONTENT_INTENT && !!key && ctx.conversations.has(key),
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
    const asked = buildQuery({ text: question.slice(0, 500) });
    const follow = carryOver(asked.text, key ? ctx.conversations.last(key) : undefined, {}, today());
    const payload = await answerPayload(ctx, follow.query, false, {
      question: asked.text,
      about: follow.about,
      followUpButton: place.inGuild && !place.inThread,
    });
    const sent = await reply(messageOf(payload));
    rememberTurn(ctx, sent.id, payload.turn, key);
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
