// Follow-ups end to end: the real bot (unmodified discord.js) on the fake Discord, the real engine on a
// real index. "Ask a follow-up" opens a thread from an answer; a question there (or a reply to an
// answer) is answered about the first question's subject and says so; another thread does not leak
// its context; an expired conversation answers alone; without the Message Content intent a thread
// message that does not mention the bot is not read.
import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import { Conversations, CONVERSATION_LIMITS } from '../../src/bot/conversations.js';
import { startBot, type RunningBot } from '../../src/bot/start.js';
import type { DossierService } from '../../src/service-types.js';
import { tempDir, testConfig } from '../support/env.js';
import { FakeDiscord, type FakeUser } from '../support/fake-discord.js';
import { buildIndex, messageProblems, service } from '../support/harness.js';
import { realEmbedder, type CountingEmbedder } from '../support/model.js';

const MADRID_URL = 'https://intelnews.org/2019/03/18/01-2530/';
const MADRID_Q = 'Which group was most likely behind the raid on the embassy in Madrid?';
const SENATE_Q = 'Who was arrested for spying for Pyongyang in the French Senate?';
const FOLLOW_UP = 'What did they take?';

let fake: FakeDiscord;
let bot: RunningBot;
let svc: DossierService;
let embedder: CountingEmbedder;
const clock = { now: Date.now() };
let users = 0;
const newUser = (): FakeUser => ({ id: String(400000000000000000n + BigInt(++users)), username: `f${users}` });

/** The bot's reply to a user message (Discord: a message with message_reference to it). */
const replyTo = (m: any) =>
  fake.waitFor(
    () => fake.calls.find((c) => c.method === 'POST' && c.body?.message_reference?.message_id === m.id),
    30_000,
    `the reply to ${m.id}`,
  );
const footer = (call: any): string => call.body.embeds?.[0]?.footer?.text ?? '';
/** The bot remembers an answer once it is sent: a person replies after that, so the test waits too. */
const idle = async () => {
  while (bot.inFlight() > 0) await new Promise((r) => setTimeout(r, 20));
};

/** /ask in the channel, then "Ask a follow-up": the thread's id (= the answer message's id). */
async function askAndOpenThread(question: string) {
  const msg = structuredClone(await fake.slash('ask', { question }, { user: newUser() }).response(30_000));
  const button = msg.components.flatMap((r: any) => r.components).find((c: any) => c.label === 'Ask a follow-up');
  expect(button, 'an answer in a channel offers a follow-up').toBeDefined();
  const opened = await fake.click(msg, button.custom_id, { user: newUser() }).response(30_000);
  expect(opened.content).toBe(
    `Ask your follow-up in the thread: https://discord.com/channels/${fake.guildId}/${msg.id}`,
  );
  expect(fake.threads.get(msg.id)).toMatchObject({ type: 11, parent_id: fake.channelId, name: question });
  return { answer: msg, threadId: msg.id as string };
}

beforeAll(async () => {
  const dir = tempDir('dossier-followups-');
  embedder = await realEmbedder();
  await buildIndex(path.join(dir, 'index'), embedder);
  svc = await service(path.join(dir, 'index'), embedder, { watch: false });
  fake = await FakeDiscord.start();
  const config = testConfig(path.join(dir, 'index'), {
    DISCORD_TOKEN: fake.token,
    DISCORD_API_URL: fake.apiBase,
    COOLDOWN: 'off',
  });
  bot = await startBot(config, svc, commands, {
    logger: pino({ level: 'silent' }),
    conversations: new Conversations(CONVERSATION_LIMITS, () => clock.now),
  });
  await fake.waitForReady();
}, 180_000);

afterAll(async () => {
  await bot?.stop();
  await fake?.stop();
  await svc?.close();
  await embedder?.dispose();
});

describe('follow-ups on Discord', { timeout: 120_000 }, () => {
  let madridThread: string;

  it('a follow-up in the thread of an answer is answered about the first question, and says so', async () => {
    const { threadId } = await askAndOpenThread(MADRID_Q);
    madridThread = threadId;
    // the bot says in the thread how to ask (no privileged intent: mention it, or reply)
    const intro = fake.calls.find((c) => c.method === 'POST' && c.path === `/channels/${threadId}/messages`);
    expect(intro?.body.content).toMatch(/^Ask a follow-up about this answer: mention @Dossier/);
    const q = fake.userMessage(FOLLOW_UP, { channelId: threadId, user: newUser() });
    const reply = await replyTo(q);
    expect(reply.path).toBe(`/channels/${threadId}/messages`);
    expect(footer(reply)).toMatch(/^about: the raid on the embassy in Madrid \(follow-up\)/);
    expect(JSON.stringify(reply.body.embeds)).toContain(MADRID_URL);
    expect(reply.body.allowed_mentions).toEqual({ parse: [], replied_user: false });
    // in a thread there is no thread to open
    const labels = reply.body.components.flatMap((r: any) => r.components.map((c: any) => c.label));
    expect(labels).not.toContain('Ask a follow-up');
  });

  it('another thread keeps its own context: nothing of the first leaks', async () => {
    const { threadId } = await askAndOpenThread(SENATE_Q);
    const q = fake.userMessage(FOLLOW_UP, { channelId: threadId, user: newUser() });
    const reply = await replyTo(q);
    expect(footer(reply)).toMatch(/^about: Pyongyang in the French Senate \(follow-up\)/);
    expect(footer(reply)).not.toMatch(/Madrid/);
    expect(JSON.stringify(reply.body.embeds)).not.toContain(MADRID_URL);
  });

  it('a reply to an answer in the channel (no thread) follows up on that answer', async () => {
    const answer = await fake.slash('ask', { question: MADRID_Q }, { user: newUser() }).response(30_000);
    await idle();
    const q = fake.userMessage(FOLLOW_UP, { replyTo: answer, user: newUser() });
    expect(q.content).toBe(FOLLOW_UP); // a reply pings the bot without a mention in its text
    const reply = await replyTo(q);
    expect(footer(reply)).toMatch(/^about: the raid on the embassy in Madrid/);
    // the title is the question as asked, not the words carried with it
    expect(reply.body.embeds[0].title).toBe(FOLLOW_UP);
    // and a reply to that reply continues the same chain
    await idle();
    const botReply = fake.findMessage((m) => m.message_reference?.message_id === q.id);
    const again = fake.userMessage('Who leads them?', { replyTo: botReply, user: newUser() });
    const second = await replyTo(again);
    expect(footer(second)).toMatch(/^about: the raid on the embassy in Madrid/);
    await idle();
    // "and after that?": from the day after the newest article cited; the sample has none later
    const after = fake.userMessage('And after that?', { replyTo: botReply, user: newUser() });
    expect((await replyTo(after)).body.embeds[0].description).toMatch(
      /^No articles from 19 Mar 2019 on in the archive/,
    );
  });

  it('without the Message Content intent, a thread message that does not mention the bot is not read', async () => {
    const silent = fake.userMessage(FOLLOW_UP, { channelId: madridThread, user: newUser(), mentionBot: false });
    const loud = fake.userMessage(FOLLOW_UP, { channelId: madridThread, user: newUser() });
    await replyTo(loud);
    expect(fake.calls.some((c) => c.body?.message_reference?.message_id === silent.id)).toBe(false);
  });

  it('after an hour without a question the conversation is gone: the follow-up is answered alone', async () => {
    // the last answer is remembered once it is sent: let the handler finish before the hour passes
    await idle();
    clock.now += CONVERSATION_LIMITS.ttlMs + 60_000;
    const q = fake.userMessage(FOLLOW_UP, { channelId: madridThread, user: newUser() });
    const reply = await replyTo(q);
    expect(footer(reply)).not.toMatch(/about:/);
  });

  it('every message the bot sent met Discord limits and pinged no one', () => {
    const bodies = fake.calls.filter((c) => c.method === 'POST' && /\/messages$/.test(c.path) && c.body);
    expect(bodies.length).toBeGreaterThan(5);
    for (const c of bodies) expect(messageProblems(c.body)).toEqual([]);
    expect(fake.invalidBodies).toEqual([]);
  });
});
