// The Postgres store as a person uses it: re-indexing into it (full, then only what changed), a
// reader answering from the old generation while a new one is published, leftovers of a killed build
// dropped, one re-index at a time, `dossier migrate` and the service answering with INDEX_STORE set.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { runReindex } from '../../src/index/pipeline.js';
import { ReindexLockedError } from '../../src/index/lock.js';
import { createService } from '../../src/service.js';
import { schemaOf } from '../../src/store/postgres/schema.js';
import { PostgresStore } from '../../src/store/postgres/store.js';
import { variant } from '../support/articles.js';
import { HNSW, ROOT, tempDir, testConfig } from '../support/env.js';
import { pgWithModel } from '../support/pglite-server.js';

const env = pgWithModel();

async function schemas(store: PostgresStore): Promise<string[]> {
  const r = await store.pool.query(
    "SELECT nspname FROM pg_namespace WHERE nspname LIKE 'dossier_gen_%' OR nspname LIKE 'dossier_tmp_%' ORDER BY 1",
  );
  return r.rows.map((x) => x.nspname);
}

/** The CLI in a child process (asynchronously: the test database is served from this process). */
function cli(
  args: string[],
  env: Record<string, string>,
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'bin/dossier.js'), ...args], {
      cwd: tempDir('dossier-cli-'),
      env: { PATH: process.env.PATH ?? '', MODELS_DIR: path.join(ROOT, 'index-data/models'), ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

describe('re-indexing into Postgres', () => {
  const store = () => new PostgresStore(env.server.url);

  test('full, then only what changed; readers keep their generation until they reopen; two are kept', async () => {
    const s = store();
    try {
      const dir = tempDir();
      const first = await runReindex({
        indexDir: dir,
        store: s,
        embedder: env.emb,
        articles: variant('v1'),
        hnsw: HNSW,
      });
      expect(first).toMatchObject({ added: 4, published: true });
      const g1 = await s.servedGeneration();
      const old = await s.open();
      expect((await old.stats()).articles).toBe(4);

      env.emb.texts.length = 0;
      const second = await runReindex({
        indexDir: dir,
        store: s,
        embedder: env.emb,
        articles: variant('v2'),
        hnsw: HNSW,
      });
      expect(second).toMatchObject({ added: 1, updated: 1, removed: 1, unchanged: 2, published: true });
      // only the changed and the new article were embedded
      expect(env.emb.texts.length).toBe(second.chunksEmbedded);
      expect(env.emb.texts.every((t) => /zebra|Canadian|Dissidents|embassy/i.test(t))).toBe(true);
      const g2 = await s.servedGeneration();
      expect(g2).not.toBe(g1);
      // the old snapshot still answers from its generation
      expect((await old.stats()).articles).toBe(4);
      expect((await old.findTitles('canadian', 5)).length).toBe(0);
      const now = await s.open();
      expect((await now.findTitles('canadian', 5)).map((t) => t.title)).toEqual(['Canadian navy officer jailed']);
      const zebra = await now.lexical('zebra getaway van', 3);
      expect((await now.chunks([zebra[0].chunkId]))[0].text).toMatch(/zebra/);
      // chunk ids are never reused across generations
      const oldIds = new Set((await old.allowedChunks({ from: '1900-01-01' }))!);
      const zebraId = zebra[0].chunkId;
      expect(oldIds.has(zebraId)).toBe(false);

      // unchanged archive: nothing published
      const third = await runReindex({
        indexDir: dir,
        store: s,
        embedder: env.emb,
        articles: variant('v2'),
        hnsw: HNSW,
      });
      expect(third.published).toBe(false);
      // a full rebuild publishes a third generation: the first is dropped, the previous kept
      await runReindex({ indexDir: dir, store: s, embedder: env.emb, articles: variant('v2'), hnsw: HNSW, full: true });
      const names = await schemas(s);
      expect(names).toHaveLength(2);
      expect(names).toContain(schemaOf(g2!));
      expect(names).not.toContain(schemaOf(g1!));
    } finally {
      await s.close();
    }
  }, 240_000);

  test('a killed build leaves a schema that the next re-index drops; the served index is untouched', async () => {
    const s = store();
    try {
      const before = await s.servedGeneration();
      const w = await s.writer(384); // a build that is never finished: its process "died"
      await w.putArticles([{ article: { ...variant('v1')[0], id: 'half-written' }, hash: 'x', source: null }]);
      expect((await schemas(s)).some((n) => n.startsWith('dossier_tmp_'))).toBe(true);
      expect(await s.servedGeneration()).toBe(before);
      const snap = await s.open();
      expect(await snap.article('half-written')).toBeUndefined();
      await runReindex({ indexDir: tempDir(), store: s, embedder: env.emb, articles: variant('v1'), hnsw: HNSW });
      expect((await schemas(s)).some((n) => n.startsWith('dossier_tmp_'))).toBe(false);
    } finally {
      await s.close();
    }
  }, 240_000);

  test('one re-index at a time: a second one is refused while the lock is held', async () => {
    const s = store();
    try {
      const release = await s.lock();
      await expect(
        runReindex({ indexDir: tempDir(), store: s, embedder: env.emb, articles: variant('v1'), hnsw: HNSW }),
      ).rejects.toBeInstanceOf(ReindexLockedError);
      await release();
      const again = await s.lock();
      await again();
    } finally {
      await s.close();
    }
  });
});

describe('INDEX_STORE=postgres://… and dossier migrate', () => {
  test('migrate copies an embedded index without re-embedding; the service then answers from Postgres', async () => {
    const dir = tempDir();
    await runReindex({ indexDir: dir, embedder: env.emb, articles: variant('v2'), hnsw: HNSW });
    const r = await cli(['migrate', '--to', env.server.url], { INDEX_DIR: dir });
    expect(r.stderr).not.toMatch(/password/);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Copied 4 articles and \d+ passages .*nothing re-embedded/);
    env.emb.texts.length = 0;
    const svc = await createService(testConfig(tempDir(), { INDEX_STORE: env.server.url }), { embedder: env.emb });
    try {
      expect(await svc.ready()).toBe(true);
      const { answer, result } = await svc.ask({ text: 'Who raided the North Korean embassy in Madrid?' });
      expect(result.covered).toBe(true);
      expect(answer.sources[0]?.title).toMatch(/Madrid/);
      expect((await svc.stats())?.articles).toBe(4);
      expect((await svc.findTitles('canadian', 3))[0]?.title).toBe('Canadian navy officer jailed');
    } finally {
      await svc.close();
    }
  }, 240_000);

  test('a wrong INDEX_STORE is one readable line', async () => {
    const r = await cli(['stats'], { INDEX_STORE: 'mysql://nope' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/INDEX_STORE.*(hidden).*must be embedded or a postgres:\/\/ connection URL/);
  });
});
