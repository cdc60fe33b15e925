import { describe, expect, it } from 'vitest';
import { parseReutersSgml, reutersBody, reutersDate } from '../../bench/reuters.js';
import { percentile } from '../../bench/stats.js';
import { deriveArticles } from '../../bench/derive.js';

const SGML = `<!DOCTYPE lewis SYSTEM "lewis.dtd">
<REUTERS TOPICS="YES" NEWID="1">
<DATE>26-FEB-1987 15:01:01.79</DATE>
<TOPICS><D>cocoa</D></TOPICS>
<TEXT>&#2;
<TITLE>BAHIA COCOA REVIEW</TITLE>
<DATELINE>    SALVADOR, Feb 26 - </DATELINE><BODY>Showers continued throughout the week in
the Bahia cocoa zone, alleviating the drought.
    The dry period means the temporao will be late &lt;this> year.
 Reuter
&#3;</BODY></TEXT>
</REUTERS>
<REUTERS TOPICS="NO" NEWID="2">
<DATE>26-FEB-1987 15:02:20.00</DATE>
<TEXT TYPE="UNPROC">&#2;
FEDERAL RESERVE WEEKLY REPORT
&#3;</TEXT>
</REUTERS>
`;

describe('Reuters-21578 reader', () => {
  it('turns a story into an article: unwrapped paragraphs, entities decoded, sign-off dropped', () => {
    const { articles, stats } = parseReutersSgml(SGML, 'reut2-000.sgm');
    expect(stats).toMatchObject({ stories: 2, articles: 1, skipped: 1 });
    const [a] = articles;
    expect(a.title).toBe('BAHIA COCOA REVIEW');
    expect(a.date).toBe('1987-02-26');
    expect(a.tags).toEqual(['cocoa']);
    expect(a.body).toBe(
      'Showers continued throughout the week in the Bahia cocoa zone, alleviating the drought.\n\nThe dry period means the temporao will be late <this> year.',
    );
    expect(a.id).toMatch(/^t:/);
    expect(a.origin).toEqual({ file: 'reut2-000.sgm', line: 2, item: 1 });
  });

  it('reads day-month-year dates and refuses garbage', () => {
    expect(reutersDate(' 5-APR-1987 01:53:30.66')).toBe('1987-04-05');
    expect(reutersDate('31-XYZ-1987')).toBeUndefined();
  });

  it('keeps a body without paragraph indents as one paragraph', () => {
    expect(reutersBody('one line\nwrapped here\n Reuter\n')).toBe('one line wrapped here');
  });
});

describe('bench helpers', () => {
  it('interpolates percentiles', () => {
    expect(percentile([1, 2, 3, 4], 50)).toBe(2.5);
    expect(percentile([5], 99)).toBe(5);
    expect(percentile([], 50)).toBeNaN();
  });

  it('derives new articles from real sentences, deterministically and with new ids', () => {
    const base = [
      {
        id: 't:a',
        title: 'OIL PRICES RISE',
        date: '1987-03-01',
        body: 'Oil rose. Traders cheered.\n\nOpec met. Prices held.',
        tags: [],
        origin: {},
      },
      {
        id: 't:b',
        title: 'COCOA FALLS',
        date: '1987-03-02',
        body: 'Cocoa fell sharply. Stocks grew.',
        tags: [],
        origin: {},
      },
    ];
    const a = deriveArticles(base, 4, 1);
    const b = deriveArticles(base, 4, 1);
    expect(a).toEqual(b);
    expect(a).toHaveLength(4);
    expect(new Set([...a.map((x) => x.id), ...base.map((x) => x.id)]).size).toBe(6);
    const real = new Set([
      'Oil rose.',
      'Traders cheered.',
      'Opec met.',
      'Prices held.',
      'Cocoa fell sharply.',
      'Stocks grew.',
    ]);
    for (const d of a) for (const s of d.body.split(/(?<=\.)\s+/)) expect(real.has(s.trim())).toBe(true);
  });
});
