import { describe, expect, it } from 'vitest';
import { loadUrlSource, SourceFailedError } from '../../src/archive/remote/index.js';
import { discoverApiRoot, wpRoute } from '../../src/archive/remote/wordpress.js';
import type { Progress } from '../../src/index/types.js';
import { FakeWordPress, makePosts } from '../support/wp-fake.js';
import { useRemoteTest } from '../support/remote-test.js';

const remote = useRemoteTest('dossier-wp-');
const opts = remote.opts;

describe('WordPress discovery', () => {
  const page = (headers: Record<string, string>, html: string) => ({
    url: 'https://intelnews.org/',
    headers,
    text: () => html,
  });

  it('reads the API root from the Link header or the page', () => {
    expect(discoverApiRoot(page({ link: '<https://intelnews.org/wp-json/>; rel="https://api.w.org/"' }, ''))).toBe(
      'https://intelnews.org/wp-json/',
    );
    expect(
      discoverApiRoot(
        page(
          {
            link: '<https://intelnews.org/?p=1>; rel=shortlink, <https://intelnews.org/wp-json/>; rel="https://api.w.org/"',
          },
          '',
        ),
      ),
    ).toBe('https://intelnews.org/wp-json/');
    expect(
      discoverApiRoot(
        page(
          { 'content-type': 'text/html' },
          `<head><link rel='https://api.w.org/' href='https://intelnews.org/wp-json/' /></head>`,
        ),
      ),
    ).toBe('https://intelnews.org/wp-json/');
    expect(
      discoverApiRoot(page({ 'content-type': 'text/html' }, '<head><link rel="stylesheet" href="/a.css"></head>')),
    ).toBeUndefined();
  });

  it('builds routes for pretty and plain permalinks', () => {
    expect(wpRoute('https://s.org/wp-json/', 'wp/v2/posts', { page: 2 })).toBe(
      'https://s.org/wp-json/wp/v2/posts?page=2',
    );
    expect(wpRoute('https://s.org/?rest_route=/', 'wp/v2/users/3')).toBe(
      'https://s.org/?rest_route=%2Fwp%2Fv2%2Fusers%2F3',
    );
  });
});

describe('loadUrlSource on a WordPress site', () => {
  it('pages through 250 posts, resolves each author once, keeps permalinks, dates and text', async () => {
    const wp = new FakeWordPress(remote.srv, makePosts(250));
    const progress: Progress[] = [];
    const r = await loadUrlSource(`${remote.srv.base}/`, opts({ onProgress: (p) => progress.push(p) }));
    expect(r.kind).toBe('wordpress');
    expect(r.mode).toBe('full');
    expect(r.articles).toHaveLength(250);
    expect(r.warnings).toEqual([]);
    const first = r.articles.find((a) => a.url === 'https://intelnews.org/2019/01/01/01-2400/')!;
    expect(first).toMatchObject({
      title: 'Spy\u2019s report number 0 & its aftermath',
      date: '2019-01-01',
      author: 'Ian Allen',
    });
    expect(first.body).toBe(
      'Paragraph one of report 0: agents & handlers met in Vienna.\n\nSecond paragraph of report 0.',
    );
    expect(first.tags).toEqual(expect.arrayContaining(['News', 'Espionage', 'Russia']));
    expect(r.articles.find((a) => a.url === 'https://intelnews.org/2019/01/02/01-2401/')?.author).toBe(
      'Joseph Fitsanakis',
    );
    expect(new Set(r.articles.map((a) => a.url)).size).toBe(250);
    // home page, 3 pages of posts, one lookup per author (the hidden one falls back to _embed)
    expect(remote.srv.countFor('/')).toBe(1);
    expect(
      remote.srv.log
        .filter((q) => q.path === '/wp-json/wp/v2/posts')
        .map((q) => q.query.get('page'))
        .sort(),
    ).toEqual(['1', '2', '3']);
    expect(remote.srv.countFor('/wp-json/wp/v2/users/1')).toBe(1);
    expect(remote.srv.countFor('/wp-json/wp/v2/users/2')).toBe(1);
    expect(r.requests).toBe(6);
    expect(progress.filter((p) => p.stage === 'fetch').at(-1)?.message).toMatch(/250 articles found/);
    expect(Math.max(...progress.map((p) => p.done))).toBe(4);
    void wp;
  });

  it('refreshes incrementally with modified_after=, merging new and edited posts into the cached set', async () => {
    const wp = new FakeWordPress(remote.srv, makePosts(250));
    await loadUrlSource(`${remote.srv.base}/`, opts());
    remote.srv.log.length = 0;
    wp.posts.push(...makePosts(2, 250));
    const r = await loadUrlSource(`${remote.srv.base}/`, opts());
    expect(r.mode).toBe('incremental');
    expect(r.fetched).toBe(2);
    expect(r.articles).toHaveLength(252);
    // no home page, no author lookups (remembered), one query for what is newer
    expect(remote.srv.log.map((q) => q.path)).toEqual(['/wp-json/wp/v2/posts']);
    expect(remote.srv.log[0].query.get('modified_after')).toBe('2019-09-07T10:00:00');
    expect(remote.srv.log[0].query.get('orderby')).toBe('modified');
    expect(remote.srv.log[0].query.has('after')).toBe(false);
    expect(r.articles.find((a) => a.url === 'https://intelnews.org/2019/09/09/01-2651/')?.author).toBe(
      'Joseph Fitsanakis',
    );

    // nothing new: still one request, the whole set returned
    remote.srv.log.length = 0;
    const again = await loadUrlSource(`${remote.srv.base}/`, opts());
    expect(again.articles).toHaveLength(252);
    expect(again.fetched).toBe(0);
    expect(remote.srv.log).toHaveLength(1);
  });

  it('an edit to an old post reaches the next incremental refresh, not only the daily full sweep', async () => {
    const wp = new FakeWordPress(remote.srv, makePosts(30));
    await loadUrlSource(`${remote.srv.base}/`, opts());
    const old = wp.posts[3];
    old.content = '<p>Corrected: the meeting took place in Graz, not Vienna.</p>';
    old.modified = '2019-12-01T09:30:00';
    remote.srv.log.length = 0;
    const r = await loadUrlSource(`${remote.srv.base}/`, opts());
    expect(r.mode).toBe('incremental');
    expect(r.fetched).toBe(1);
    expect(r.articles).toHaveLength(30);
    expect(r.articles.find((a) => a.url === old.link)?.body).toContain('Graz, not Vienna');
    expect(remote.srv.log.map((q) => q.query.get('modified_after'))).toEqual(['2019-01-30T10:00:00']);
    // the next refresh asks from the edit on
    remote.srv.log.length = 0;
    expect((await loadUrlSource(`${remote.srv.base}/`, opts())).fetched).toBe(0);
    expect(remote.srv.log[0].query.get('modified_after')).toBe('2019-12-01T09:30:00');
  });

  it('a site that ignores modified_after (WordPress before 5.7) is noticed once, then asked by publish date', async () => {
    const wp = new FakeWordPress(remote.srv, makePosts(30), { ignoreModifiedAfter: true });
    await loadUrlSource(`${remote.srv.base}/`, opts());
    wp.posts.push(...makePosts(1, 30));
    // WordPress answers with every post: the set is still right, and the site is remembered as old
    const r = await loadUrlSource(`${remote.srv.base}/`, opts());
    expect(r.articles).toHaveLength(31);
    expect(r.fetched).toBe(31);
    remote.srv.log.length = 0;
    wp.posts.push(...makePosts(1, 31));
    const next = await loadUrlSource(`${remote.srv.base}/`, opts());
    expect(next.fetched).toBe(1);
    expect(next.articles).toHaveLength(32);
    expect(remote.srv.log[0].query.get('after')).toBe('2019-01-31T10:00:00');
    expect(remote.srv.log[0].query.has('modified_after')).toBe(false);
  });

  it('a full sweep replaces the set, catching deletions and edits', async () => {
    const wp = new FakeWordPress(remote.srv, makePosts(120));
    await loadUrlSource(`${remote.srv.base}/`, opts());
    wp.posts = wp.posts.filter((p) => p.id !== 1005);
    wp.posts[0].title = 'Edited title';
    const inc = await loadUrlSource(`${remote.srv.base}/`, opts());
    expect(inc.articles).toHaveLength(120); // an incremental fetch cannot see deletions
    const full = await loadUrlSource(`${remote.srv.base}/`, opts({ full: true }));
    expect(full.mode).toBe('full');
    expect(full.articles).toHaveLength(119);
    expect(full.articles.some((a) => a.title === 'Edited title')).toBe(true);
    expect(full.warnings).toEqual([]);
    // losing most of the site is allowed, but said
    wp.posts = wp.posts.slice(0, 30);
    const pruned = await loadUrlSource(`${remote.srv.base}/`, opts({ full: true }));
    expect(pruned.articles).toHaveLength(30);
    expect(pruned.warnings.map((w) => w.message)).toEqual([
      'now has 30 posts (it had 119); the missing ones leave the index',
    ]);
  });

  it('turns itself into a full sweep when the last one is older than fullSweepMs', async () => {
    new FakeWordPress(remote.srv, makePosts(5));
    await loadUrlSource(`${remote.srv.base}/`, opts({ fullSweepMs: 3_600_000 }));
    expect((await loadUrlSource(`${remote.srv.base}/`, opts({ fullSweepMs: 3_600_000 }))).mode).toBe('incremental');
    await new Promise((r) => setTimeout(r, 20));
    expect((await loadUrlSource(`${remote.srv.base}/`, opts({ fullSweepMs: 10 }))).mode).toBe('full');
  });

  it('walks pages until rest_post_invalid_page_number when X-WP-TotalPages is missing, and finds the API in the page', async () => {
    new FakeWordPress(remote.srv, makePosts(230), { totalPagesHeader: false, linkHeader: false });
    const r = await loadUrlSource(`${remote.srv.base}/`, opts());
    expect(r.articles).toHaveLength(230);
    const pages = remote.srv.log.filter((q) => q.path === '/wp-json/wp/v2/posts').map((q) => q.query.get('page'));
    expect(pages).toEqual(['1', '2', '3', '4']); // page 4 answered 400 rest_post_invalid_page_number
  });

  it('falls back to the announced feed when the REST API is closed, and stays with it', async () => {
    const wp = new FakeWordPress(remote.srv, makePosts(14));
    remote.srv.route('/wp-json/wp/v2/posts', (_q, res) => {
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end('{"code":"rest_cannot_access","message":"Only authenticated users can access the REST API."}');
    });
    const r = await loadUrlSource(`${remote.srv.base}/`, opts());
    expect(r.kind).toBe('feed');
    expect(r.articles).toHaveLength(14);
    expect(r.warnings[0].message).toMatch(
      /HTTP 401 from the WordPress REST API: reading the feed http:\/\/127\.0\.0\.1:\d+\/feed\/ instead/,
    );
    wp.posts.push(...makePosts(1, 14));
    remote.srv.log.length = 0;
    const next = await loadUrlSource(`${remote.srv.base}/`, opts());
    expect(next.articles).toHaveLength(15);
    expect(remote.srv.log.map((q) => q.path)).toEqual(['/feed/']);
  });

  it('accepts the API root itself as the source', async () => {
    new FakeWordPress(remote.srv, makePosts(3));
    remote.srv.route('/wp-json/', (_q, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ name: 'intelNews', namespaces: ['oembed/1.0', 'wp/v2'] }));
    });
    const r = await loadUrlSource(`${remote.srv.base}/wp-json/`, opts());
    expect(r.kind).toBe('wordpress');
    expect(r.articles).toHaveLength(3);
  });

  it('keeps the cached posts and throws when a full sweep suddenly finds none', async () => {
    const wp = new FakeWordPress(remote.srv, makePosts(40));
    await loadUrlSource(`${remote.srv.base}/`, opts());
    wp.posts = [];
    const err = await loadUrlSource(`${remote.srv.base}/`, opts({ full: true })).catch((e) => e);
    expect(err).toBeInstanceOf(SourceFailedError);
    expect(err.message).toMatch(
      new RegExp(`^source ${remote.srv.base}/ returned no posts \\(it had 40\\): keeping the current index`),
    );
    expect(err.articles).toHaveLength(40);
    // the cache is untouched: once the site is back, an incremental fetch still returns everything
    wp.posts = makePosts(41);
    const back = await loadUrlSource(`${remote.srv.base}/`, opts());
    expect(back.articles).toHaveLength(41);
  });

  it('reports a failing site with the articles it had', async () => {
    new FakeWordPress(remote.srv, makePosts(12));
    await loadUrlSource(`${remote.srv.base}/`, opts());
    remote.srv.route('/wp-json/wp/v2/posts', (_q, res) => {
      res.writeHead(503);
      res.end();
    });
    const err = await loadUrlSource(`${remote.srv.base}/`, opts({ retries: 1 })).catch((e) => e);
    expect(err).toBeInstanceOf(SourceFailedError);
    expect(err.message).toMatch(/HTTP 503 \(gave up after 2 attempts.*keeping the 12 articles fetched before$/);
    expect(err.articles).toHaveLength(12);
  });

  it('refuses the loopback site when private addresses are not allowed', async () => {
    new FakeWordPress(remote.srv, makePosts(3));
    const err = await loadUrlSource(`${remote.srv.base}/`, opts({ allowPrivate: false })).catch((e) => e);
    expect(err.message).toMatch(
      /^refusing http:\/\/127\.0\.0\.1:\d+\/: loopback address; set ALLOW_PRIVATE_URLS=true to allow/,
    );
    expect(remote.srv.log).toHaveLength(0);
  });
});
