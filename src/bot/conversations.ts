// Follow-up context per conversation (a thread, a reply chain, a DM), in memory and bounded: the last
// 5 turns, for an hour after the last one, at most 1,000 conversations (the least recently used is
// dropped). A restart forgets them all. Bot messages of a conversation point to it, so a reply to
// any of them continues it.
import type { Turn } from '../answer/carry-over.js';

export interface ConversationLimits {
  turns: number;
  ttlMs: number;
  conversations: number;
  /** bot message ids remembered (to find a reply's conversation) */
  messages: number;
}

export const CONVERSATION_LIMITS: ConversationLimits = {
  turns: 5,
  ttlMs: 60 * 60 * 1000,
  conversations: 1000,
  messages: 5000,
};

interface Conversation {
  turns: Turn[];
  at: number;
}

export class Conversations {
  private readonly byKey = new Map<string, Conversation>();
  private readonly byMessage = new Map<string, string>();

  constructor(
    readonly limits: ConversationLimits = CONVERSATION_LIMITS,
    private readonly clock: () => number = Date.now,
  ) {}

  /** The turns of a conversation, oldest first; [] when unknown or expired (an expired one is dropped). */
  turns(key: string): Turn[] {
    const c = this.byKey.get(key);
    if (!c) return [];
    if (this.clock() - c.at > this.limits.ttlMs) {
      this.byKey.delete(key);
      return [];
    }
    return [...c.turns];
  }

  /** The last turn of a conversation (what a follow-up leans on). */
  last(key: string): Turn | undefined {
    return this.turns(key).at(-1);
  }

  has(key: string): boolean {
    return this.turns(key).length > 0;
  }

  /** Adds a turn (the oldest beyond `turns` is dropped); the conversation becomes the most recent. */
  add(key: string, turn: Turn): void {
    const turns = [...this.turns(key), turn].slice(-this.limits.turns);
    this.byKey.delete(key);
    this.byKey.set(key, { turns, at: this.clock() });
    while (this.byKey.size > this.limits.conversations) this.byKey.delete(this.byKey.keys().next().value as string);
  }

  /** A bot message belongs to a conversation: a reply to it continues that conversation. */
  linkMessage(messageId: string, key: string): void {
    this.byMessage.delete(messageId);
    this.byMessage.set(messageId, key);
    while (this.byMessage.size > this.limits.messages)
      this.byMessage.delete(this.byMessage.keys().next().value as string);
  }

  /** The conversation a bot message belongs to, if it is remembered and not expired. */
  ofMessage(messageId: string): string | undefined {
    const key = this.byMessage.get(messageId);
    return key && this.has(key) ? key : undefined;
  }

  forget(key: string): void {
    this.byKey.delete(key);
  }

  get size(): number {
    return this.byKey.size;
  }
}
