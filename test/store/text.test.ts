// The Postgres store's lexical rules as pure functions: the words FTS5's tokenizer would see (accents
// removed, lower case), the bm25 length, FTS5's idf, pgvector's text form both ways.
import { describe, expect, it } from 'vitest';
import { toFtsQuery } from '../../src/index/fts-query.js';
import { ftsWords, idf, parseVector, searchText, vectorText, words } from '../../src/store/postgres/text.js';

describe('postgres lexical text', () => {
  it('splits words as unicode61 with remove_diacritics: accents and case go, punctuation splits', () => {
    expect(words('Café in Zürich, ÉTÉ—2019; anti-missile O’Brien')).toEqual([
      'cafe',
      'in',
      'zurich',
      'ete',
      '2019',
      'anti',
      'missile',
      'o',
      'brien',
    ]);
    expect(words('')).toEqual([]);
  });

  it('counts every word of text and title for the bm25 length', () => {
    expect(searchText('Two words', 'and title')).toEqual({ text: 'two words and title', len: 4 });
  });

  it('reads the words back from an FTS5 query built from user text, syntax and all', () => {
    expect(ftsWords(toFtsQuery('NEAR("spy" x) OR Zürich*')!)).toEqual(['near', 'spy', 'x', 'zurich']);
  });

  it("computes FTS5's idf, never below a tiny positive weight", () => {
    expect(idf(100, 1)).toBeCloseTo(Math.log(99.5 / 1.5), 10);
    expect(idf(10, 9)).toBe(1e-6);
  });

  it('writes and reads vectors in pgvector text form', () => {
    const v = Float32Array.from([0.5, -0.25, 1e-7]);
    expect(parseVector(vectorText(v))).toEqual(v);
  });
});
