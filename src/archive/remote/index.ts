// URL sources: a WordPress site (REST API), an RSS/Atom feed (with ?paged= paging) or one JSON/XML
// file, fetched politely and incrementally. Always returns the source's complete current article set:
// new posts are merged into the set cached in the state dir, and a full sweep replaces it.
import path from 'node:path';
import type { Config } from '../../config.js';
import type { Article, IngestWarning } from '../article.js';
import type { ProgressListener } from '../../progress.js';
import { FEED_ACCEPT, fetchFeed, type FeedParser } from './feed.js';
import { HttpClient, type HttpOptions, type HttpResponse } from './http.js';
import { SourceStore, type SourceState } from './state.js';
import { detectFormat, SUPPORTED_FORMATS, xmlFormat } from '../detect.js';
import { parseFeed } from '../formats/feed.js';
import { parseJsonDocument, parseJsonLines } from '../formats/json.js';
import { parseScrapedText } from '../formats/text.js';
import {
  discoverApiRoot,
  fetchWordPress,
  looksLikeWpPosts,
  WordPressApiError,
  WpPost,
  wpPostToArticle,
} from './wordpress.js';

export { UnsafeUrlError, type PrivatePolicy } from './guard.js';
export { HttpError, TooLargeError, USER_AGENT } from './http.js';

/** What loadUrlSource takes: the HTTP client's options (ALLOW_PRIVATE_URLS may be a predicate in tests
 * that admits only their own loopback server; retries and backoff are shortened there too) plus where
 * the fetch state lives and how much to fetch. */
export interface RemoteOptions extends Omit<HttpOptions, 'store'> {
  /** folder where conditional-request state (ETag/Last-Modified, newest post seen, articles last seen) is kept */
  stateDir?: string;
  /** true: fetch everything (full sweep); false: only what is newer than the newest post seen */
  full?: boolean;
  /** a fetch becomes a full sweep when the last one is older than this (ms; 0 or unset: only when `full`) */
  fullSweepMs?: number;
  onProgress?: ProgressListener;
  /** parser for RSS/Atom/WXR text (defaults to the archive's parseFeed) */
  parseFeed?: FeedParser;
}

export interface UrlSourceResult {
  /** the complete current article set of the source */
  articles: Article[];
  warnings: IngestWarning[];
  /** how this fetch went: everything re-fetched, only newer posts, or a 304 / unchanged answer */
  mode: 'full' | 'incremental' | 'unchanged';
  /** articles that came over the network in this fetch */
  fetched: number;
  /** HTTP requests sent (retries and redirect hops included) */
  requests: number;
  kind: SourceState['kind'];
}

/** The settings-derived options for loadUrlSource (the state lives in <INDEX_DIR>/sources). */
export function remoteOptionsFromConfig(config: Config, extra: Partial<RemoteOptions> = {}): RemoteOptions {
  return {
    allowPrivate: config.ALLOW_PRIVATE_URLS,
    concurrency: config.FETCH_CONCURRENCY,
    delayMs: config.FETCH_DELAY_MS,
    timeoutMs: config.FETCH_TIMEOUT_MS,
    maxBytes: config.FETCH_MAX_BYTES,
    stateDir: remoteStateDir(config),
    fullSweepMs: config.FULL_SWEEP_INTERVAL,
    ...extra,
  };
}

/**
 * Where URL sources keep their state: inside the index folder, beside the generations (publishing
 * and cleanup touch only those), so deleting the index also forgets what was fetched.
 */
export function remoteStateDir(config: Pick<Config, 'indexDir'>): string {
  return path.join(config.indexDir, 'sources');
}

type Detected =
  | { kind: 'wordpress'; endpoint: string; feed?: string }
  | { kind: 'feed'; endpoint: string; first?: HttpResponse }
  | { kind: 'file'; endpoint: string; first: HttpResponse };

function isJson(res: HttpResponse): boolean {
  return /json/i.test(String(res.headers['content-type'] ?? '')) || /^\s*[[{]/.test(res.text().slice(0, 64));
}

/** The feed a web page announces (<link rel="alternate" type="application/rss+xml" href=…>). */
export function discoverFeed(res: Pick<HttpResponse, 'url' | 'text'>): string | undefined {
  for (const tag of res
    .text()
    .slice(0, 500_000)
    .match(/<link\b[^>]*>/gi) ?? []) {
    if (!/rel\s*=\s*["']?alternate/i.test(tag) || !/type\s*=\s*["']?application\/(rss|atom)\+xml/i.test(tag)) continue;
    const href = /href\s*=\s*["']([^"']+)["']/i.exec(tag)?.[1];
    if (href && !/comments/i.test(href)) return new URL(href.replace(/&amp;/g, '&'), res.url).toString();
  }
  return undefined;
}

/** What a URL is, from its first answer: WordPress site (or API root), feed, or a single archive file. */
async function detect(client: HttpClient, url: string): Promise<Detected> {
  const res = await client.get(url, { conditional: true, accept: `text/html;q=0.9, ${FEED_ACCEPT}` });
  if (res.status !== 200 && res.status !== 304) throw new Error(`${url}: HTTP ${res.status}; check the source URL`);
  const xml = xmlFormat(res.text().slice(0, 65536));
  // a WordPress export is one file; a feed is paged
  if (xml === 'wxr') return { kind: 'file', endpoint: res.url, first: res };
  if (xml) return { kind: 'feed', endpoint: res.url, first: res };
  const api = discoverApiRoot(res);
  if (api) return { kind: 'wordpress', endpoint: api, feed: discoverFeed(res) };
  if (isJson(res)) {
    let data: unknown;
    try {
      data = res.json();
    } catch {
      // JSON Lines, or a damaged file the JSON parser will report on record by record
      return { kind: 'file', endpoint: res.url, first: res };
    }
    // the API root itself (…/wp-json/) lists its namespaces
    const ns = (data as { namespaces?: unknown } | null)?.namespaces;
    if (Array.isArray(ns) && ns.includes('wp/v2')) return { kind: 'wordpress', endpoint: res.url };
    return { kind: 'file', endpoint: res.url, first: res };
  }
  if (
    !/html/i.test(String(res.headers['content-type'] ?? '')) &&
    detectFormat(new URL(res.url).pathname, res.text().slice(0, 65536)) === 'text'
  ) {
    return { kind: 'file', endpoint: res.url, first: res };
  }
  const feed = discoverFeed(res);
  if (feed) return { kind: 'feed', endpoint: feed };
  throw new Error(
    `${url}: neither a WordPress site, an RSS/Atom feed nor a JSON/XML archive (content-type ${res.headers['content-type'] ?? 'unknown'}); point ARCHIVE_SOURCES at the site root, its feed (…/feed/) or an export file`,
  );
}

/** One archive file fetched by URL: a saved WordPress posts answer, JSON, JSON Lines, scraped text or XML. */
function parseFile(res: HttpResponse, parseFeed: FeedParser): { articles: Article[]; warnings: IngestWarning[] } {
  const text = res.text();
  const format = detectFormat(new URL(res.url).pathname, text.slice(0, 65536));
  if (format === 'json') {
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      data = undefined; // the JSON parser reports what is wrong, record by record
    }
    if (looksLikeWpPosts(data)) {
      const articles: Article[] = [];
      const warnings: IngestWarning[] = [];
      data.forEach((raw, i) => {
        const p = WpPost.safeParse(raw);
        if (!p.success) {
          warnings.push({ source: res.url, item: i + 1, message: 'not a WordPress post; skipped' });
          return;
        }
        const r = wpPostToArticle(p.data, new Map(), res.url);
        if (r.article) articles.push(r.article);
        if (r.warning) warnings.push(r.warning);
      });
      return { articles, warnings };
    }
    return parseJsonDocument(text, res.url);
  }
  if (format === 'jsonl') return parseJsonLines(text, res.url);
  if (format === 'text') return parseScrapedText(text, res.url);
  if (format) return parseFeed(text, res.url);
  throw new Error(`${res.url}: not an archive file (${SUPPORTED_FORMATS})`);
}

function mergeArticles(cached: Article[], fresh: Article[]): Article[] {
  const byId = new Map(cached.map((a) => [a.id, a]));
  for (const a of fresh) byId.set(a.id, a);
  return [...byId.values()];
}

const newestDay = (articles: Article[]): string | undefined =>
  articles.reduce<string | undefined>((m, a) => (a.date && (!m || a.date > m) ? a.date : m), undefined);

/**
 * A URL source could not be read, or suddenly returned nothing. `articles` is the set last fetched
 * (possibly empty): a caller that keeps them keeps the index as it was for this source.
 */
export class SourceFailedError extends Error {
  constructor(
    readonly source: string,
    message: string,
    readonly articles: Article[],
  ) {
    super(message);
    this.name = 'SourceFailedError';
  }
}

/**
 * Fetches a URL source and returns its complete current article set. Throws SourceFailedError (and
 * leaves the cached set alone) when the source fails or suddenly returns nothing after having
 * returned posts, so the caller keeps its current index rather than deleting everything.
 */
export async function loadUrlSource(url: string, opts: RemoteOptions): Promise<UrlSourceResult> {
  const store = opts.stateDir ? new SourceStore(opts.stateDir, url) : undefined;
  const prior = store?.readState();
  const state = prior?.url === url ? prior : undefined;
  const cached = state ? (store?.readArticles() ?? []) : [];
  try {
    return await fetchSource(url, opts, store, state, cached);
  } catch (err) {
    if (err instanceof SourceFailedError) throw err;
    const keep = cached.length ? `; keeping the ${cached.length} articles fetched before` : '';
    throw new SourceFailedError(url, `${(err as Error).message}${keep}`, cached);
  }
}

async function fetchSource(
  url: string,
  opts: RemoteOptions,
  store: SourceStore | undefined,
  state: SourceState | undefined,
  cached: Article[],
): Promise<UrlSourceResult> {
  const client = new HttpClient({ ...opts, store });
  const due =
    !!state &&
    !!opts.fullSweepMs &&
    (!state.lastFullAt || Date.now() - Date.parse(state.lastFullAt) >= opts.fullSweepMs);
  const full = !!opts.full || !state || due;

  let pages = 0;
  const progress = (found: number, total?: number, message?: string) =>
    opts.onProgress?.({ stage: 'fetch', done: pages, total, message: message ?? `${found} articles found` });

  // what the URL is: remembered between incremental fetches, found out again on every full sweep
  let target: Detected =
    !full && state ? ({ kind: state.kind, endpoint: state.endpoint } as Detected) : await detect(client, url);
  if (full) pages = 1;

  let fresh: Article[];
  let warnings: IngestWarning[] = [];
  let newest = state?.newest;
  let newestModified = state?.newestModified;
  let noModifiedAfter = state?.noModifiedAfter;
  let mode: UrlSourceResult['mode'] = full ? 'full' : 'incremental';
  const authors = new Map<number, string>(Object.entries(state?.authors ?? {}).map(([k, v]) => [Number(k), v]));

  if (target.kind === 'wordpress') {
    try {
      // incremental: what was created or edited since the last fetch (WordPress 5.7+), else what was published since
      const modifiedAfter = !full && state?.newestModified && !state.noModifiedAfter ? state.newestModified : undefined;
      const r = await fetchWordPress(client, target.endpoint, {
        after: full || modifiedAfter ? undefined : state?.newest,
        modifiedAfter,
        authors,
        onPage: (p, total, found) => {
          pages = (full ? 1 : 0) + p;
          progress(found, total === undefined ? undefined : total + (full ? 1 : 0));
        },
      });
      fresh = r.articles;
      warnings = r.warnings;
      if (r.newest && (!newest || r.newest > newest)) newest = r.newest;
      if (r.newestModified && (!newestModified || r.newestModified > newestModified)) newestModified = r.newestModified;
      // the site sent posts older than asked: it does not know modified_after (it sent everything, merged below)
      if (r.modifiedAfterIgnored) noModifiedAfter = true;
    } catch (err) {
      // REST API closed (security plugins do that): read the feed the site announces instead, from now on
      if (!(err instanceof WordPressApiError) || !target.feed) throw err;
      warnings = [
        { source: url, message: `${err.message.replace(/;.*$/, '')}: reading the feed ${target.feed} instead` },
      ];
      target = { kind: 'feed', endpoint: target.feed };
      newest = undefined; // feed days from here on, not WordPress times
      newestModified = undefined;
    }
  }
  if (target.kind === 'feed') {
    const r = await fetchFeed(client, target.endpoint, {
      parse: opts.parseFeed ?? parseFeed,
      full,
      known: new Set(cached.map((a) => a.id)),
      newest: state?.newest,
      first: 'first' in target ? target.first : undefined,
      onPage: (p, found) => {
        pages = p;
        progress(found);
      },
    });
    if (r.notModified) mode = 'unchanged';
    fresh = r.articles;
    warnings = [...warnings, ...r.warnings];
    const day = newestDay(fresh);
    if (day && (!newest || day > newest)) newest = day;
  } else if (target.kind === 'file') {
    const res =
      'first' in target && target.first ? target.first : await client.get(target.endpoint, { conditional: true });
    if (res.status !== 200 && res.status !== 304)
      throw new Error(`${target.endpoint}: HTTP ${res.status}; check the source URL`);
    pages = 1;
    if (res.notModified && !full) mode = 'unchanged';
    const parsed = parseFile(res, opts.parseFeed ?? parseFeed);
    fresh = parsed.articles;
    warnings = parsed.warnings;
  }

  // an incremental WordPress fetch with nothing new is normal; anything else coming back empty is not
  const emptyMeansGone = mode !== 'unchanged' && !(target.kind === 'wordpress' && !full);
  const had = Math.max(state?.count ?? 0, cached.length);
  if (emptyMeansGone && fresh!.length === 0 && had > 0) {
    throw new SourceFailedError(
      url,
      `source ${url} returned no posts (it had ${had}): keeping the current index; if the site really removed everything, delete ${store?.dir} and re-index`,
      cached,
    );
  }

  const articles = mode === 'unchanged' ? cached : full ? fresh! : mergeArticles(cached, fresh!);
  // a sweep that loses most of a source is allowed (sites do prune) but must not pass unnoticed
  if (full && had >= 20 && articles.length < had / 2) {
    warnings.push({
      source: url,
      message: `now has ${articles.length} posts (it had ${had}); the missing ones leave the index`,
    });
  }
  const now = new Date().toISOString();
  if (store) {
    if (mode !== 'unchanged') store.writeArticles(articles);
    store.writeState({
      url,
      kind: target.kind,
      endpoint: target.endpoint,
      newest,
      ...(newestModified ? { newestModified } : {}),
      ...(noModifiedAfter ? { noModifiedAfter } : {}),
      count: articles.length,
      lastFullAt: full ? now : state?.lastFullAt,
      authors: Object.fromEntries([...authors].map(([k, v]) => [String(k), v])),
      updatedAt: now,
    });
  }
  const fetched = mode === 'unchanged' ? 0 : fresh!.length;
  progress(
    articles.length,
    undefined,
    mode === 'unchanged'
      ? `${articles.length} articles (unchanged)`
      : `${articles.length} articles found (${fetched} fetched)`,
  );
  return { articles, warnings, mode, fetched, requests: client.requests, kind: target.kind };
}
