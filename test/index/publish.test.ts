// Atomic publish, the re-index lock, and crash safety (kill -9 of a re-indexing child process).
import fs from 'node:fs';
import path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runReindex } from '../../src/index/pipeline.js';
import { openIndex, type OpenedSnapshot as OpenedIndex } from '../../src/index/open.js';
import { currentGeneration } from '../../src/index/generations.js';
import { ReindexLockedError, LOCK_FILE } from '../../src/index/lock.js';
import { variant } from '../support/articles.js';
import { HNSW, ROOT, tempDir } from '../support/env.js';
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

const reindex = (dir: string, which: 'v1' | 'v2') =>
  runReindex({ indexDir: dir, embedder: emb, articles: variant(which), hnsw: HNSW });

/** What a reader answers, for comparing before and after. */
async function answers(idx: OpenedIndex) {
  const q = (await emb.embed(['embassy raid in Madrid by dissidents']))[0];
  const dense = idx.dense(q, 10);
  return {
    dense: dense.map((h) => [h.chunkId, Math.round(h.score * 1e5)]),
    lexical: idx.lexical('North Korea zebra GRU navy', 10).map((h) => h.chunkId),
    texts: idx.chunks(dense.map((h) => h.chunkId)).map((c) => c.text),
    stats: { ...idx.stats(), sizeBytes: 0 },
  };
}

const tmpFolders = (dir: string) => fs.readdirSync(dir).filter((e) => e.startsWith('.tmp-'));
const genFolders = (dir: string) => fs.readdirSync(dir).filter((e) => e.startsWith('gen-'));

describe('atomic publish', () => {
  test('a reader opened before a re-index keeps answering the same; a new open sees the new index', async () => {
    const dir = tempDir();
    await reindex(dir, 'v1');
    const old = openIndex(dir);
    const before = await answers(old);
    expect(old.lexical('zebra', 5)).toEqual([]);

    const s = await reindex(dir, 'v2');
    expect(s.published).toBe(true);
    expect(await answers(old)).toEqual(before);

    const fresh = openIndex(dir);
    expect(fresh.generationDir).not.toBe(old.generationDir);
    expect(fresh.lexical('zebra', 5)).toHaveLength(1);
    expect(fresh.stats().articles).toBe(4);
    // the previous generation is kept for readers like `old`; older ones are deleted
    expect(fs.existsSync(old.generationDir)).toBe(true);
    await reindex(dir, 'v1');
    await reindex(dir, 'v2');
    expect(genFolders(dir)).toHaveLength(2);
    expect(await answers(old)).toEqual(before); // an open snapshot survives even its folder's deletion
    old.close();
    fresh.close();
  });
});

describe('one re-index at a time', () => {
  test('a second re-index in the same process is refused while the first runs', async () => {
    const dir = tempDir();
    const first = reindex(dir, 'v1');
    await expect(reindex(dir, 'v2')).rejects.toThrow(new RegExp(`a re-index is already running \\(pid ${process.pid}`));
    await expect(first).resolves.toMatchObject({ published: true });
    expect(fs.existsSync(path.join(dir, LOCK_FILE))).toBe(false);
  });

  test('a live lock holder in another process is named; a dead one is taken over', async () => {
    const dir = tempDir();
    const holder = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    try {
      fs.writeFileSync(
        path.join(dir, LOCK_FILE),
        JSON.stringify({ pid: holder.pid, startedAt: '2026-01-01T00:00:00Z' }),
      );
      const err = await reindex(dir, 'v1').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ReindexLockedError);
      expect((err as Error).message).toContain(`pid ${holder.pid}`);
    } finally {
      holder.kill('SIGKILL');
      await new Promise((r) => holder.once('exit', r));
    }
    await expect(reindex(dir, 'v1')).resolves.toMatchObject({ published: true });
  });

  test('a lock naming our own pid that we do not hold (a restarted container) is stale', async () => {
    const dir = tempDir();
    fs.writeFileSync(
      path.join(dir, LOCK_FILE),
      JSON.stringify({ pid: process.pid, startedAt: '2026-01-01T00:00:00Z' }),
    );
    await expect(reindex(dir, 'v1')).resolves.toMatchObject({ published: true });
  });
});

async function kill9(child: ChildProcess): Promise<void> {
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGKILL');
  await exited;
}

describe('kill -9 during a re-index', () => {
  test('at any stage the previous index still opens and answers the same, and the next re-index completes', async () => {
    const dir = tempDir();
    await reindex(dir, 'v1');
    const gen = currentGeneration(dir);
    const baseline = await answers(openIndex(dir));

    // after embedding began (some chunks written to the new generation), while writing, before the switch
    for (const pauseAt of ['embed:1', 'write', 'publish']) {
      const child = await pausedChild(CHILD, [dir, 'v2', pauseAt], null);
      expect(tmpFolders(dir)).toHaveLength(1); // a half-built generation exists beside the served one
      expect(JSON.parse(fs.readFileSync(path.join(dir, LOCK_FILE), 'utf8')).pid).toBe(child.pid);
      await kill9(child);

      expect(currentGeneration(dir)).toBe(gen);
      const idx = openIndex(dir);
      expect(await answers(idx)).toEqual(baseline);
      idx.close();
    }

    // the next re-index takes over the dead child's lock, removes its leftovers and completes
    const s = await reindex(dir, 'v2');
    expect(s).toMatchObject({ added: 1, updated: 1, removed: 1, unchanged: 2, published: true });
    expect(tmpFolders(dir)).toEqual([]);
    expect(fs.existsSync(path.join(dir, LOCK_FILE))).toBe(false);
    const idx = openIndex(dir);
    expect(idx.lexical('zebra', 5)).toHaveLength(1);
    expect(idx.stats().articles).toBe(4);
    idx.close();
  }, 120_000);
});
