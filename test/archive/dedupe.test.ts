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
});
