// A WordPress-shaped site on the loopback test server: home page announcing the REST API,
// /wp-json/wp/v2/posts with WordPress paging rules, users, and the RSS feed with ?paged=.
import type { TestServer } from './http-server.js';
import { json } from './http-server.js';

export interface FakePost {
  id: number;
  date: string; // WordPress local time, "2019-03-05T10:00:00"
  /** last edit (WordPress local time); the publish date when never edited */
  modified?: string;
  link: string;
  title: string; // HTML, as title.rendered
  content: string; // HTML, as content.rendered
  author: number;
  tags: string[];
  /** a password-protected post: the REST API flags it (here with its text rendered, as an editor's
   * or a caching plugin's answer has it), the feed shows WordPress's password form instead */
  password?: string;
}

/** What WordPress puts in a feed for a password-protected post. */
const passwordForm = (p: FakePost) =>
  `<form action="https://intelnews.org/wp-login.php?action=postpass" class="post-password-form" method="post"><p>This content is password protected. To view it please enter your password below:</p><p><label for="pwbox-${p.id}">Password: <input name="post_password" id="pwbox-${p.id}" type="password" size="20" /></label> <input type="submit" name="Submit" value="Enter" /></p></form>`;

export const AUTHORS: Record<number, { name: string; public: boolean }> = {
  1: { name: 'Joseph Fitsanakis', public: true },
  // Ian Allen's user page is hidden (401), as security plugins do; his name comes from _embed
  2: { name: 'Ian Allen', public: false },
};

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** n posts, one a day from 2019-01-01, intelNews-style permalinks with running numbers from 01-2400. */
export function makePosts(n: number, from = 0): FakePost[] {
  return Array.from({ length: n }, (_, k) => {
    const i = from + k;
    const d = new Date(Date.UTC(2019, 0, 1 + i, 10, 0, 0));
    const day = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
    return {
      id: 1000 + i,
      date: `${day}T10:00:00`,
      link: `https://intelnews.org/${day.replace(/-/g, '/')}/01-${2400 + i}/`,
      title: `Spy&#8217;s report number ${i} &amp; its aftermath`,
      content: `<p>Paragraph one of report ${i}: agents &amp; handlers met in <a href="https://example.com/">Vienna</a>.</p>\n<p>Second paragraph of report ${i}.</p>`,
      author: i % 3 === 0 ? 2 : 1,
      tags: i % 2 ? ['Espionage'] : ['Espionage', 'Russia'],
    };
  });
}

export interface FakeSiteOptions {
  /** announce the API in a Link header (default) or only in the page's <link> tag */
  linkHeader?: boolean;
  /** send X-WP-TotalPages (default true) */
  totalPagesHeader?: boolean;
  /** posts per feed page */
  feedPageSize?: number;
  /** behave like WordPress before 5.7: `modified_after` is not a known argument and is ignored */
  ignoreModifiedAfter?: boolean;
}

export class FakeWordPress {
  posts: FakePost[];
  constructor(
    readonly srv: TestServer,
    posts: FakePost[],
    readonly opts: FakeSiteOptions = {},
  ) {
    this.posts = posts;
    this.install();
  }

  private restPost(p: FakePost, embed: boolean) {
    const out: Record<string, unknown> = {
      id: p.id,
      date: p.date,
      date_gmt: p.date,
      modified: p.modified ?? p.date,
      link: p.link,
      status: 'publish',
      title: { rendered: p.title },
      content: { rendered: p.content, protected: !!p.password },
      excerpt: { rendered: '<p>…</p>', protected: !!p.password },
      author: p.author,
    };
    if (embed) {
      out._embedded = {
        author: [{ id: p.author, name: AUTHORS[p.author].name }],
        'wp:term': [[{ taxonomy: 'category', name: 'News' }], p.tags.map((t) => ({ taxonomy: 'post_tag', name: t }))],
      };
    }
    return out;
  }

  private install(): void {
    const { srv } = this;
    srv.route('/', (_q, res) => {
      const headers: Record<string, string> = { 'content-type': 'text/html; charset=UTF-8' };
      if (this.opts.linkHeader !== false) headers.link = `<${srv.base}/wp-json/>; rel="https://api.w.org/"`;
      res.writeHead(200, headers);
      const tag = this.opts.linkHeader === false ? `<link rel="https://api.w.org/" href="${srv.base}/wp-json/" />` : '';
      res.end(
        `<!doctype html><html><head><title>intelNews.org</title>${tag}<link rel="alternate" type="application/rss+xml" href="${srv.base}/feed/"></head><body>home</body></html>`,
      );
    });
    srv.route('/wp-json/wp/v2/posts', (_q, res, url) => {
      const perPage = Number(url.searchParams.get('per_page') ?? 10);
      const page = Number(url.searchParams.get('page') ?? 1);
      const after = url.searchParams.get('after');
      const modifiedAfter = this.opts.ignoreModifiedAfter ? null : url.searchParams.get('modified_after');
      const embed = url.searchParams.has('_embed');
      const key = (p: FakePost) => (url.searchParams.get('orderby') === 'modified' ? (p.modified ?? p.date) : p.date);
      let list = [...this.posts].sort((a, b) => (key(a) < key(b) ? -1 : 1));
      if (url.searchParams.get('order') !== 'asc') list.reverse();
      if (after) list = list.filter((p) => p.date > after);
      if (modifiedAfter) list = list.filter((p) => (p.modified ?? p.date) > modifiedAfter);
      const totalPages = Math.ceil(list.length / perPage);
      if (page > Math.max(1, totalPages)) {
        return json(res, 400, {
          code: 'rest_post_invalid_page_number',
          message: 'The page number requested is larger than the number of pages available.',
          data: { status: 400 },
        });
      }
      const headers: Record<string, string> = { 'x-wp-total': String(list.length) };
      if (this.opts.totalPagesHeader !== false) headers['x-wp-totalpages'] = String(totalPages);
      json(
        res,
        200,
        list.slice((page - 1) * perPage, page * perPage).map((p) => this.restPost(p, embed)),
        headers,
      );
    });
    for (const [id, a] of Object.entries(AUTHORS)) {
      srv.route(`/wp-json/wp/v2/users/${id}`, (_q, res) => {
        if (!a.public)
          return json(res, 401, {
            code: 'rest_user_cannot_view',
            message: 'Sorry, you are not allowed to list users.',
            data: { status: 401 },
          });
        json(res, 200, { id: Number(id), name: a.name, slug: a.name.toLowerCase().replace(/ /g, '-') });
      });
    }
    srv.route('/feed/', (req, res, url) => {
      const size = this.opts.feedPageSize ?? 10;
      const page = Number(url.searchParams.get('paged') ?? 1);
      const list = [...this.posts].sort((a, b) => (a.date < b.date ? 1 : -1));
      const items = list.slice((page - 1) * size, page * size);
      if (page > 1 && items.length === 0) {
        res.writeHead(404, { 'content-type': 'text/html' });
        return void res.end('<html>Page not found</html>');
      }
      // like WordPress, the validator follows the latest edit (a post given a password is an edit)
      const lastEdit =
        list
          .map((p) => p.modified ?? p.date)
          .sort()
          .at(-1) ?? '';
      const etag = `"${list.length}-${list[0]?.id ?? 0}-${page}-${lastEdit}"`;
      if (req.headers['if-none-match'] === etag) {
        res.writeHead(304, { etag });
        return void res.end();
      }
      res.writeHead(200, { 'content-type': 'application/rss+xml; charset=UTF-8', etag });
      res.end(rss(items));
    });
  }
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function rfc822(wpDate: string): string {
  return new Date(`${wpDate}Z`).toUTCString().replace('GMT', '+0000');
}

export function rss(items: FakePost[]): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>intelNews.org</title><link>https://intelnews.org</link><description>Intelligence news</description>
${items
  .map(
    (
      p,
    ) => `<item><title>${p.password ? 'Protected: ' : ''}${p.title}</title><link>${p.link}</link><dc:creator><![CDATA[${AUTHORS[p.author].name}]]></dc:creator><pubDate>${rfc822(p.date)}</pubDate>
${p.tags.map((t) => `<category><![CDATA[${t}]]></category>`).join('')}<guid isPermaLink="false">https://intelnews.org/?p=${p.id}</guid>
<description><![CDATA[${p.password ? 'There is no excerpt because this is a protected post.' : 'short'}]]></description><content:encoded><![CDATA[${p.password ? passwordForm(p) : p.content}]]></content:encoded></item>`,
  )
  .join('\n')}
</channel></rss>`;
}

export function atom(items: FakePost[]): string {
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>intelNews.org</title><id>https://intelnews.org/</id><updated>2020-01-01T00:00:00Z</updated>
${items
  .map(
    (
      p,
    ) => `<entry><title type="html">${esc(p.title)}</title><link rel="alternate" type="text/html" href="${p.link}"/><id>${p.link}</id>
<author><name>${AUTHORS[p.author].name}</name></author><published>${p.date}Z</published><updated>${p.date}Z</updated>
<content type="html">${esc(p.content)}</content></entry>`,
  )
  .join('\n')}
</feed>`;
}
