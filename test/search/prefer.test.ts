// A follow-up's previous sources weigh more (pure): they gain PREFER_WEIGHT on the article ranking.
import { describe, expect, it } from 'vitest';
import { PREFER_WEIGHT, preferArticles } from '../../src/search/prefer.js';

const ranking = [
  { articleId: 'a', score: 1 },
  { articleId: 'b', score: 0.95 },
  { articleId: 'c', score: 0.5 },
];

describe('preferArticles', () => {
  it('a preferred article close behind the best comes first; one far behind gains but stays behind', () => {
    const out = preferArticles(ranking, ['b', 'c']);
    expect(out.map((a) => a.articleId)).toEqual(['b', 'a', 'c']);
    expect(out.find((a) => a.articleId === 'c')!.score).toBeCloseTo(0.5 + PREFER_WEIGHT);
  });

  it('without preferred articles (or ids not in the ranking) the ranking is unchanged', () => {
    expect(preferArticles(ranking, undefined)).toBe(ranking);
    expect(preferArticles(ranking, ['zzz']).map((a) => a.articleId)).toEqual(['a', 'b', 'c']);
  });
});
