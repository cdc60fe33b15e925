// The re-index status every process reads from the index folder: who re-indexes (another process
// too, e.g. another bot shard), how far, and how the last run ended; one re-index at a time across
// processes, a dead one forgotten.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runReindex } from '../../src/index/pipeline.js';
import { readReindexStatus } from '../../src/index/status.js';
import { createService } from '../../src/service.js';
import { ReindexBusyError } from '../../src/service-types.js';
import { variant } from '../support/articles.js';
import { HNSW, ROOT, tempDir, testConfig } from '../support/env.js';
import { type CountingEmbedder, realEmbedder } from '../support/model.js';
import { pausedChild } from '../support/paused-child.js';

const CHILD = path.join(ROOT, 'test/index/fixtures/reindex-child.ts');

let emb: CountingEmbedder;
beforeAll(async () => {
  emb = await realEmbedder();
});
afterAll(async () => {
  await emb?.dispose();
});

describe('re-index status in INDEX_DIR', () => {
  test('records the last run, its counts and who ran it; a failed run is recorded with its reason', async () => {
    const dir = tempDir();
    expect(readReindexStatus(dir)).toEqual({ last: undefined });
    await runReindex({ indexDir: dir, embedder: emb, articles: variant('v1'), hnsw: HNSW, by: 'shard 0' });
    const ok = readReindexStatus(dir);
    expect(ok.running).toBeUndefined();
    expect(ok.last).toMatchObject({ by: 'shard 0', ok: true, published: true, full: false });
    expect(ok.last?.summary?.added).toBe(variant('v1').length);

    await expect(runReindex({ indexDir: dir, embedder: emb, articles: [], hnsw: HNSW })).rejects.toThrow();
    const failed = readReindexStatus(dir).last;
    expect(failed).toMatchObject({ by: `pid ${process.pid}`, ok: false, published: false });
    expect(failed?.error).toMatch(/no articles/i);
  });

  test('a re-index in another process is seen running (who, how far) and refused here; once it dies it is not', async () => {
    const dir = tempDir();
    const cfg = testConfig(dir);
    const service = await createService(cfg, { embedder: emb, indexEmbedder: emb });
    try {
      await runReindex({ indexDir: dir, embedder: emb, articles: variant('v1'), hnsw: HNSW, by: 'shard 0' });
      const child = await pausedChild(CHILD, [dir, 'v2', 'embed:1']);
      try {
        expect(await service.reindexRunning()).toBe(true);
        const st = await service.reindexStatus();
        expect(st.running).toMatchObject({ by: 'shard 1', pid: child.pid, progress: { stage: 'embed' } });
        expect(st.last).toMatchObject({ by: 'shard 0', ok: true }); // the last finished run is still shown
        const err = await service.reindex({}).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(ReindexBusyError);
        expect((err as Error).message).toContain(`pid ${child.pid}`);
      } finally {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGKILL');
        await exited;
      }
      // killed: nothing runs any more, and the next re-index takes the lock over
      expect(await service.reindexRunning()).toBe(false);
      expect((await service.reindexStatus()).running).toBeUndefined();
      expect((await service.reindexStatus()).last?.by).toBe('shard 0');
    } finally {
      await service.close();
    }
  });
});
