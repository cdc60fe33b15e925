import { describe, expect, test } from 'vitest';
import { splitSentences } from '../../src/index/sentences.js';

const texts = (t: string) => splitSentences(t).map((s) => t.slice(s.start, s.end));

describe('splitSentences', () => {
  test('splits plain prose and trims whitespace', () => {
    expect(texts('  The raid took place in Madrid. Police arrived later!  Was anyone hurt?  ')).toEqual([
      'The raid took place in Madrid.',
      'Police arrived later!',
      'Was anyone hurt?',
    ]);
  });

  test('does not split after titles, months, initials or numbers', () => {
    const t =
      'Mr. Kim met Dr. Lee on Jan. 5 in Seoul. John F. Kennedy was president in 1961. It rose 3.5 percent to No. 2 on the list.';
    expect(texts(t)).toEqual([
      'Mr. Kim met Dr. Lee on Jan. 5 in Seoul.',
      'John F. Kennedy was president in 1961.',
      'It rose 3.5 percent to No. 2 on the list.',
    ]);
  });

  test('keeps acronyms inside a sentence but ends one before a sentence opener', () => {
    expect(
      texts('The U.S. Navy sailed. Officials in the U.S. The next day said nothing. Visit intelNews.org today.'),
    ).toEqual([
      'The U.S. Navy sailed.',
      'Officials in the U.S.',
      'The next day said nothing.',
      'Visit intelNews.org today.',
    ]);
  });

  test('handles quotes: closing quote stays with its sentence; a lowercase continuation is not a new sentence', () => {
    const t = 'He said: “We will not comment.” The ministry agreed. "Are you sure?" he asked. She replied "no."';
    expect(texts(t)).toEqual([
      'He said: “We will not comment.”',
      'The ministry agreed.',
      '"Are you sure?" he asked.',
      'She replied "no."',
    ]);
  });

  test('paragraph breaks and headings end sentences', () => {
    const t =
      'THE ATTACK\n\nThe attack took place at 3:00 in the afternoon\n\nPOSSIBLE CULPRITS\n\nWithin hours, police acted.';
    expect(texts(t)).toEqual([
      'THE ATTACK',
      'The attack took place at 3:00 in the afternoon',
      'POSSIBLE CULPRITS',
      'Within hours, police acted.',
    ]);
  });

  test('spans are ordered, non-overlapping and cover every word', () => {
    const t = 'One. Two three! Four?\n\n  Five six… Seven.';
    const spans = splitSentences(t);
    for (let i = 1; i < spans.length; i++) expect(spans[i].start).toBeGreaterThanOrEqual(spans[i - 1].end);
    const words = spans.flatMap((s) => t.slice(s.start, s.end).match(/\p{L}+/gu) ?? []);
    expect(words).toEqual(t.match(/\p{L}+/gu));
  });

  test('empty and whitespace-only text give no sentences', () => {
    expect(splitSentences('')).toEqual([]);
    expect(splitSentences(' \n\n ')).toEqual([]);
  });
});
