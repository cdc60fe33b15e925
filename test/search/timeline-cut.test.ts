// The timeline's relevance cut (pure): a share of the best article's score, best first.
import { describe, expect, it } from 'vitest';
import { DEFAULT_TIMELINE_SHARE, relevanceCut } from '../../src/search/timeline.js';

const arts = (...scores: number[]) => scores.map((score, i) => ({ articleId: `a${i}`, score }));

describe('relevanceCut', () => {
  it('keeps the articles scoring at least the share of the best one, best first', () => {
    const kept = relevanceCut(arts(0.5, 1, 0.74, 0.75, 0.2), 0.75);
    expect(kept.map((a) => a.articleId)).toEqual(['a1', 'a3']);
  });

  it('is relative: the same spread of scores keeps the same articles at any scale', () => {
    const a = relevanceCut(arts(1, 0.8, 0.6), 0.7).map((x) => x.articleId);
    const b = relevanceCut(arts(0.5, 0.4, 0.3), 0.7).map((x) => x.articleId);
    expect(a).toEqual(['a0', 'a1']);
    expect(b).toEqual(a);
  });

  it('breaks ties by id, so the same ranking always gives the same timeline', () => {
    const kept = relevanceCut(
      [
        { articleId: 'z', score: 0.9 },
        { articleId: 'b', score: 0.9 },
        { articleId: 'm', score: 1 },
      ],
      0.5,
    );
    expect(kept.map((a) => a.articleId)).toEqual(['m', 'b', 'z']);
  });

  it('keeps only the best article when no score is positive, and nothing from nothing', () => {
    expect(relevanceCut(arts(0, 0, 0)).length).toBe(1);
    expect(relevanceCut([])).toEqual([]);
  });

  it('defaults to the share chosen on TIME (0.75)', () => {
    expect(DEFAULT_TIMELINE_SHARE).toBe(0.75);
    expect(relevanceCut(arts(1, 0.76, 0.74)).length).toBe(2);
  });
});
