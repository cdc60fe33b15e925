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
  /** the source gave no title: this one is the body's first words */
  titleFromBody: z.literal(true).optional(),
});
export type Article = z.infer<typeof ArticleSchema>;

/** A problem with one record or one file, reported and skipped; never thrown. */
export interface IngestWarning {
  source: string; // file path or URL
  line?: number;
  item?: number;
  message: string;
  /** set when a record was skipped: why, in a few words ("no body text", "malformed XML"), for the counts */
  skipped?: string;
}

/**
 * Records left out on purpose, never indexed: counted (for `archive inspect` and the re-index
 * summary), never quoted, since their text is private.
 */
export interface LeftOut {
  /** WordPress posts with a password (WXR wp:post_password, REST content.protected, a feed's password form) */
  passwordProtected: number;
  /** WordPress status "private" */
  private: number;
  /** not published: drafts, pending review, scheduled, trashed, auto-drafts */
  drafts: number;
  /** items of a WordPress export that are not posts: pages, attachments, menu items, … */
  notPosts: number;
}
export type LeftOutReason = keyof LeftOut;

export const noneLeftOut = (): LeftOut => ({ passwordProtected: 0, private: 0, drafts: 0, notPosts: 0 });

export function addLeftOut(into: LeftOut, from: LeftOut | undefined): LeftOut {
  if (from) for (const k of Object.keys(into) as LeftOutReason[]) into[k] += from[k];
  return into;
}

/** What every parser returns. */
export interface ParseResult {
  articles: Article[];
  warnings: IngestWarning[];
  leftOut?: LeftOut;
  /** ids the left-out posts would have had: a cached copy of one (a post protected since) must go */
  leftOutIds?: string[];
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

/**
 * The stable article id: "u:" + hash of the normalised permalink, else "g:" + hash of the source's
 * own key for the post (an RSS guid, a podcast enclosure), else "t:" + hash of title + date.
 */
export function articleId(a: { url?: string; key?: string; title: string; date?: string }): string {
  if (a.url) return `u:${shortHash(normalizeUrl(a.url))}`;
  if (a.key) return `g:${shortHash(a.key.trim())}`;
  return `t:${shortHash(`${normalizeTitle(a.title)}|${a.date ?? ''}`)}`;
}

/** The id of a post that shares title and date with another, different one (and has no permalink): its text tells them apart. */
export function distinctId(a: { title: string; date?: string; body: string }): string {
  return `t:${shortHash(`${normalizeTitle(a.title)}|${a.date ?? ''}|${a.body.slice(0, 2000)}`)}`;
}

/** Content hash used by the incremental re-index: changes when anything shown or embedded changes. */
export function contentHash(a: Article): string {
  return shortHash(JSON.stringify([a.title, a.author ?? '', a.date ?? '', a.url ?? '', a.body, a.tags]));
}
