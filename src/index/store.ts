// The SQLite half of a generation: opening it to build or to read, its schema version and upgrades,
// and the writer the pipeline uses. The tables and their statements live in articles-table.ts and
// chunks-table.ts.
import Database from 'better-sqlite3';
import type { Article } from '../archive/article.js';
import type { Chunk } from './types.js';
import { ARTICLE_TABLES, addSourceColumn, articleWrites, fillArticleSearch } from './articles-table.js';
import { CHUNK_TABLES, chunkWrites } from './chunks-table.js';

export type DB = Database.Database;
export type Statement = Database.Statement<unknown[]>;

// 2: articles_fts (whole-article lexical search); 3: articles.source (which source each article came
// from). An older database is upgraded when it is copied into a new generation (migrate below),
// without re-embedding anything.
export const SCHEMA_VERSION = 3;

const SCHEMA = `${ARTICLE_TABLES}${CHUNK_TABLES}
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
`;

/** The schema version a database was written with (1 when it predates the record). */
export function schemaVersion(db: DB): number {
  try {
    const v = db.prepare("SELECT value FROM meta WHERE key = 'schema'").pluck().get() as string | undefined;
    return v === undefined ? 1 : Number(v) || 1;
  } catch {
    return 1;
  }
}

/** Whether the database has whole-article lexical search (schema 2). */
export function hasArticleSearch(db: DB): boolean {
  return (
    schemaVersion(db) >= 2 && db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'articles_fts'").get() !== undefined
  );
}

/** Brings a copied older database up to SCHEMA_VERSION (fills articles_fts, adds articles.source). */
function migrate(db: DB): void {
  const v = schemaVersion(db);
  if (v < 2) fillArticleSearch(db);
  if (v < 3) addSourceColumn(db);
}

/** Opens (creating if needed) a database being built in a temporary generation folder. */
export function openForBuild(file: string): DB {
  const db = new Database(file);
  // the folder is thrown away if the process dies, so durability comes from fsync at publish,
  // not from a journal; journal_mode is DELETE again once closed, so a generation is one file
  db.pragma('journal_mode = OFF');
  db.pragma('synchronous = OFF');
  db.pragma('foreign_keys = OFF');
  db.pragma('cache_size = -32768'); // 32 MB: enough for batched inserts, small next to the model
  db.exec(SCHEMA);
  db.transaction(() => migrate(db))();
  db.prepare('INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)').run('schema', String(SCHEMA_VERSION));
  return db;
}

/** Opens a published generation: read-only, it is never written again. */
export function openReadOnly(file: string): DB {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  db.pragma('query_only = ON');
  return db;
}

/** Writes articles and chunks into a generation being built, each call one transaction. */
export class StoreWriter {
  private readonly articles;
  private readonly chunks;

  constructor(readonly db: DB) {
    this.articles = articleWrites(db);
    this.chunks = chunkWrites(db);
  }

  /** Removes articles with their chunks and FTS rows; returns the chunk ids removed (HNSW labels). */
  removeArticles(ids: Iterable<string>): number[] {
    const removed: number[] = [];
    this.db.transaction(() => {
      for (const id of ids) {
        removed.push(...this.chunks.removeOf(id));
        this.articles.remove(id);
      }
    })();
    return removed;
  }

  putArticles(articles: { article: Article; hash: string; source?: string | null }[]): void {
    this.db.transaction(() => {
      for (const { article, hash, source } of articles) this.articles.put(article, hash, source ?? null);
    })();
  }

  /** Records the sources unchanged articles are read from now (they moved, or were never recorded). */
  relabel(sources: { id: string; source: string | null }[]): void {
    this.db.transaction(() => {
      for (const { id, source } of sources) this.articles.relabel(id, source);
    })();
  }

  /** Inserts embedded chunks; returns their new ids (in order). */
  putChunks(rows: { chunk: Chunk; title: string; vector: Float32Array }[]): number[] {
    const ids: number[] = [];
    this.db.transaction(() => {
      for (const { chunk, title, vector } of rows) ids.push(this.chunks.put(chunk, title, vector));
    })();
    return ids;
  }

  setMeta(key: string, value: string): void {
    this.db.prepare('INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)').run(key, value);
  }
}

export function countRows(db: DB): { articles: number; chunks: number } {
  const articles = db.prepare('SELECT count(*) FROM articles').pluck().get() as number;
  const chunks = db.prepare('SELECT count(*) FROM chunks').pluck().get() as number;
  return { articles, chunks };
}
