// End to end: an unmodified discord.js Client (the real bot) logs in to the fake Discord over
// loopback and answers from the real engine (real model, real index of the sample archive).
import fs from 'node:fs/promises';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE_ARCHIVE, loadConfig, type Config } from '../../src/config.js';
import { createService } from '../../src/service.js';
import type { DossierService } from '../../src/service-types.js';
import { startBot, type RunningBot } from '../../src/bot/start.js';
import { createLogger } from '../../src/bot/log.js';
import { deployCommands } from '../../src/bot/deploy.js';
import { commands } from '../../commands/index.js';
import {
  FakeDiscord,
  MEMBER_PERMS,
  PERMS,
  type FakeUser,
  type Interaction,
  type RecordedCall,
} from '../support/fake-discord.js';
import { visibleText } from '../support/harness.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const MADRID_URL = 'https://intelnews.org/2019/03/18/01-2514/';
const MADRID_Q = 'Which group was most likely behind the raid on the embassy in Madrid?';

let tmp: string;
let fake: FakeDiscord;
let config: Config;
let real: DossierService;
let bot: RunningBot;
const logLines: string[] = [];
/** switches for the few tests that need the engine to be slow or to fail */
const faults: { askError?: Error; askDelayMs?: number } = {};

let users = 0;
const newUser = (): FakeUser => ({
  id: String(200000000000000000n + BigInt(++users)),
  username: `reader${users}`,
  global_name: `Reader ${users}`,
});

const edits = (calls: RecordedCall[]) => calls.filter((c) => c.method === 'PATCH' && c.status === 200);
const embedText = (msg: any) => JSON.stringify(msg?.embeds ?? []);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function answered(i: Interaction): Promise<any> {
  const msg = await i.response(30_000);
  expect(msg).toBeDefined();
  return msg;
}

beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'dossier-bot-e2e-'));
  const archive = path.join(tmp, 'archive');
  await fs.mkdir(archive);
  // the bundled sample archive when it is there, else the same seven seed posts from our fixture
  const sample = path.join(SAMPLE_ARCHIVE, 'intelnews-sample.jsonl');
  await fs.copyFile(
    existsSync(sample) ? sample : path.join(import.meta.dirname, 'fixtures/seed-sample.jsonl'),
    path.join(archive, 'sample.jsonl'),
  );
  await fs.copyFile(path.join(import.meta.dirname, 'fixtures/everyone.jsonl'), path.join(archive, 'everyone.jsonl'));

  fake = await FakeDiscord.start();
  config = loadConfig(
    {
      DISCORD_TOKEN: fake.token,
      DISCORD_API_URL: fake.apiBase,
      INDEX_DIR: path.join(tmp, 'index'),
      ARCHIVE_SOURCES: archive,
      COOLDOWN: '4/60s',
      ADMIN_ROLE_IDS: fake.adminRoleId,
      LOG_LEVEL: 'info',
    },
    ROOT,
  );
  real = await createService(config);
  const first = await real.reindex({});
  expect(first.published).toBe(true);
  // the real service, with faults injected into ask (every other call goes to the real one)
  const ask: DossierService['ask'] = async (q) => {
    if (faults.askDelayMs) await sleep(faults.askDelayMs);
    if (faults.askError) throw faults.askError;
    return real.ask(q);
  };
  const service = new Proxy(real, {
    get: (target, key) => {
      if (key === 'ask') return ask;
      const v = Reflect.get(target, key, target);
      return typeof v === 'function' ? v.bind(target) : v;
    },
  });
  await deployCommands({ token: fake.token, apiUrl: fake.apiBase, guildId: fake.guildId, commands });
  const sink = new Writable({
    write: (c, _e, cb) => {
      logLines.push(String(c));
      cb();
    },
  });
  bot = await startBot(config, service, commands, { logger: createLogger('info', [fake.token], sink) });
}, 180_000);

afterAll(async () => {
  await bot?.stop();
  await real?.close();
  await fake?.stop();
  if (tmp) await fs.rm(tmp, { recursive: true, force: true });
});

describe('the bot against a fake Discord', () => {
  it('logs in with only the intents it needs, and registers its commands', () => {
    expect(fake.identifies).toBe(1);
    // Guilds | GuildMessages | DirectMessages, no privileged MessageContent
    expect(fake.intents).toBe((1 << 0) | (1 << 9) | (1 << 12));
    const put = fake.calls.find(
      (c) => c.method === 'PUT' && c.path === `/applications/${fake.appId}/guilds/${fake.guildId}/commands`,
    );
    expect(put?.body.map((c: { name: string }) => c.name).sort()).toEqual([
      'Ask the archive',
      'article',
      'ask',
      'help',
      'reindex',
      'search',
      'stats',
      'timeline',
    ]);
    const reindex = put?.body.find((c: { name: string }) => c.name === 'reindex');
    expect(reindex.default_member_permissions).toBe(PERMS.ManageGuild.toString());
    expect(reindex.contexts).toEqual([0]); // servers only
  });

  let answerMsg: any;
  it('/ask defers at once, then answers citing the right article, linked to the cited sentence', async () => {
    const i = fake.slash('ask', { question: MADRID_Q }, { user: newUser() });
    answerMsg = await answered(i);
    const [callback, edit] = i.calls();
    expect(callback.body.type).toBe(5); // deferred: Discord drops interactions not acknowledged in 3 s
    expect(callback.at - i.state.createdAt).toBeLessThan(3000);
    expect(edit.method).toBe('PATCH');
    expect(edit.rawPath).toContain('/messages/%40original');
    expect(edit.body.allowed_mentions).toEqual({ parse: [], replied_user: false });
    const embed = answerMsg.embeds[0];
    expect(embed.title).toBe(MADRID_Q);
    expect(embed.description).toMatch(/Cheollima|dissident/i);
    // the citation opens the article at the sentence: a text fragment of its opening words
    const cite = /\[\[1\]\]\((\S+)\)/.exec(embed.description)?.[1];
    expect(cite?.startsWith(`${MADRID_URL}#:~:text=`)).toBe(true);
    const words = decodeURIComponent(cite!.split('#:~:text=')[1]);
    expect(words.split(' ').length).toBeGreaterThanOrEqual(3);
    expect(embed.description.replace(/\s+/g, ' ')).toContain(words);
    expect(embed.fields.map((f: any) => f.name)).toEqual(['Sources']);
    expect(embed.fields[0].value).toContain(`Madrid?](${MADRID_URL})`);
  });

  it('an answer fits a phone screen: ≤ 1,200 characters, each sentence once, one source per article', async () => {
    for (const question of [MADRID_Q, 'What has the CIA done about North Korea?', 'Who is Benoit Quennedey?']) {
      const msg = await answered(fake.slash('ask', { question }, { user: newUser() }));
      const text = visibleText(msg);
      expect(text.length, question).toBeLessThanOrEqual(1200);
      const embed = msg.embeds[0];
      // no sentence of the answer appears twice anywhere in the message
      const sentences = embed.description
        .replace(/\[\[\d+\]\]\(\S+\)/g, '')
        .split(/(?<=[.!?])\s+/)
        .map((x: string) => x.trim())
        .filter((x: string) => x.length > 20);
      expect(sentences.length).toBeGreaterThan(0);
      for (const sentence of sentences) expect(text.split(sentence).length - 1, sentence).toBe(1);
      // one line per source article: no title (or link) twice
      const lines: string[] = embed.fields[0].value.split('\n');
      const titles = lines.map((l) => /^\*\*\[\d\]\*\* (.+) · \*/.exec(l)?.[1]);
      expect(titles.every(Boolean)).toBe(true);
      expect(new Set(titles).size, question).toBe(lines.length);
      // citations number the listed sources, and every listed source is cited
      // (a source without a permalink is cited [n] without a link)
      const cited = new Set([...embed.description.matchAll(/\[\[?(\d+)\]\]?/g)].map((m) => Number(m[1])));
      expect([...cited].sort(), embed.description).toEqual(lines.map((_, k) => k + 1));
      // the passages stay behind one "Passage n" button per source
      const passages = msg.components.flatMap((r: any) => r.components).filter((c: any) => /^Passage/.test(c.label));
      expect(passages.map((c: any) => c.label)).toEqual(lines.map((_, k) => `Passage ${k + 1}`));
    }
  });

  it('"Passage n" shows the article\'s passages to the clicker only, the answering sentence in bold', async () => {
    const ids: string[] = answerMsg.components.flatMap((r: any) => r.components.map((c: any) => c.custom_id));
    const show = fake.click(answerMsg, ids.find((id) => id.endsWith(':x:1'))!, { user: newUser() });
    const passage = await answered(show);
    expect(show.callback()?.body.type).toBe(4);
    expect(show.callback()?.body.data.flags).toBe(64); // ephemeral
    expect(passage.embeds[0].title).toMatch(/^\[1\] .*Madrid/);
    expect(passage.embeds[0].url.startsWith(`${MADRID_URL}#:~:text=`)).toBe(true);
    expect(passage.embeds[0].description).toMatch(/\*\*[^*]+\*\*/);
  });

  it('the filters an answer used are said in one line; a filter no article passes says so', async () => {
    const filtered = await answered(
      fake.slash('ask', { question: MADRID_Q, from: '2019-03', to: '2019' }, { user: newUser() }),
    );
    expect(filtered.embeds[0].footer.text).toBe('Articles from 1 Mar – 31 Dec 2019 (your from/to)');
    expect(embedText(filtered)).toContain(MADRID_URL);
    const plain = await answered(fake.slash('ask', { question: MADRID_Q }, { user: newUser() }));
    expect(plain.embeds[0].footer).toBeUndefined();

    const nobody = await answered(fake.slash('ask', { question: MADRID_Q, author: 'Nobody' }, { user: newUser() }));
    expect(nobody.embeds[0].description).toBe(
      'No articles by "Nobody" in the archive: check the spelling, or widen the dates.',
    );
    expect(nobody.components).toEqual([]);
    const search = await answered(fake.slash('search', { query: 'embassy', author: 'Nobody' }, { user: newUser() }));
    expect(search.embeds[0].description).toMatch(/^No articles by "Nobody" in the archive/);
  });

  it('records one vote per user per answer; a second click changes it; votes survive a re-index later', async () => {
    const voter = newUser();
    const buttons = answerMsg.components.flatMap((r: any) => r.components);
    const up = buttons.find((c: any) => c.label === 'Helpful').custom_id;
    const down = buttons.find((c: any) => c.label === 'Not helpful').custom_id;
    const v1 = fake.click(answerMsg, up, { user: voter });
    expect((await answered(v1)).content).toContain('👍');
    const v2 = fake.click(answerMsg, down, { user: voter });
    expect((await answered(v2)).content).toContain('👎');
    const rows = real.worstFeedback(10);
    expect(rows).toEqual([expect.objectContaining({ question: MADRID_Q, up: 0, down: 1 })]);
    expect(rows[0].citedArticleIds.length).toBeGreaterThan(0);
  });

  it('an old button after the state is gone says the answer expired', async () => {
    const stale = fake.click(answerMsg, 'd:a:ZZZZZZZZZZ:p:1', { user: newUser() });
    const r = await answered(stale);
    expect(r.content).toContain('expired');
    expect(stale.callback()?.body.data.flags).toBe(64);
  });

  it('/article autocompletes titles (≤ 25 choices, ≤ 100 characters) and shows the article', async () => {
    const ac = fake.autocomplete('article', { title: 'north korea' }, 'title', { user: newUser() });
    const data = await ac.response();
    expect(ac.callback()?.body.type).toBe(8);
    expect(data.choices.length).toBeGreaterThan(1);
    expect(data.choices.length).toBeLessThanOrEqual(25);
    for (const c of data.choices) {
      expect(c.name.length).toBeLessThanOrEqual(100);
      expect(c.value.length).toBeLessThanOrEqual(100);
    }
    const madrid = data.choices.find((c: any) => /Madrid/.test(c.name));
    expect(madrid).toBeDefined();
    const shown = await answered(fake.slash('article', { title: madrid.value }, { user: newUser() }));
    expect(shown.embeds[0].url).toBe(MADRID_URL);
    expect(shown.embeds[0].description).toMatch(/dissident group/);
  });

  it('answers a mention in a channel with a reply, and a bare mention with help; ignores bots', async () => {
    const msg = fake.userMessage(MADRID_Q, { author: newUser() });
    const reply = await fake.waitFor(() =>
      fake.calls.find(
        (c) =>
          c.method === 'POST' &&
          c.path === `/channels/${fake.channelId}/messages` &&
          c.body?.message_reference?.message_id === msg.id,
      ),
    );
    expect(reply.status).toBe(200);
    expect(reply.body.allowed_mentions).toEqual({ parse: [], replied_user: false });
    expect(embedText(reply.body)).toContain(MADRID_URL);

    // "@Dossier" picked as the bot's managed role works the same
    const viaRole = fake.userMessage(MADRID_Q, { author: newUser(), mentionBotRole: true });
    const roleReply = await fake.waitFor(() =>
      fake.calls.find((c) => c.body?.message_reference?.message_id === viaRole.id),
    );
    expect(embedText(roleReply.body)).toContain(MADRID_URL);

    const bare = fake.userMessage('', { author: newUser() });
    const help = await fake.waitFor(() =>
      fake.calls.find((c) => c.path.endsWith('/messages') && c.body?.message_reference?.message_id === bare.id),
    );
    expect(help.body.content).toMatch(/mention me with a question/i);

    const fromBot = fake.userMessage(MADRID_Q, {
      author: { id: '399999999999999999', username: 'otherbot', bot: true },
    });
    const plain = fake.userMessage('just chatting, no mention', { author: newUser(), mentionBot: false });
    await sleep(500);
    expect(fake.calls.some((c) => [fromBot.id, plain.id].includes(c.body?.message_reference?.message_id))).toBe(false);
  });

  it('answers a mention in a DM', async () => {
    const u = newUser();
    const msg = fake.userMessage('Who was behind the raid on the North Korean embassy in Madrid?', {
      author: u,
      dm: true,
    });
    const reply = await fake.waitFor(() =>
      fake.calls.find((c) => c.method === 'POST' && c.path === `/channels/${msg.channel_id}/messages`),
    );
    expect(msg.channel_id).not.toBe(fake.channelId);
    expect(reply.body.message_reference.message_id).toBe(msg.id);
    expect(embedText(reply.body)).toContain(MADRID_URL);
  });

  it('an article containing @everyone and a role mention produces messages that can ping no one', async () => {
    const q = 'What did the leaked memo tell the Vienna station chief to do when the mole was identified?';
    const i = fake.slash('ask', { question: q }, { user: newUser() });
    const msg = await answered(i);
    const edit = edits(i.calls())[0];
    expect(edit.body.allowed_mentions).toEqual({ parse: [], replied_user: false });
    const text = embedText(msg);
    expect(text).toContain('mole');
    expect(text).toMatch(/@\u200Beveryone/);
    expect(text).not.toMatch(/@everyone/);
    expect(text).not.toContain('<@&123456789012345678>');

    const m = fake.userMessage(q, { author: newUser() });
    const reply = await fake.waitFor(() => fake.calls.find((c) => c.body?.message_reference?.message_id === m.id));
    expect(reply.body.allowed_mentions).toEqual({ parse: [], replied_user: false });
  });

  it('a question the archive does not cover says so, offers related articles and can be rated', async () => {
    const i = fake.slash(
      'ask',
      { question: 'What is the best recipe for sourdough bread with rye flour?' },
      { user: newUser() },
    );
    const msg = await answered(i);
    expect(msg.embeds[0].description).toContain("The archive doesn't seem to cover this.");
    expect(msg.embeds[0].fields.length === 0 || msg.embeds[0].fields[0].name === 'Possibly related').toBe(true);
    const labels = msg.components.flatMap((r: any) => r.components.map((c: any) => c.label));
    expect(labels).toEqual(['Helpful', 'Not helpful']);
  });

  it('/search that matches nothing says so instead of listing unrelated articles', async () => {
    const msg = await answered(
      fake.slash('search', { query: 'best recipe for sourdough bread with rye flour' }, { user: newUser() }),
    );
    expect(msg.embeds[0].description).toMatch(/^Nothing in the archive matches this closely/);
    expect(msg.embeds[0].fields.every((f: any) => f.name === 'Closest articles')).toBe(true);
    expect(msg.components).toEqual([]);
  });

  it('/search lists matching articles, paginated', async () => {
    const i = fake.slash('search', { query: 'North Korea' }, { user: newUser() });
    const msg = structuredClone(await answered(i));
    expect(msg.embeds[0].title).toBe('Search: North Korea');
    expect(msg.embeds[0].description).toMatch(/\*\*1\.\*\*/);
    // every seed post is about North Korea: more than five articles, so two pages, one entry per article
    expect(msg.embeds[0].description).not.toMatch(/\*\*6\.\*\*/);
    const next = msg.components[0].components.find((c: any) => c.label === 'Next');
    const page = await answered(fake.click(msg, next.custom_id, { user: newUser() }));
    expect(page.embeds[0].description).toMatch(/\*\*6\.\*\*/);
    expect(page.embeds[0].footer.text).toMatch(/page 2 of 2/);
    const titles = [
      ...(msg.embeds[0].description + page.embeds[0].description).matchAll(/\*\*\d+\.\*\* \[?([^\]\n]+)/g),
    ].map((m) => m[1]);
    expect(new Set(titles).size).toBe(titles.length);
  });

  it('/timeline lists the articles about a topic in date order, each line citing its article', async () => {
    const msg = await answered(fake.slash('timeline', { topic: 'North Korea' }, { user: newUser() }));
    const lines: string[] = msg.embeds[0].description.split('\n');
    expect(lines.length).toBeGreaterThan(2);
    const dates = lines.map((l) => Date.parse(/^\*\*([^*]+)\*\*/.exec(l)![1]));
    expect([...dates].sort((a, b) => a - b)).toEqual(dates);
    const madrid = lines.find((l) => l.includes(MADRID_URL));
    expect(madrid).toMatch(
      /^\*\*18 Mar 2019\*\* — .+ · \[[^\]]+\]\(https:\/\/intelnews\.org\/2019\/03\/18\/01-2514\/#:~:text=/,
    );
    const miss = await answered(
      fake.slash('timeline', { topic: 'sourdough bread recipes with rye' }, { user: newUser() }),
    );
    expect(miss.embeds[0].description).toMatch(/^The archive doesn't seem to cover this topic/);
  });

  it('/stats and /help answer', async () => {
    const stats = await answered(fake.slash('stats', {}, { user: newUser() }));
    expect(stats.embeds[0].fields.find((f: any) => f.name === 'Articles').value).toBe(
      String((await real.stats())!.articles),
    );
    expect((await real.stats())!.articles).toBeGreaterThanOrEqual(8);
    const help = fake.slash('help', {}, { user: newUser() });
    expect((await answered(help)).embeds[0].description).toContain('/ask');
    expect(help.callback()?.body.data.flags).toBe(64);
  });

  it('"Ask the archive" on a message asks with its text; a message without text is told so', async () => {
    const target = fake.userMessage(MADRID_Q, { author: newUser(), mentionBot: false });
    const msg = await answered(fake.messageCommand('Ask the archive', target, { user: newUser() }));
    expect(embedText(msg)).toContain(MADRID_URL);
    const empty = fake.messageCommand(
      'Ask the archive',
      fake.userMessage('', { author: newUser(), mentionBot: false }),
      { user: newUser() },
    );
    expect((await answered(empty)).content).toMatch(/no text/);
    expect(empty.callback()?.body.data.flags).toBe(64);
  });

  it('/ask filters by author and dates; a bad date is explained to the asker only', async () => {
    const bad = fake.slash('ask', { question: MADRID_Q, from: 'March' }, { user: newUser() });
    expect((await answered(bad)).content).toMatch(/not a date: use a year/);
    expect(bad.callback()?.body).toMatchObject({ type: 4, data: { flags: 64 } });
    // the Madrid analysis is from March 2019: a 2018-only question cannot cite it
    const y2018 = await answered(fake.slash('ask', { question: MADRID_Q, to: '2018' }, { user: newUser() }));
    expect(embedText(y2018)).not.toContain(MADRID_URL);
    const y2019 = await answered(
      fake.slash('ask', { question: MADRID_Q, from: '2019-03', to: '2019' }, { user: newUser() }),
    );
    expect(embedText(y2019)).toContain(MADRID_URL);
  });

  it('/ask private: the whole reply is ephemeral', async () => {
    const i = fake.slash('ask', { question: MADRID_Q, private: true }, { user: newUser() });
    expect(embedText(await answered(i))).toContain(MADRID_URL);
    expect(i.callback()?.body).toMatchObject({ type: 5, data: { flags: 64 } });
    expect(i.message().flags & 64).toBe(64);
  });

  it('per-user cooldown: the fifth question in a minute is refused ephemerally with when to retry', async () => {
    const u = newUser();
    for (let n = 0; n < 4; n++) await answered(fake.slash('search', { query: `embassy ${n}` }, { user: u }));
    const refused = fake.slash('ask', { question: MADRID_Q }, { user: u });
    const r = await answered(refused);
    expect(refused.callback()?.body.data.flags).toBe(64);
    expect(r.content).toMatch(/Try again <t:\d+:R>/);
    // someone else is not affected
    expect(embedText(await answered(fake.slash('ask', { question: MADRID_Q }, { user: newUser() })))).toContain(
      MADRID_URL,
    );
  });

  it('/reindex is refused at run time to a non-admin, even if the server let the command through', async () => {
    const before = fake.calls.length;
    const i = fake.slash('reindex', { full: true }, { user: newUser(), permissions: MEMBER_PERMS });
    const r = await answered(i);
    expect(r.content).toMatch(/Only admins/);
    expect(i.callback()?.body.data.flags).toBe(64);
    expect(await real.reindexRunning()).toBe(false);
    expect(fake.calls.slice(before).filter((c) => c.method === 'PATCH')).toHaveLength(0);
  });

  it('/reindex by an admin: progress edits at most every 2 s, then a summary, while questions are still answered', async () => {
    const admin = newUser();
    const run = fake.slash('reindex', { full: true }, { user: admin, roles: [fake.adminRoleId] });
    await run.waitFor((calls) => edits(calls).length >= 1, 20_000, 'the first progress edit');
    expect(await real.reindexRunning()).toBe(true);

    // a second one while it runs says so
    const second = await answered(
      fake.slash('reindex', {}, { user: newUser(), permissions: MEMBER_PERMS | PERMS.ManageGuild }),
    );
    expect(second.content).toMatch(/already running/);

    const ask = fake.slash('ask', { question: MADRID_Q }, { user: newUser() });
    const answer = await answered(ask);
    const askedAt = edits(ask.calls())[0].at;
    expect(embedText(answer)).toContain(MADRID_URL);

    const summary = await run.waitFor(
      (calls) => edits(calls).find((c) => /Re-index (done|finished)/.test(JSON.stringify(c.body))),
      60_000,
      'the summary',
    );
    const all = edits(run.calls());
    expect(all.at(-1)).toBe(summary);
    const progress = all.slice(0, -1);
    expect(progress.length).toBeGreaterThanOrEqual(1);
    expect(JSON.stringify(progress[0].body)).toMatch(/re-index running/i);
    // edits start ≥ 2 s apart; arrival times can jitter by a request's latency, hence the margin
    for (let k = 1; k < progress.length; k++) expect(progress[k].at - progress[k - 1].at).toBeGreaterThanOrEqual(1500);
    expect(JSON.stringify(summary.body)).toMatch(/Passages embedded/);
    // the question was answered while the re-index ran, not after it
    expect(askedAt).toBeLessThan(summary.at);
    expect(await real.reindexRunning()).toBe(false);
    // votes live outside the index generations
    expect(real.worstFeedback(10)).toEqual([expect.objectContaining({ question: MADRID_Q, down: 1 })]);
  });

  it('a 429, a 500 and gateway reconnects in the middle of a session leave every question answered', async () => {
    fake.failNext(1, 429, { retryAfter: 1, match: /^PATCH \/webhooks\// });
    const a = fake.slash('ask', { question: MADRID_Q }, { user: newUser() });
    expect(embedText(await answered(a))).toContain(MADRID_URL);
    expect(a.calls().map((c) => c.status)).toEqual([204, 429, 200]);

    fake.failNext(1, 500, { match: /\/callback$/ });
    const b = fake.slash('ask', { question: MADRID_Q }, { user: newUser() });
    expect(embedText(await answered(b))).toContain(MADRID_URL);
    expect(b.calls()[0].status).toBe(500);

    // op 7: the client reconnects and resumes; an interaction sent meanwhile is replayed
    const resumes = fake.resumes;
    fake.requestReconnect();
    await fake.waitFor(() => !fake.connected, 5000, 'the client to close the socket');
    const c = fake.slash('ask', { question: MADRID_Q }, { user: newUser() });
    expect(embedText(await answered(c))).toContain(MADRID_URL);
    expect(fake.resumes).toBe(resumes + 1);
    expect(fake.identifies).toBe(1);

    // a refused resume (op 9) makes the client identify afresh
    const identifies = fake.identifies;
    fake.refuseNextResume();
    fake.dropConnection();
    await fake.waitFor(() => fake.identifies === identifies + 1 && fake.connected, 15_000, 'a fresh IDENTIFY');
    const d = fake.slash('ask', { question: MADRID_Q }, { user: newUser() });
    expect(embedText(await answered(d))).toContain(MADRID_URL);
  });

  it('a late acknowledgement gets Unknown interaction like Discord; the bot logs it and keeps serving', async () => {
    fake.ackWindowMs = 0;
    const late = fake.slash('help', {}, { user: newUser() });
    await late.waitFor((calls) => calls.find((c) => c.path.endsWith('/callback')), 10_000, 'the attempted reply');
    fake.ackWindowMs = 3000;
    expect(late.calls()[0].status).toBe(404);
    await sleep(200);
    expect(embedText(await answered(fake.slash('ask', { question: MADRID_Q }, { user: newUser() })))).toContain(
      MADRID_URL,
    );
  });

  it('a failure shows a reference id; the log has the details under the same id and never the token', async () => {
    faults.askError = new Error(`engine exploded (token ${fake.token})`);
    try {
      const i = fake.slash('ask', { question: MADRID_Q }, { user: newUser() });
      const r = await answered(i);
      const ref = /ref `([a-z0-9]+)`/.exec(r.content)?.[1];
      expect(ref).toBeDefined();
      expect(r.content).not.toContain('exploded');
      const line = logLines.find((l) => l.includes(`"ref":"${ref}"`));
      expect(line).toContain('engine exploded');
      expect(logLines.join('')).not.toContain(fake.token);
      for (const c of fake.calls) expect(JSON.stringify(c.body ?? '')).not.toContain(fake.token);
    } finally {
      faults.askError = undefined;
    }
  });

  it('stopping finishes the interaction in flight, then disconnects', async () => {
    faults.askDelayMs = 800;
    const i = fake.slash('ask', { question: MADRID_Q }, { user: newUser() });
    await i.waitFor((calls) => calls.find((c) => c.path.endsWith('/callback')), 10_000, 'the deferral');
    expect(bot.inFlight()).toBeGreaterThan(0);
    const stopping = bot.stop();
    // new work is turned away while the one in flight finishes
    const late = fake.slash('help', {}, { user: newUser() });
    expect((await answered(late)).content).toMatch(/restarting/);
    expect(late.callback()?.body.data.flags).toBe(64);
    await stopping;
    expect(embedText(i.message())).toContain(MADRID_URL);
    expect(fake.connected).toBe(false);
    faults.askDelayMs = 0;
  });

  it("every message the bot sent met Discord's limits (the fake refuses those that do not, like Discord)", () => {
    expect(fake.calls.filter((c) => ['POST', 'PATCH'].includes(c.method)).length).toBeGreaterThan(40);
    expect(fake.invalidBodies).toEqual([]);
  });
});
