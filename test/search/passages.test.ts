import { describe, expect, it } from 'vitest';
import { cosine, passageBm25, placePassages, type HeadPassage } from '../../src/search/passages.js';

const unit = (...xs: number[]) => {
  const n = Math.hypot(...xs);
  return Float32Array.from(xs.map((x) => x / n));
};

describe('passageBm25', () => {
  const ps = [
    { chunkId: 1, text: 'The Cheollima Civil Defense claimed the raid on the embassy.' },
    { chunkId: 2, text: 'Spanish police said the embassy staff were tied up.' },
    { chunkId: 3, text: 'The weather in Madrid was mild.' },
  ];
  it('rewards the rarer question words among the passages, stemmed, and gives 0 without any', () => {
    const s = passageBm25('Who raided the embassy? Was it Cheollima?', ps);
    // "embassy" is in two passages, "cheollima" and "raid" (from "raided") in one: passage 1 leads
    expect(s.get(1)!).toBeGreaterThan(s.get(2)!);
    expect(s.get(2)!).toBeGreaterThan(0);
    expect(s.get(3)).toBe(0);
  });
  it('a question of stop words only scores every passage 0', () => {
    expect([...passageBm25('who is it?', ps).values()]).toEqual([0, 0, 0]);
  });
});

describe('placePassages', () => {
  const q = unit(1, 0, 0);
  const passages: HeadPassage[] = [
    { chunkId: 10, articleId: 'A', text: 'Nothing about it here.', vector: unit(0.2, 1, 0) },
    { chunkId: 11, articleId: 'A', text: 'The zeppelin was seen over the harbour.', vector: unit(1, 0.3, 0) },
    { chunkId: 20, articleId: 'B', text: 'A zeppelin, they said.', vector: unit(1, 1, 0) },
    { chunkId: 30, articleId: 'C', text: 'Other news.', vector: unit(0, 0, 1) },
  ];
  const head = [
    { articleId: 'A', score: 0.9 },
    { articleId: 'B', score: 0.6 },
  ];

  it('the best passage of an article carries its score; the others fall behind it by how much worse they are', () => {
    const r = placePassages('zeppelin harbour', q, head, passages, 0.5);
    const by = new Map(r.map((x) => [x.chunkId, x.score]));
    expect(r[0]).toEqual({ chunkId: 11, score: 0.9 });
    expect(by.get(20)).toBeCloseTo(0.6);
    expect(by.get(10)!).toBeLessThan(0.9);
    expect(by.has(30)).toBe(false); // not a leading article
    // 10 has no question word (lexical 0) and a low cosine, min-max scaled over the passages given (30's is 0);
    // 11 has both words and the highest cosine (1 and 1): 10 sits 1 - 0.5 * scaled cosine below A's score
    const scaled = cosine(q, passages[0].vector) / cosine(q, passages[1].vector);
    expect(by.get(10)).toBeCloseTo(0.9 - (1 - 0.5 * scaled), 6);
  });

  it('weight 0 picks passages by cosine alone, weight 1 by the question words alone', () => {
    const near = [
      { chunkId: 1, articleId: 'A', text: 'zeppelin zeppelin', vector: unit(0.5, 1, 0) },
      { chunkId: 2, articleId: 'A', text: 'unrelated words', vector: unit(1, 0.1, 0) },
    ];
    expect(placePassages('zeppelin', q, [{ articleId: 'A', score: 1 }], near, 0)[0].chunkId).toBe(2);
    expect(placePassages('zeppelin', q, [{ articleId: 'A', score: 1 }], near, 1)[0].chunkId).toBe(1);
  });

  it('cosine is the dot product of unit vectors', () => {
    expect(cosine(unit(1, 0, 0), unit(1, 1, 0))).toBeCloseTo(Math.SQRT1_2);
  });
});
