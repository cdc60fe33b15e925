// The filters an answer used, in words (the bot's footer line and the "no articles" note, and the CLI's).
import { describe, expect, it } from 'vitest';
import { filterPhrase, noArticlesNote, rangeWords } from '../../src/text/filter-words.js';

describe('rangeWords', () => {
  it.each([
    ['2019-01-01', '2019-12-31', '2019'],
    ['2018-01-01', '2019-12-31', '2018–2019'],
    ['2019-03-01', '2019-03-31', 'Mar 2019'],
    ['2020-02-01', '2020-02-29', 'Feb 2020'],
    ['2019-01-01', '2019-03-31', 'Jan–Mar 2019'],
    ['2018-11-01', '2019-02-28', 'Nov 2018 – Feb 2019'],
    ['2025-06-01', '2025-06-07', '1–7 Jun 2025'],
    ['2025-06-03', '2025-06-03', '3 Jun 2025'],
    ['2019-02-28', '2019-03-03', '28 Feb – 3 Mar 2019'],
    ['2018-12-30', '2019-01-02', '30 Dec 2018 – 2 Jan 2019'],
    ['2019-01-01', undefined, 'since 2019'],
    ['2019-03-01', undefined, 'since Mar 2019'],
    ['2019-03-05', undefined, 'since 5 Mar 2019'],
    [undefined, '2018-12-31', 'up to 2018'],
    [undefined, '2018-06-30', 'up to Jun 2018'],
    [undefined, '2018-06-15', 'up to 15 Jun 2018'],
  ])('%s to %s: %s', (from, to, words) => {
    expect(rangeWords(from, to)).toBe(words);
  });

  it('says nothing without dates', () => {
    expect(rangeWords(undefined, null)).toBeUndefined();
  });
});

describe('filterPhrase and the no-articles note', () => {
  it('puts author and dates in one phrase', () => {
    expect(filterPhrase({ author: ' Ian  Allen ', from: '2019-01-01', to: '2019-12-31' })).toBe(
      'by "Ian Allen" from 2019',
    );
    expect(filterPhrase({ to: '2018-12-31' })).toBe('up to 2018');
    expect(filterPhrase({})).toBe('');
  });

  it('words the empty result the same everywhere', () => {
    expect(noArticlesNote({ author: 'Nobody' })).toBe(
      'No articles by "Nobody" in the archive: check the spelling, or widen the dates.',
    );
    expect(noArticlesNote({ from: '2030-01-01' })).toBe(
      'No articles since 2030 in the archive: check the spelling, or widen the dates.',
    );
  });
});
