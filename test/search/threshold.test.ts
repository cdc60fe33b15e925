import { describe, expect, it } from 'vitest';
import { isCovered, termCoverage } from '../../src/search/threshold.js';
import { contentTerms, stem } from '../../src/search/terms.js';

describe('terms', () => {
  it('drops stop words and folds simple inflections and accents', () => {
    expect(contentTerms('What is the recipe for apple pies?')).toEqual(['recipe', 'apple', 'pie']);
    expect(stem('hackers')).toBe('hacker');
    expect(stem('agencies')).toBe('agency');
    expect(contentTerms('Benoît Quennedey')).toEqual(['benoit', 'quennedey']);
  });
});

describe('answerability', () => {
  const t = { dense: 0.4, denseWithTerms: 0.25, terms: 0.6 };
  it('covers a close dense match, or a weaker one whose passage holds most question terms', () => {
    expect(isCovered({ bestDense: 0.45, termCoverage: 0 }, t)).toBe(true);
    expect(isCovered({ bestDense: 0.3, termCoverage: 0.7 }, t)).toBe(true);
    expect(isCovered({ bestDense: 0.3, termCoverage: 0.5 }, t)).toBe(false);
    expect(isCovered({ bestDense: 0.2, termCoverage: 1 }, t)).toBe(false);
  });
  it('measures the share of question terms found in a passage', () => {
    expect(termCoverage('Who is Benoit Quennedey?', 'Benoit Quennedey, a French civil servant')).toBe(1);
    expect(termCoverage('recipe for apple pie', 'an apple a day')).toBeCloseTo(1 / 3);
    expect(termCoverage('what is it?', 'anything')).toBe(0);
  });
});
