// URL sources: a WordPress site (REST API), an RSS/Atom feed (with ?paged= paging) or one JSON/XML
// file, fetched politely and incrementally. Always returns the source's complete current article set:
// new posts are merged into the set cached in the state dir, and a full sweep replaces it.
import path from 'node:path';
import type { Config } from '../../config.js';
import type { ProgressListener } from '../../progress.js';
import {
  addLeftOut,
  type Article,
  type IngestWarning,
  type LeftOut,
  noneLeftOut,
  type ParseResult,
} from '../article.js';
import { detectFormat, SUPPORTED_FORMATS } from '../detect.js';
import { parseFeed } from '../formats/feed.js';
import { isFeedFormat, parseText } from '../parsers.js';
import { type Detected, detect } from './detect.js';
import { fetchFeed, type FeedParser } from './feed.js';
import { HttpClient, type HttpOptions, type HttpResponse } from './http.js';
import { SourceStore, type SourceState } from './state.js';
import { fetchWordPress, WordPressApiError } from './wordpress.js';

export { discoverFeed } from './detect.js';
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
  /** posts of this fetch left out on purpose (password-protected, private, drafts): never indexed */
  leftOut: LeftOut;
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

/** One archive file fetched by URL: JSON (a saved WordPress REST answer too), JSON Lines, scraped text or XML. */
function parseFile(res: HttpResponse, feedParser: FeedParser): ParseResult {
  const text = res.text();
  const format = detectFormat(new URL(res.url).pathname, text.slice(0, 65536));
  if (!format) throw new Error(`${res.url}: not an archive file (${SUPPORTED_FORMATS})`);
  return isFeedFormat(format) ? feedParser(text, res.url) : parseText(format, text, res.url);
}

/** The cached set with this fetch's posts put in, minus the posts now left out (protected since, say). */
function mergeArticles(cached: Article[], fresh: Article[], gone: readonly string[]): Article[] {
  const byId = new Map(cached.map((a) => [a.id, a]));
  for (const a of fresh) byId.set(a.id, a);
  for (const id of gone) byId.delete(id);
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
  const leftOut = noneLeftOut();
  let gone: string[] = [];
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
      addLeftOut(leftOut, r.leftOut);
      gone = r.leftOutIds;
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
    addLeftOut(leftOut, r.leftOut);
    gone = r.leftOutIds;
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
    addLeftOut(leftOut, parsed.leftOut);
    gone = parsed.leftOutIds ?? [];
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

  const articles = mode === 'unchanged' ? cached : full ? fresh! : mergeArticles(cached, fresh!, gone);
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
  return { articles, warnings, mode, fetched, leftOut, requests: client.requests, kind: target.kind };
}
