// What a killed re-index leaves behind (a half-built generation, a pointer temp file, a stale lock) is
// removed when the service next starts, not left to pile up until the next re-index; a build that is
// really running (lock held) is left alone.
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Embedder } from '../../src/embed/types.js';
import { CURRENT_FILE, currentGeneration } from '../../src/index/generations.js';
import { acquireLock, LOCK_FILE } from '../../src/index/lock.js';
import { STATUS_FILE } from '../../src/index/status.js';
import { sampleArticles } from '../support/articles.js';
import { tempDir } from '../support/env.js';
import { buildIndex, service } from '../support/harness.js';
import { realEmbedder } from '../support/model.js';

let emb: Embedder;
beforeAll(async () => {
  emb = await realEmbedder();
});
afterAll(async () => {
  await emb?.dispose();
});

/** the pid of a process that has exited */
const deadPid = (): number =>
  Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout);

test('leftovers of a killed re-index are removed at the next start; the served index is kept and answers', async () => {
  const dir = tempDir();
  await buildIndex(dir, emb);
  await buildIndex(dir, emb, [...sampleArticles()].reverse().slice(1));
  const current = currentGeneration(dir)!;
  const previous = JSON.parse(fs.readFileSync(path.join(dir, CURRENT_FILE), 'utf8')).previous as string;
  // what kill -9 at various points leaves
  fs.mkdirSync(path.join(dir, '.tmp-gen-20260101T000000-deadbeef'));
  fs.writeFileSync(path.join(dir, '.tmp-gen-20260101T000000-deadbeef', 'index.sqlite'), Buffer.alloc(4096));
  fs.writeFileSync(path.join(dir, `${CURRENT_FILE}.${deadPid()}.tmp`), '{"generation":"gen-x"');
  fs.writeFileSync(path.join(dir, `${STATUS_FILE}.${deadPid()}.tmp`), '{"running":');
  fs.mkdirSync(path.join(dir, 'gen-20200101T000000-0ldgen00')); // a generation two publishes old
  fs.writeFileSync(path.join(dir, LOCK_FILE), JSON.stringify({ pid: deadPid(), startedAt: '2026-01-01T00:00:00Z' }));

  const logs: string[] = [];
  const svc = await service(dir, emb, { log: (m) => logs.push(m) });
  try {
    // the re-index status of the two builds stays: every process reads the last run from it
    expect(fs.readdirSync(dir).sort()).toEqual([CURRENT_FILE, STATUS_FILE, path.basename(current), previous].sort());
    expect(logs.join('\n')).toMatch(/Removed 4 leftover build folder/);
    const { answer } = await svc.ask({ text: 'Who raided the North Korean embassy in Madrid?' });
    expect(answer.covered).toBe(true);
  } finally {
    await svc.close();
  }
});

test('a build in progress (lock held by a live re-index) is not touched', async () => {
  const dir = tempDir();
  await buildIndex(dir, emb);
  const release = acquireLock(dir);
  const building = path.join(dir, '.tmp-gen-20260101T000000-running0');
  fs.mkdirSync(building);
  try {
    const svc = await service(dir, emb);
    expect(fs.existsSync(building)).toBe(true);
    expect(await svc.ready()).toBe(true);
    await svc.close();
  } finally {
    release();
  }
});
