// One contract, two stores: the same questions asked of the embedded store (SQLite + FTS5 + hnswlib)
// and of PostgreSQL + pgvector (a real engine: PGlite over the wire, through the `pg` client) holding a
// copy of the same index. What a snapshot offers must mean the same on both.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runReindex } from '../../src/index/pipeline.js';
import type { SearchFilter } from '../../src/index/types.js';
import { search } from '../../src/search/search.js';
import { copyToPostgres } from '../../src/store/migrate.js';
import { PgSnapshot } from '../../src/store/postgres/snapshot.js';
import { PostgresStore } from '../../src/store/postgres/store.js';
import { SqliteStore } from '../../src/store/sqlite/store.js';
import type { IndexStore, OpenedIndex } from '../../src/store/types.js';
import { article, sampleArticles } from '../support/articles.js';
import { HNSW, tempDir } from '../support/env.js';
import { type CountingEmbedder, realEmbedder } from '../support/model.js';
import { startPg, type PgServer } from '../support/pglite-server.js';

let emb: CountingEmbedder;
let pgServer: PgServer;
let dir: string;
const stores: Record<string, IndexStore> = {};
const snaps: Record<string, OpenedIndex> = {};

function archive() {
  return [
    ...sampleArticles(),
    article(
      'Café owner in Zürich named as GRU courier',
      'Swiss investigators said the owner of a café near the station carried messages for Russian military intelligence.',
      { author: 'Ian Allen', date: '2017-06-01' },
    ),
    article('Undated note on tradecraft', 'Dead drops remain a staple of espionage tradecraft in cities.', {
      date: undefined,
      author: 'Anonymous Contributor',
    }),
  ];
}

beforeAll(async () => {
  emb = await realEmbedder();
  pgServer = await startPg();
  dir = tempDir();
  await runReindex({ indexDir: dir, embedder: emb, articles: archive(), hnsw: HNSW });
  const pg = new PostgresStore(pgServer.url);
  const copied = await copyToPostgres(dir, pg);
  expect(copied.articles).toBe(6);
  stores.sqlite = new SqliteStore(dir);
  stores.postgres = pg;
  for (const [name, s] of Object.entries(stores)) snaps[name] = await s.open({ ef: 100 });
}, 240_000);

afterAll(async () => {
  for (const s of Object.values(snaps)) await s?.close();
  for (const s of Object.values(stores)) await s?.close();
  await pgServer?.stop();
  await emb?.dispose();
});

const vec = async (t: string) => (await emb.embed([t]))[0];

describe.each(['sqlite', 'postgres'])('the %s store', (name) => {
  const snap = () => snaps[name];

  test('manifest and stats describe what was built', async () => {
    const s = await snap().stats();
    expect(s).toMatchObject({ articles: 6, firstDate: '2017-06-01', lastDate: '2019-03-18', modelId: emb.modelId });
    expect(s.chunks).toBe(snap().manifest.chunks);
    expect(s.sizeBytes).toBeGreaterThan(0);
    expect(snap().generation).toMatch(/^gen-/);
  });

  test('dense: nearest passages first, cosine scores, an allow-list keeps to its ids', async () => {
    const q = await vec('raid on the North Korean embassy in Madrid');
    const hits = await snap().dense(q, 3);
    expect(hits).toHaveLength(3);
    const [top] = await snap().chunks([hits[0].chunkId]);
    expect(top.title).toMatch(/Madrid/);
    expect(hits[0].score).toBeGreaterThan(hits[2].score);
    expect(hits[0].score).toBeLessThanOrEqual(1.0001);
    const allowed = (await snap().allowedChunks({ author: 'ian allen' }))!;
    const only = await snap().dense(q, 50, { allowed });
    expect(only.length).toBe(allowed.size);
    expect(only.every((h) => allowed.has(h.chunkId))).toBe(true);
    expect(await snap().dense(q, 5, { allowed: new Set() })).toEqual([]);
  });

  test('lexical: bm25 over passages and titles; filters and allow-lists restrict; no words, no results', async () => {
    const hits = await snap().lexical('chemical weapons watchdog', 5);
    expect(hits.length).toBeGreaterThan(0);
    const [top] = await snap().chunks([hits[0].chunkId]);
    expect(top.title).toMatch(/chemical weapons/);
    // stemming: "arrests" finds "arrested"
    const arrests = await snap().lexical('arrests', 10);
    expect((await snap().chunks(arrests.map((h) => h.chunkId))).some((c) => /arrested/.test(c.title))).toBe(true);
    // diacritics are ignored, as FTS5's remove_diacritics does
    const cafe = await snap().lexical('cafe zurich', 3);
    expect((await snap().chunks([cafe[0].chunkId]))[0].title).toMatch(/Café/);
    const filtered = await snap().lexical('North Korea', 10, { filter: { from: '2019-01-01' } });
    const recs = await snap().chunks(filtered.map((h) => h.chunkId));
    expect(recs.length).toBeGreaterThan(0);
    expect(recs.every((c) => (c.date ?? '') >= '2019-01-01')).toBe(true);
    expect(await snap().lexical('the of and', 5)).toBeDefined();
    expect(await snap().lexical('!!! ??? ...', 5)).toEqual([]);
    expect(await snap().lexical('NEAR("a" b) OR * title:x \' ; DROP TABLE chunks', 5)).toBeDefined();
    const allowed = new Set([hits[0].chunkId]);
    expect((await snap().lexical('chemical weapons North Korea', 10, { allowed })).map((h) => h.chunkId)).toEqual([
      hits[0].chunkId,
    ]);
  });

  test('whole-article bm25, filtered by author and dates', async () => {
    const arts = (await snap().lexicalArticles('North Korea', 10))!;
    expect(arts.map((a) => a.articleId)).toHaveLength(2);
    const fr = (await snap().lexicalArticles('North Korea', 10, { filter: { to: '2018-12-31' } }))!;
    expect(fr).toHaveLength(1);
    expect((await snap().article(fr[0].articleId))?.title).toMatch(/French Senate/);
    expect(await snap().lexicalArticles('North Korea', 10, { filter: { author: 'nobody at all' } })).toEqual([]);
  });

  test('filters: exact author any case, else part of the name; inclusive dates; empty is null', async () => {
    expect(await snap().allowedChunks({})).toBeNull();
    const exact = (await snap().allowedChunks({ author: 'JOSEPH FITSANAKIS' }))!;
    const part = (await snap().allowedChunks({ author: 'fitsan' }))!;
    expect([...exact].sort()).toEqual([...part].sort());
    const recs = await snap().chunks([...exact]);
    expect(new Set(recs.map((c) => c.author))).toEqual(new Set(['Joseph Fitsanakis']));
    const day = (await snap().allowedChunks({ from: '2018-11-27', to: '2018-11-27' }))!;
    expect(new Set((await snap().chunks([...day])).map((c) => c.title))).toEqual(
      new Set(['French Senate official arrested for spying for North Korea']),
    );
    expect((await snap().allowedChunks({ author: '100%_' }))!.size).toBe(0);
  });

  test('lookups: chunks in the order asked, unknown ids left out; articles, passages, dates, titles', async () => {
    const q = await vec('Mossad fake job adverts');
    const ids = (await snap().dense(q, 4)).map((h) => h.chunkId);
    const recs = await snap().chunks([ids[1], 999_999, ids[0]]);
    expect(recs.map((r) => r.chunkId)).toEqual([ids[1], ids[0]]);
    const a = (await snap().article(recs[0].articleId))!;
    expect(a.body.slice(recs[0].start, recs[0].end)).toBe(recs[0].text);
    expect(Array.isArray(a.tags)).toBe(true);
    expect(await snap().article('no-such-id')).toBeUndefined();
    const of = await snap().articleOf([ids[0], 424242]);
    expect([...of.keys()]).toEqual([ids[0]]);
    const ps = await snap().passagesOf([recs[1].articleId, recs[0].articleId]);
    expect(ps[0].articleId).toBe(recs[1].articleId);
    expect(ps[0].vector).toHaveLength(384);
    const dates = await snap().articleDates();
    expect(dates.size).toBe(6);
    expect([...dates.values()].filter((d) => d === null)).toHaveLength(1);
    const titles = await snap().findTitles('', 10);
    expect(titles[0].date).toBe('2019-03-18');
    expect(titles.at(-1)?.date).toBeNull();
    expect((await snap().findTitles('  zurich  ', 5)).map((t) => t.title)).toEqual([
      'Café owner in Zürich named as GRU courier',
    ]);
    expect(await snap().findTitles('NORTH korea', 1)).toHaveLength(1);
  });
});

describe('both stores answer alike', () => {
  test('the same passages for the same dense query (ids and scores)', async () => {
    const q = await vec('Dutch expelled Russian officers near the OPCW building');
    const [a, b] = await Promise.all([snaps.sqlite.dense(q, 5), snaps.postgres.dense(q, 5)]);
    expect(b.map((h) => h.chunkId)).toEqual(a.map((h) => h.chunkId));
    b.forEach((h, i) => {
      expect(h.score).toBeCloseTo(a[i].score, 4);
    });
  });

  test('search ranks the same articles first on both', async () => {
    for (const text of [
      'Who raided the embassy in Madrid?',
      'GRU hackers in The Hague',
      'Mossad recruitment on social media',
    ]) {
      const [a, b] = await Promise.all([
        search(snaps.sqlite, emb, { text, limit: 3 }),
        search(snaps.postgres, emb, { text, limit: 3 }),
      ]);
      expect(b.passages[0]?.articleId, text).toBe(a.passages[0]?.articleId);
      expect(b.covered).toBe(a.covered);
    }
  });
});

describe('the Postgres dense query', () => {
  test('goes through the HNSW index, not an exact scan the planner prefers at this size', async () => {
    const pg = stores.postgres as PostgresStore;
    const hnswScans = async () =>
      Number(
        (
          await pg.pool.query(
            `SELECT coalesce(sum(s.idx_scan), 0) AS n FROM pg_stat_user_indexes s JOIN pg_indexes i
               ON i.schemaname = s.schemaname AND i.indexname = s.indexrelname
              WHERE i.indexdef ILIKE '%USING hnsw%'`,
          )
        ).rows[0].n,
      );
    const before = await hnswScans();
    const q = await vec('Russian hackers near the chemical weapons watchdog');
    expect((await snaps.postgres.dense(q, 3)).length).toBe(3);
    // the cumulative statistics are flushed at the end of a transaction, at most once a second
    await new Promise((r) => setTimeout(r, 1100));
    await pg.pool.query('SELECT pg_stat_force_next_flush()');
    expect(await hnswScans()).toBeGreaterThan(before);
  });
});

describe('Postgres bm25 from postings', () => {
  test('the same rows and scores as scoring the tsvectors (generations built before postings), filtered or not', async () => {
    const p = snaps.postgres as PgSnapshot;
    const pg = stores.postgres as PostgresStore;
    const lengths = (await pg.pool.query(`SELECT key, value FROM ${p.schema}.meta WHERE key LIKE '%avg_len'`)).rows;
    const len = (k: string) => Number(lengths.find((r) => r.key === k)?.value);
    const scan = new PgSnapshot(pg.pool, p.generation, p.schema, p.manifest, 100, {
      chunks: len('chunk_avg_len'),
      articles: len('article_avg_len'),
      postings: false,
    });
    const asks: [string, SearchFilter | undefined][] = [
      ['North Korea embassy raid', undefined],
      ['Russian intelligence officers expelled', { from: '2018-01-01' }],
      ['Russian military intelligence', { author: 'ian allen' }],
    ];
    for (const [q, filter] of asks) {
      const a = await p.lexical(q, 10, { filter });
      expect(a.length, q).toBeGreaterThan(0);
      const b = await scan.lexical(q, 10, { filter });
      expect(
        a.map((h) => h.chunkId),
        q,
      ).toEqual(b.map((h) => h.chunkId));
      a.forEach((h, i) => {
        expect(h.score).toBeCloseTo(b[i].score, 9);
      });
      const arts = (await p.lexicalArticles(q, 10, { filter }))!;
      expect(arts.length, q).toBeGreaterThan(0);
      expect(arts).toEqual(await scan.lexicalArticles(q, 10, { filter }));
    }
  });
});
