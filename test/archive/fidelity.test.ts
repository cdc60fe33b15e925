// Archives as they really are (issue 12): hand-written feeds with bare "&" and HTML entities,
// podcasts, YouTube and microblog feeds, relative links, image posts, same-title posts, odd dates,
// authors written with their e-mail, UTF-16 and UTF-32 files. Each fixture is a realistic file.
import { createReadStream, promises as fs, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseFeed, parseFeedStream } from '../../src/archive/formats/feed.js';
import { parseJsonDocument } from '../../src/archive/formats/json.js';
import { loadFile, loadSources } from '../../src/archive/load.js';
import { fixture } from './helpers.js';

const read = (name: string) => readFileSync(fixture(name), 'utf8');
const feed = (name: string) => parseFeed(read(name), name);

describe('a bare "&" and HTML entities (a hand-written feed)', () => {
  const r = feed('feed-ampersands.xml');

  it('keeps every item: a bare & is the character &, in titles, bodies and links', () => {
    expect(r.articles).toHaveLength(10);
    expect(r.articles[1]).toMatchObject({
      title: 'Tom & Jerry return',
      url: 'https://cartoons.example.com/?p=2&utm=rss',
      body: 'The cat & mouse pair return in a new series of 26 shorts.',
    });
    expect(r.articles[2].url).toBe('https://cartoons.example.com/?p=3&utm=rss&utm_medium=feed');
    expect(r.articles.map((a) => a.title).slice(5, 9)).toEqual([
      'Q&A with the director',
      'AT&T sponsors the shorts award',
      'Reader mail © 2024',
      'R&D at the studio & beyond',
    ]);
  });

  it('decodes the HTML5 named characters XML does not define', () => {
    expect(r.articles[3]).toMatchObject({
      title: '„Die Maus“ turns 53',
      body: 'The German series celebrates with a ½-hour special … and cake.',
    });
    expect(r.articles[4]).toMatchObject({
      title: 'Encyclopædia of animation, 2nd edition',
      body: 'A café reading at the Cinémathèque — 7 pm.',
    });
    expect(r.articles[5].body).toBe('We asked about budgets – and deadlines.'); // &#150;, as browsers read it
    expect(r.articles[6].body).toBe('The award is worth 5,000 € & a screening.');
  });

  it('warns once per file, at the line of the first one; an unknown entity stays as written', () => {
    expect(r.warnings).toEqual([
      {
        source: 'feed-ampersands.xml',
        line: 4,
        message: 'a bare "&" (not an entity) was read as the character "&" (19 in this file; this is the first)',
      },
      {
        source: 'feed-ampersands.xml',
        line: 53,
        message: '&unknownentity; is not an XML or HTML entity: kept as text',
      },
    ]);
    expect(r.articles[7].body).toBe('Letters about &unknownentity; and other things.');
  });

  it('reads the same from a stream cut into small pieces (a reference split across pieces)', async () => {
    const s = await parseFeedStream(
      createReadStream(fixture('feed-ampersands.xml'), { highWaterMark: 5 }),
      'feed-ampersands.xml',
    );
    expect(s.articles).toEqual(r.articles);
    expect(s.warnings).toEqual(r.warnings);
  });
});

describe('a podcast feed (every episode links to the show home page)', () => {
  const r = feed('podcast.xml');

  it('keeps every episode: the home page is no permalink, the guid or the enclosure tells them apart', () => {
    expect(r.articles).toHaveLength(6);
    expect(new Set(r.articles.map((a) => a.id)).size).toBe(6);
    expect(r.articles.filter((a) => a.url).map((a) => a.url)).toEqual([
      'https://podcast.example.net/episodes/127-knots/', // its guid is a permalink
    ]);
  });

  it('takes the body from itunes:summary when there is no description, and the name from "Name (address)"', () => {
    expect(r.articles[0]).toMatchObject({
      title: 'Episode 131: The harbour pilots',
      body: 'Two harbour pilots explain how a container ship is brought in at night.',
      author: 'Ana Costa',
      date: '2024-02-01', // "Thu, 01 Feb 24": a two-digit year
    });
    expect(r.articles[2].date).toBe('2024-01-18'); // "Thu,18 Jan 2024": no space after the comma
    expect(JSON.stringify(r.articles)).not.toContain('@');
  });
});

describe('posts that share a title', () => {
  const r = parseJsonDocument(read('same-title.json'), 'same-title.json');

  it('keeps two posts of one title on one day with different permalinks and texts', async () => {
    const loaded = await loadSources([fixture('same-title.json')]);
    expect(loaded.articles.filter((a) => a.title === 'Daily briefing').map((a) => a.url)).toEqual([
      'https://news.example.com/2024/03/04/daily-briefing/',
      'https://news.example.com/2024/03/04/daily-briefing-2/',
    ]);
    // a copy without a permalink, and the AMP copy with the same text, are merged; the rule is said
    expect(loaded.merges.map((m) => [m.rule, m.kept.url, m.dropped.url])).toEqual([
      [
        'same title and date, one copy without a permalink',
        'https://news.example.com/2024/03/04/daily-briefing/',
        undefined,
      ],
      [
        'same title and date, near-identical text',
        'https://news.example.com/2024/03/05/open-thread/',
        'https://news.example.com/2024/03/05/open-thread/amp/',
      ],
    ]);
    expect(loaded.reports[0].merged).toEqual({
      'same title and date, one copy without a permalink': 1,
      'same title and date, near-identical text': 1,
    });
  });

  it('keeps "<COMPANY>" in plain-text titles, so reports of different companies stay apart', async () => {
    expect(r.articles.map((a) => a.title).slice(-3)).toEqual([
      '<CO-STEEL INC> 4TH QTR NET',
      '<TEXACO CANADA INC> 4TH QTR NET',
      '4TH QTR NET',
    ]);
    expect(r.articles.at(-1)?.body).toBe('Shr 22 cts vs 19 cts & Net 2.1 mln vs 1.8 mln for <A.H. BELO CORP>');
    expect((await loadSources([fixture('same-title.json')])).articles).toHaveLength(6);
  });
});

describe('a microblog feed (no titles, relative links, authors with addresses)', () => {
  const r = feed('microblog.xml');

  it('titles an untitled post from its first words and marks it', () => {
    expect(r.articles.map((a) => [a.title, a.titleFromBody])).toEqual([
      ['Crane 4 is back in service after the storm.', true],
      ['Fog horn going since five this morning, visibility under a hundred metres and…', true],
      ['Gulls 1, sandwiches 0.', true],
      ['Tide warning', undefined],
    ]);
    expect(r.warnings).toEqual([]);
  });

  it('resolves relative links against the channel link, reads asctime and dcterms dates, dc:description', () => {
    expect(r.articles.map((a) => [a.url, a.date])).toEqual([
      ['https://micro.example.net/quayside/posts/2024-04-02-crane/', '2024-04-02'],
      ['https://micro.example.net/quayside/posts/2024-04-03-fog/', '2024-04-03'],
      ['https://micro.example.net/quayside/posts/2024-04-04-gulls/', '2024-04-04'],
      ['https://micro.example.net/quayside/posts/2024-04-05-tide/', '2024-04-05'],
    ]);
    expect(r.articles[2].body).toBe('Gulls 1, sandwiches 0.');
  });

  it('shows a name, never an e-mail address', () => {
    expect(r.articles.map((a) => a.author)).toEqual(['Lena Berg', 'Lena Berg', undefined, 'Lena Berg']);
  });

  it('resolves against the feed URL when the feed was fetched', () => {
    const fetched = parseFeed(
      read('microblog.xml').replace('<link>https://micro.example.net/quayside/</link>', ''),
      'https://cdn.example.net/q/feed.xml',
    );
    expect(fetched.articles[0].url).toBe('https://cdn.example.net/q/posts/2024-04-02-crane/');
  });
});

describe('image posts (WordPress post formats image and gallery)', () => {
  const byTitle = new Map(feed('wxr-private-and-images.xml').articles.map((a) => [a.title, a.body]));

  it('keeps a [caption] that is all the post says', () => {
    expect(byTitle.get('Sunset over the breakwater')).toBe(
      'The last ferry passing the breakwater at dusk, seen from the lighthouse.',
    );
  });

  it('keeps gallery captions as paragraphs, without empty list bullets', () => {
    expect(byTitle.get('Regatta day in pictures')).toBe(
      'Boats at the start line\n\nThe lead yacht rounds the buoy\n\nCrowds on the pier\n\nThe winning crew lifts the cup',
    );
  });

  it('falls back to the alt text of an image that is the whole post', () => {
    expect(byTitle.get('New crane arrives')).toBe('The new harbour crane being unloaded from a barge');
  });
});

describe('Atom as it is found', () => {
  it('YouTube: the description inside media:group is the body', () => {
    const r = feed('youtube-atom.xml');
    expect(r.articles.map((a) => [a.title, a.url, a.body])).toEqual([
      [
        'How the swing bridge opens',
        'https://www.youtube.com/watch?v=abc123XYZ_0',
        'The bridge keeper shows the hydraulic rams that turn the 90-tonne span every hour.\nFilmed in March 2024.',
      ],
      [
        'Night shift at the container terminal',
        'https://www.youtube.com/watch?v=def456UVW_1',
        'Crane drivers move 900 boxes before dawn.',
      ],
    ]);
  });

  it('xml:base resolves relative links; a license link is no permalink; type="text" keeps "<" as text', () => {
    const r = feed('atom-relative.xml');
    expect(r.articles.map((a) => [a.title, a.url, a.author])).toEqual([
      ['Why x < y in tide tables', 'https://blog.example.org/2019/03/why-x-less-than-y/', 'Jane Doe'],
      ['Use <b> for bold, said the style guide', 'https://blog.example.org/archive/2018/11/style-guide/', undefined],
      ['A licensed photo essay', undefined, undefined],
    ]);
    expect(r.articles[1].body).toBe('Plain text: keep <b> as written.');
    expect(r.articles[2].body).toBe('Twelve photographs of the harbour at low tide.'); // summary, no content
    expect(r.articles[2].id).toMatch(/^g:/); // told apart by its Atom id
  });

  it('Atom 0.3: issued and modified dates, escaped content', () => {
    const r = feed('atom03.xml');
    expect(r.articles.map((a) => [a.date, a.body])).toEqual([
      ['2004-01-01', 'Fireworks over the quay at midnight.'],
      ['2003-12-30', 'Fog all day; the foghorn never stopped.'],
    ]);
  });
});

describe('UTF-16 without a byte-order mark, and UTF-32', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'dossier-utf-'));
  });
  afterAll(() => fs.rm(dir, { recursive: true, force: true }));

  const text = read('feed-rss.xml').replace('encoding="UTF-8"', 'encoding="UTF-16"');
  const utf32 = (le: boolean) => {
    const cps = [...text].map((c) => c.codePointAt(0) ?? 0);
    const b = Buffer.alloc(cps.length * 4);
    for (const [i, c] of cps.entries()) {
      if (le) b.writeUInt32LE(c, i * 4);
      else b.writeUInt32BE(c, i * 4);
    }
    return b;
  };
  const encodings: [string, () => Buffer][] = [
    ['UTF-16LE', () => Buffer.from(text, 'utf16le')],
    ['UTF-16BE', () => Buffer.from(text, 'utf16le').swap16()],
    ['UTF-32LE', () => utf32(true)],
    ['UTF-32BE', () => utf32(false)],
  ];

  it.each(encodings)('%s is detected and read like the UTF-8 file', async (name, bytes) => {
    const file = path.join(dir, `feed-${name}.xml`);
    await fs.writeFile(file, bytes());
    const r = await loadFile(file);
    expect(r.format).toBe('rss');
    expect(r.warnings).toEqual([]);
    expect(r.articles.map((a) => [a.title, a.body])).toEqual(
      feed('feed-rss.xml').articles.map((a) => [a.title, a.body]),
    );
  });
});
