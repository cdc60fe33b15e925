import { describe, expect, it } from 'vitest';
import { buildAnswer } from '../../src/answer/build.js';
import type { Passage, SearchResult } from '../../src/search/types.js';

function passage(over: Partial<Passage> & { text: string; articleId: string }): Passage {
  return {
    chunkId: 1,
    ordinal: 0,
    start: 0,
    end: over.text.length,
    title: 'T',
    author: null,
    date: null,
    url: null,
    score: 1,
    ...over,
  };
}

const madrid = passage({
  chunkId: 11,
  articleId: 'u:madrid',
  title: 'Analysis: Who was behind the raid on the North Korean embassy in Madrid?',
  author: 'Joseph Fitsanakis',
  date: '2019-03-18',
  url: 'https://intelnews.org/2019/03/18/01-2514/',
  score: 0.9,
  text:
    'An obscure North Korean dissident group was most likely behind a violent raid on North Korea’s embassy in Madrid on February 22. ' +
    'The group, known as the Cheollima Civil Defense, is believed to be the first North Korean resistance organization to declare war on the government. ' +
    'The attack took place at 3:00 in the afternoon local time.',
});
const other = passage({
  chunkId: 22,
  articleId: 't:nolink',
  title: 'Spanish police report',
  score: 0.5,
  text: 'Spanish police said the assailants spoke Korean. They stole hard drives from the embassy.',
});

const result = (passages: Passage[], covered = true, related: Passage[] = []): SearchResult => ({
  query: { text: 'q' },
  covered,
  passages,
  related,
  timings: {},
});

describe('buildAnswer', () => {
  it('answers with the best sentence and the sentence that continues it, cited to their passage', () => {
    const a = buildAnswer(
      'Which group was most likely behind the raid on the embassy in Madrid?',
      result([madrid, other]),
    );
    expect(a.covered).toBe(true);
    expect(a.sentences[0].text).toMatch(/^An obscure North Korean dissident group/);
    expect(a.sentences[1].text).toMatch(/Cheollima Civil Defense/);
    expect(a.sentences.every((s) => s.citation === 1)).toBe(true);
    expect(a.sentences.length).toBeLessThanOrEqual(3);
    const s1 = a.sources[0];
    expect(s1).toMatchObject({
      n: 1,
      url: 'https://intelnews.org/2019/03/18/01-2514/',
      author: 'Joseph Fitsanakis',
      date: '2019-03-18',
    });
    // highlights are the answering sentences, as offsets into the passage
    expect(s1.highlights.map((h) => s1.passage.slice(h.start, h.end))).toEqual([
      a.sentences[0].text,
      a.sentences[1].text,
    ]);
  });

  it('lists every passage as a numbered source in rank order, without inventing a URL', () => {
    const a = buildAnswer('Who stole the hard drives from the embassy?', result([madrid, other]));
    expect(a.sources.map((s) => s.n)).toEqual([1, 2]);
    expect(a.sources[1].url).toBeNull();
    const cited = a.sentences.find((s) => /hard drives/.test(s.text));
    expect(cited?.citation).toBe(2);
  });

  it('says not covered and offers the related articles', () => {
    const a = buildAnswer('What is the recipe for apple pie?', result([], false, [madrid]));
    expect(a.covered).toBe(false);
    expect(a.sentences).toEqual([]);
    expect(a.sources).toEqual([]);
    expect(a.related.map((r) => r.articleId)).toEqual(['u:madrid']);
  });

  it('never cites a heading and never repeats a sentence', () => {
    const dup = passage({ chunkId: 33, articleId: 'u:madrid', score: 0.85, text: madrid.text });
    const a = buildAnswer('raid on the embassy in Madrid', result([madrid, dup]));
    const texts = a.sentences.map((s) => s.text);
    expect(new Set(texts).size).toBe(texts.length);
  });
});
