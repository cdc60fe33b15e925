// The chunks table family of a generation's SQLite file: passages with their vectors (float32 blobs),
// the passage FTS5 index, and every statement that reads or writes them, next to their schema.
import type { Chunk, ChunkRecord } from './types.js';
import type { DB, Statement } from './store.js';

export const CHUNK_TABLES = `
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
`;

export function vectorToBlob(v: Float32Array): Buffer {
  return Buffer.from(v.buffer, v.byteOffset, v.byteLength);
}

export function blobToVector(b: Buffer): Float32Array {
  // copy: the Buffer may be a view into a pool that is reused
  const out = new Float32Array(b.byteLength / 4);
  new Uint8Array(out.buffer).set(b);
  return out;
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

/** Read-only queries on the passages of a published generation. */
export class ChunkReader {
  private readonly top: Statement;
  private readonly all: Statement;
  private readonly termDocs: Statement;
  private readonly records: Statement;
  private readonly articleOfStmt: Statement;
  private readonly passagesOfStmt: Statement;

  constructor(db: DB) {
    this.top = db.prepare(
      'SELECT rowid AS id, bm25(chunks_fts) AS bm FROM chunks_fts WHERE chunks_fts MATCH ? ORDER BY bm LIMIT ?',
    );
    this.all = db.prepare(
      'SELECT rowid AS id, bm25(chunks_fts) AS bm FROM chunks_fts WHERE chunks_fts MATCH ? ORDER BY bm',
    );
    this.termDocs = db.prepare('SELECT count(*) AS n FROM chunks_fts WHERE chunks_fts MATCH ?');
    this.records = db.prepare(
      `SELECT c.id AS chunkId, c.article_id AS articleId, c.ordinal, c.start, c."end" AS "end", c.text,
              a.title, a.author, a.date, a.url
         FROM chunks c JOIN articles a ON a.id = c.article_id
        WHERE c.id IN (SELECT value FROM json_each(?))`,
    );
    this.articleOfStmt = db.prepare(
      'SELECT id, article_id AS a FROM chunks WHERE id IN (SELECT value FROM json_each(?))',
    );
    this.passagesOfStmt = db.prepare(
      'SELECT id, article_id AS a, text, vector FROM chunks WHERE article_id IN (SELECT value FROM json_each(?)) ORDER BY article_id, ordinal',
    );
  }

  /** The k best passages for an FTS5 expression (score = -bm25), optionally only ids in `allowed`. */
  ranked(fts: string, k: number, allowed?: Set<number>): { chunkId: number; score: number }[] {
    if (!allowed)
      return (this.top.all(fts, k) as { id: number; bm: number }[]).map((r) => ({ chunkId: r.id, score: -r.bm }));
    const out: { chunkId: number; score: number }[] = [];
    for (const r of this.all.iterate(fts) as Iterable<{ id: number; bm: number }>) {
      if (!allowed.has(r.id)) continue;
      out.push({ chunkId: r.id, score: -r.bm });
      if (out.length >= k) break;
    }
    return out;
  }

  /** How many passages match one FTS5 term. */
  matching(term: string): number {
    return (this.termDocs.get(term) as { n: number }).n;
  }

  /** Chunks with their article's fields, in the order of `ids` (unknown ids left out). */
  withArticles(ids: number[]): ChunkRecord[] {
    if (!ids.length) return [];
    const rows = this.records.all(JSON.stringify(ids)) as ChunkRecord[];
    const byId = new Map(rows.map((r) => [r.chunkId, r]));
    return ids.map((id) => byId.get(id)).filter((r): r is ChunkRecord => r !== undefined);
  }

  articleOf(chunkIds: number[]): Map<number, string> {
    if (!chunkIds.length) return new Map();
    return new Map(
      (this.articleOfStmt.all(JSON.stringify(chunkIds)) as { id: number; a: string }[]).map((r) => [r.id, r.a]),
    );
  }

  passagesOf(articleIds: string[]): { chunkId: number; articleId: string; text: string; vector: Float32Array }[] {
    if (!articleIds.length) return [];
    return (
      this.passagesOfStmt.all(JSON.stringify(articleIds)) as { id: number; a: string; text: string; vector: Buffer }[]
    ).map((r) => ({ chunkId: r.id, articleId: r.a, text: r.text, vector: blobToVector(r.vector) }));
  }
}

/** The chunk writes of a generation being built (the caller holds the transaction). */
export function chunkWrites(db: DB) {
  const idsOf = db.prepare('SELECT id FROM chunks WHERE article_id = ?').pluck();
  const delOf = db.prepare('DELETE FROM chunks WHERE article_id = ?');
  const delFts = db.prepare('DELETE FROM chunks_fts WHERE rowid = ?');
  const ins = db.prepare('INSERT INTO chunks(article_id, ordinal, start, "end", text, vector) VALUES (?,?,?,?,?,?)');
  const insFts = db.prepare('INSERT INTO chunks_fts(rowid, text, title) VALUES (?,?,?)');
  return {
    /** Removes an article's chunks and their FTS rows; returns the chunk ids removed (HNSW labels). */
    removeOf(articleId: string): number[] {
      const ids = idsOf.all(articleId) as number[];
      for (const id of ids) delFts.run(id);
      delOf.run(articleId);
      return ids;
    },
    /** Inserts one embedded chunk; returns its new id. */
    put(c: Chunk, title: string, vector: Float32Array): number {
      const id = Number(ins.run(c.articleId, c.ordinal, c.start, c.end, c.text, vectorToBlob(vector)).lastInsertRowid);
      insFts.run(id, c.text, title);
      return id;
    },
  };
}
