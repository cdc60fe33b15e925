// WordPress sites through the standard REST API: discovery from the site root, paging through
// /wp/v2/posts, author ids resolved to names once each, posts mapped to Articles.
import { type Article, type IngestWarning, noneLeftOut, type LeftOut } from '../article.js';
import { embeddedAuthor, WpPost, wpPostToArticle } from '../formats/wp-rest.js';
import { inlineToText } from '../html.js';
import type { HttpClient, HttpResponse } from './http.js';

const API_REL = 'https://api.w.org/';

/** The REST API is there but will not list posts (disabled, behind a login, or not JSON). */
export class WordPressApiError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WordPressApiError';
  }
}

/** Most pages of posts walked (100 each): far above any real blog, a stop for a lying server. */
const MAX_PAGES = 2000;

/** The REST API root announced by a WordPress page: `Link: <…/wp-json/>; rel="https://api.w.org/"` or `<link rel=… href=…>`. */
export function discoverApiRoot(res: Pick<HttpResponse, 'url' | 'headers' | 'text'>): string | undefined {
  const links = res.headers.link;
  for (const value of Array.isArray(links) ? links : links ? [links] : []) {
    for (const part of value.split(/,(?=\s*<)/)) {
      const m = /<([^>]+)>\s*;(.*)$/.exec(part.trim());
      if (m && /rel\s*=\s*"?https:\/\/api\.w\.org\/"?/i.test(m[2])) return new URL(m[1], res.url).toString();
    }
  }
  const ct = String(res.headers['content-type'] ?? '');
  if (ct && !/html/i.test(ct)) return undefined;
  const html = res.text().slice(0, 500_000);
  for (const tag of html.match(/<link\b[^>]*>/gi) ?? []) {
    if (!new RegExp(`rel\\s*=\\s*["']?${API_REL.replace(/[./]/g, '\\$&')}["']?`, 'i').test(tag)) continue;
    const href = /href\s*=\s*["']([^"']+)["']/i.exec(tag)?.[1];
    if (href) return new URL(href.replace(/&amp;/g, '&'), res.url).toString();
  }
  return undefined;
}

/** The URL of a route under the API root, for pretty (/wp-json/) and plain (?rest_route=/) permalinks alike. */
export function wpRoute(apiRoot: string, route: string, params: Record<string, string | number> = {}): string {
  const u = new URL(apiRoot);
  const rr = u.searchParams.get('rest_route');
  if (rr !== null) u.searchParams.set('rest_route', `${rr.replace(/\/+$/, '')}/${route}`);
  else u.pathname = u.pathname.replace(/\/*$/, '/') + route;
  for (const [k, v] of Object.entries(params)) u.searchParams.set(k, String(v));
  return u.toString();
}

export { looksLikeWpPosts, WpPost, wpPostToArticle } from '../formats/wp-rest.js';

export interface WpFetchOptions {
  /** only posts published after this date (as WordPress writes it): incremental refresh */
  after?: string;
  /** only posts created or edited after this time (WordPress 5.7+ `modified_after`): incremental refresh that sees edits */
  modifiedAfter?: string;
  /** author names already known (id → name); looked-up names are added to it */
  authors: Map<number, string>;
  /** called after every page: pages fetched, pages in all (when known), articles found so far */
  onPage?: (pages: number, totalPages: number | undefined, found: number) => void;
}

export interface WpFetchResult {
  articles: Article[];
  warnings: IngestWarning[];
  /** posts seen but not indexed (password-protected, private, drafts) */
  leftOut: LeftOut;
  /** the ids those posts' articles would have had: a copy cached from before must go */
  leftOutIds: string[];
  /** newest post date seen in this fetch (WordPress local time) */
  newest?: string;
  /** latest edit time seen in this fetch (WordPress local time) */
  newestModified?: string;
  /** modifiedAfter was asked for but the site answered with older posts too (WordPress before 5.7 ignores it) */
  modifiedAfterIgnored?: boolean;
  /** posts WordPress said it has (X-WP-Total), when it said */
  total?: number;
}

function isInvalidPage(res: HttpResponse): boolean {
  if (res.status !== 400) return false;
  try {
    return (res.json() as { code?: string }).code === 'rest_post_invalid_page_number';
  } catch {
    return false;
  }
}

function postsOf(res: HttpResponse, url: string): unknown[] {
  let data: unknown;
  try {
    data = res.json();
  } catch {
    throw new WordPressApiError(
      `${url}: the WordPress REST API did not answer JSON (is it disabled or behind a login?); try the site's feed URL (…/feed/) instead`,
    );
  }
  if (!Array.isArray(data))
    throw new WordPressApiError(
      `${url}: expected a list of posts from the WordPress REST API; try the site's feed URL (…/feed/) instead`,
    );
  return data;
}

/** Pages through /wp/v2/posts (all of it, or only what is newer than `after`) and maps posts to Articles. */
export async function fetchWordPress(
  client: HttpClient,
  apiRoot: string,
  opts: WpFetchOptions,
): Promise<WpFetchResult> {
  const params = (page: number): Record<string, string | number> => ({
    per_page: 100,
    page,
    // ascending: posts published (or edited) during a sweep land on the last page instead of shifting every page
    orderby: opts.modifiedAfter ? 'modified' : 'date',
    order: 'asc',
    _embed: 'author,wp:term',
    ...(opts.modifiedAfter ? { modified_after: opts.modifiedAfter } : opts.after ? { after: opts.after } : {}),
  });
  const raw: unknown[] = [];
  const first = wpRoute(apiRoot, 'wp/v2/posts', params(1));
  const res1 = await client.get(first, { accept: 'application/json' });
  if (isInvalidPage(res1)) return { articles: [], warnings: [], leftOut: noneLeftOut(), leftOutIds: [], total: 0 };
  if (res1.status !== 200)
    throw new WordPressApiError(
      `${first}: HTTP ${res1.status} from the WordPress REST API; check the URL, or use the site's feed (…/feed/) instead`,
    );
  raw.push(...postsOf(res1, first));
  const totalHeader = Number(res1.headers['x-wp-totalpages']);
  const totalPages = Number.isFinite(totalHeader) && totalHeader > 0 ? Math.min(totalHeader, MAX_PAGES) : undefined;
  const total = Number(res1.headers['x-wp-total']);
  let pages = 1;
  opts.onPage?.(pages, totalPages, raw.length);

  const fetchPage = async (page: number): Promise<unknown[] | undefined> => {
    const url = wpRoute(apiRoot, 'wp/v2/posts', params(page));
    const res = await client.get(url, { accept: 'application/json' });
    if (isInvalidPage(res)) return undefined;
    if (res.status !== 200)
      throw new Error(
        `${url}: HTTP ${res.status} from the WordPress REST API while paging; the fetch is abandoned and the current index kept`,
      );
    const posts = postsOf(res, url);
    pages++;
    opts.onPage?.(pages, totalPages, raw.length + posts.length);
    return posts.length ? posts : undefined;
  };

  if (totalPages) {
    // the page count is known: let the limiter run the pages side by side
    const rest = await Promise.all(Array.from({ length: totalPages - 1 }, (_, i) => fetchPage(i + 2)));
    for (const posts of rest) if (posts) raw.push(...posts);
  } else if (raw.length > 0) {
    // no X-WP-TotalPages (a proxy stripped it): walk until WordPress says the page is invalid or empty
    for (let page = 2; page <= MAX_PAGES; page++) {
      const posts = await fetchPage(page);
      if (!posts) break;
      raw.push(...posts);
    }
  }

  const warnings: IngestWarning[] = [];
  const posts: WpPost[] = [];
  const seen = new Set<number>();
  for (const r of raw) {
    const p = WpPost.safeParse(r);
    if (!p.success) {
      warnings.push({
        source: apiRoot,
        message: `a post without id/title/content was skipped (${p.error.issues[0]?.path.join('.')}: ${p.error.issues[0]?.message})`,
      });
      continue;
    }
    if (seen.has(p.data.id)) continue; // paging overlap when posts were published mid-sweep
    seen.add(p.data.id);
    posts.push(p.data);
  }

  await resolveAuthors(client, apiRoot, posts, opts.authors);
  const articles: Article[] = [];
  const leftOut = noneLeftOut();
  const leftOutIds: string[] = [];
  let newest: string | undefined;
  let newestModified: string | undefined;
  let modifiedAfterIgnored = false;
  for (const p of posts) {
    const r = wpPostToArticle(p, opts.authors, apiRoot);
    if (r.article) articles.push(r.article);
    if (r.warning) warnings.push(r.warning);
    if (r.leftOut) {
      leftOut[r.leftOut.reason]++;
      if (r.leftOut.id) leftOutIds.push(r.leftOut.id);
    }
    if (p.date && (!newest || p.date > newest)) newest = p.date;
    if (p.modified && (!newestModified || p.modified > newestModified)) newestModified = p.modified;
    if (opts.modifiedAfter && (!p.modified || p.modified <= opts.modifiedAfter)) modifiedAfterIgnored = true;
  }
  return {
    articles,
    warnings,
    leftOut,
    leftOutIds,
    newest,
    newestModified,
    modifiedAfterIgnored,
    total: Number.isFinite(total) ? total : undefined,
  };
}

/** Looks up each unknown author id once (/wp/v2/users/<id>); a refused lookup falls back to the embedded author. */
async function resolveAuthors(
  client: HttpClient,
  apiRoot: string,
  posts: WpPost[],
  authors: Map<number, string>,
): Promise<void> {
  const ids = [
    ...new Set(posts.map((p) => p.author).filter((id): id is number => id !== undefined && id > 0 && !authors.has(id))),
  ];
  await Promise.all(
    ids.map(async (id) => {
      const url = wpRoute(apiRoot, `wp/v2/users/${id}`);
      const res = await client.get(url, { accept: 'application/json' });
      if (res.status === 200) {
        try {
          const name = (res.json() as { name?: unknown }).name;
          if (typeof name === 'string' && name.trim()) return void authors.set(id, inlineToText(name));
        } catch {
          // not JSON: treated like a refused lookup
        }
      }
      // 401/404 (sites often hide users): the name embedded in a post, if WordPress sent one
      const embedded = posts.map((p) => (p.author === id ? embeddedAuthor(p) : undefined)).find(Boolean);
      if (embedded) authors.set(id, embedded);
    }),
  );
}
