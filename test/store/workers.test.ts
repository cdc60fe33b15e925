// Embedding one archive on several machines: a re-index with shareEmbedding queues its batches in
// Postgres; two `--worker` loops (each with its own connections) claim batches with FOR UPDATE SKIP
// LOCKED. Every passage is embedded exactly once, the workers really took part, and the published
// index holds what a re-index on one machine holds.
import { expect, test } from 'vitest';
import type { Embedder } from '../../src/embed/types.js';
import { runReindex } from '../../src/index/pipeline.js';
import { claim, complete, modelKey, runWorker } from '../../src/store/postgres/queue.js';
import { PostgresStore } from '../../src/store/postgres/store.js';
import { SqliteStore } from '../../src/store/sqlite/store.js';
import { article, sampleArticles } from '../support/articles.js';
import { HNSW, tempDir } from '../support/env.js';
import { pgWithModel } from '../support/pglite-server.js';

const env = pgWithModel();

/** The real model, recording what this process embedded; `delayMs` makes it a slow machine. */
function recording(name: string, log: { who: string; text: string }[], delayMs = 0): Embedder {
  return {
    ...env.emb,
    embed: async (texts: string[]) => {
      if (delayMs) await new Promise((r) => setTimeout(r, delayMs));
      for (const text of texts) log.push({ who: name, text });
      return env.emb.embed(texts);
    },
  };
}

function archive() {
  const extra = Array.from({ length: 8 }, (_, i) =>
    article(
      `Station report ${i} from Vienna`,
      `Officers met source ${i} at the cafe near the opera. The handler paid.`,
      {
        date: `2018-0${1 + i}-15`,
      },
    ),
  );
  return [...sampleArticles(), ...extra];
}

test('two workers and the re-index share the batches; each passage embedded once; same index as one machine', async () => {
  const log: { who: string; text: string }[] = [];
  const store = new PostgresStore(env.server.url);
  const w1 = new PostgresStore(env.server.url);
  const w2 = new PostgresStore(env.server.url);
  const ac = new AbortController();
  try {
    await Promise.all([w1.init(), w2.init()]);
    const workers = [
      runWorker(w1.pool, recording('w1', log, 50), { signal: ac.signal, name: 'w1' }),
      runWorker(w2.pool, recording('w2', log, 50), { signal: ac.signal, name: 'w2' }),
    ];
    const summary = await runReindex({
      indexDir: tempDir(),
      store,
      embedder: recording('main', log, 400),
      articles: archive(),
      hnsw: HNSW,
      embedBatch: 2,
      shareEmbedding: true,
    });
    ac.abort();
    const done = await Promise.all(workers);
    expect(summary.published).toBe(true);
    // every passage once, no batch embedded twice
    const texts = log.map((l) => l.text);
    expect(new Set(texts).size).toBe(texts.length);
    expect(texts.length).toBe(summary.chunksEmbedded);
    // the workers took part
    expect(done[0] + done[1]).toBeGreaterThan(0);
    expect(new Set(log.map((l) => l.who)).size).toBeGreaterThan(1);
    // nothing is left in the queue
    expect((await store.pool.query('SELECT count(*)::int AS n FROM dossier.queue')).rows[0].n).toBe(0);

    // the same index as a re-index on one machine
    const dir = tempDir();
    await runReindex({ indexDir: dir, embedder: env.emb, articles: archive(), hnsw: HNSW });
    const local = await new SqliteStore(dir).open();
    const shared = await store.open();
    expect((await shared.stats()).chunks).toBe((await local.stats()).chunks);
    const q = (await env.emb.embed(['who paid the source near the opera in Vienna?']))[0];
    const [a, b] = await Promise.all([local.dense(q, 5), shared.dense(q, 5)]);
    const titles = async (s: typeof local | typeof shared, hits: { chunkId: number }[]) =>
      (await s.chunks(hits.map((h) => h.chunkId))).map((c) => `${c.title}|${c.text}`);
    expect(await titles(shared, b)).toEqual(await titles(local, a));
    b.forEach((h, i) => {
      expect(h.score).toBeCloseTo(a[i].score, 4);
    });
    local.close();
  } finally {
    ac.abort();
    await store.close();
    await w1.close();
    await w2.close();
  }
}, 240_000);

test('a batch claimed by a worker that died is given out again; a late answer from it is ignored', async () => {
  const store = new PostgresStore(env.server.url);
  try {
    await store.init();
    const model = modelKey(env.emb);
    await store.pool.query(
      `INSERT INTO dossier.queue(build, batch, model, texts) VALUES ('gen-x', 0, $1, '["a text"]')`,
      [model],
    );
    expect((await claim(store.pool, model, 'dead'))?.texts).toEqual(['a text']);
    // claimed and fresh: nobody else gets it; another model never does
    expect(await claim(store.pool, model, 'live')).toBeUndefined();
    // its worker went silent: after STALE_CLAIM_MS the batch is given out again
    await store.pool.query(`UPDATE dossier.queue SET claimed_at = now() - interval '10 minutes'`);
    expect(await claim(store.pool, 'other-model', 'live')).toBeUndefined();
    expect((await claim(store.pool, model, 'live'))?.batch).toBe(0);
    const v = [Float32Array.from([1, 2])];
    await complete(store.pool, 'gen-x', 0, 'dead', v);
    expect((await store.pool.query(`SELECT state, worker FROM dossier.queue`)).rows[0]).toEqual({
      state: 'claimed',
      worker: 'live',
    });
    await complete(store.pool, 'gen-x', 0, 'live', v);
    expect((await store.pool.query(`SELECT state FROM dossier.queue`)).rows[0].state).toBe('done');
  } finally {
    await store.pool.query(`DELETE FROM dossier.queue WHERE build = 'gen-x'`).catch(() => undefined);
    await store.close();
  }
});
