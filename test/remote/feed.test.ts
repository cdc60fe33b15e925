import { describe, expect, it } from 'vitest';
import { loadUrlSource, SourceFailedError } from '../../src/archive/remote/index.js';
import { feedPageUrl } from '../../src/archive/remote/feed.js';
import { json } from '../support/http-server.js';
import { atom, FakeWordPress, makePosts } from '../support/wp-fake.js';
import { useRemoteTest } from '../support/remote-test.js';

const remote = useRemoteTest('dossier-feed-');
const opts = remote.opts;
const feedPages = () => remote.srv.log.filter((q) => q.path === '/feed/').map((q) => q.query.get('paged') ?? '1');

describe('feed paging', () => {
  it('sets and clears ?paged', () => {
    expect(feedPageUrl('https://intelnews.org/feed/', 3)).toBe('https://intelnews.org/feed/?paged=3');
    expect(feedPageUrl('https://intelnews.org/feed/?paged=3', 1)).toBe('https://intelnews.org/feed/');
  });
});

describe('loadUrlSource on an RSS feed', () => {
  it('walks ?paged= pages until the 404, with permalinks, authors and dates', async () => {
    new FakeWordPress(remote.srv, makePosts(35));
    const r = await loadUrlSource(`${remote.srv.base}/feed/`, opts());
    expect(r.kind).toBe('feed');
    expect(r.articles).toHaveLength(35);
    expect(feedPages()).toEqual(['1', '2', '3', '4', '5']); // 4 pages of ≤10, then the 404
    const a = r.articles.find((x) => x.url === 'https://intelnews.org/2019/01/04/01-2403/')!;
    expect(a).toMatchObject({
      title: 'Spy\u2019s report number 3 & its aftermath',
      author: 'Ian Allen',
      date: '2019-01-04',
    });
    expect(a.body).toContain('agents & handlers met in Vienna.');
    expect(r.articles.find((x) => x.url === 'https://intelnews.org/2019/01/05/01-2404/')?.author).toBe(
      'Joseph Fitsanakis',
    );
  });

  it('an unchanged feed costs one request answered 304, and returns every cached article', async () => {
    new FakeWordPress(remote.srv, makePosts(25));
    await loadUrlSource(`${remote.srv.base}/feed/`, opts());
    // the ETag the site gives its first page now (it has not changed since the first fetch)
    const etag = (await fetch(`${remote.srv.base}/feed/`)).headers.get('etag');
    expect(etag).toMatch(/^"/);
    remote.srv.log.length = 0;
    const r = await loadUrlSource(`${remote.srv.base}/feed/`, opts());
    expect(r.mode).toBe('unchanged');
    expect(r.requests).toBe(1);
    expect(remote.srv.log).toHaveLength(1);
    // the ETag it was given, sent back
    expect(remote.srv.log[0].headers['if-none-match']).toBe(etag);
    expect(r.articles).toHaveLength(25);
  });

  it('an incremental fetch stops at the first page holding a known post', async () => {
    const wp = new FakeWordPress(remote.srv, makePosts(45));
    await loadUrlSource(`${remote.srv.base}/feed/`, opts());
    wp.posts.push(...makePosts(3, 45));
    remote.srv.log.length = 0;
    const r = await loadUrlSource(`${remote.srv.base}/feed/`, opts());
    expect(r.mode).toBe('incremental');
    expect(feedPages()).toEqual(['1']);
    expect(r.articles).toHaveLength(48);
    expect(r.fetched).toBe(10);
  });

  it('stops when a feed ignores ?paged and repeats its first page', async () => {
    const posts = makePosts(8);
    new FakeWordPress(remote.srv, posts); // installs /feed/ …
    const { rss } = await import('../support/wp-fake.js');
    remote.srv.route('/plain.xml', (_q, res) => {
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      res.end(rss(posts));
    });
    const r = await loadUrlSource(`${remote.srv.base}/plain.xml`, opts());
    expect(r.articles).toHaveLength(8);
    expect(remote.srv.countFor('/plain.xml')).toBe(2);
  });

  it('decodes a feed in a legacy charset: from Content-Type, else from its XML declaration', async () => {
    const item = (t: string, slug: string) =>
      `<item><title>${t}</title><link>https://e.com/${slug}/</link><description>Na\u00efve \u201cagents\u201d.</description></item>`;
    // ISO-8859-1 named only by the HTTP header (the body has no declaration)
    remote.srv.route('/latin1.xml', (_q, res) => {
      res.writeHead(200, { 'content-type': 'application/rss+xml; charset=ISO-8859-1' });
      res.end(
        Buffer.from(
          `<rss version="2.0"><channel>${item('Caf\u00e9 spies', 'a').replace(/[\u201c\u201d]/g, '"')}</channel></rss>`,
          'latin1',
        ),
      );
    });
    // windows-1252 (curly quotes are 0x93/0x94 there) named only by the XML declaration
    const cp1252 = (text: string) =>
      Buffer.from([...text].map((ch) => (ch === '\u201c' ? 0x93 : ch === '\u201d' ? 0x94 : ch.charCodeAt(0))));
    remote.srv.route('/cp1252.xml', (_q, res) => {
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      res.end(
        cp1252(
          `<?xml version="1.0" encoding="windows-1252"?><rss version="2.0"><channel>${item('Caf\u00e9 \u201cspies\u201d', 'b')}</channel></rss>`,
        ),
      );
    });
    const latin = await loadUrlSource(`${remote.srv.base}/latin1.xml`, opts());
    expect(latin.articles.map((a) => [a.title, a.body])).toEqual([['Café spies', 'Naïve "agents".']]);
    const win = await loadUrlSource(`${remote.srv.base}/cp1252.xml`, opts());
    expect(win.articles.map((a) => [a.title, a.body])).toEqual([
      ['Café \u201cspies\u201d', 'Na\u00efve \u201cagents\u201d.'],
    ]);
    expect([...latin.warnings, ...win.warnings]).toEqual([]);
  });

  it('throws, keeping the cached articles, when the feed suddenly returns nothing', async () => {
    const wp = new FakeWordPress(remote.srv, makePosts(15));
    await loadUrlSource(`${remote.srv.base}/feed/`, opts());
    wp.posts = [];
    const err = await loadUrlSource(`${remote.srv.base}/feed/`, opts()).catch((e) => e);
    expect(err).toBeInstanceOf(SourceFailedError);
    expect(err.message).toMatch(/returned no posts \(it had 15\): keeping the current index/);
    expect(err.articles).toHaveLength(15);
    // nothing was overwritten: with the posts back, a 304-free refetch still knows all 15
    wp.posts = makePosts(15);
    expect((await loadUrlSource(`${remote.srv.base}/feed/`, opts({ full: true }))).articles).toHaveLength(15);
  });

  it('finds the feed announced by a plain (non-WordPress-API) site', async () => {
    new FakeWordPress(remote.srv, makePosts(4));
    remote.srv.route('/blog/', (_q, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(`<html><head><link rel="alternate" type="application/rss+xml" title="Feed" href="/feed/"></head></html>`);
    });
    const r = await loadUrlSource(`${remote.srv.base}/blog/`, opts());
    expect(r.kind).toBe('feed');
    expect(r.articles).toHaveLength(4);
  });
});

describe('loadUrlSource on an Atom feed and single files', () => {
  it('reads an Atom feed', async () => {
    const posts = makePosts(6);
    remote.srv.route('/atom.xml', (_q, res) => {
      res.writeHead(200, { 'content-type': 'application/atom+xml' });
      res.end(atom(posts));
    });
    const r = await loadUrlSource(`${remote.srv.base}/atom.xml`, opts());
    expect(r.kind).toBe('feed');
    expect(r.articles).toHaveLength(6);
    expect(r.articles.map((a) => a.url).sort()).toEqual(posts.map((p) => p.link).sort());
    expect(r.articles.find((a) => a.url === posts[0].link)).toMatchObject({
      author: 'Ian Allen',
      date: '2019-01-01',
      title: 'Spy\u2019s report number 0 & its aftermath',
    });
  });

  it('reads a saved WordPress posts answer and a JSON Lines file', async () => {
    remote.srv.route('/dump.json', (_q, res) =>
      json(res, 200, [
        {
          id: 7,
          date: '2019-03-18T09:00:00',
          link: 'https://intelnews.org/2019/03/18/01-2514/',
          title: { rendered: 'Analysis: Who was behind the raid on the North Korean embassy in Madrid?' },
          content: { rendered: '<p>An obscure group&#8230;</p>' },
          author: 1,
          _embedded: { author: [{ id: 1, name: 'Joseph Fitsanakis' }] },
        },
      ]),
    );
    remote.srv.route('/list.jsonl', (_q, res) => {
      res.writeHead(200, { 'content-type': 'application/x-ndjson' });
      res.end(
        '{"title":"One","body":"Text one.","url":"https://intelnews.org/2019/03/05/01-2507/","date":"2019-03-05"}\n{"title":"Two","body":"Text two."}\n',
      );
    });
    const a = await loadUrlSource(`${remote.srv.base}/dump.json`, opts());
    expect(a.kind).toBe('file');
    expect(a.articles[0]).toMatchObject({
      url: 'https://intelnews.org/2019/03/18/01-2514/',
      author: 'Joseph Fitsanakis',
      date: '2019-03-18',
      body: 'An obscure group\u2026',
    });
    const b = await loadUrlSource(`${remote.srv.base}/list.jsonl`, opts());
    expect(b.articles.map((x) => x.title)).toEqual(['One', 'Two']);
  });

  it('re-fetches an unchanged file with one conditional request', async () => {
    remote.srv.route('/archive.jsonl', (req, res) => {
      if (req.headers['if-modified-since'] === 'Tue, 05 Mar 2019 10:00:00 GMT') {
        res.writeHead(304);
        return void res.end();
      }
      res.writeHead(200, { 'content-type': 'application/x-ndjson', 'last-modified': 'Tue, 05 Mar 2019 10:00:00 GMT' });
      res.end('{"title":"One","body":"Text one.","url":"https://intelnews.org/2019/03/05/01-2507/"}\n');
    });
    await loadUrlSource(`${remote.srv.base}/archive.jsonl`, opts());
    remote.srv.log.length = 0;
    const again = await loadUrlSource(`${remote.srv.base}/archive.jsonl`, opts());
    expect(again).toMatchObject({ mode: 'unchanged', requests: 1 });
    expect(again.articles.map((a) => a.url)).toEqual(['https://intelnews.org/2019/03/05/01-2507/']);
  });

  it('says what to do with a URL that is nothing it can read', async () => {
    remote.srv.route('/page', (_q, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html><body>hello</body></html>');
    });
    await expect(loadUrlSource(`${remote.srv.base}/page`, opts())).rejects.toThrow(
      /neither a WordPress site, an RSS\/Atom feed nor a JSON\/XML archive .*point ARCHIVE_SOURCES at/,
    );
  });
});
