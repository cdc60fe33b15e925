// Text fragment links (#:~:text=): the opening words of the cited sentence, percent-encoded as the
// URL Fragment Text Directives spec requires; only http(s) permalinks; the stored URL never changes.
import { describe, expect, it } from 'vitest';
import { encodeTextDirective, openingWords, passageUrl } from '../../src/text/fragment.js';

describe('openingWords', () => {
  it('takes up to eight words, whitespace collapsed, without the outer punctuation', () => {
    expect(openingWords('An obscure North Korean dissident group was most likely behind a violent raid.')).toBe(
      'An obscure North Korean dissident group was most',
    );
    expect(openingWords('  The group,\n known as   the Cheollima.  ')).toBe('The group, known as the Cheollima');
    expect(openingWords('"Spies," he said, "are everywhere in Vienna today."')).toBe('');
    expect(openingWords('(Reuters) Oil prices rose sharply on Monday.')).toBe(
      'Reuters) Oil prices rose sharply on Monday',
    );
  });

  it('stops before a word a page may typeset differently (quotes, apostrophes, dashes)', () => {
    expect(openingWords('The raid on North Korea’s embassy in Madrid was planned.')).toBe('The raid on North');
    expect(openingWords("Officials said Kim Jong-un's envoy had left.")).toBe('Officials said Kim');
    expect(openingWords('Two spy agencies — the CIA and MI6 — were named.')).toBe('Two spy agencies');
    // a hyphen is plain ASCII on both sides: kept (and encoded)
    expect(openingWords('A well-known defector spoke to reporters yesterday.')).toBe(
      'A well-known defector spoke to reporters yesterday',
    );
  });

  it('gives nothing when too few words are usable: a two-word fragment would match too early', () => {
    expect(openingWords('He “confessed” to it.')).toBe('');
    expect(openingWords('Yes.')).toBe('');
    expect(openingWords('')).toBe('');
  });

  it('keeps within the character budget, at a word boundary', () => {
    const w = openingWords(`${'extraordinarily '.repeat(10)}long.`);
    expect(w.length).toBeLessThanOrEqual(80);
    expect(w.endsWith('extraordinarily')).toBe(true);
  });
});

describe('encodeTextDirective', () => {
  it('encodes the directive syntax characters "-", "&" and "," and anything Markdown would read', () => {
    expect(encodeTextDirective('a-b & c, d')).toBe('a%2Db%20%26%20c%2C%20d');
    expect(encodeTextDirective("(x)*y~z!'")).toBe('%28x%29%2Ay%7Ez%21%27');
    expect(encodeTextDirective('São Paulo_1.5')).toBe('S%C3%A3o%20Paulo_1.5');
    // whatever is encoded decodes back to the words
    const words = 'Kim Jong-un, the leader & his envoy';
    expect(decodeURIComponent(encodeTextDirective(words))).toBe(words);
  });
});

describe('passageUrl', () => {
  const sentence = 'The group, known as the Cheollima Civil Defense, is believed to be the first.';
  const url = 'https://intelnews.org/2019/03/18/01-2514/';

  it('adds #:~:text= with the opening words to an http(s) permalink', () => {
    expect(passageUrl(url, sentence)).toBe(
      'https://intelnews.org/2019/03/18/01-2514/#:~:text=The%20group%2C%20known%20as%20the%20Cheollima%20Civil%20Defense',
    );
    expect(passageUrl('http://example.org/a?p=1', 'Three short words here.')).toBe(
      'http://example.org/a?p=1#:~:text=Three%20short%20words%20here',
    );
  });

  it('keeps an existing fragment (the directive follows ":~:") and an existing directive', () => {
    expect(passageUrl('https://x.org/post#comments', 'One two three four.')).toBe(
      'https://x.org/post#comments:~:text=One%20two%20three%20four',
    );
    expect(passageUrl('https://x.org/post#:~:text=old', 'One two three four.')).toBe(
      'https://x.org/post#:~:text=old&text=One%20two%20three%20four',
    );
  });

  it('never makes a link of what is not an http(s) URL; the plain permalink when no words are usable', () => {
    expect(passageUrl(null, sentence)).toBeUndefined();
    expect(passageUrl('javascript:alert(1)', sentence)).toBeUndefined();
    expect(passageUrl('/2019/03/18/', sentence)).toBeUndefined();
    expect(passageUrl('ftp://x.org/a', sentence)).toBeUndefined();
    expect(passageUrl(url, 'Yes.')).toBe(url);
  });

  it('does not change the URL it was given', () => {
    const stored = { url };
    passageUrl(stored.url, sentence);
    expect(stored.url).toBe('https://intelnews.org/2019/03/18/01-2514/');
  });
});
