// The re-index status kept in Postgres (dossier.reindex_status), as shards on other machines read it:
// written by a re-index through one store handle (another process too) and read through another;
// "running" only while the advisory lock is held, so a crashed re-index is not reported as running.
import os from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { runReindex } from '../../src/index/pipeline.js';
import type { ReindexStatus } from '../../src/index/status.js';
import { createService } from '../../src/service.js';
import { PostgresStore } from '../../src/store/postgres/store.js';
import { variant } from '../support/articles.js';
import { HNSW, ROOT, tempDir, testConfig } from '../support/env.js';
import { pausedChild } from '../support/paused-child.js';
import { pgWithModel } from '../support/pglite-server.js';

const CHILD = path.join(ROOT, 'test/store/fixtures/pg-reindex-child.ts');

const env = pgWithModel();

async function until(what: string, check: () => Promise<boolean>, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** What the row holds, believed or not. */
async function recorded(store: PostgresStore): Promise<ReindexStatus> {
  const r = await store.pool.query('SELECT status FROM dossier.reindex_status');
  return r.rows[0]?.status ?? {};
}

describe('re-index status in Postgres', () => {
  test('a re-index through one handle is seen through another: running in another process, then how it ended; a killed one is not running', async () => {
    const writer = new PostgresStore(env.server.url);
    const reader = new PostgresStore(env.server.url);
    const service = await createService(testConfig(tempDir()), { embedder: env.emb, store: reader, watch: false });
    try {
      expect(await reader.reindexStatus()).toEqual({ last: undefined });
      await runReindex({
        indexDir: tempDir(),
        store: writer,
        embedder: env.emb,
        articles: variant('v1'),
        hnsw: HNSW,
        by: 'shard 0',
      });
      const done = await reader.reindexStatus();
      expect(done.running).toBeUndefined();
      expect(done.last).toMatchObject({ by: 'shard 0', ok: true, published: true, full: false });
      expect(done.last?.summary?.added).toBe(variant('v1').length);
      expect((await service.reindexStatus()).last?.by).toBe('shard 0');

      const child = await pausedChild(CHILD, [env.server.url, 'v2']);
      try {
        await until('the child to report the embed stage', async () => {
          return (await reader.reindexStatus()).running?.progress?.stage === 'embed';
        });
        const st = await service.reindexStatus();
        expect(st.running).toMatchObject({ by: 'shard 1', pid: child.pid, host: os.hostname(), full: false });
        expect(st.last).toMatchObject({ by: 'shard 0', ok: true }); // the last finished run is still shown
        expect(await service.reindexRunning()).toBe(true);
      } finally {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGKILL');
        await exited;
      }
      // A real server ends a dead client's session and frees its advisory lock. PGlite serves every
      // connection from one session, which outlives the child's: free the lock as the server would.
      await reader.pool.query('SELECT pg_advisory_unlock_all()');
      expect((await recorded(reader)).running).toMatchObject({ by: 'shard 1' }); // what the dead child left
      expect(await reader.reindexStatus()).toEqual({ last: expect.objectContaining({ by: 'shard 0', ok: true }) });
      expect(await service.reindexRunning()).toBe(false);
      // and the next re-index goes ahead, recording its own end
      await runReindex({
        indexDir: tempDir(),
        store: writer,
        embedder: env.emb,
        articles: variant('v2'),
        hnsw: HNSW,
        by: 'shard 0',
      });
      expect((await reader.reindexStatus()).last).toMatchObject({ by: 'shard 0', ok: true, published: true });
    } finally {
      await service.close();
      await writer.close();
      await reader.close();
    }
  }, 120_000);

  test('"running" with no lock holder is not believed; a holder that wrote no status yet is running; a bad row is nothing', async () => {
    const a = new PostgresStore(env.server.url);
    const b = new PostgresStore(env.server.url);
    try {
      const last = {
        by: 'shard 0',
        startedAt: '2026-12-02T09:00:00.000Z',
        finishedAt: '2026-12-02T09:01:00.000Z',
        full: false,
        ok: true,
        published: true,
      };
      const crashed = {
        by: 'shard 7',
        pid: 424242,
        host: 'elsewhere',
        startedAt: '2026-12-02T10:00:00.000Z',
        full: true,
      };
      await a.writeReindexStatus({ running: crashed, last });
      expect(await b.reindexStatus()).toEqual({ last });

      const release = await a.lock();
      try {
        const st = await b.reindexStatus();
        expect(st.running).toMatchObject({ pid: process.pid, host: os.hostname() });
        expect(st.last).toEqual(last);
      } finally {
        await release();
      }
      expect((await b.reindexStatus()).running).toBeUndefined();

      await a.pool.query(`UPDATE dossier.reindex_status SET status = '{"running": 5}'::jsonb`);
      expect(await b.reindexStatus()).toEqual({ last: undefined });
      // a status that does not fit the schema is refused before it is written
      await expect(a.writeReindexStatus({ running: { ...crashed, pid: 1.5 } })).rejects.toThrow();
    } finally {
      await a.close();
      await b.close();
    }
  }, 60_000);
});
