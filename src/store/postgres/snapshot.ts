// The query side of one Postgres generation (IndexSnapshot): dense k-NN on the pgvector HNSW index
// (exact among an allow-list), bm25 over passages and whole articles (lexical.ts), filters in SQL,
// lookups, titles, stats. Every query names the generation's schema, so it never changes under a reader.
import type pg from 'pg';
import { toFtsQuery } from '../../index/fts-query.js';
import { LEXICAL_PRUNING } from '../../index/snapshot.js';
import type { ArticleRecord, ChunkRecord, IndexStats, Manifest, SearchFilter } from '../../index/types.js';
import { foldTitle } from '../../text/fold.js';
import type { OpenedIndex } from '../types.js';
import { filterSql, isEmpty } from './filter-sql.js';
import { bm25, pruneCommon, stemsOf, type LexicalTarget } from './lexical.js';
import { ftsWords, parseVector, vectorText } from './text.js';

/** pgvector's hnsw.ef_search accepts at most 1000 */
const MAX_EF = 1000;
const CACHED_FILTERS = 8;

/**
 * The k-NN query on a generation's HNSW index: the settings to run first in its transaction, and the
 * query ($1 the vector). At ef in the hundreds pgvector's cost estimate makes an exact scan look
 * cheaper up to tens of thousands of passages (bench postgres, 11k: exact 93 ms, the index a few ms),
 * so sequential scans are off for it.
 */
export function knnQuery(schema: string, k: number, ef: number): { settings: string[]; sql: string } {
  return {
    settings: [`SET LOCAL hnsw.ef_search = ${Math.min(MAX_EF, Math.max(ef, k))}`, 'SET LOCAL enable_seqscan = off'],
    sql: `SELECT id, 1 - (embedding <=> $1::vector) AS score FROM ${schema}.chunks
          ORDER BY embedding <=> $1::vector LIMIT ${Math.floor(k)}`,
  };
}

export class PgSnapshot implements OpenedIndex {
  readonly notices: string[] = [];
  private dates: Map<string, string | null> | undefined;
  private readonly filterSets = new Map<string, Set<number>>();
  private statsCache: IndexStats | undefined;

  constructor(
    private readonly pool: pg.Pool,
    readonly generation: string,
    readonly schema: string,
    readonly manifest: Manifest,
    private readonly ef: number,
    private readonly terms: { chunks: number; articles: number; postings: boolean },
  ) {}

  async dense(query: Float32Array, k: number, opts: { ef?: number; allowed?: Set<number> } = {}) {
    if (k <= 0) return [];
    const vec = vectorText(query);
    if (opts.allowed) {
      if (!opts.allowed.size) return [];
      // exact among the allowed passages: `+ 0` keeps the planner off the approximate index
      const r = await this.pool.query(
        `SELECT id, 1 - (embedding <=> $1::vector) AS score FROM ${this.schema}.chunks
          WHERE id = ANY($2::int[]) ORDER BY (embedding <=> $1::vector) + 0 LIMIT ${Math.floor(k)}`,
        [vec, [...opts.allowed]],
      );
      return r.rows.map((x) => ({ chunkId: Number(x.id), score: Number(x.score) }));
    }
    const knn = knnQuery(this.schema, k, opts.ef ?? this.ef);
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      for (const setting of knn.settings) await client.query(setting);
      const r = await client.query(knn.sql, [vec]);
      await client.query('COMMIT');
      return r.rows.map((x) => ({ chunkId: Number(x.id), score: Number(x.score) }));
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  private target(table: 'chunks' | 'articles'): LexicalTarget {
    return table === 'chunks'
      ? { table, total: this.manifest.chunks, avgLen: this.terms.chunks, postings: this.terms.postings }
      : { table, total: this.manifest.articles, avgLen: this.terms.articles, postings: this.terms.postings };
  }

  async lexical(query: string, k: number, opts: { allowed?: Set<number>; filter?: SearchFilter } = {}) {
    if (k <= 0) return [];
    const fts = toFtsQuery(String(query ?? ''));
    if (!fts) return [];
    try {
      const t = this.target('chunks');
      const stems = pruneCommon(await stemsOf(this.pool, this.schema, 'chunks', ftsWords(fts)), t.total, true);
      const extra = await filterSql(this.pool, this.schema, opts.filter, 5);
      // search passes the filter's own set as `allowed`: the SQL filter says the same, without the ids
      const own = opts.filter && !isEmpty(opts.filter) ? this.filterSets.get(this.key(opts.filter)) : undefined;
      if (opts.allowed && opts.allowed !== own) {
        if (!opts.allowed.size) return [];
        extra.params.push([...opts.allowed]);
        extra.where.push(`c.id = ANY($${4 + extra.params.length}::int[])`);
      }
      const rows = await bm25(this.pool, this.schema, t, stems, k, extra);
      return rows.map((r) => ({ chunkId: Number(r.id), score: r.score }));
    } catch {
      return []; // a search must never crash on text
    }
  }

  async lexicalArticles(query: string, k: number, opts: { filter?: SearchFilter } = {}) {
    if (k <= 0) return [];
    const fts = toFtsQuery(String(query ?? ''), { keepStopwords: true });
    if (!fts) return [];
    try {
      const t = this.target('articles');
      const words = ftsWords(fts);
      let stems = await stemsOf(this.pool, this.schema, 'articles', words);
      // as the embedded store: which words are common is judged on the passages
      if (this.manifest.chunks >= LEXICAL_PRUNING.minChunks) {
        const kept = new Set(
          pruneCommon(await stemsOf(this.pool, this.schema, 'chunks', words), this.manifest.chunks, true).map(
            (x) => x.term,
          ),
        );
        if (stems.some((x) => kept.has(x.term))) stems = stems.filter((x) => kept.has(x.term));
      }
      const extra = await filterSql(this.pool, this.schema, opts.filter, 5);
      const rows = await bm25(this.pool, this.schema, t, stems, k, extra);
      return rows.map((r) => ({ articleId: String(r.id), score: r.score }));
    } catch {
      return [];
    }
  }

  async articleOf(chunkIds: number[]): Promise<Map<number, string>> {
    if (!chunkIds.length) return new Map();
    const r = await this.pool.query(`SELECT id, article_id FROM ${this.schema}.chunks WHERE id = ANY($1::int[])`, [
      chunkIds,
    ]);
    return new Map(r.rows.map((x) => [Number(x.id), x.article_id as string]));
  }

  async passagesOf(articleIds: string[]) {
    if (!articleIds.length) return [];
    const r = await this.pool.query(
      `SELECT c.id, c.article_id, c.text, c.embedding::text AS v
         FROM unnest($1::text[]) WITH ORDINALITY AS q(id, n) JOIN ${this.schema}.chunks c ON c.article_id = q.id
        ORDER BY q.n, c.ordinal`,
      [articleIds],
    );
    return r.rows.map((x) => ({
      chunkId: Number(x.id),
      articleId: x.article_id as string,
      text: x.text as string,
      vector: parseVector(x.v),
    }));
  }

  private key(filter: SearchFilter): string {
    return JSON.stringify([filter.author?.trim(), filter.from?.trim(), filter.to?.trim()]);
  }

  async allowedChunks(filter: SearchFilter): Promise<Set<number> | null> {
    if (isEmpty(filter)) return null;
    const key = this.key(filter);
    const hit = this.filterSets.get(key);
    if (hit) return hit;
    const f = await filterSql(this.pool, this.schema, filter, 1);
    const r = await this.pool.query(
      `SELECT c.id FROM ${this.schema}.chunks c JOIN ${this.schema}.articles a ON a.id = c.article_id WHERE ${f.where.join(' AND ')}`,
      f.params,
    );
    const out = new Set(r.rows.map((x) => Number(x.id)));
    this.filterSets.set(key, out);
    if (this.filterSets.size > CACHED_FILTERS) this.filterSets.delete(this.filterSets.keys().next().value!);
    return out;
  }

  async chunks(ids: number[]): Promise<ChunkRecord[]> {
    if (!ids.length) return [];
    const r = await this.pool.query(
      `SELECT c.id AS "chunkId", c.article_id AS "articleId", c.ordinal, c.start, c."end", c.text,
              a.title, a.author, a.date, a.url
         FROM ${this.schema}.chunks c JOIN ${this.schema}.articles a ON a.id = c.article_id
        WHERE c.id = ANY($1::int[])`,
      [ids],
    );
    const byId = new Map(r.rows.map((x) => [Number(x.chunkId), { ...x, chunkId: Number(x.chunkId) } as ChunkRecord]));
    return ids.map((id) => byId.get(id)).filter((x): x is ChunkRecord => x !== undefined);
  }

  async article(id: string): Promise<ArticleRecord | undefined> {
    const r = await this.pool.query(
      `SELECT id, title, author, date, url, body, tags FROM ${this.schema}.articles WHERE id = $1`,
      [String(id ?? '')],
    );
    return r.rows[0] ? ({ ...r.rows[0], tags: r.rows[0].tags as string[] } as ArticleRecord) : undefined;
  }

  async articleDates(): Promise<ReadonlyMap<string, string | null>> {
    if (!this.dates) {
      const r = await this.pool.query(`SELECT id, date FROM ${this.schema}.articles`);
      this.dates = new Map(r.rows.map((x) => [x.id as string, x.date as string | null]));
    }
    return this.dates;
  }

  async findTitles(text: string, limit: number) {
    const needle = foldTitle(String(text ?? ''));
    const like = `%${needle.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const r = await this.pool.query(
      `SELECT id, title, date FROM ${this.schema}.articles WHERE title_fold LIKE $1 ESCAPE '\\'
        ORDER BY date IS NULL, date DESC, title_fold LIMIT $2`,
      [like, Math.max(0, Math.floor(limit))],
    );
    return r.rows as { id: string; title: string; date: string | null }[];
  }

  async stats(): Promise<IndexStats> {
    if (!this.statsCache) {
      const r = await this.pool.query(
        `SELECT (SELECT count(*) FROM ${this.schema}.articles) AS articles, (SELECT count(*) FROM ${this.schema}.chunks) AS chunks,
                (SELECT min(date) FROM ${this.schema}.articles) AS first, (SELECT max(date) FROM ${this.schema}.articles) AS last,
                (SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                  WHERE n.nspname = $1 AND c.relkind = 'r') AS size`,
        [this.schema],
      );
      const x = r.rows[0];
      this.statsCache = {
        articles: Number(x.articles),
        chunks: Number(x.chunks),
        firstDate: x.first,
        lastDate: x.last,
        modelId: this.manifest.modelId,
        dtype: this.manifest.dtype,
        builtAt: this.manifest.builtAt,
        sizeBytes: Number(x.size),
      };
    }
    return { ...this.statsCache };
  }

  close(): void {
    // the connections belong to the store
  }
}
