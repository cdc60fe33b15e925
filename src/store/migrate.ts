// Copies the served generation of the embedded store into PostgreSQL without re-embedding: articles
// and passages with their stored vectors, chunk ids kept, published there like a re-index would.
import path from 'node:path';
import { storedColumns, storedRow } from '../index/articles-table.js';
import { blobToVector } from '../index/chunks-table.js';
import { DB_FILE, MANIFEST_FILE, readPointer } from '../index/generations.js';
import { readManifest } from '../index/manifest.js';
import { IndexOpenError } from '../index/open.js';
import { openReadOnly } from '../index/store.js';
import type { Manifest } from '../index/types.js';
import type { PostgresStore } from './postgres/store.js';
import type { ArticleRow, ChunkRow } from './postgres/writer.js';

export interface CopySummary {
  generation: string;
  articles: number;
  chunks: number;
  seconds: number;
}

const BATCH = 500;

/** Copies INDEX_DIR's served generation into `to` and publishes it there (one re-index lock held). */
export async function copyToPostgres(
  indexDir: string,
  to: PostgresStore,
  onProgress?: (done: number, total: number) => void,
): Promise<CopySummary> {
  const t0 = Date.now();
  const pointer = readPointer(indexDir);
  if (!pointer) throw new IndexOpenError(`There is no index in ${indexDir} to copy: run \`dossier index\` first.`);
  const dir = path.join(indexDir, pointer.generation);
  const manifest: Manifest = readManifest(path.join(dir, MANIFEST_FILE));
  const db = openReadOnly(path.join(dir, DB_FILE));
  const release = await to.lock();
  try {
    await to.cleanup();
    const w = await to.writer(manifest.dims);
    try {
      let batch: ArticleRow[] = [];
      const articles = db.prepare(`SELECT ${storedColumns(db)} FROM articles`);
      for (const r of articles.iterate() as Iterable<Record<string, string | null>>) {
        batch.push(storedRow(r));
        if (batch.length >= BATCH) {
          await w.putArticles(batch);
          batch = [];
        }
      }
      await w.putArticles(batch);
      const total = manifest.chunks;
      let done = 0;
      let chunks: ChunkRow[] = [];
      const rows = db.prepare(
        'SELECT c.id, c.article_id, c.ordinal, c.start, c."end", c.text, c.vector, a.title FROM chunks c JOIN articles a ON a.id = c.article_id ORDER BY c.id',
      );
      for (const r of rows.iterate() as Iterable<{
        id: number;
        article_id: string;
        ordinal: number;
        start: number;
        end: number;
        text: string;
        vector: Buffer;
        title: string;
      }>) {
        chunks.push({
          id: r.id,
          chunk: { articleId: r.article_id, ordinal: r.ordinal, start: r.start, end: r.end, text: r.text },
          title: r.title,
          vector: blobToVector(r.vector),
        });
        if (chunks.length >= BATCH) {
          await w.putChunks(chunks);
          done += chunks.length;
          chunks = [];
          onProgress?.(done, total);
        }
      }
      await w.putChunks(chunks);
      done += chunks.length;
      onProgress?.(done, total);
      const out = await w.finish(manifest, manifest.builtAt);
      await w.publish();
      await to.cleanup();
      return {
        generation: w.generation,
        articles: out.articles,
        chunks: out.chunks,
        seconds: (Date.now() - t0) / 1000,
      };
    } catch (err) {
      await w.discard();
      throw err;
    }
  } finally {
    db.close();
    await release();
  }
}
