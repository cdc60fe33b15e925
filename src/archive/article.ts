// The Article: what every archive format is parsed into, validated at the boundary with zod.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { titleKey } from '../text/fold.js';

export const IsoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected an ISO day like 2019-03-18');

/** Where an article came from: a file and line (or item number), or a URL. */
export const ArticleOrigin = z.object({
  file: z.string().optional(),
  line: z.number().int().positive().optional(),
  item: z.number().int().nonnegative().optional(),
  url: z.string().optional(),
});
export type ArticleOrigin = z.infer<typeof ArticleOrigin>;

export const ArticleSchema = z.object({
  /** Stable id: from the permalink when there is one, else from title + date. Never from position. */
  id: z.string().min(1),
  title: z.string().min(1),
  author: z.string().min(1).optional(),
  date: IsoDay.optional(),
  url: z.string().url().optional(),
  /** Plain text; paragraphs separated by a blank line ("\n\n"). */
  body: z.string(),
  tags: z.array(z.string()),
  origin: ArticleOrigin,
});
export type Article = z.infer<typeof ArticleSchema>;

/** A problem with one record or one file, reported and skipped; never thrown. */
export interface IngestWarning {
  source: string; // file path or URL
  line?: number;
  item?: number;
  message: string;
}

function shortHash(s: string): string {
  return createHash('sha256').update(s).digest('hex').slice(0, 16);
}

/** Normalises a permalink so the same post gets the same id however it was written. */
export function normalizeUrl(url: string): string {
  try {
    const u = new URL(url.trim());
    u.hash = '';
    u.hostname = u.hostname.toLowerCase().replace(/^www\./, '');
    u.protocol = 'https:';
    let s = u.toString();
    if (!u.search && !s.endsWith('/') && !/\.[a-z0-9]{2,5}$/i.test(u.pathname)) s += '/';
    return s;
  } catch {
    return url.trim();
  }
}

export function normalizeTitle(title: string): string {
  return titleKey(title);
}

/** The stable article id: "u:" + hash of the normalised permalink, else "t:" + hash of title + date. */
export function articleId(a: { url?: string; title: string; date?: string }): string {
  if (a.url) return `u:${shortHash(normalizeUrl(a.url))}`;
  return `t:${shortHash(`${normalizeTitle(a.title)}|${a.date ?? ''}`)}`;
}

/** Content hash used by the incremental re-index: changes when anything shown or embedded changes. */
export function contentHash(a: Article): string {
  return shortHash(JSON.stringify([a.title, a.author ?? '', a.date ?? '', a.url ?? '', a.body, a.tags]));
}
