// The HNSW wrapper on its own: filtered search is not starved, and it matches exact search.
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { VectorIndex } from '../../src/index/vectors.js';
import { tempDir } from '../support/env.js';

function rng(seed: number) {
  return () => {
    seed = (seed * 1664525 + 1013904223) >>> 0;
    return seed / 2 ** 32 - 0.5;
  };
}

const dims = 32;
const rand = rng(42);
const points = Array.from({ length: 3000 }, (_, i) => ({
  id: i + 1,
  vector: Float32Array.from({ length: dims }, rand),
}));
const cos = (a: Float32Array, b: Float32Array) => {
  let d = 0,
    na = 0,
    nb = 0;
  for (let i = 0; i < a.length; i++) {
    d += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  return d / Math.sqrt(na * nb);
};
const exact = (q: Float32Array, k: number, allowed?: Set<number>) =>
  points
    .filter((p) => !allowed || allowed.has(p.id))
    .map((p) => ({ id: p.id, s: cos(q, p.vector) }))
    .sort((a, b) => b.s - a.s)
    .slice(0, k)
    .map((h) => h.id);

describe('VectorIndex', () => {
  const vi = VectorIndex.fromVectors(dims, 100, { M: 16, efConstruction: 200 }, points); // grows past its first capacity
  const queries = Array.from({ length: 20 }, () => Float32Array.from({ length: dims }, rand));

  test('unfiltered search agrees with exact cosine search (high recall), scores are cosines', () => {
    let found = 0;
    for (const q of queries) {
      const hits = vi.search(q, 10, { ef: 100 });
      const truth = new Set(exact(q, 10));
      found += hits.filter((h) => truth.has(h.chunkId)).length;
      expect(hits[0].score).toBeCloseTo(cos(q, points[hits[0].chunkId - 1].vector), 4);
    }
    expect(found / (queries.length * 10)).toBeGreaterThan(0.9);
  });

  test('a small allowed set is searched exactly', () => {
    const allowed = new Set(points.filter((p) => p.id % 10 === 0).map((p) => p.id)); // 300 ids
    for (const q of queries.slice(0, 5))
      expect(vi.search(q, 10, { allowed }).map((h) => h.chunkId)).toEqual(exact(q, 10, allowed));
  });

  test('a large but selective allowed set still returns k allowed results', () => {
    const allowed = new Set(points.filter((p) => p.id % 3 !== 0).map((p) => p.id)); // 2000 ids: exact path edge
    const big = new Set(points.filter((p) => p.id % 7 !== 0).map((p) => p.id)); // 2572 ids: graph path
    for (const set of [allowed, big]) {
      let found = 0;
      for (const q of queries) {
        const hits = vi.search(q, 20, { allowed: set });
        expect(hits).toHaveLength(20);
        expect(hits.every((h) => set.has(h.chunkId))).toBe(true);
        const truth = new Set(exact(q, 20, set));
        found += hits.filter((h) => truth.has(h.chunkId)).length;
      }
      expect(found / (queries.length * 20)).toBeGreaterThan(0.9);
    }
  });

  test('removed ids are never returned; k larger than the index returns what there is', () => {
    const small = VectorIndex.fromVectors(dims, 10, { M: 16, efConstruction: 200 }, points.slice(0, 10));
    small.remove(3);
    small.remove(999); // unknown: ignored
    const hits = small.search(points[2].vector, 50);
    expect(hits.map((h) => h.chunkId).sort((a, b) => a - b)).toEqual([1, 2, 4, 5, 6, 7, 8, 9, 10]);
    expect(small.search(points[2].vector, 5, { allowed: new Set([3]) })).toEqual([]);
  });

  test('write and read back give the same answers; a wrong file is an error', () => {
    const dir = tempDir();
    const file = path.join(dir, 'v.hnsw');
    vi.write(file);
    const back = VectorIndex.read(file, dims);
    expect(back.search(queries[0], 10)).toEqual(vi.search(queries[0], 10));
    expect(() => VectorIndex.read(path.join(dir, 'missing.hnsw'), dims)).toThrow();
  });
});
