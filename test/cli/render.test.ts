import { describe, expect, it } from 'vitest';
import type { Answer } from '../../src/answer/types.js';
import { answerJson } from '../../src/cli/json.js';
import { clean, emptyFilterNote, excerpt, formatDate, renderAnswer, styleFor } from '../../src/cli/render.js';
import type { SearchResult } from '../../src/search/types.js';

const passage = 'Intro sentence here. The group, known as the Cheollima Civil Defense, did it. Trailing words follow.';
const start = passage.indexOf('The group');
const end = passage.indexOf('did it.') + 'did it.'.length;
const answer: Answer = {
  question: 'Which group?',
  covered: true,
  sentences: [{ text: passage.slice(start, end), citation: 1 }],
  sources: [
    {
      n: 1,
      articleId: 'u:1',
      title: 'Madrid raid',
      author: 'Joseph Fitsanakis',
      date: '2019-03-18',
      url: 'https://intelnews.org/2019/03/18/01-2514/',
      passage,
      highlights: [{ start, end }],
      score: 0.9,
      chunkId: 3,
    },
    {
      n: 2,
      articleId: 't:2',
      title: 'No link \x1b[31mhere',
      author: null,
      date: null,
      url: null,
      passage: 'Other text.',
      highlights: [],
      score: 0.5,
      chunkId: 4,
    },
  ],
  related: [],
};
const result: SearchResult = {
  query: { text: 'Which group?' },
  covered: true,
  passages: [],
  related: [],
  timings: { total: 3 },
};

describe('terminal rendering', () => {
  it('plain: cited sentence, numbered sources, URL or an honest "no permalink", no escape codes', () => {
    const out = renderAnswer(answer);
    expect(out).toMatch(/Cheollima Civil Defense, did it\. \[1\]/);
    expect(out).toContain('[1] Madrid raid');
    expect(out).toContain('Joseph Fitsanakis, 18 March 2019');
    expect(out).toContain('https://intelnews.org/2019/03/18/01-2514/');
    expect(out).toContain('author unknown, date unknown');
    expect(out).toContain('no permalink in the archive');
    expect(out).toContain('»The group, known as the Cheollima Civil Defense, did it.«');
    // biome-ignore lint/suspicious/noControlCharactersInRegex: checks that no ESC (terminal escape code) is printed
    expect(out).not.toMatch(/\x1b/); // archive text cannot smuggle escape codes either
  });

  it('on a capable terminal: colours and OSC 8 links', () => {
    const st = styleFor({ isTTY: true, columns: 100 }, { TERM_PROGRAM: 'iTerm.app' });
    expect(st).toMatchObject({ color: true, links: true });
    const out = renderAnswer(answer, st);
    // the link opens the page at the cited sentence (a text fragment); the URL shown is the permalink
    expect(out).toContain(
      '\x1b]8;;https://intelnews.org/2019/03/18/01-2514/#:~:text=The%20group%2C%20known%20as%20the%20Cheollima%20Civil%20Defense\x1b\\',
    );
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the escape codes around the shown URL are the point
    expect(out).toMatch(/\x1b\\\x1b\[\d+m\x1b\[\d+mhttps:\/\/intelnews\.org\/2019\/03\/18\/01-2514\/\x1b/);
    // without OSC 8 the plain permalink is printed, never altered
    expect(renderAnswer(answer)).not.toContain('#:~:');
    expect(styleFor({ isTTY: false }, {})).toMatchObject({ color: false, links: false });
    expect(styleFor({ isTTY: true }, { NO_COLOR: '1' }).color).toBe(false);
  });

  it('excerpt keeps the highlighted sentence whole and trims around it', () => {
    const long = 'word '.repeat(200) + passage + ' tail'.repeat(200);
    const off = 1000;
    const pieces = excerpt(long, [{ start: off + start, end: off + end }], 200);
    expect(pieces.find((p) => p.marked)?.text).toBe(passage.slice(start, end));
    expect(pieces[0].text).toBe('…');
    expect(pieces.map((p) => p.text).join(' ').length).toBeLessThan(260);
  });

  it('helpers: dates, control characters, empty filters, JSON shape', () => {
    expect(formatDate('2018-11-27')).toBe('27 November 2018');
    expect(formatDate(null)).toBe('date unknown');
    expect(clean('a\x1b[2Jb\u0007 c')).toBe('a[2Jb c');
    expect(
      emptyFilterNote({
        ...result,
        query: { text: 'x', author: 'Nobody' },
        signals: { bestDense: 0, termCoverage: 0, filterMatches: 0 },
      }),
    ).toBe('No articles by "Nobody" in the archive: check the spelling, or widen the dates.');
    expect(
      emptyFilterNote({
        ...result,
        query: { text: 'x', from: '2019', to: '2019-03' },
        signals: { bestDense: 0, termCoverage: 0, filterMatches: 0 },
      }),
    ).toBe('No articles from 1 Jan – 31 Mar 2019 in the archive: check the spelling, or widen the dates.');
    expect(emptyFilterNote(result)).toBeUndefined();
    const j = answerJson(answer, result);
    expect(j.sources[1]).toMatchObject({ url: null, author: null, date: null, passage: 'Other text.' });
    expect(j.answer).toMatch(/\[1\]$/);
  });
});
