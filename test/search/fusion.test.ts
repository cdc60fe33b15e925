import { describe, expect, it } from 'vitest';
import { rankArticles, bestChunkPerDoc, fuse, minMax, rrfFusion, weightedFusion } from '../../src/search/fusion.js';

describe('minMax', () => {
  it('maps the list onto 0..1 and a flat list onto 1', () => {
    const m = minMax([
      { chunkId: 1, score: 10 },
      { chunkId: 2, score: 5 },
      { chunkId: 3, score: 0 },
    ]);
    expect([m.get(1), m.get(2), m.get(3)]).toEqual([1, 0.5, 0]);
    expect(
      minMax([
        { chunkId: 7, score: 3 },
        { chunkId: 8, score: 3 },
      ]).get(8),
    ).toBe(1);
    expect(minMax([]).size).toBe(0);
  });
});

describe('weightedFusion', () => {
  const lexical = [
    { chunkId: 1, score: 12 },
    { chunkId: 2, score: 6 },
    { chunkId: 3, score: 0 },
  ];
  const dense = [
    { chunkId: 2, score: 0.9 },
    { chunkId: 4, score: 0.7 },
    { chunkId: 1, score: 0.5 },
  ];
  it('rewards agreement of both lists and gives 0 for a missing list', () => {
    const r = weightedFusion(lexical, dense, 0.5);
    // 2: 0.5*0.5 + 0.5*1 = 0.75; 1: 0.5*1 + 0 = 0.5; 4: 0.5*0.5 = 0.25; 3: 0
    expect(r.map((x) => x.chunkId)).toEqual([2, 1, 4, 3]);
    expect(r[0].score).toBeCloseTo(0.75);
    expect(r[2].score).toBeCloseTo(0.25);
  });
  it('weight 1 is lexical order, weight 0 is dense order', () => {
    expect(
      weightedFusion(lexical, dense, 1)
        .slice(0, 3)
        .map((x) => x.chunkId),
    ).toEqual([1, 2, 3]);
    expect(
      weightedFusion(lexical, dense, 0)
        .slice(0, 3)
        .map((x) => x.chunkId),
    ).toEqual([2, 4, 1]);
  });
  it('fuse() defaults to the weighted sum and can do RRF', () => {
    expect(fuse(lexical, dense)).toEqual(weightedFusion(lexical, dense, 0.5));
    expect(fuse(lexical, dense, { method: 'rrf' })).toEqual(rrfFusion([lexical, dense], 60));
  });
});

describe('rrfFusion', () => {
  it('sums 1/(k+rank) over lists', () => {
    const r = rrfFusion(
      [
        [
          { chunkId: 1, score: 9 },
          { chunkId: 2, score: 1 },
        ],
        [{ chunkId: 2, score: 0.9 }],
      ],
      60,
    );
    expect(r[0].chunkId).toBe(2);
    expect(r[0].score).toBeCloseTo(1 / 62 + 1 / 61);
    expect(r[1].score).toBeCloseTo(1 / 61);
  });
});

describe('bestChunkPerDoc', () => {
  it('scores a document by its best chunk, in descending order', () => {
    const doc: Record<number, string> = { 1: 'a', 2: 'b', 3: 'a', 4: 'c' };
    const r = bestChunkPerDoc(
      [
        { chunkId: 3, score: 0.9 },
        { chunkId: 2, score: 0.8 },
        { chunkId: 1, score: 0.1 },
        { chunkId: 9, score: 0.05 },
      ],
      (id) => doc[id],
    );
    expect(r).toEqual([
      { docId: 'a', score: 0.9 },
      { docId: 'b', score: 0.8 },
    ]);
  });
});

describe('rankArticles', () => {
  // article A: passages 1, 2; article B: passages 3, 4; article C: found only by article search
  const articleOf = new Map([
    [1, 'A'],
    [2, 'A'],
    [3, 'B'],
    [4, 'B'],
  ]);
  const dense = [
    { chunkId: 3, score: 0.8 },
    { chunkId: 1, score: 0.7 },
    { chunkId: 2, score: 0.6 },
    { chunkId: 4, score: 0.4 },
  ];
  const articles = [
    { articleId: 'A', score: 20 },
    { articleId: 'C', score: 15 },
    { articleId: 'B', score: 10 },
  ];

  it('scores an article by its whole-article bm25 and its best passage cosine, each normalised', () => {
    const r = rankArticles(dense, articles, articleOf, 0.5);
    // A: 0.5*1 + 0.5*(0.7-0.4)/0.4 = 0.875; B: 0.5*0 + 0.5*1 = 0.5; C: 0.5*0.5 + 0 = 0.25
    expect(r.map((x) => x.articleId)).toEqual(['A', 'B', 'C']);
    [0.875, 0.5, 0.25].forEach((v, i) => {
      expect(r[i].score).toBeCloseTo(v, 9);
    });
  });

  it('weight 1 is the article bm25 order, weight 0 the best-passage cosine order', () => {
    expect(rankArticles(dense, articles, articleOf, 1).map((x) => x.articleId)).toEqual(['A', 'C', 'B']);
    expect(
      rankArticles(dense, articles, articleOf, 0)
        .slice(0, 2)
        .map((x) => x.articleId),
    ).toEqual(['B', 'A']);
    expect(rankArticles([], articles, articleOf, 0.5).map((x) => x.articleId)).toEqual(['A', 'C', 'B']);
  });

  it('an article holding all the words, spread over its passages, beats a passage that has only some', () => {
    // X: one passage, close in meaning, with "alpha"; Y: "alpha" in passage 20, "beta" in 21
    const of = new Map([
      [10, 'X'],
      [20, 'Y'],
      [21, 'Y'],
      [30, 'Z'],
    ]);
    const d = [
      { chunkId: 10, score: 0.9 },
      { chunkId: 20, score: 0.8 },
      { chunkId: 21, score: 0.5 },
    ];
    const l = [
      { chunkId: 10, score: 3 },
      { chunkId: 20, score: 3 },
      { chunkId: 21, score: 3 },
      { chunkId: 30, score: 1 },
    ];
    const arts = [
      { articleId: 'Y', score: 6 },
      { articleId: 'X', score: 3 },
      { articleId: 'Z', score: 1 },
    ];
    expect(bestChunkPerDoc(weightedFusion(l, d, 0.5), (id) => of.get(id))[0].docId).toBe('X'); // passage by passage, X wins
    const r = rankArticles(d, arts, of, 0.5);
    expect(r.map((x) => x.articleId)).toEqual(['Y', 'X', 'Z']); // Y 0.5*1 + 0.5*0.75 = 0.875 > X 0.5*0.4 + 0.5*1 = 0.7
  });
});
