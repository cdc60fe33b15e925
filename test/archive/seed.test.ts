// The scraped seed: exactly seven articles, exact titles, author/date from closing lines, no residue.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseScrapedText } from '../../src/archive/formats/text.js';
import { seedFile } from './helpers.js';

const text = readFileSync(seedFile, 'utf8');
const { articles, warnings } = parseScrapedText(text, seedFile);

describe('the intelNews seed', () => {
  it('yields exactly the seven posts with their exact titles', () => {
    expect(articles.map((a) => a.title)).toEqual([
      'Analysis: Who was behind the raid on the North Korean embassy in Madrid?',
      'North Korea-linked hackers growing in reach and sophistication, McAfee warns',
      'CIA has maintained secret communication with North Korea for 10 years',
      'North Korean ambassador to Rome missing since November, says Seoul',
      'Head of CIA’s Korean mission center to resign, say sources',
      'French senior civil servant arrested on suspicion of spying for North Korea',
      'Group of 13 North Korean defectors say they were ‘forcibly kidnapped’ by South',
    ]);
    expect(warnings).toEqual([]);
  });

  it('takes author and date from the closing line; the cut-off first post has neither', () => {
    expect(articles[0].author).toBeUndefined();
    expect(articles[0].date).toBeUndefined();
    expect(articles.slice(1).map((a) => [a.author, a.date])).toEqual([
      ['Joseph Fitsanakis', '2019-03-05'],
      ['Joseph Fitsanakis', '2019-01-22'],
      ['Joseph Fitsanakis', '2019-01-04'],
      ['Joseph Fitsanakis', '2018-11-28'],
      ['Joseph Fitsanakis', '2018-11-27'],
      ['Joseph Fitsanakis', '2018-07-18'],
    ]);
  });

  it('cuts the glued image caption off every first paragraph', () => {
    expect(articles.map((a) => a.body.slice(0, 40))).toEqual([
      'An obscure North Korean dissident group ',
      'A computer hacking group with links to t',
      'With presidential approval, the United S',
      'The acting ambassador of North Korea to ',
      'A senior North Korea expert in the Unite',
      'A senior civil servant in the upper hous',
      'A group of 12 female North Korean restau',
    ]);
  });

  it('removes pull-quote markers, "Read more", ads and the closing line, keeping paragraphs', () => {
    for (const a of articles) {
      expect(a.body).not.toMatch(/Q Quote|Read more of this post|Advertisements|Author:|Permalink|\| Date:/);
      expect(a.body).not.toMatch(/\n{3,}|^\s|\s$/);
    }
    expect(articles[0].body).toContain('appeared at the door and said in English');
    expect(articles[0].body.endsWith('in protest against North Korea’s nuclear missile tests.')).toBe(true);
    // section headings stay as their own paragraphs
    expect(articles[0].body.split('\n\n')).toContain('THE ATTACK');
    expect(articles[0].body.split('\n\n')).toHaveLength(6);
    expect(articles[1].body.endsWith('which are infected with malware, said McAfee.')).toBe(true);
    expect(articles[3].body).toContain('Jo Song-gil (pictured), 48,');
  });

  it('gives stable ids from title + date and origins by line', () => {
    expect(new Set(articles.map((a) => a.id)).size).toBe(7);
    expect(articles.every((a) => a.id.startsWith('t:'))).toBe(true);
    expect(articles.map((a) => a.origin.line)).toEqual([1, 17, 27, 39, 49, 59, 69]);
    // the id does not depend on where the post sits in the file
    const reordered = parseScrapedText(text.split('\n').slice(16).join('\n'), 'other.txt');
    expect(reordered.articles[0].id).toBe(articles[1].id);
  });
});
