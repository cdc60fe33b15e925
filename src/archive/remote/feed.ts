// RSS 2.0 / Atom feeds by URL, with WordPress feed paging (?paged=N) to reach older posts.
import {
  addLeftOut,
  type Article,
  type IngestWarning,
  noneLeftOut,
  type LeftOut,
  type ParseResult,
} from '../article.js';
import type { HttpClient, HttpResponse } from './http.js';

export type FeedParser = (xml: string, source: string) => ParseResult;

export interface FeedFetchOptions {
  parse: FeedParser;
  /** false: stop paging at the first page holding a post already known (or older than `newest`) */
  full: boolean;
  /** ids of the articles already cached for this source */
  known: ReadonlySet<string>;
  /** newest post day already cached (ISO day) */
  newest?: string;
  /** page 1, when it was already fetched while finding out what the URL is */
  first?: HttpResponse;
  /** most pages walked (default 1000) */
  maxPages?: number;
  onPage?: (pages: number, found: number) => void;
}

export interface FeedFetchResult {
  articles: Article[];
  warnings: IngestWarning[];
  /** items left out on purpose (a WordPress feed shows a protected post as its password form) */
  leftOut: LeftOut;
  /** the ids those items' articles would have had */
  leftOutIds: string[];
  /** page 1 answered 304 (or is byte-identical to the stored copy): nothing new */
  notModified: boolean;
  pages: number;
}

/** The URL of page N of a WordPress feed. */
export function feedPageUrl(feedUrl: string, page: number): string {
  const u = new URL(feedUrl);
  if (page <= 1) u.searchParams.delete('paged');
  else u.searchParams.set('paged', String(page));
  return u.toString();
}

export const FEED_ACCEPT =
  'application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5';

export async function fetchFeed(client: HttpClient, feedUrl: string, opts: FeedFetchOptions): Promise<FeedFetchResult> {
  const maxPages = opts.maxPages ?? 1000;
  const first = opts.first ?? (await client.get(feedUrl, { conditional: true, accept: FEED_ACCEPT }));
  if (first.status !== 200 && first.status !== 304)
    throw new Error(`${feedUrl}: HTTP ${first.status}; check the feed URL`);
  if (first.notModified && !opts.full)
    return { articles: [], warnings: [], leftOut: noneLeftOut(), leftOutIds: [], notModified: true, pages: 1 };

  const byId = new Map<string, Article>();
  const warnings: IngestWarning[] = [];
  const leftOut = noneLeftOut();
  const leftOutIds = new Set<string>();
  let pages = 0;
  let res: HttpResponse | undefined = first;
  for (let page = 1; res; page++) {
    pages++;
    const parsed = opts.parse(res.text(), res.url);
    warnings.push(...parsed.warnings);
    const fresh = parsed.articles.filter((a) => !byId.has(a.id));
    for (const a of fresh) byId.set(a.id, a);
    // a repeated page (a feed that ignores ?paged) must not count its left-out items twice
    if (page === 1 || fresh.length) {
      addLeftOut(leftOut, parsed.leftOut);
      for (const id of parsed.leftOutIds ?? []) leftOutIds.add(id);
    }
    opts.onPage?.(pages, byId.size);
    // a feed that ignores ?paged answers page 1 again: nothing new means the end
    if (fresh.length === 0 || page >= maxPages) break;
    if (
      !opts.full &&
      parsed.articles.some((a) => opts.known.has(a.id) || (opts.newest && a.date && a.date < opts.newest))
    )
      break;
    const next = await client.get(feedPageUrl(feedUrl, page + 1), { accept: FEED_ACCEPT });
    // WordPress answers 404 past the last page; any other refusal also ends the walk
    res = next.status === 200 ? next : undefined;
  }
  return { articles: [...byId.values()], warnings, leftOut, leftOutIds: [...leftOutIds], notModified: false, pages };
}
