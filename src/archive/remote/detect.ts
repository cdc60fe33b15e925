// What a URL is, from its first answer: a WordPress site (or its REST API root), an RSS/Atom
// feed, or one archive file. Only looks; fetching the posts is remote/index.ts's job.
import { detectFormat, xmlFormat } from '../detect.js';
import { FEED_ACCEPT } from './feed.js';
import type { HttpClient, HttpResponse } from './http.js';
import { discoverApiRoot } from './wordpress.js';

export type Detected =
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
export async function detect(client: HttpClient, url: string): Promise<Detected> {
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
