import { describe, expect, it } from 'vitest';
import { diversify } from '../../src/search/diversify.js';

const item = (id: number, articleId: string) => ({ id, articleId });

describe('diversify', () => {
  it('takes at most N passages per article, keeping rank order', () => {
    const ranked = [
      item(1, 'a'),
      item(2, 'a'),
      item(3, 'a'),
      item(4, 'b'),
      item(5, 'c'),
      item(6, 'b'),
      item(7, 'b'),
      item(8, 'd'),
    ];
    expect(diversify(ranked, 5, 2).map((x) => x.id)).toEqual([1, 2, 4, 5, 6]);
    expect(diversify(ranked, 4, 1).map((x) => x.id)).toEqual([1, 4, 5, 8]);
  });
  it('returns fewer rather than repeat an article, unless asked to fill (then in rank order)', () => {
    const ranked = [item(1, 'a'), item(2, 'a'), item(3, 'a'), item(4, 'b')];
    expect(diversify(ranked, 4, 1).map((x) => x.id)).toEqual([1, 4]);
    expect(diversify(ranked, 4, 1, true).map((x) => x.id)).toEqual([1, 2, 3, 4]);
    expect(diversify(ranked, 3, 1, true).map((x) => x.id)).toEqual([1, 2, 4]);
  });
  it('handles empty input and limits', () => {
    expect(diversify([], 5)).toEqual([]);
    expect(diversify([item(1, 'a')], 0)).toEqual([]);
  });
});
