// kill -9 of a re-index at 20 points spread over its stages (fetch, parse, embed, write, publish), on
// each store (the embedded one, and PostgreSQL + pgvector served by PGlite in this process):
// afterwards the served index opens and answers exactly as before (or as the complete new one, when
// the kill came after the switch), the next re-index completes and answers right, and no temp build is
// left (embedded: once the service has started again; Postgres: once the next re-index ran).
import fs from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Embedder } from '../../src/embed/types.js';
import { currentGeneration } from '../../src/index/generations.js';
import { runReindex } from '../../src/index/pipeline.js';
import { PostgresStore } from '../../src/store/postgres/store.js';
import { SqliteStore } from '../../src/store/sqlite/store.js';
import type { IndexStore } from '../../src/store/types.js';
import { startServer, type TestServer } from '../support/http-server.js';
import { HNSW, ROOT, tempDir } from '../support/env.js';
import { service } from '../support/harness.js';
import { realEmbedder } from '../support/model.js';
import { startPg, type PgServer } from '../support/pglite-server.js';

const CHILD = path.join(ROOT, 'test/stress/reindex-child.ts');
const CITIES = [
  'Madrid',
  'Oslo',
  'Lisbon',
  'Vienna',
  'Prague',
  'Dublin',
  'Athens',
  'Warsaw',
  'Riga',
  'Sofia',
  'Zagreb',
  'Tallinn',
  'Bern',
  'Minsk',
  'Kyiv',
  'Rome',
];
const TOPICS = [
  'embassy raid in Madrid',
  'GRU hackers in The Hague',
  'Mossad fake job ads',
  'Senate official spying',
  'submarine cable tapping',
  'defector in Vienna',
  'drone over the airbase',
  'cipher machine sale',
];

function jsonl(version: number): string {
  const lines: string[] = [];
  for (let i = 0; i < 16; i++) {
    const topic = TOPICS[i % TOPICS.length];
    const body = Array.from(
      { length: 6 },
      (_, s) =>
        `Report ${i}.${s} (edition ${version}) on the ${topic}: officers described meeting ${s} in detail, naming the handler and the cover company.`,
    ).join(' ');
    lines.push(
      JSON.stringify({
        title: `${topic} file ${i} in ${CITIES[i]}`,
        body: `${body} It happened in ${CITIES[i]}.`,
        date: `2019-0${1 + (i % 9)}-1${i % 9}`,
        url: `https://intelnews.org/2019/01/01/01-${3000 + i}/`,
        author: i % 2 ? 'Ian Allen' : 'Joseph Fitsanakis',
      }),
    );
  }
  return `${lines.join('\n')}\n`;
}

function rss(version: number): string {
  const items = Array.from({ length: 8 }, (_, i) => {
    const topic = TOPICS[(i + 3) % TOPICS.length];
    return `<item><title>Feed ${topic} ${i}</title><link>https://intelnews.org/2020/02/02/01-${4000 + i}/</link><pubDate>Sun, 02 Feb 2020 10:00:00 +0000</pubDate><dc:creator>Ian Allen</dc:creator><description>The feed story ${i} (edition ${version}) about the ${topic}. Investigators traced the payments.</description></item>`;
  }).join('');
  return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Fake intelNews</title><link>https://intelnews.org/</link>${items}</channel></rss>`;
}

let emb: Embedder;
let server: TestServer;
let feedVersion = 1;
const files: Record<number, string> = {};
/** what each version answers, per store (bm25 ties may order differently between the two engines) */
const refs: Record<string, Record<number, Answers>> = { embedded: {}, postgres: {} };

type Answers = { stats: { articles: number; chunks: number }; hits: string[][] };

let pg: PgServer;
/** the store the running test re-indexes into (Postgres: one database for the whole file) */
let storeKind: 'embedded' | 'postgres' = 'embedded';

/** What a reader answers: top dense and lexical passages (by text) for a few questions, and counts. */
async function answers(dir: string, kind = storeKind): Promise<Answers> {
  const store = kind === 'postgres' ? new PostgresStore(pg.url) : new SqliteStore(dir);
  const idx = await store.open();
  try {
    const hits: string[][] = [];
    // the best passage for each question (distinct cities keep it free of near-ties), and every title
    for (const q of [
      'Who raided the embassy in Madrid?',
      'cable tapping in Oslo',
      'payments traced by investigators',
      'drone over the airbase in Athens',
    ]) {
      const [v] = await emb.embed([q]);
      const dense = (await idx.dense(v, 1)).map((h) => h.chunkId);
      hits.push((await idx.chunks(dense)).map((c) => c.text.slice(0, 80)));
      const lexical = (await idx.lexical(q, 1)).map((h) => h.chunkId);
      hits.push((await idx.chunks(lexical)).map((c) => c.text.slice(0, 80)));
    }
    hits.push((await idx.findTitles('', 1000)).map((t) => t.title).sort());
    const s = await idx.stats();
    return { stats: { articles: s.articles, chunks: s.chunks }, hits };
  } finally {
    await idx.close();
    await store.close();
  }
}

function feedUrl(): string {
  return `${server.base}/feed/`;
}

async function reindexInProcess(dir: string, version: number, kind = storeKind) {
  feedVersion = version;
  const store = kind === 'postgres' ? new PostgresStore(pg.url) : undefined;
  try {
    return await reindexWith(dir, version, store);
  } finally {
    await store?.close();
  }
}

function reindexWith(dir: string, version: number, store: IndexStore | undefined) {
  return runReindex({
    indexDir: dir,
    store,
    embedder: emb,
    sources: [files[version], feedUrl()],
    full: true,
    hnsw: HNSW,
    embedBatch: 4,
    remote: {
      allowPrivate: (a) => a === '127.0.0.1',
      concurrency: 1,
      delayMs: 0,
      timeoutMs: 10_000,
      maxBytes: 5_000_000,
      retries: 0,
    },
  });
}

beforeAll(async () => {
  emb = await realEmbedder();
  server = await startServer();
  pg = await startPg();
  // slow enough that the fetch stage can be hit
  const feed = async (_req: unknown, res: ServerResponse) => {
    await new Promise((r) => setTimeout(r, 150));
    res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' });
    res.end(rss(feedVersion));
  };
  server.route('/feed/', feed);
  const d = tempDir('dossier-kill-src-');
  for (const v of [1, 2]) {
    files[v] = path.join(d, `v${v}.jsonl`);
    fs.writeFileSync(files[v], jsonl(v));
  }
  for (const kind of ['embedded', 'postgres'] as const)
    for (const v of [1, 2]) {
      const dir = tempDir('dossier-kill-ref-');
      const s = await reindexInProcess(dir, v, kind);
      expect(s.published).toBe(true);
      expect(s.warnings).toEqual([]);
      refs[kind][v] = await answers(dir, kind);
    }
  expect(refs.embedded[1]).not.toEqual(refs.embedded[2]);
  expect(refs.postgres[1]).not.toEqual(refs.postgres[2]);
  // the two stores find the same passages by meaning and hold the same articles
  for (const v of [1, 2]) {
    expect(refs.postgres[v].stats).toEqual(refs.embedded[v].stats);
    expect(refs.postgres[v].hits.filter((_, i) => i % 2 === 0)).toEqual(
      refs.embedded[v].hits.filter((_, i) => i % 2 === 0),
    );
  }
}, 300_000);
afterAll(async () => {
  await pg?.stop();
  await server?.close();
  await emb?.dispose();
});

interface KillPoint {
  stage: 'fetch' | 'parse' | 'embed' | 'write' | 'publish';
  /** kill this long after the stage is first seen (random), or freeze at a progress event */
  delayMs?: number;
  pause?: string;
}

/** Runs the child and kills it with SIGKILL at the point; returns the last progress line it printed. */
function killAt(dir: string, version: number, point: KillPoint): Promise<{ last: string; completed: boolean }> {
  feedVersion = version;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dir, files[version], feedUrl()], {
      cwd: ROOT,
      env: { ...process.env, PAUSE: point.pause ?? '', STORE_URL: storeKind === 'postgres' ? pg.url : '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let last = '';
    let armed = false;
    let buf = '';
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.stdout.on('data', (d: Buffer) => {
      buf += d.toString();
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        if (line.startsWith('PROGRESS')) last = line;
        if (point.pause && line.startsWith('PAUSED')) child.kill('SIGKILL');
        if (!point.pause && !armed && line.startsWith(`PROGRESS ${point.stage} `)) {
          armed = true;
          setTimeout(() => child.kill('SIGKILL'), point.delayMs ?? 0);
        }
      }
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (signal !== 'SIGKILL' && code !== 0)
        return reject(new Error(`child failed (${code}): ${stderr.slice(-2000)}`));
      resolve({ last, completed: signal !== 'SIGKILL' });
    });
  });
}

const rand = (n: number) => Math.floor(Math.random() * n);

/** Temp builds, pointer temp files and lock files in the index folder (Postgres: build schemas). */
async function leftovers(dir: string): Promise<string[]> {
  if (storeKind === 'postgres') return (await schemas()).filter((n) => n.startsWith('dossier_tmp_'));
  return fs
    .readdirSync(dir)
    .filter((e) => e.startsWith('.tmp-') || /^CURRENT\..*\.tmp$/.test(e) || e.includes('.lock'));
}

async function schemas(): Promise<string[]> {
  const s = new PostgresStore(pg.url);
  try {
    await s.init();
    const r = await s.pool.query(
      "SELECT nspname FROM pg_namespace WHERE nspname LIKE 'dossier\\_%\\_%' AND nspname <> 'dossier'",
    );
    return r.rows.map((x) => x.nspname as string);
  } finally {
    await s.close();
  }
}

async function generationOf(dir: string): Promise<string | undefined> {
  if (storeKind === 'embedded') return currentGeneration(dir);
  const s = new PostgresStore(pg.url);
  try {
    return await s.servedGeneration();
  } finally {
    await s.close();
  }
}

/** 20 points: 4 per stage; random delays inside fetch/parse, a freeze after a random embedding batch, freezes at the edges of write/publish. */
function killPoints(): KillPoint[] {
  const pts: KillPoint[] = [];
  for (let i = 0; i < 4; i++) {
    pts.push({ stage: 'fetch', delayMs: rand(150) });
    pts.push({ stage: 'parse', delayMs: rand(30) });
    // embedding 34 passages takes ~1 s: a random delay could outlast it, so freeze after a random batch
    // (the child embeds 4 at a time) and kill there, mid-stage
    pts.push({ stage: 'embed', pause: `embed:${4 * (1 + rand(7))}` });
    pts.push(i % 2 ? { stage: 'write', pause: 'write:1' } : { stage: 'write', pause: 'write:0' });
    pts.push(i % 2 ? { stage: 'publish', pause: 'publish:1' } : { stage: 'publish', pause: 'publish:0' });
  }
  return pts;
}

describe.each(['embedded', 'postgres'] as const)('kill -9 during a re-index (%s store)', (kind) => {
  test('20 kills spread over the stages: old index intact, next re-index completes, no leftovers', async () => {
    storeKind = kind;
    const dir = tempDir('dossier-kill-');
    expect((await reindexInProcess(dir, 1)).published).toBe(true);
    let served = 1;
    const rows: string[] = [];
    const lastStages = new Set<string>();
    for (const [i, point] of killPoints().entries()) {
      const target = served === 1 ? 2 : 1;
      const before = await answers(dir);
      expect(before).toEqual(refs[kind][served]);
      const genBefore = await generationOf(dir);

      const { last, completed } = await killAt(dir, target, point);
      const genAfter = await generationOf(dir);
      if (!completed) lastStages.add(last.split(' ')[1]);
      // the kill lands before or after the one rename that switches generations: never in between
      const now = await answers(dir);
      const switched = genAfter !== genBefore;
      expect(now).toEqual(switched ? refs[kind][target] : refs[kind][served]);
      rows.push(
        `${String(i + 1).padStart(2)} ${point.stage.padEnd(7)} ${point.pause ?? `+${point.delayMs} ms`}`.padEnd(32) +
          ` last: ${last.replace('PROGRESS ', '').padEnd(12)} ${completed ? 'completed before the kill' : switched ? 'killed after the switch (new index served)' : 'killed (old index served)'}`,
      );

      // the next start (the service opening the index) removes what the kill left behind
      const left = await leftovers(dir);
      const svc = await service(dir, emb, {}, storeKind === 'postgres' ? { INDEX_STORE: pg.url } : {});
      if (storeKind === 'embedded') expect(await leftovers(dir)).toEqual([]);
      expect(await svc.ready()).toBe(true);
      await svc.close();
      rows[rows.length - 1] += left.length ? `; ${left.length} leftover(s) removed at the next start` : '';

      // the next re-index (in this process) completes and answers right
      const s = await reindexInProcess(dir, target);
      expect(s.published).toBe(true);
      expect(await answers(dir)).toEqual(refs[kind][target]);
      expect(await leftovers(dir)).toEqual([]);
      if (storeKind === 'embedded')
        expect(fs.readdirSync(dir).filter((e) => e.startsWith('gen-')).length).toBeLessThanOrEqual(2);
      else expect((await schemas()).length).toBeLessThanOrEqual(2);
      served = target;
      process.stderr.write(`${rows.at(-1)}\n`);
    }
    console.log(`\nkill -9 points:\n${rows.join('\n')}`);
    // every stage was really running when a kill landed (per the child's last progress line)
    expect([...lastStages].sort()).toEqual(['embed', 'fetch', 'parse', 'publish', 'write']);
  });
});
