// De-duplication: same URL, or same title and date; the copy with a permalink is kept.
import { describe, expect, it } from 'vitest';
import { articleId, type Article } from '../../src/archive/article.js';
import { Deduper } from '../../src/archive/dedupe.js';

function art(title: string, extra: Partial<Article> = {}): Article {
  const base = { title, body: 'b', tags: [], origin: {}, ...extra };
  return { ...base, id: articleId(base) };
}

describe('Deduper', () => {
  it('keeps one copy per normalised URL', () => {
    const d = new Deduper();
    expect(d.add(art('A', { url: 'https://intelnews.org/2019/03/05/01-2507/' }))).toBe(true);
    expect(d.add(art('A, edited title', { url: 'http://www.intelnews.org/2019/03/05/01-2507' }))).toBe(false);
    expect(d.articles).toHaveLength(1);
    expect(d.duplicates).toBe(1);
  });

  it('matches the same title and date, whatever the case and spacing', () => {
    const d = new Deduper();
    d.add(art('Spy  ring uncovered', { date: '2019-01-01' }));
    expect(d.add(art('spy ring uncovered', { date: '2019-01-01' }))).toBe(false);
    expect(d.add(art('Spy ring uncovered', { date: '2019-01-02' }))).toBe(true);
    expect(d.articles).toHaveLength(2);
  });

  it('matches an undated copy with a dated one of the same title, either way round, and keeps the richer copy in place', () => {
    const d = new Deduper();
    d.add(art('First'));
    d.add(art('Madrid raid'));
    expect(d.add(art('Madrid raid', { date: '2019-03-18', url: 'https://intelnews.org/2019/03/18/01-2514/' }))).toBe(
      false,
    );
    expect(d.articles.map((a) => [a.title, a.url])).toEqual([
      ['First', undefined],
      ['Madrid raid', 'https://intelnews.org/2019/03/18/01-2514/'],
    ]);
    // a later undated copy matches the dated one now kept
    expect(d.add(art('Madrid raid'))).toBe(false);
    expect(d.duplicates).toBe(2);
  });

  it('does not merge two dated posts that share a title', () => {
    const d = new Deduper();
    expect(d.add(art('Weekly roundup', { date: '2019-01-01' }))).toBe(true);
    expect(d.add(art('Weekly roundup', { date: '2019-01-08' }))).toBe(true);
    expect(d.duplicates).toBe(0);
  });

  it('keeps posts of one title on one day with different permalinks and texts; says which rule merged what', () => {
    const d = new Deduper();
    const day = { date: '2024-03-04' };
    d.add(art('Daily briefing', { ...day, url: 'https://e.com/a/', body: 'Morning: the strike goes on at the port.' }));
    expect(
      d.add(art('Daily briefing', { ...day, url: 'https://e.com/b/', body: 'Evening: the strike is over.' })),
    ).toBe(true);
    // a copy without a permalink goes with the copy whose text is closest
    expect(d.add(art('Daily briefing', { ...day, body: 'Evening: the strike is over.' }))).toBe(false);
    expect(d.merges).toEqual([
      {
        rule: 'same title and date, one copy without a permalink',
        kept: expect.objectContaining({ url: 'https://e.com/b/' }),
        dropped: expect.not.objectContaining({ url: expect.anything() }),
      },
    ]);
  });

  it('tells apart two posts without permalinks that would share a title-and-date id', () => {
    const d = new Deduper();
    d.add(art('4TH QTR NET', { date: '1987-02-26', body: 'Shr 1.17 dlrs vs 1.24 dlrs' }));
    expect(d.add(art('4TH QTR NET', { date: '1987-02-26', body: 'Shr 22 cts vs 19 cts' }))).toBe(true);
    expect(new Set(d.articles.map((a) => a.id)).size).toBe(2);
  });
});
