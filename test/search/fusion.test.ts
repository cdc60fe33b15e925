import { describe, expect, it } from 'vitest';
import { bestChunkPerDoc, fuse, minMax, rrfFusion, weightedFusion } from '../../src/search/fusion.js';

describe('minMax', () => {
  it('maps the list onto 0..1 and a flat list onto 1', () => {
    const m = minMax([{ chunkId: 1, score: 10 }, { chunkId: 2, score: 5 }, { chunkId: 3, score: 0 }]);
    expect([m.get(1), m.get(2), m.get(3)]).toEqual([1, 0.5, 0]);
    expect(minMax([{ chunkId: 7, score: 3 }, { chunkId: 8, score: 3 }]).get(8)).toBe(1);
    expect(minMax([]).size).toBe(0);
  });
});

describe('weightedFusion', () => {
  const lexical = [{ chunkId: 1, score: 12 }, { chunkId: 2, score: 6 }, { chunkId: 3, score: 0 }];
  const dense = [{ chunkId: 2, score: 0.9 }, { chunkId: 4, score: 0.7 }, { chunkId: 1, score: 0.5 }];
  it('rewards agreement of both lists and gives 0 for a missing list', () => {
    const r = weightedFusion(lexical, dense, 0.5);
    // 2: 0.5*0.5 + 0.5*1 = 0.75; 1: 0.5*1 + 0 = 0.5; 4: 0.5*0.5 = 0.25; 3: 0
    expect(r.map((x) => x.chunkId)).toEqual([2, 1, 4, 3]);
    expect(r[0].score).toBeCloseTo(0.75);
    expect(r[2].score).toBeCloseTo(0.25);
  });
  it('weight 1 is lexical order, weight 0 is dense order', () => {
    expect(weightedFusion(lexical, dense, 1).slice(0, 3).map((x) => x.chunkId)).toEqual([1, 2, 3]);
    expect(weightedFusion(lexical, dense, 0).slice(0, 3).map((x) => x.chunkId)).toEqual([2, 4, 1]);
  });
  it('fuse() defaults to the weighted sum and can do RRF', () => {
    expect(fuse(lexical, dense)).toEqual(weightedFusion(lexical, dense, 0.5));
    expect(fuse(lexical, dense, { method: 'rrf' })).toEqual(rrfFusion([lexical, dense], 60));
  });
});

describe('rrfFusion', () => {
  it('sums 1/(k+rank) over lists', () => {
    const r = rrfFusion([[{ chunkId: 1, score: 9 }, { chunkId: 2, score: 1 }], [{ chunkId: 2, score: 0.9 }]], 60);
    expect(r[0].chunkId).toBe(2);
    expect(r[0].score).toBeCloseTo(1 / 62 + 1 / 61);
    expect(r[1].score).toBeCloseTo(1 / 61);
  });
});

describe('bestChunkPerDoc', () => {
  it('scores a document by its best chunk, in descending order', () => {
    const doc: Record<number, string> = { 1: 'a', 2: 'b', 3: 'a', 4: 'c' };
    const r = bestChunkPerDoc([{ chunkId: 3, score: 0.9 }, { chunkId: 2, score: 0.8 }, { chunkId: 1, score: 0.1 }, { chunkId: 9, score: 0.05 }], (id) => doc[id]);
    expect(r).toEqual([{ docId: 'a', score: 0.9 }, { docId: 'b', score: 0.8 }]);
  });
});
