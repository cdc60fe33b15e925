// The scraped text form beyond the seed: old bylines, wrapped lines, missing closing lines, junk.
import { describe, expect, it } from 'vitest';
import { parseScrapedText, isTitleLike } from '../../src/archive/formats/text.js';

describe('parseScrapedText', () => {
  it('reads the older "By NAME | intelNews.org |" byline as the author and removes it', () => {
    const text = [
      'Russian spy ring uncovered in Estonia',
      '',
      'By JOSEPH FITSANAKIS | intelNews.org | Authorities in Estonia have arrested two people on suspicion of spying for Russia.',
      '',
      'The arrests were announced on Tuesday.',
      '',
      'Another story without a closing line',
      '',
      'Ian Allen photoBy IAN ALLEN | intelNews.org |',
      'The second story starts here and goes on.',
    ].join('\n');
    const { articles, warnings } = parseScrapedText(text, 'old.txt');
    expect(warnings).toEqual([]);
    expect(articles.map((a) => [a.title, a.author, a.date])).toEqual([
      ['Russian spy ring uncovered in Estonia', 'Joseph Fitsanakis', undefined],
      ['Another story without a closing line', 'Ian Allen', undefined],
    ]);
    expect(articles[0].body).toBe(
      'Authorities in Estonia have arrested two people on suspicion of spying for Russia.\n\nThe arrests were announced on Tuesday.',
    );
    expect(articles[1].body).toBe('The second story starts here and goes on.');
  });

  it('joins hard-wrapped lines, strips residue blocks and a closing line glued to the last paragraph', () => {
    const text = [
      'Advertisements',
      '',
      'A wrapped post',
      '',
      'Caption hereThe first paragraph is',
      'wrapped over two lines.',
      '',
      'Share this:',
      '',
      'Last words. Author: Ian Allen | Date: 2 June 2010 | Permalink',
    ].join('\r\n');
    const { articles } = parseScrapedText(text, 'w.txt');
    expect(articles).toHaveLength(1);
    expect(articles[0]).toMatchObject({
      title: 'A wrapped post',
      author: 'Ian Allen',
      date: '2010-06-02',
      origin: { file: 'w.txt', line: 3 },
    });
    expect(articles[0].body).toBe('The first paragraph is wrapped over two lines.\n\nLast words.');
  });

  it('starts a new post at a title followed by a captioned paragraph even without a closing line', () => {
    const text = [
      'First post',
      '',
      'Body of the first post.',
      '',
      'Second post title',
      '',
      'Some PhotoThe second post starts with a caption.',
      '',
      'Author: Joseph Fitsanakis | Date: 01 May 2012 | Permalink',
    ].join('\n');
    const { articles } = parseScrapedText(text, 'x.txt');
    expect(articles.map((a) => [a.title, a.body, a.date])).toEqual([
      ['First post', 'Body of the first post.', undefined],
      ['Second post title', 'The second post starts with a caption.', '2012-05-01'],
    ]);
  });

  it('keeps mixed-case lines inside a post when nothing marks a new post', () => {
    const text = [
      'A post',
      '',
      'Intro paragraph.',
      '',
      'A subheading',
      '',
      'More text follows here.',
      '',
      'Author: Ian Allen | Date: 03 July 2011 | Permalink',
    ].join('\n');
    const { articles } = parseScrapedText(text, 'y.txt');
    expect(articles).toHaveLength(1);
    expect(articles[0].body).toBe('Intro paragraph.\n\nA subheading\n\nMore text follows here.');
  });

  it('warns about text outside any post and an unreadable date, and still reads the post', () => {
    const text = [
      'This long paragraph has no title line before it, so it cannot belong to any article at all.',
      '',
      'A post',
      '',
      'Its body.',
      '',
      'Author: Ian Allen | Date: sometime in spring | Permalink',
    ].join('\n');
    const { articles, warnings } = parseScrapedText(text, 'z.txt');
    expect(articles).toHaveLength(1);
    expect(articles[0].date).toBeUndefined();
    expect(warnings.map((w) => [w.line, w.message])).toEqual([
      [1, expect.stringMatching(/text outside any post skipped/)],
      [3, expect.stringMatching(/unreadable date "sometime in spring"/)],
    ]);
  });

  it('skips a post with a title but no body, naming the line', () => {
    const { articles, warnings } = parseScrapedText(
      'Only a title\n\nAuthor: Ian Allen | Date: 03 July 2011 | Permalink\n',
      'e.txt',
    );
    expect(articles).toEqual([]);
    expect(warnings).toEqual([
      { source: 'e.txt', line: 1, message: expect.stringMatching(/skipped: no body text/), skipped: 'no body text' },
    ]);
  });

  it('reads a file with no blank lines as one paragraph per line', () => {
    const text =
      'Russia expels two diplomats from the U.S.\nThe expulsions were announced on Friday.\nMore details followed.\nAuthor: Ian Allen | Date: 9 May 2014 | Permalink\nNext post\nIts only paragraph.\n';
    const { articles, warnings } = parseScrapedText(text, 'lines.txt');
    expect(warnings).toEqual([]);
    expect(articles.map((a) => [a.title, a.body, a.origin.line])).toEqual([
      [
        'Russia expels two diplomats from the U.S.',
        'The expulsions were announced on Friday.\n\nMore details followed.',
        1,
      ],
      ['Next post', 'Its only paragraph.', 5],
    ]);
  });

  it('recognises titles', () => {
    expect(isTitleLike('Russia expels two diplomats from the U.S.')).toBe(true);
    expect(isTitleLike('Spy chief Smith Jr.')).toBe(true);
    expect(isTitleLike('Analysis: Who was behind the raid on the North Korean embassy in Madrid?')).toBe(true);
    expect(isTitleLike('A sentence that ends with a period.')).toBe(false);
    expect(isTitleLike('Author: Ian Allen | Date: 03 July 2011 | Permalink')).toBe(false);
    expect(isTitleLike('x'.repeat(250))).toBe(false);
  });
});
