// Read access to a built index for the bench: its chunks with their stored vectors, and its size.
// Only the bench reads SQLite behind the snapshot's back, to get the exact vectors for ground truth.
import path from 'node:path';
import { DB_FILE, dirSize, readPointer } from '../src/index/generations.js';
import { blobToVector } from '../src/index/chunks-table.js';
import { openReadOnly } from '../src/index/store.js';

export function generationDir(indexDir: string): string {
  const p = readPointer(indexDir);
  if (!p) throw new Error(`no index in ${indexDir}`);
  return path.join(indexDir, p.generation);
}

/** Every chunk of the served generation: id, text and the vector that was stored for it. */
export function readChunks(
  indexDir: string,
): { id: number; articleId: string; title: string; text: string; vector: Float32Array }[] {
  const db = openReadOnly(path.join(generationDir(indexDir), DB_FILE));
  try {
    const rows = db
      .prepare(
        'SELECT c.id, c.article_id AS articleId, a.title, c.text, c.vector FROM chunks c JOIN articles a ON a.id = c.article_id ORDER BY c.id',
      )
      .all() as { id: number; articleId: string; title: string; text: string; vector: Buffer }[];
    return rows.map((r) => ({
      id: r.id,
      articleId: r.articleId,
      title: r.title,
      text: r.text,
      vector: blobToVector(r.vector),
    }));
  } finally {
    db.close();
  }
}

export function indexSizeBytes(indexDir: string): number {
  return dirSize(generationDir(indexDir));
}
