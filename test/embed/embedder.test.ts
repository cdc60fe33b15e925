// The real bundled model through loadEmbedder: reference values, int8 fidelity, semantics, tokens.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUNDLED_MODEL } from '../../src/config.js';
import { loadEmbedder } from '../../src/embed/embedder.js';
import type { Embedder } from '../../src/embed/types.js';

const dot = (a: Float32Array, b: Float32Array) => a.reduce((s, v, i) => s + v * b[i], 0);
const norm = (a: Float32Array) => Math.sqrt(dot(a, a));

const SENTENCES = [
  'This is an example sentence',
  'The intelligence service recruited an agent inside the embassy.',
  'Spies were expelled after the diplomatic row between the two countries.',
  'Interest rates rose by a quarter point, the central bank said on Tuesday.',
  'A cup of green tea contains less caffeine than coffee.',
  'The defector handed classified documents to foreign officials in 1985.',
  'Wheat exports fell sharply because of the drought.',
  'def main(): return 42',
  'Η ελληνική αστυνομία συνέλαβε δύο υπόπτους.',
  'OK',
];

let modelsDir: string;
let fp32: Embedder;
let q8: Embedder;

beforeAll(async () => {
  modelsDir = await fs.mkdtemp(path.join(os.tmpdir(), 'dossier-embed-'));
  fp32 = await loadEmbedder({ model: BUNDLED_MODEL, dtype: 'fp32', modelsDir, allowRemote: false });
  q8 = await loadEmbedder({ model: BUNDLED_MODEL, dtype: 'q8', modelsDir, allowRemote: false });
});

afterAll(async () => {
  await fp32?.dispose();
  await q8?.dispose();
  await fs.rm(modelsDir, { recursive: true, force: true });
});

describe('loadEmbedder with the bundled model', () => {
  it('reproduces the published sentence-transformers embedding (fp32)', async () => {
    const [v] = await fp32.embed(['This is an example sentence']);
    expect(v).toHaveLength(384);
    const expected = [0.0677, 0.0635, 0.0487, 0.0793];
    expected.forEach((e, i) => {
      expect(Math.abs(v[i] - e)).toBeLessThan(1e-3);
    });
    expect(norm(v)).toBeCloseTo(1, 5);
  });

  it('describes itself', () => {
    expect(fp32.modelId).toBe(BUNDLED_MODEL);
    expect(fp32.dtype).toBe('fp32');
    expect(q8.dtype).toBe('q8');
    expect(fp32.dims).toBe(384);
    expect(fp32.maxTokens).toBe(256);
  });

  it('int8 vectors stay within cosine 0.98 of fp32', async () => {
    const a = await fp32.embed(SENTENCES);
    const b = await q8.embed(SENTENCES);
    for (let i = 0; i < SENTENCES.length; i++) {
      expect(norm(b[i])).toBeCloseTo(1, 4);
      expect(dot(a[i], b[i]), SENTENCES[i]).toBeGreaterThanOrEqual(0.98);
    }
  });

  it('keeps input order and batches texts of mixed lengths', async () => {
    const texts = Array.from({ length: 70 }, (_, i) => SENTENCES[i % SENTENCES.length].repeat(1 + (i % 4)));
    const all = await q8.embed(texts);
    expect(all).toHaveLength(70);
    const one = await q8.embed([texts[37]]);
    // padding is masked and int8 activations are quantised per token, so batch mates do not change a vector
    expect(dot(all[37], one[0])).toBeGreaterThan(0.9999);
    expect(await q8.embed([])).toEqual([]);
  });

  it('scores related texts above unrelated ones', async () => {
    for (const e of [fp32, q8]) {
      const [spy, expel, tea] = await e.embed([SENTENCES[1], SENTENCES[2], SENTENCES[4]]);
      expect(dot(spy, expel)).toBeGreaterThan(dot(spy, tea) + 0.1);
    }
  });

  it('counts word pieces without [CLS]/[SEP]', () => {
    expect(fp32.countTokens('This is an example sentence')).toBe(5);
    expect(fp32.countTokens('')).toBe(0);
    // "embeddings" splits into em ##bed ##ding ##s in the uncased BERT vocabulary
    expect(fp32.countTokens('embeddings')).toBe(4);
    expect(fp32.countTokens('Hello, world!')).toBe(4);
    const long = 'word '.repeat(300);
    expect(fp32.countTokens(long)).toBe(300); // not truncated: the chunker needs the true length
  });

  it('shares one loaded model per (folder, model, dtype)', async () => {
    const again = await loadEmbedder({ model: BUNDLED_MODEL, dtype: 'fp32', modelsDir, allowRemote: false });
    await again.dispose();
    // the first handle still works after another handle was disposed
    const [v] = await fp32.embed(['still alive']);
    expect(v).toHaveLength(384);
    await expect(again.embed(['x'])).rejects.toThrow(/disposed/);
  });
});

describe('models that are not bundled', () => {
  it('refuses an unknown model when downloads are off, saying how to fix it', async () => {
    await expect(
      loadEmbedder({ model: 'someone/not-a-real-model', dtype: 'q8', modelsDir, allowRemote: false }),
    ).rejects.toThrow(/ALLOW_REMOTE_MODELS=true.*bundled model/s);
  });
});
