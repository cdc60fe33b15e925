// The timeline's pure parts: date order (same-day articles kept apart, undated last), the sentence
// that says what happened, the most relevant articles kept under a limit.
import { describe, expect, it } from 'vitest';
import { bestSentence, buildTimeline, orderLines } from '../../src/answer/timeline.js';
import type { TimelineArticle, TimelineCandidates } from '../../src/search/timeline.js';

function art(
  id: string,
  date: string | null,
  score: number,
  texts: string[],
  url: string | null = null,
): TimelineArticle {
  return {
    articleId: id,
    score,
    passages: texts.map((text, ordinal) => ({
      chunkId: Number(id.replace(/\D/g, '')) * 10 + ordinal,
      articleId: id,
      ordinal,
      start: 0,
      end: text.length,
      text,
      title: `Title ${id}`,
      author: null,
      date,
      url,
      score: score - ordinal / 10,
    })),
  };
}

describe('orderLines', () => {
  const lines = [
    { articleId: 'c', date: '2024-09-10', score: 0.8 },
    { articleId: 'u', date: null, score: 1 },
    { articleId: 'a', date: '2024-09-02', score: 0.9 },
    { articleId: 'b', date: '2024-09-10', score: 0.95 },
    { articleId: 'd', date: '2024-09-24', score: 0.7 },
  ];

  it('puts the oldest first, undated last, and keeps two articles of one day as two lines', () => {
    expect(orderLines(lines, 'oldest').map((l) => l.articleId)).toEqual(['a', 'b', 'c', 'd', 'u']);
  });

  it('newest first still puts undated last; same-day articles keep the more relevant first', () => {
    expect(orderLines(lines, 'newest').map((l) => l.articleId)).toEqual(['d', 'b', 'c', 'a', 'u']);
  });
});

describe('bestSentence', () => {
  it('takes the sentence that carries the topic words, as it is in the article', () => {
    const a = art('a1', '2024-09-10', 1, [
      'Weather was mild in the morning. Three villages below the Varna dam were evacuated on Tuesday as water seeped through the wall. Schools stayed open.',
    ]);
    expect(bestSentence('Varna dam evacuation villages', a)).toBe(
      'Three villages below the Varna dam were evacuated on Tuesday as water seeped through the wall.',
    );
  });

  it('also considers the lede when the best passage is a later one', () => {
    const a = art('a2', '2024-09-10', 1, [
      'The Varna dam cracked and villages were evacuated after record rain.',
      'Officials met later. Nobody commented on the weather.',
    ]);
    // the best passage (first in the list) is the second one here
    a.passages.reverse();
    expect(bestSentence('Varna dam cracked villages evacuated', a)).toBe(
      'The Varna dam cracked and villages were evacuated after record rain.',
    );
  });
});

describe('buildTimeline', () => {
  const cands = (articles: TimelineArticle[]): TimelineCandidates => ({
    query: { text: 'Varna dam' },
    now: '2024-10-01',
    covered: true,
    articles,
    total: articles.length,
    related: [],
    timings: {},
  });

  it('numbers the lines in date order and cites each to its article', () => {
    const t = buildTimeline(
      cands([
        art('a3', '2024-09-24', 1, ['Repairs on the Varna dam began on Monday.'], 'https://x.example/3'),
        art('a1', '2024-09-02', 0.9, ['Cracks were found in the Varna dam on Monday.']),
      ]),
    );
    expect(t.lines.map((l) => [l.n, l.articleId, l.date])).toEqual([
      [1, 'a1', '2024-09-02'],
      [2, 'a3', '2024-09-24'],
    ]);
    expect(t.lines[1]).toMatchObject({ url: 'https://x.example/3', title: 'Title a3' });
    expect(t.lines[1].sentence).toBe('Repairs on the Varna dam began on Monday.');
  });

  it('under a limit keeps the most relevant articles, then shows them in date order', () => {
    const t = buildTimeline(
      cands([
        art('a2', '2024-09-20', 1, ['The Varna dam was repaired.']),
        art('a1', '2024-09-01', 0.9, ['The Varna dam cracked.']),
        art('a3', '2024-08-01', 0.8, ['The Varna dam was built long ago.']),
      ]),
      { limit: 2, order: 'newest' },
    );
    expect(t.lines.map((l) => l.articleId)).toEqual(['a2', 'a1']);
    expect(t.total).toBe(3);
    expect(t.order).toBe('newest');
  });
});
