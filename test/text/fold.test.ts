// The folding rules in their one home: search words, autocomplete titles, and the title key article
// ids are made from (which must not change, or every article without a permalink gets a new id).
import { describe, expect, test } from 'vitest';
import { articleId } from '../../src/archive/article.js';
import { fold, foldTitle, oneSpaced, titleKey } from '../../src/text/fold.js';

const TRICKY = [
  'North Korea’s “raid”  in Madrid',
  'El País: ﬁnal ‘notes’',
  '  Ｆｕｌｌｗｉｄｔｈ   spaces\t\nand  tabs ',
  'Crème brûlée — Ångström',
  'plain ascii title',
];

describe('fold (search words)', () => {
  test('lower case and accents folded; ASCII unchanged but lower-cased', () => {
    expect(fold('País Ångström')).toBe('pais angstrom');
    expect(fold('NEAR(Madrid)')).toBe('near(madrid)');
  });
});

describe('foldTitle (autocomplete)', () => {
  test('case, accents, curly quotes and spacing do not matter', () => {
    expect(foldTitle('El  País’s “Files”')).toBe(foldTitle('el pais\'s "files"'));
    expect(foldTitle('Crème brûlée')).toBe('creme brulee');
  });
});

describe('titleKey (article identity)', () => {
  // the rule as it was written in src/archive/article.ts before it moved here
  const previous = (t: string) =>
    t
      .normalize('NFKC')
      .toLowerCase()
      .replace(/[\u2018\u2019']/g, "'")
      .replace(/\s+/g, ' ')
      .trim();

  test('is the rule article ids were made with (ids do not change)', () => {
    for (const t of TRICKY) expect(titleKey(t), t).toBe(previous(t));
  });

  test('two spellings of one title give one id; double curly quotes stay distinct', () => {
    expect(articleId({ title: 'Spy’s  return', date: '2019-01-01' })).toBe(
      articleId({ title: "spy's return", date: '2019-01-01' }),
    );
    expect(titleKey('“a”')).not.toBe(titleKey('"a"'));
  });

  test('oneSpaced', () => {
    expect(oneSpaced('  a \n b\t')).toBe('a b');
  });
});
