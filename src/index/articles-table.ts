// The articles table family of a generation's SQLite file: the table, its whole-article FTS5 index,
// and every statement that reads or writes them, next to the schema they depend on.
import type { Article } from '../archive/article.js';
import { oneSpaced } from '../text/fold.js';
import type { ArticleRecord } from './types.js';
import type { DB, Statement } from './store.js';

export const ARTICLE_TABLES = `
CREATE TABLE IF NOT EXISTS articles (
  id TEXT PRIMARY KEY,
  title TEXT NOT NULL,
  title_lc TEXT NOT NULL,
  author TEXT,
  date TEXT,
  url TEXT,
  body TEXT NOT NULL,
  tags TEXT NOT NULL,
  hash TEXT NOT NULL,
  origin TEXT NOT NULL,
  -- the source (file, folder or URL, as sourceKey gives it) the article was read from; NULL when it
  -- was given directly or written before schema 3. The re-index planner compares it with the sources.
  source TEXT
);
CREATE INDEX IF NOT EXISTS articles_author ON articles(author COLLATE NOCASE);
CREATE INDEX IF NOT EXISTS articles_date ON articles(date);
CREATE INDEX IF NOT EXISTS articles_title ON articles(title_lc);
-- whole articles, for ranking articles by bm25 (a passage alone misses words its article uses
-- elsewhere). rowid = articles.rowid: articles are only ever deleted and inserted, never VACUUMed.
CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5(
  body, title, content='', contentless_delete=1, tokenize='porter unicode61 remove_diacritics 2'
);
`;

/** Fills articles_fts from the stored articles (a database written before whole-article search). */
export function fillArticleSearch(db: DB): void {
  db.prepare('DELETE FROM articles_fts').run();
  db.prepare('INSERT INTO articles_fts(rowid, body, title) SELECT rowid, body, title FROM articles').run();
}

/** Adds the source column to a database written before schema 3 (its articles' sources stay unknown). */
export function addSourceColumn(db: DB): void {
  if (!hasSourceColumn(db)) db.exec('ALTER TABLE articles ADD COLUMN source TEXT');
}

function hasSourceColumn(db: DB): boolean {
  return (db.prepare('PRAGMA table_info(articles)').all() as { name: string }[]).some((c) => c.name === 'source');
}

/** id → content hash and source of every stored article (source null where unknown). */
export function articleHashes(db: DB): Map<string, { hash: string; source: string | null }> {
  const out = new Map<string, { hash: string; source: string | null }>();
  const sql = hasSourceColumn(db)
    ? 'SELECT id, hash, source FROM articles'
    : 'SELECT id, hash, NULL AS source FROM articles';
  for (const row of db.prepare(sql).iterate() as Iterable<{ id: string; hash: string; source: string | null }>)
    out.set(row.id, { hash: row.hash, source: row.source });
  return out;
}

/** Where stored articles were read (their origin), for telling the source of one written before schema 3. */
export function articleOrigins(db: DB, ids: string[]): Map<string, { file?: string; url?: string }> {
  if (!ids.length) return new Map();
  const rows = db
    .prepare('SELECT id, origin FROM articles WHERE id IN (SELECT value FROM json_each(?))')
    .all(JSON.stringify(ids)) as { id: string; origin: string }[];
  return new Map(rows.map((r) => [r.id, JSON.parse(r.origin) as { file?: string; url?: string }]));
}

/** The columns storedRow reads, `source` as NULL in a database written before schema 3. */
export function storedColumns(db: DB): string {
  return `id, title, author, date, url, body, tags, origin, hash, ${hasSourceColumn(db) ? 'source' : 'NULL AS source'}`;
}

/** One row of storedColumns as the archive gave the article, with its hash and source. */
export function storedRow(r: Record<string, string | null>): { article: Article; hash: string; source: string | null } {
  return {
    article: {
      id: r.id!,
      title: r.title!,
      ...(r.author ? { author: r.author } : {}),
      ...(r.date ? { date: r.date } : {}),
      ...(r.url ? { url: r.url } : {}),
      body: r.body!,
      tags: JSON.parse(r.tags!) as string[],
      origin: JSON.parse(r.origin!),
    },
    hash: r.hash!,
    source: r.source,
  };
}

/** Stored articles as the archive gives them, with their hash and source (to carry them into a full rebuild). */
export function storedArticles(db: DB, ids: string[]): { article: Article; hash: string; source: string | null }[] {
  if (!ids.length) return [];
  const sql = `SELECT ${storedColumns(db)} FROM articles WHERE id IN (SELECT value FROM json_each(?))`;
  const rows = db.prepare(sql).all(JSON.stringify(ids)) as Record<string, string | null>[];
  return rows.map(storedRow);
}

/** Read-only queries on the articles of a published generation. */
export class ArticleReader {
  private readonly byIdStmt;
  /** whole-article search; undefined in an index written before it existed */
  private readonly search:
    | {
        top: Statement;
        all: Statement;
        idOf: Statement;
      }
    | undefined;

  constructor(
    private readonly db: DB,
    withSearch: boolean,
  ) {
    this.byIdStmt = db.prepare('SELECT id, title, author, date, url, body, tags FROM articles WHERE id = ?');
    if (withSearch)
      this.search = {
        // ranked and cut inside FTS5 first, so only k rows are joined to their article ids
        top: db.prepare(
          `SELECT a.id AS id, f.bm AS bm FROM
             (SELECT rowid, bm25(articles_fts) AS bm FROM articles_fts WHERE articles_fts MATCH ? ORDER BY bm LIMIT ?) f
             JOIN articles a ON a.rowid = f.rowid ORDER BY f.bm`,
        ),
        all: db.prepare(
          'SELECT rowid AS r, bm25(articles_fts) AS bm FROM articles_fts WHERE articles_fts MATCH ? ORDER BY bm',
        ),
        idOf: db.prepare('SELECT id FROM articles WHERE rowid = ?').pluck(),
      };
  }

  get hasSearch(): boolean {
    return this.search !== undefined;
  }

  /** The k best articles for an FTS5 expression (score = -bm25), optionally only rows in `allowed`. */
  ranked(fts: string, k: number, allowed?: Set<number>): { articleId: string; score: number }[] {
    const st = this.search;
    if (!st) return [];
    if (!allowed)
      return (st.top.all(fts, k) as { id: string; bm: number }[]).map((r) => ({ articleId: r.id, score: -r.bm }));
    const out: { articleId: string; score: number }[] = [];
    for (const r of st.all.iterate(fts) as Iterable<{ r: number; bm: number }>) {
      if (!allowed.has(r.r)) continue;
      out.push({ articleId: st.idOf.get(r.r) as string, score: -r.bm });
      if (out.length >= k) break;
    }
    return out;
  }

  byId(id: string): ArticleRecord | undefined {
    const r = this.byIdStmt.get(id) as (Omit<ArticleRecord, 'tags'> & { tags: string }) | undefined;
    return r ? { ...r, tags: JSON.parse(r.tags) as string[] } : undefined;
  }

  /** Every title, most recent first (undated last), for autocomplete. */
  titles(): { id: string; title: string; date: string | null }[] {
    return this.db.prepare('SELECT id, title, date FROM articles ORDER BY date IS NULL, date DESC, title_lc').all() as {
      id: string;
      title: string;
      date: string | null;
    }[];
  }

  dateRange(): { first: string | null; last: string | null } {
    return this.db.prepare('SELECT min(date) AS first, max(date) AS last FROM articles').get() as {
      first: string | null;
      last: string | null;
    };
  }
}

/** The article writes of a generation being built (the caller holds the transaction). */
export function articleWrites(db: DB) {
  const ins = db.prepare(
    'INSERT OR REPLACE INTO articles(id, title, title_lc, author, date, url, body, tags, hash, origin, source) VALUES (?,?,?,?,?,?,?,?,?,?,?)',
  );
  const setSource = db.prepare('UPDATE articles SET source = ? WHERE id = ?');
  const del = db.prepare('DELETE FROM articles WHERE id = ?');
  const rowidOf = db.prepare('SELECT rowid FROM articles WHERE id = ?').pluck();
  const delFts = db.prepare('DELETE FROM articles_fts WHERE rowid = ?');
  const insFts = db.prepare('INSERT INTO articles_fts(rowid, body, title) VALUES (?,?,?)');
  /** an article's articles_fts row goes before the article row does */
  const unindex = (id: string) => {
    const rowid = rowidOf.get(id) as number | undefined;
    if (rowid !== undefined) delFts.run(rowid);
  };
  return {
    remove(id: string): void {
      unindex(id);
      del.run(id);
    },
    /** records the source an unchanged article is read from now */
    relabel(id: string, source: string | null): void {
      setSource.run(source, id);
    },
    put(a: Article, hash: string, source: string | null): void {
      unindex(a.id); // INSERT OR REPLACE gives a replaced article a new rowid
      const { lastInsertRowid } = ins.run(
        a.id,
        a.title,
        oneSpaced(a.title.toLowerCase()),
        a.author ?? null,
        a.date ?? null,
        a.url ?? null,
        a.body,
        JSON.stringify(a.tags),
        hash,
        JSON.stringify(a.origin),
        source,
      );
      insFts.run(lastInsertRowid, a.body, a.title);
    },
  };
}
