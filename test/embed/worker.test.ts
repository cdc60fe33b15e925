// The model in a worker thread: same vectors as in-thread, and the event loop keeps running meanwhile.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUNDLED_MODEL } from '../../src/config.js';
import { loadEmbedder } from '../../src/embed/embedder.js';
import type { Embedder } from '../../src/embed/types.js';
import { threadsPerWorker } from '../../src/embed/worker-embedder.js';

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

describe('loadEmbedder({ worker: true, workers: N }) (dossier index --workers N)', () => {
  it("gives exactly the vectors of one worker, in the caller's order", async () => {
    const pool = await loadEmbedder({
      model: BUNDLED_MODEL,
      dtype: 'q8',
      modelsDir,
      allowRemote: false,
      worker: true,
      workers: 2,
    });
    try {
      // 40 texts of three lengths = 5 batches of 8: spread over both workers, back in input order
      const texts = Array.from({ length: 40 }, (_, i) => passage(i));
      const [one, two] = await Promise.all([inWorker.embed(texts), pool.embed(texts)]);
      expect(two).toHaveLength(40);
      for (let i = 0; i < texts.length; i++) expect(Array.from(two[i])).toEqual(Array.from(one[i]));
      // two calls at once (the embed stage and a second caller) each get their own rows
      const [x, y] = await Promise.all([pool.embed(texts.slice(0, 9)), pool.embed(texts.slice(9, 20))]);
      expect([...x, ...y].map((v) => Array.from(v))).toEqual(one.slice(0, 20).map((v) => Array.from(v)));
      expect(pool.countTokens('This is an example sentence')).toBe(5);
    } finally {
      await pool.dispose();
    }
    await expect(pool.embed(['x'])).rejects.toThrow(/disposed/);
  });

  it('shares the cores out between the workers instead of one onnxruntime thread per core each', () => {
    expect(threadsPerWorker(1, 8)).toBe(0); // onnxruntime's own default
    expect(threadsPerWorker(2, 8)).toBe(4);
    expect(threadsPerWorker(4, 2)).toBe(1);
    expect(threadsPerWorker(3, 8)).toBe(2);
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
