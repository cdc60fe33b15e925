// Follow-up context on Discord, the pure parts: the store's bounds (5 turns, 1 hour, 1,000
// conversations, least recently used dropped), which conversation a message continues, the follow-up
// button, the "about:" footer, and the opt-in Message Content intent.
import { GatewayIntentBits, IntentsBitField } from 'discord.js';
import { describe, expect, it } from 'vitest';
import type { Turn } from '../../src/answer/carry-over.js';
import { createClient } from '../../src/bot/client.js';
import { answerComponents, decodeButton, encodeButton } from '../../src/bot/components.js';
import { Conversations, CONVERSATION_LIMITS } from '../../src/bot/conversations.js';
import { conversationOf, threadName } from '../../src/bot/follow-up.js';
import { renderAnswer } from '../../src/bot/render-answer.js';

const turn = (text: string): Turn => ({ text, subject: text, sources: [] });

describe('Conversations', () => {
  it('keeps the last 5 turns of a conversation', () => {
    const c = new Conversations();
    for (let i = 1; i <= 7; i++) c.add('t:1', turn(`q${i}`));
    expect(c.turns('t:1').map((t) => t.text)).toEqual(['q3', 'q4', 'q5', 'q6', 'q7']);
    expect(c.last('t:1')?.text).toBe('q7');
  });

  it('forgets a conversation an hour after its last turn, not before', () => {
    let now = 0;
    const c = new Conversations(CONVERSATION_LIMITS, () => now);
    c.add('t:1', turn('q'));
    now = CONVERSATION_LIMITS.ttlMs;
    expect(c.has('t:1')).toBe(true);
    now += 1;
    expect(c.last('t:1')).toBeUndefined();
    expect(c.size).toBe(0);
  });

  it('holds at most 1,000 conversations: the least recently used goes first', () => {
    const c = new Conversations();
    for (let i = 0; i < 1000; i++) c.add(`t:${i}`, turn('q'));
    c.add('t:0', turn('again')); // used again: now the most recent
    c.add('t:new', turn('q'));
    expect(c.size).toBe(1000);
    expect(c.has('t:0')).toBe(true);
    expect(c.has('t:1')).toBe(false);
  });

  it('a reply to any bot message of a conversation finds it; an expired one is not found', () => {
    let now = 0;
    const c = new Conversations(CONVERSATION_LIMITS, () => now);
    c.add('m:1', turn('q'));
    c.linkMessage('1', 'm:1');
    c.linkMessage('2', 'm:1');
    expect(c.ofMessage('2')).toBe('m:1');
    expect(c.ofMessage('3')).toBeUndefined();
    now = CONVERSATION_LIMITS.ttlMs + 1;
    expect(c.ofMessage('1')).toBeUndefined();
  });
});

describe('conversationOf', () => {
  const store = { ofMessage: (id: string) => (id === '9' ? 'm:9' : undefined) };
  it('a thread is its own conversation, whatever the message replies to', () => {
    expect(conversationOf({ channelId: '5', inGuild: true, inThread: true, replyTo: '9' }, store)).toBe('t:5');
  });
  it('a DM is one conversation; a reply in a channel continues the answer it replies to', () => {
    expect(conversationOf({ channelId: '7', inGuild: false, inThread: false }, store)).toBe('dm:7');
    expect(conversationOf({ channelId: '1', inGuild: true, inThread: false, replyTo: '9' }, store)).toBe('m:9');
    expect(conversationOf({ channelId: '1', inGuild: true, inThread: false, replyTo: '8' }, store)).toBeUndefined();
    expect(conversationOf({ channelId: '1', inGuild: true, inThread: false }, store)).toBeUndefined();
  });
  it("a thread's name is the question, within 100 characters", () => {
    expect(threadName('Who raided   the embassy?')).toBe('Who raided the embassy?');
    expect(threadName('x'.repeat(300)).length).toBeLessThanOrEqual(100);
  });
});

describe('the follow-up button and footer', () => {
  const answer = {
    question: 'Who leads them?',
    covered: true,
    sentences: [{ text: 'Adrian Hong leads them.', citation: 1 }],
    sources: [
      {
        n: 1,
        articleId: 'a',
        title: 'T',
        author: null,
        date: '2019-03-18',
        url: null,
        passage: 'Adrian Hong leads them.',
        highlights: [{ start: 0, end: 23 }],
        score: 1,
        chunkId: 1,
      },
    ],
    related: [],
  };

  it('"Ask a follow-up" sits with the votes when asked for, and its id round-trips', () => {
    const labels = (rows: ReturnType<typeof answerComponents>) =>
      rows.flatMap((r) => r.components.map((c) => (c as { label: string }).label));
    expect(labels(answerComponents('AbCdEfGhIj', answer, { followUp: true }))).toContain('Ask a follow-up');
    expect(labels(answerComponents('AbCdEfGhIj', answer))).not.toContain('Ask a follow-up');
    const id = encodeButton({ kind: 'answer', id: 'AbCdEfGhIj', action: 'follow-up' });
    expect(decodeButton(id)).toEqual({ kind: 'answer', id: 'AbCdEfGhIj', action: 'follow-up' });
    expect(decodeButton('d:a:AbCdEfGhIj:f:2')).toBeUndefined();
  });

  it('a follow-up says what it carried over; carried dates are not called "your from/to"', () => {
    const e = renderAnswer({
      answer,
      about: 'the raid on the embassy in Madrid',
      filter: { from: '2019-02-01', to: '2019-03-31' },
      window: { from: '2019-02-01', to: '2019-03-31', source: 'options' },
    });
    expect(e.footer?.text).toBe(
      'about: the raid on the embassy in Madrid (follow-up) · Articles from 1 Feb – 31 Mar 2019 (the conversation’s dates)',
    );
  });
});

describe('the Message Content intent', () => {
  it('is off by default and added with MESSAGE_CONTENT_INTENT=true', () => {
    const has = (on: boolean) =>
      new IntentsBitField(createClient({ DISCORD_API_URL: undefined, MESSAGE_CONTENT_INTENT: on }).options.intents).has(
        GatewayIntentBits.MessageContent,
      );
    expect(has(false)).toBe(false);
    expect(has(true)).toBe(true);
  });
});
