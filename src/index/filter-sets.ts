// Author and date filters as id sets: the chunk ids (for dense and passage search) or the article
// rowids (for whole-article search) of the articles a filter keeps, with the recent sets cached.
import type { SearchFilter } from './types.js';
import type { DB } from './store.js';

const CHUNKS = 'SELECT c.id FROM chunks c JOIN articles a ON a.id = c.article_id';
const ARTICLE_ROWS = 'SELECT a.rowid FROM articles a';
const CACHED = 8;

export class FilterSets {
  /**
   * Recent filters' id sets. A snapshot never changes, so a set stays right for its life; a wide date
   * range on a big archive takes tens of ms to collect (bench: ~50 ms for 40k passages), and the same
   * filter tends to come back (a chat's /from, a popular year). Shared: callers must not modify them.
   */
  private readonly cache = new Map<string, Set<number>>();

  constructor(private readonly db: DB) {}

  /** chunk ids of the articles matching the filter, or null when it is empty */
  chunks(filter: SearchFilter): Set<number> | null {
    return this.matching(filter, CHUNKS);
  }

  /** rowids of the articles matching the filter (the rowids articles_fts uses), or null when it is empty */
  articleRows(filter: SearchFilter): Set<number> | null {
    return this.matching(filter, ARTICLE_ROWS);
  }

  /** Runs `select … WHERE <filter>` (the select names the articles table `a`); null when the filter is empty. */
  private matching(filter: SearchFilter, select: string): Set<number> | null {
    const author = filter.author?.trim();
    const from = filter.from?.trim();
    const to = filter.to?.trim();
    if (!author && !from && !to) return null;
    const key = JSON.stringify([select, author, from, to]);
    const hit = this.cache.get(key);
    if (hit) {
      this.cache.delete(key); // most recently used last
      this.cache.set(key, hit);
      return hit;
    }
    const out = this.collect(select, author, from, to);
    this.cache.set(key, out);
    if (this.cache.size > CACHED) this.cache.delete(this.cache.keys().next().value!);
    return out;
  }

  private collect(
    select: string,
    author: string | undefined,
    from: string | undefined,
    to: string | undefined,
  ): Set<number> {
    const where: string[] = [];
    const params: string[] = [];
    if (from) {
      where.push('a.date >= ?');
      params.push(from);
    }
    if (to) {
      where.push('a.date <= ?');
      params.push(to);
    }
    const run = (authorClause?: string, authorParam?: string) => {
      const w = authorClause ? [...where, authorClause] : where;
      const p = authorParam !== undefined ? [...params, authorParam] : params;
      const sql = `${select} WHERE ${w.join(' AND ')}`;
      return new Set(
        this.db
          .prepare(sql)
          .pluck()
          .all(...p) as number[],
      );
    };
    if (!author) return run();
    // exact name first (indexed); else a part of the name ("fitsanakis")
    const exact = run('a.author = ? COLLATE NOCASE', author);
    if (exact.size) return exact;
    return run("a.author LIKE ? ESCAPE '\\'", `%${author.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  }
}
