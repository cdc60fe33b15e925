// Follow-ups on Discord: "Ask a follow-up" opens a thread from an answer (its conversation starts with
// that answer), and which conversation a message continues: its thread, the bot answer it replies
// to, or its DM. A new question in a channel starts its own.
import { MessageFlags, ThreadAutoArchiveDuration, type ButtonInteraction } from 'discord.js';
import { NO_MENTIONS, type BotContext } from './context.js';
import type { AnswerState } from './state-cache.js';
import { truncate } from './text.js';

/** Where a message stands: in a thread, replying to a message, in a DM. */
export interface MessagePlace {
  channelId: string;
  inGuild: boolean;
  inThread: boolean;
  /** the message it replies to, if any */
  replyTo?: string;
}

export const threadKey = (threadId: string) => `t:${threadId}`;

/** The conversation a message continues (pure given the store), or undefined: it starts one. */
export function conversationOf(
  p: MessagePlace,
  conversations: { ofMessage(id: string): string | undefined },
): string | undefined {
  if (p.inThread) return threadKey(p.channelId);
  if (!p.inGuild) return `dm:${p.channelId}`;
  return p.replyTo ? conversations.ofMessage(p.replyTo) : undefined;
}

/** A thread's name: the question, within Discord's 100 characters. */
export function threadName(question: string): string {
  return truncate(question.replace(/\s+/g, ' ').trim(), 100) || 'Follow-up';
}

export function threadIntro(botName: string, contentIntent: boolean): string {
  const how = contentIntent
    ? 'just write your question here'
    : `mention @${botName} with your question, or reply to one of my messages`;
  return `Ask a follow-up about this answer: ${how}. I keep this thread's last 5 questions for an hour.`;
}

/** "Ask a follow-up": a thread from the answer's message, its conversation seeded with the answer. */
export async function openFollowUpThread(
  interaction: ButtonInteraction,
  state: AnswerState,
  ctx: BotContext,
): Promise<void> {
  const msg = interaction.message;
  const say = (content: string) =>
    interaction.editReply({ content, allowedMentions: NO_MENTIONS }).then(() => undefined);
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  if (!interaction.inGuild() || interaction.channel?.isThread() || !state.turn) {
    await say('Reply to the answer (or mention me) to ask a follow-up here.');
    return;
  }
  let thread = msg.thread;
  if (!thread) {
    try {
      thread = await msg.startThread({
        name: threadName(state.answer.question),
        autoArchiveDuration: ThreadAutoArchiveDuration.OneDay,
        reason: 'Ask a follow-up',
      });
    } catch (err) {
      ctx.log.warn({ err, message: msg.id }, 'could not start a follow-up thread');
      await say(
        "I couldn't open a thread here (I need the Create Public Threads permission in this channel). You can reply to the answer instead.",
      );
      return;
    }
  }
  const key = threadKey(thread.id);
  if (!ctx.conversations.has(key)) ctx.conversations.add(key, state.turn);
  const intro = await thread.send({
    content: threadIntro(ctx.botName(), ctx.config.MESSAGE_CONTENT_INTENT),
    allowedMentions: NO_MENTIONS,
  });
  ctx.conversations.linkMessage(intro.id, key);
  // a link rather than <#id>: archive-derived text never gets mention syntax, and a link is just as clickable
  await say(`Ask your follow-up in the thread: https://discord.com/channels/${interaction.guildId}/${thread.id}`);
}
