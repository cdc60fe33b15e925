// The SQLite half of a generation: articles, chunks with their vectors, and the FTS5 lexical
// index. Schema, and the few statements the pipeline (writer) and the snapshot (reader) need.
import Database from 'better-sqlite3';
import type { Article } from '../archive/article.js';
import type { Chunk } from './types.js';

export type DB = Database.Database;

// 2: articles_fts (whole-article lexical search). A version-1 database is upgraded when it is copied
// into a new generation (migrate below), without re-embedding anything.
export const SCHEMA_VERSION = 2;

const SCHEMA = `
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
  origin TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS articles_author ON articles(author COLLATE NOCASE);
CREATE INDEX IF NOT EXISTS articles_date ON articles(date);
CREATE INDEX IF NOT EXISTS articles_title ON articles(title_lc);
-- AUTOINCREMENT: chunk ids are HNSW labels, and a label must never be reused after a delete
CREATE TABLE IF NOT EXISTS chunks (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
  ordinal INTEGER NOT NULL,
  start INTEGER NOT NULL,
  "end" INTEGER NOT NULL,
  text TEXT NOT NULL,
  vector BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS chunks_article ON chunks(article_id, ordinal);
-- contentless: the text already lives in chunks; contentless_delete lets a re-index remove rows
CREATE VIRTUAL TABLE IF NOT EXISTS chunks_fts USING fts5(
  text, title, content='', contentless_delete=1, tokenize='porter unicode61 remove_diacritics 2'
);
-- whole articles, for ranking articles by bm25 (a passage alone misses words its article uses
-- elsewhere). rowid = articles.rowid: articles are only ever deleted and inserted, never VACUUMed.
CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5(
  body, title, content='', contentless_delete=1, tokenize='porter unicode61 remove_diacritics 2'
);
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

/** Brings a copied older database up to SCHEMA_VERSION (fills articles_fts from the stored articles). */
function migrate(db: DB): void {
  if (schemaVersion(db) >= 2) return;
  db.prepare('DELETE FROM articles_fts').run();
  db.prepare('INSERT INTO articles_fts(rowid, body, title) SELECT rowid, body, title FROM articles').run();
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

export function vectorToBlob(v: Float32Array): Buffer {
  return Buffer.from(v.buffer, v.byteOffset, v.byteLength);
}

export function blobToVector(b: Buffer): Float32Array {
  // copy: the Buffer may be a view into a pool that is reused
  const out = new Float32Array(b.byteLength / 4);
  new Uint8Array(out.buffer).set(b);
  return out;
}

/** id → content hash of every stored article. */
export function articleHashes(db: DB): Map<string, string> {
  const out = new Map<string, string>();
  for (const row of db.prepare('SELECT id, hash FROM articles').iterate() as Iterable<{ id: string; hash: string }>)
    out.set(row.id, row.hash);
  return out;
}

/** Writes articles and chunks into a generation being built. */
export class StoreWriter {
  private readonly insArticle;
  private readonly delArticle;
  private readonly chunkIdsOf;
  private readonly delChunks;
  private readonly delFts;
  private readonly insChunk;
  private readonly insFts;
  private readonly articleRowid;
  private readonly delArticleFts;
  private readonly insArticleFts;

  constructor(readonly db: DB) {
    this.insArticle = db.prepare(
      'INSERT OR REPLACE INTO articles(id, title, title_lc, author, date, url, body, tags, hash, origin) VALUES (?,?,?,?,?,?,?,?,?,?)',
    );
    this.delArticle = db.prepare('DELETE FROM articles WHERE id = ?');
    this.chunkIdsOf = db.prepare('SELECT id FROM chunks WHERE article_id = ?').pluck();
    this.delChunks = db.prepare('DELETE FROM chunks WHERE article_id = ?');
    this.delFts = db.prepare('DELETE FROM chunks_fts WHERE rowid = ?');
    this.insChunk = db.prepare(
      'INSERT INTO chunks(article_id, ordinal, start, "end", text, vector) VALUES (?,?,?,?,?,?)',
    );
    this.insFts = db.prepare('INSERT INTO chunks_fts(rowid, text, title) VALUES (?,?,?)');
    this.articleRowid = db.prepare('SELECT rowid FROM articles WHERE id = ?').pluck();
    this.delArticleFts = db.prepare('DELETE FROM articles_fts WHERE rowid = ?');
    this.insArticleFts = db.prepare('INSERT INTO articles_fts(rowid, body, title) VALUES (?,?,?)');
  }

  /** Removes an article's row from articles_fts (before the article row goes). */
  private unindexArticle(id: string): void {
    const rowid = this.articleRowid.get(id) as number | undefined;
    if (rowid !== undefined) this.delArticleFts.run(rowid);
  }

  /** Removes articles with their chunks and FTS rows; returns the chunk ids removed (HNSW labels). */
  removeArticles(ids: Iterable<string>): number[] {
    const removed: number[] = [];
    this.db.transaction(() => {
      for (const id of ids) {
        for (const cid of this.chunkIdsOf.all(id) as number[]) {
          this.delFts.run(cid);
          removed.push(cid);
        }
        this.delChunks.run(id);
        this.unindexArticle(id);
        this.delArticle.run(id);
      }
    })();
    return removed;
  }

  putArticles(articles: { article: Article; hash: string }[]): void {
    this.db.transaction(() => {
      for (const { article: a, hash } of articles) {
        this.unindexArticle(a.id); // INSERT OR REPLACE gives a replaced article a new rowid
        const { lastInsertRowid } = this.insArticle.run(
          a.id,
          a.title,
          a.title.toLowerCase().replace(/\s+/g, ' ').trim(),
          a.author ?? null,
          a.date ?? null,
          a.url ?? null,
          a.body,
          JSON.stringify(a.tags),
          hash,
          JSON.stringify(a.origin),
        );
        this.insArticleFts.run(lastInsertRowid, a.body, a.title);
      }
    })();
  }

  /** Inserts embedded chunks; returns their new ids (in order). */
  putChunks(rows: { chunk: Chunk; title: string; vector: Float32Array }[]): number[] {
    const ids: number[] = [];
    this.db.transaction(() => {
      for (const { chunk: c, title, vector } of rows) {
        const id = Number(
          this.insChunk.run(c.articleId, c.ordinal, c.start, c.end, c.text, vectorToBlob(vector)).lastInsertRowid,
        );
        this.insFts.run(id, c.text, title);
        ids.push(id);
      }
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

/** Every stored vector, in chunk id order (to rebuild the HNSW graph without re-embedding). */
export function* iterateVectors(db: DB): Generator<{ id: number; vector: Float32Array }> {
  for (const row of db.prepare('SELECT id, vector FROM chunks ORDER BY id').iterate() as Iterable<{
    id: number;
    vector: Buffer;
  }>) {
    yield { id: row.id, vector: blobToVector(row.vector) };
  }
}
