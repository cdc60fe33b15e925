// SHARDS=auto end to end: the shipped entry point (dist/src/main.js) starts discord.js's
// ShardingManager, which starts two shard processes (Discord recommends 2), each with its own model,
// reading the same index. Over the fake Discord (which splits servers by (guild_id >> 22) % 2): each
// shard answers /ask in its own server; /stats says the same from both; a re-index running elsewhere
// is seen running by both and refused; a re-index from one shard is seen by the other; SIGTERM stops
// them all; the token never appears in the output.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acquireLock } from '../../src/index/lock.js';
import { runReindex } from '../../src/index/pipeline.js';
import { recordReindex } from '../../src/index/status.js';
import { SqliteStore } from '../../src/store/sqlite/store.js';
import { article, sampleArticles } from '../support/articles.js';
import { HNSW, ROOT, tempDir, testConfig } from '../support/env.js';
import { FakeDiscord, MEMBER_PERMS, PERMS, shardOf } from '../support/fake-discord.js';
import { visibleText } from '../support/harness.js';
import { realEmbedder } from '../support/model.js';

const ADMIN = { permissions: MEMBER_PERMS | PERMS.ManageGuild };
const NEW_TITLE = 'Zanzibar port official recruited by foreign spies';

let fake: FakeDiscord;
let root: string;
let archive: string;
let guildA: string;
let guildB: string;
let bot: ChildProcess;
let output = '';
let exitCode: Promise<number | null>;

const jsonl = (arts: ReturnType<typeof sampleArticles>) =>
  `${arts.map((a) => JSON.stringify({ title: a.title, body: a.body, date: a.date, url: a.url, author: a.author })).join('\n')}\n`;

beforeAll(async () => {
  fake = await FakeDiscord.start();
  fake.recommendedShards = 2;
  guildA = fake.addGuild([0, 2]);
  guildB = fake.addGuild([1, 2]);
  root = tempDir('dossier-shards-');
  archive = path.join(root, 'archive.jsonl');
  fs.writeFileSync(archive, jsonl(sampleArticles()));
  const indexDir = path.join(root, 'index');
  const embedder = await realEmbedder();
  try {
    await runReindex({ indexDir, embedder, sources: [archive], hnsw: HNSW, by: 'dossier index' });
  } finally {
    await embedder.dispose();
  }
  bot = spawn(process.execPath, [path.join(ROOT, 'dist/src/main.js')], {
    cwd: root, // no .env from the repository
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? root,
      DISCORD_TOKEN: fake.token,
      DISCORD_API_URL: fake.apiBase,
      SHARDS: 'auto',
      INDEX_DIR: indexDir,
      MODELS_DIR: testConfig(indexDir).modelsDir,
      ARCHIVE_SOURCES: archive,
      ADMIN_ROLE_IDS: '',
      COOLDOWN: 'off',
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  bot.stdout!.on('data', (d) => (output += d));
  bot.stderr!.on('data', (d) => (output += d));
  exitCode = new Promise((r) => bot.once('exit', (code) => r(code)));
  await fake.waitFor(() => fake.connectedShards.join(',') === '0,1' || undefined, 240_000, 'both shards to log in');
}, 300_000);

afterAll(async () => {
  if (bot && bot.exitCode === null) {
    bot.kill('SIGKILL');
    await exitCode;
  }
  await fake?.stop();
  if (root) fs.rmSync(root, { recursive: true, force: true });
});

describe('SHARDS=auto: two shard processes on one index', () => {
  it('each shard identified with its own shard id of the count Discord recommended', () => {
    expect(fake.identified.map((s) => s.join('/')).sort()).toEqual(['0/2', '1/2']);
    expect([shardOf(guildA, 2), shardOf(guildB, 2)]).toEqual([0, 1]);
  });

  it('each shard answers /ask in its own server, from the same index', async () => {
    for (const guildId of [guildA, guildB]) {
      const i = fake.slash('ask', { question: 'Who raided the North Korean embassy in Madrid?' }, { guildId });
      expect(visibleText(await i.response(60_000))).toMatch(/Madrid/);
      // the shard that answered mentions no one
      expect(i.calls().find((c) => c.method === 'PATCH')?.body.allowed_mentions.parse).toEqual([]);
    }
    expect(fake.invalidBodies).toEqual([]);
  });

  it('/stats says the same from both shards; a re-index running elsewhere is seen by both and refused', async () => {
    const stats = async (guildId: string) => (await fake.slash('stats', {}, { guildId }).response(30_000)).embeds[0];
    const [a, b] = [await stats(guildA), await stats(guildB)];
    expect(a.fields).toEqual(b.fields);
    expect(a.fields.find((f: { name: string }) => f.name === 'Articles').value).toBe(String(sampleArticles().length));
    expect(a.fields.find((f: { name: string }) => f.name === 'Last re-index run').value).toContain('dossier index');

    // another process (a `dossier index` in a terminal) holds the re-index lock
    const indexDir = path.join(root, 'index');
    const release = acquireLock(indexDir);
    try {
      await recordReindex(new SqliteStore(indexDir), false, 'dossier index');
      for (const guildId of [guildA, guildB]) {
        const s = await stats(guildId);
        expect(s.footer.text).toMatch(/^A re-index is running \(dossier index, since \d\d:\d\d UTC\)/);
      }
      const refused = await fake.slash('reindex', {}, { guildId: guildB, ...ADMIN }).response(30_000);
      expect(visibleText(refused)).toMatch(/A re-index is already running/);
    } finally {
      release();
    }
  });

  it('a re-index from shard 0 is seen by shard 1: its /stats and its answers use the new generation', async () => {
    fs.writeFileSync(
      archive,
      jsonl([
        ...sampleArticles(),
        article(
          NEW_TITLE,
          'A harbour official in Zanzibar was recruited by a foreign intelligence service, prosecutors said.',
          {
            date: '2019-05-02',
            url: 'https://intelnews.org/2019/05/02/01-2600/',
          },
        ),
      ]),
    );
    const run = fake.slash('reindex', {}, { guildId: guildA, ...ADMIN });
    const done = await run.waitFor(
      (calls) => calls.find((c) => c.method === 'PATCH' && /Re-index done/.test(JSON.stringify(c.body ?? ''))),
      120_000,
      'the re-index summary',
    );
    expect(JSON.stringify(done.body)).toContain('1 added');

    const s = (await fake.slash('stats', {}, { guildId: guildB }).response(30_000)).embeds[0];
    expect(s.fields.find((f: { name: string }) => f.name === 'Articles').value).toBe(
      String(sampleArticles().length + 1),
    );
    expect(s.fields.find((f: { name: string }) => f.name === 'Last re-index run').value).toContain('shard 0');
    const r = await fake
      .slash('ask', { question: 'Who recruited the port official in Zanzibar?' }, { guildId: guildB })
      .response(60_000);
    expect(visibleText(r)).toContain('Zanzibar');
  });

  it('SIGTERM stops every shard and the manager exits 0; the token is never in the output', async () => {
    bot.kill('SIGTERM');
    expect(await exitCode).toBe(0);
    expect(fake.connectedShards).toEqual([]);
    expect(output).toMatch(/"shard":"1"/); // the shards' own log lines, labelled
    expect(output).not.toContain(fake.token);
  }, 60_000);
});
