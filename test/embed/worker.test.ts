// The model in a worker thread: same vectors as in-thread, and the event loop keeps running meanwhile.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUNDLED_MODEL } from '../../src/config.js';
import { loadEmbedder } from '../../src/embed/embedder.js';
import type { Embedder } from '../../src/embed/types.js';

const dot = (a: Float32Array, b: Float32Array) => a.reduce((s, v, i) => s + v * b[i], 0);
const passage = (i: number) =>
  `Report ${i}: the agency said the officer had passed documents to a foreign service for several years before he was arrested at the airport. ` +
  'Officials declined to comment on the case, which comes weeks after two diplomats were expelled. '.repeat(
    1 + (i % 3),
  );

let modelsDir: string;
let inThread: Embedder;
let inWorker: Embedder;

beforeAll(async () => {
  modelsDir = await fs.mkdtemp(path.join(os.tmpdir(), 'dossier-worker-'));
  inThread = await loadEmbedder({ model: BUNDLED_MODEL, dtype: 'q8', modelsDir, allowRemote: false });
  inWorker = await loadEmbedder({ model: BUNDLED_MODEL, dtype: 'q8', modelsDir, allowRemote: false, worker: true });
});

afterAll(async () => {
  await inThread?.dispose();
  await inWorker?.dispose();
  await fs.rm(modelsDir, { recursive: true, force: true });
});

describe('loadEmbedder({ worker: true })', () => {
  it('gives the same vectors, token counts and metadata as in-thread', async () => {
    const texts = Array.from({ length: 40 }, (_, i) => passage(i));
    const [a, b] = [await inThread.embed(texts), await inWorker.embed(texts)];
    expect(b).toHaveLength(40);
    for (let i = 0; i < texts.length; i++) expect(dot(a[i], b[i])).toBeGreaterThan(0.9999);
    expect(inWorker.countTokens('This is an example sentence')).toBe(5);
    expect([inWorker.dims, inWorker.maxTokens, inWorker.dtype]).toEqual([384, 256, 'q8']);
  });

  it('leaves the event loop free while it embeds', async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    try {
      await inWorker.embed(Array.from({ length: 48 }, (_, i) => passage(i)));
    } finally {
      clearInterval(timer);
    }
    // in-thread, a batch of 32 passages holds the loop for its whole run; in the worker, timers keep firing
    expect(ticks).toBeGreaterThanOrEqual(3);
  });

  it('refuses work after dispose', async () => {
    const extra = await loadEmbedder({
      model: BUNDLED_MODEL,
      dtype: 'fp32',
      modelsDir,
      allowRemote: false,
      worker: true,
    });
    const [v] = await extra.embed(['This is an example sentence']);
    expect(v[0]).toBeCloseTo(0.0677, 3);
    await extra.dispose();
    await expect(extra.embed(['x'])).rejects.toThrow(/disposed/);
  });
});

describe('the compiled worker (dist/, what bin/dossier.js and npm start run)', () => {
  it('is found beside the compiled embedder and gives the same vectors', async () => {
    // dist/ is built by the test setup (test/support/build-dist.ts), as npm install builds it
    const url = pathToFileURL(path.resolve(import.meta.dirname, '../../dist/src/embed/embedder.js')).href;
    const compiled = (await import(url)) as typeof import('../../src/embed/embedder.js');
    const w = await compiled.loadEmbedder({
      model: BUNDLED_MODEL,
      dtype: 'q8',
      modelsDir,
      allowRemote: false,
      worker: true,
    });
    try {
      const texts = [passage(1), passage(2)];
      const [a, b] = [await inThread.embed(texts), await w.embed(texts)];
      for (let i = 0; i < texts.length; i++) expect(dot(a[i], b[i])).toBeGreaterThan(0.9999);
    } finally {
      await w.dispose();
    }
  });
});
