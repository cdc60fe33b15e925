// What a URL source remembers between fetches, in a folder per source under the state dir:
// how it was fetched, the newest post seen, the full article set last seen (JSONL), and the
// ETag/Last-Modified validators with their bodies for conditional requests.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { ArticleSchema, type Article } from '../article.js';

export const SourceState = z.object({
  url: z.string(),
  kind: z.enum(['wordpress', 'feed', 'file']),
  /** the REST API root (wordpress), the feed URL (feed) or the file URL (file) */
  endpoint: z.string(),
  /** newest post date seen, as the source writes it (WordPress local time, or an ISO day for feeds) */
  newest: z.string().optional(),
  /** latest edit time seen (WordPress local time): the next incremental fetch asks for what changed since */
  newestModified: z.string().optional(),
  /** the site ignored `modified_after` (WordPress before 5.7): incremental fetches ask by publish date */
  noModifiedAfter: z.boolean().optional(),
  /** articles in the cache after the last successful fetch */
  count: z.number().int().nonnegative(),
  lastFullAt: z.string().optional(),
  /** WordPress author names by id, so each id is looked up once */
  authors: z.record(z.string(), z.string()).optional(),
  updatedAt: z.string(),
});
export type SourceState = z.infer<typeof SourceState>;

const Validator = z.object({ etag: z.string().optional(), lastModified: z.string().optional(), file: z.string() });
const Validators = z.record(z.string(), Validator);

function hash(s: string): string {
  return createHash('sha256').update(s).digest('hex').slice(0, 16);
}

function writeAtomic(file: string, data: string | Buffer): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  fs.writeFileSync(tmp, data);
  fs.renameSync(tmp, file);
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

/** ETag / Last-Modified per URL, with the body they validate (reused on 304). */
export interface ConditionalStore {
  get(url: string): { etag?: string; lastModified?: string; body: Buffer } | undefined;
  set(url: string, v: { etag?: string; lastModified?: string }, body: Buffer): void;
}

/** The state of one URL source; every method is safe to call when nothing was stored yet. */
export class SourceStore implements ConditionalStore {
  readonly dir: string;

  constructor(stateDir: string, url: string) {
    this.dir = path.join(stateDir, hash(url));
  }

  readState(): SourceState | undefined {
    const r = SourceState.safeParse(readJson(path.join(this.dir, 'source.json')));
    return r.success ? r.data : undefined;
  }

  writeState(s: SourceState): void {
    writeAtomic(path.join(this.dir, 'source.json'), JSON.stringify(s, null, 2));
  }

  /** The article set last seen; an unreadable line is skipped (the next full sweep rewrites the file). */
  readArticles(): Article[] {
    let text: string;
    try {
      text = fs.readFileSync(path.join(this.dir, 'articles.jsonl'), 'utf8');
    } catch {
      return [];
    }
    const out: Article[] = [];
    for (const line of text.split('\n')) {
      if (!line.trim()) continue;
      try {
        const r = ArticleSchema.safeParse(JSON.parse(line));
        if (r.success) out.push(r.data);
      } catch {
        // a torn line: ignored
      }
    }
    return out;
  }

  writeArticles(articles: Article[]): void {
    writeAtomic(
      path.join(this.dir, 'articles.jsonl'),
      articles.map((a) => JSON.stringify(a)).join('\n') + (articles.length ? '\n' : ''),
    );
  }

  private validators(): z.infer<typeof Validators> {
    const r = Validators.safeParse(readJson(path.join(this.dir, 'http.json')));
    return r.success ? r.data : {};
  }

  get(url: string): { etag?: string; lastModified?: string; body: Buffer } | undefined {
    const v = this.validators()[url];
    if (!v) return undefined;
    try {
      return {
        etag: v.etag,
        lastModified: v.lastModified,
        body: fs.readFileSync(path.join(this.dir, 'bodies', v.file)),
      };
    } catch {
      return undefined; // body gone: the next request goes out unconditional
    }
  }

  set(url: string, v: { etag?: string; lastModified?: string }, body: Buffer): void {
    const all = this.validators();
    const file = hash(url);
    writeAtomic(path.join(this.dir, 'bodies', file), body);
    all[url] = { etag: v.etag, lastModified: v.lastModified, file };
    writeAtomic(path.join(this.dir, 'http.json'), JSON.stringify(all, null, 2));
  }
}
