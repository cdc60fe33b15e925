// RSS 2.0, Atom and WordPress exports as WordPress writes them; bad XML never sinks the file.
import { readFileSync, createReadStream } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseFeed, parseFeedStream } from '../../src/archive/formats/feed.js';
import { fixture } from './helpers.js';

const read = (name: string) => readFileSync(fixture(name), 'utf8');

describe('RSS 2.0 (WordPress feed)', () => {
  const { articles, warnings } = parseFeed(read('feed-rss.xml'), 'feed-rss.xml');

  it('reads every item with permalink, author, date, tags', () => {
    expect(warnings).toEqual([]);
    expect(articles.map((a) => [a.title, a.url, a.author, a.date])).toEqual([
      [
        'Analysis: Who was behind the raid on the North Korean embassy in Madrid?',
        'https://intelnews.org/2019/03/18/01-2514/',
        'Joseph Fitsanakis',
        '2019-03-18',
      ],
      [
        'North Korea-linked hackers growing in reach and sophistication, McAfee warns',
        'https://intelnews.org/2019/03/05/01-2507/',
        'Joseph Fitsanakis',
        '2019-03-05',
      ],
      [
        'An item without content: the description is the body',
        'https://intelnews.org/2019/02/01/01-2490/',
        'Ian Allen',
        '2019-02-01',
      ],
    ]);
    expect(articles[0].tags).toEqual(['Analysis', 'Cheollima Civil Defense', 'North Korea', 'Spain']);
    expect(articles[0].origin).toEqual({ file: 'feed-rss.xml', line: 22, item: 1 });
  });

  it('turns content:encoded HTML into paragraphs, entities decoded, the image caption after the story', () => {
    expect(articles[0].body.split('\n\n')).toEqual([
      'An obscure North Korean dissident group was most likely behind a violent raid on North Korea’s embassy in Madrid on February 22, which some reports have pinned on Western spy agencies, including the Central Intelligence Agency.',
      'THE ATTACK',
      'The attack took place at 3:00 in the afternoon local time in Aravaca, a leafy residential district of northern Madrid & the embassy of North Korea is located there.',
      'North Korea Spain',
    ]);
    expect(articles[1].body).toContain('“global banks”');
    expect(articles[2].body).toBe('Only a summary is in this feed & that is fine.');
  });

  it('derives the id from the permalink', () => {
    const again = parseFeed(
      read('feed-rss.xml').replace(
        'https://intelnews.org/2019/03/18/01-2514/',
        'https://www.intelnews.org/2019/03/18/01-2514',
      ),
      'x',
    );
    expect(again.articles[0].id).toBe(articles[0].id);
  });
});

describe('Atom (WordPress feed/atom)', () => {
  const { articles, warnings } = parseFeed(read('feed-atom.xml'), 'feed-atom.xml');

  it('reads entries: alternate link, author name, published day, category terms, html and xhtml content', () => {
    expect(warnings).toEqual([]);
    expect(articles).toHaveLength(2);
    expect(articles[0]).toMatchObject({
      title: 'CIA has maintained secret communication with North Korea for 10 years',
      url: 'https://intelnews.org/2019/01/22/01-2481/',
      author: 'Joseph Fitsanakis',
      date: '2019-01-22',
      tags: ['News', 'Mike Pompeo'],
    });
    expect(articles[0].body.split('\n\n')).toHaveLength(2);
    expect(articles[1]).toMatchObject({
      title: 'A post in XHTML',
      author: 'Ian Allen',
      date: '2019-01-04',
      body: 'First paragraph of the XHTML body.\n\nSecond paragraph.',
    });
  });
});

describe('WordPress export (WXR)', () => {
  const { articles, warnings } = parseFeed(read('export-wxr.xml'), 'export-wxr.xml');

  it('keeps published posts only: no page, draft or attachment', () => {
    expect(warnings).toEqual([]);
    expect(articles.map((a) => a.title)).toEqual([
      'North Korean ambassador to Rome missing since November, says Seoul',
      'French senior civil servant arrested on suspicion of spying for North Korea',
    ]);
    expect(JSON.stringify(articles)).not.toMatch(/must not be indexed|Comments are not part/);
  });

  it('gives permalink, the author display name, the local post date, categories and tags (not post formats)', () => {
    expect(articles[0]).toMatchObject({
      url: 'https://intelnews.org/2019/01/04/01-2475/',
      author: 'Joseph Fitsanakis',
      date: '2019-01-04',
      tags: ['News', 'Italy', 'Jo Song-gil'],
      origin: { file: 'export-wxr.xml', item: 1 },
    });
    expect(articles[1].origin.item).toBe(5);
  });

  it('keeps the [caption] text after the story and makes paragraphs from blank lines', () => {
    const paras = articles[0].body.split('\n\n');
    expect(paras[0].startsWith('The acting ambassador of North Korea to Italy')).toBe(true);
    expect(paras).toHaveLength(4);
    expect(paras[3]).toBe('Jo Song-gil');
    expect(paras[1]).toContain('Workers’ Party of Korea');
    expect(articles[1].body).toBe(
      'A senior civil servant in the upper house of the French parliament has been arrested on suspicion of spying for North Korea, according to prosecutors.\n\nThe senior administrator has been identified as Benoît Quennedey.',
    );
  });

  it('reads the same from a stream in small chunks (multi-byte characters split across chunks)', async () => {
    const r = await parseFeedStream(
      createReadStream(fixture('export-wxr.xml'), { highWaterMark: 7 }),
      'export-wxr.xml',
    );
    expect(r.format).toBe('wxr');
    expect(r.warnings).toEqual([]);
    expect(r.articles).toEqual(articles);
  });
});

describe('bad XML', () => {
  it('skips a malformed item with its number and line, and keeps the others', () => {
    const xml = read('feed-rss.xml').replace(
      '<title>North Korea-linked hackers',
      '<title>North Korea-linked <b>hackers',
    );
    const { articles, warnings } = parseFeed(xml, 'bad.xml');
    expect(articles.map((a) => a.url)).toEqual([
      'https://intelnews.org/2019/03/18/01-2514/',
      'https://intelnews.org/2019/02/01/01-2490/',
    ]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ source: 'bad.xml', item: 2, line: 42 });
    expect(warnings[0].message).toMatch(/item 2 skipped: malformed XML/);
  });

  it('reports an item cut off by the end of the file', () => {
    const xml = read('feed-rss.xml');
    const { articles, warnings } = parseFeed(xml.slice(0, xml.indexOf('<title>An item without content')), 'cut.xml');
    expect(articles).toHaveLength(2);
    expect(warnings).toEqual([
      {
        source: 'cut.xml',
        line: 55,
        item: 3,
        message: expect.stringMatching(/file ends inside it/),
        skipped: 'cut short',
      },
    ]);
  });

  it('says what it expected when the XML is not a feed', () => {
    const { articles, warnings } = parseFeed('<html><body><p>hi</p></body></html>', 'page.xml');
    expect(articles).toEqual([]);
    expect(warnings[0].message).toMatch(/not a feed.*expected <rss>/);
  });

  it('keeps escaped markup in Atom xhtml content as text', () => {
    const xml =
      '<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>T</title><link href="https://e.com/t/"/>' +
      '<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Use &lt;b&gt; &amp; more<br/>next</p></div></content></entry></feed>';
    expect(parseFeed(xml, 'x.xml').articles[0].body).toBe('Use <b> & more\nnext');
  });

  it('accepts HTML entities that are not XML entities', () => {
    const xml =
      '<rss version="2.0"><channel><item><title>Spy&rsquo;s&nbsp;tale</title><link>https://example.com/a/</link><description>Body &mdash; text</description></item></channel></rss>';
    const { articles, warnings } = parseFeed(xml, 'e.xml');
    expect(warnings).toEqual([]);
    expect(articles[0]).toMatchObject({ title: 'Spy’s tale', body: 'Body — text' });
  });
});
