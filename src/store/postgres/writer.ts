// A generation being written into Postgres: a build schema (dossier_tmp_…) filled in batches, given its
// indexes and term statistics, renamed to dossier_gen_… and published by switching dossier.current in
// one transaction. Until then readers see only the served generation; a killed build leaves a schema
// that the next re-index (holding the lock) drops.
import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import type { Article } from '../../archive/article.js';
import { foldTitle } from '../../text/fold.js';
import { buildManifest } from '../../index/manifest.js';
import type { BuildParams, Chunk, Manifest } from '../../index/types.js';
import { finishDdl, generationDdl, schemaOf } from './schema.js';
import { searchText, vectorText } from './text.js';

const TMP_PREFIX = 'dossier_tmp_';

export interface ArticleRow {
  article: Article;
  hash: string;
  source: string | null;
}

export interface ChunkRow {
  /** keep this id (a copy of another store); new ids follow the largest one otherwise */
  id?: number;
  chunk: Chunk;
  title: string;
  vector: Float32Array;
}

export class PgGenerationWriter {
  private nextId = 1;
  private finished = false;

  private constructor(
    private readonly pool: pg.Pool,
    readonly generation: string,
    private readonly tmp: string,
  ) {}

  /** A new, empty build schema; `from`: the served generation's schema, copied first (incremental). */
  static async begin(pool: pg.Pool, dims: number, from?: string): Promise<PgGenerationWriter> {
    const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*$/, '');
    const generation = `gen-${stamp}-${randomBytes(4).toString('hex')}`;
    const tmp = TMP_PREFIX + schemaOf(generation).slice('dossier_gen_'.length);
    const w = new PgGenerationWriter(pool, generation, tmp);
    await pool.query(generationDdl(tmp, dims));
    if (from) {
      await pool.query(`INSERT INTO ${tmp}.articles SELECT * FROM ${from}.articles`);
      await pool.query(`INSERT INTO ${tmp}.chunks SELECT * FROM ${from}.chunks`);
      // ids are never reused: the next one follows the largest ever given out in the served generation
      const r = await pool.query(`SELECT value FROM ${from}.meta WHERE key = 'next_chunk_id'`);
      const m = await pool.query(`SELECT coalesce(max(id), 0) + 1 AS n FROM ${tmp}.chunks`);
      w.nextId = Math.max(Number(r.rows[0]?.value ?? 1), Number(m.rows[0].n));
    }
    return w;
  }

  /** Removes articles and their chunks; returns the chunk ids removed. */
  async removeArticles(ids: string[]): Promise<number[]> {
    if (!ids.length) return [];
    const r = await this.pool.query(`DELETE FROM ${this.tmp}.chunks WHERE article_id = ANY($1::text[]) RETURNING id`, [
      ids,
    ]);
    await this.pool.query(`DELETE FROM ${this.tmp}.articles WHERE id = ANY($1::text[])`, [ids]);
    return r.rows.map((x) => Number(x.id));
  }

  async putArticles(rows: ArticleRow[]): Promise<void> {
    for (let i = 0; i < rows.length; i += 200) {
      const batch = rows.slice(i, i + 200);
      const cols = {
        id: [] as string[],
        title: [] as string[],
        fold: [] as string[],
        author: [] as (string | null)[],
        date: [] as (string | null)[],
        url: [] as (string | null)[],
        body: [] as string[],
        tags: [] as string[],
        hash: [] as string[],
        origin: [] as string[],
        source: [] as (string | null)[],
        words: [] as string[],
        len: [] as number[],
      };
      for (const { article: a, hash, source } of batch) {
        const st = searchText(a.body, a.title);
        cols.id.push(a.id);
        cols.title.push(a.title);
        cols.fold.push(foldTitle(a.title));
        cols.author.push(a.author ?? null);
        cols.date.push(a.date ?? null);
        cols.url.push(a.url ?? null);
        cols.body.push(a.body);
        cols.tags.push(JSON.stringify(a.tags));
        cols.hash.push(hash);
        cols.origin.push(JSON.stringify(a.origin ?? {}));
        cols.source.push(source);
        cols.words.push(st.text);
        cols.len.push(st.len);
      }
      await this.pool.query(
        `INSERT INTO ${this.tmp}.articles
           SELECT id, title, fold, author, date, url, body, tags::jsonb, hash, origin::jsonb, source,
                  to_tsvector('dossier.english', words), len
             FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                         $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::int[])
               AS u(id, title, fold, author, date, url, body, tags, hash, origin, source, words, len)
         ON CONFLICT (id) DO UPDATE SET title = EXCLUDED.title, title_fold = EXCLUDED.title_fold,
           author = EXCLUDED.author, date = EXCLUDED.date, url = EXCLUDED.url, body = EXCLUDED.body,
           tags = EXCLUDED.tags, hash = EXCLUDED.hash, origin = EXCLUDED.origin, source = EXCLUDED.source,
           tsv = EXCLUDED.tsv, len = EXCLUDED.len`,
        Object.values(cols),
      );
    }
  }

  async relabel(rows: { id: string; source: string | null }[]): Promise<void> {
    if (!rows.length) return;
    await this.pool.query(
      `UPDATE ${this.tmp}.articles a SET source = u.source FROM unnest($1::text[], $2::text[]) AS u(id, source) WHERE a.id = u.id`,
      [rows.map((r) => r.id), rows.map((r) => r.source)],
    );
  }

  /** Inserts embedded chunks; returns their ids (in order). */
  async putChunks(rows: ChunkRow[]): Promise<number[]> {
    const ids: number[] = [];
    for (let i = 0; i < rows.length; i += 200) {
      const batch = rows.slice(i, i + 200);
      const cols = {
        id: [] as number[],
        article: [] as string[],
        ordinal: [] as number[],
        start: [] as number[],
        end: [] as number[],
        text: [] as string[],
        vec: [] as string[],
        words: [] as string[],
        len: [] as number[],
      };
      for (const r of batch) {
        const id = r.id ?? this.nextId++;
        if (r.id !== undefined) this.nextId = Math.max(this.nextId, r.id + 1);
        const st = searchText(r.chunk.text, r.title);
        ids.push(id);
        cols.id.push(id);
        cols.article.push(r.chunk.articleId);
        cols.ordinal.push(r.chunk.ordinal);
        cols.start.push(r.chunk.start);
        cols.end.push(r.chunk.end);
        cols.text.push(r.chunk.text);
        cols.vec.push(vectorText(r.vector));
        cols.words.push(st.text);
        cols.len.push(st.len);
      }
      await this.pool.query(
        `INSERT INTO ${this.tmp}.chunks
           SELECT id, article_id, ordinal, start, "end", text, vec::vector, to_tsvector('dossier.english', words), len
             FROM unnest($1::int[], $2::text[], $3::int[], $4::int[], $5::int[], $6::text[], $7::text[], $8::text[], $9::int[])
               AS u(id, article_id, ordinal, start, "end", text, vec, words, len)`,
        Object.values(cols),
      );
    }
    return ids;
  }

  async counts(): Promise<{ articles: number; chunks: number }> {
    const r = await this.pool.query(
      `SELECT (SELECT count(*) FROM ${this.tmp}.articles) AS a, (SELECT count(*) FROM ${this.tmp}.chunks) AS c`,
    );
    return { articles: Number(r.rows[0].a), chunks: Number(r.rows[0].c) };
  }

  /** Indexes, term statistics and the manifest; the schema gets its generation's name (not yet served). */
  async finish(m: BuildParams, builtAt?: string): Promise<Manifest> {
    const counts = await this.counts();
    await this.pool.query(finishDdl(this.tmp, m.hnsw));
    const manifest = buildManifest(m, counts, builtAt);
    await this.pool.query(
      `INSERT INTO ${this.tmp}.meta(key, value)
         SELECT 'manifest', $1
         UNION ALL SELECT 'next_chunk_id', $2
         UNION ALL SELECT 'chunk_avg_len', (SELECT coalesce(avg(len), 0)::text FROM ${this.tmp}.chunks)
         UNION ALL SELECT 'article_avg_len', (SELECT coalesce(avg(len), 0)::text FROM ${this.tmp}.articles)`,
      [JSON.stringify(manifest), String(this.nextId)],
    );
    await this.pool.query(`ALTER SCHEMA ${this.tmp} RENAME TO ${schemaOf(this.generation)}`);
    this.finished = true;
    return manifest;
  }

  /** Serves the finished generation: the pointer switched in one transaction (the old one kept as previous). */
  async publish(): Promise<void> {
    if (!this.finished) throw new Error('publish before finish');
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query(
        `INSERT INTO dossier.current(one, generation, previous) VALUES (true, $1, NULL)
           ON CONFLICT (one) DO UPDATE SET previous = dossier.current.generation, generation = EXCLUDED.generation,
             published_at = now()`,
        [this.generation],
      );
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  /** Drops the build (a generation that will not be published). */
  async discard(): Promise<void> {
    const schema = this.finished ? schemaOf(this.generation) : this.tmp;
    await this.pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => undefined);
  }
}

/** Drops build schemas and generations that are neither current nor previous. Only under the re-index lock. */
export async function cleanupGenerations(pool: pg.Pool): Promise<string[]> {
  const cur = await pool.query('SELECT generation, previous FROM dossier.current');
  const keep = new Set<string>();
  for (const g of [cur.rows[0]?.generation, cur.rows[0]?.previous]) if (g) keep.add(schemaOf(g));
  const r = await pool.query(
    `SELECT nspname FROM pg_namespace WHERE nspname LIKE 'dossier\\_gen\\_%' OR nspname LIKE 'dossier\\_tmp\\_%'`,
  );
  const removed: string[] = [];
  for (const { nspname } of r.rows as { nspname: string }[]) {
    if (keep.has(nspname)) continue;
    await pool.query(`DROP SCHEMA IF EXISTS ${nspname} CASCADE`);
    removed.push(nspname);
  }
  return removed;
}
