// bm25 on Postgres as FTS5 computes it (k1 1.2, b 0.75, FTS5's idf), from term statistics kept per
// generation (chunk_terms, article_terms: document frequencies; chunk_postings, article_postings: term
// frequency and length per row, clustered by term). ts_rank is not bm25; this is. A generation built
// before the postings existed is scored from its GIN-indexed tsvectors instead (the same scores, slower).
import type pg from 'pg';
import { LEXICAL_PRUNING } from '../../index/snapshot.js';
import { BM25, idf } from './text.js';

export interface LexicalTarget {
  table: 'chunks' | 'articles';
  /** rows in the generation */
  total: number;
  avgLen: number;
  /** the generation has postings tables (built since 2026-12-03) */
  postings: boolean;
}

/** The query's stems with their document frequencies (unknown stems left out). */
export async function stemsOf(
  pool: pg.Pool,
  schema: string,
  table: 'chunks' | 'articles',
  words: string[],
): Promise<{ term: string; df: number }[]> {
  if (!words.length) return [];
  const terms = table === 'chunks' ? 'chunk_terms' : 'article_terms';
  const r = await pool.query(
    `SELECT t.term, t.df FROM (SELECT DISTINCT unnest(tsvector_to_array(to_tsvector('dossier.english', $1))) AS term) q
       JOIN ${schema}.${terms} t ON t.term = q.term`,
    [words.join(' ')],
  );
  return r.rows.map((x) => ({ term: x.term as string, df: Number(x.df) }));
}

/** On a large archive, words in more than a tenth of the passages are left out when rarer ones remain. */
export function pruneCommon(stems: { term: string; df: number }[], total: number, prune: boolean) {
  if (!prune || total < LEXICAL_PRUNING.minChunks || stems.length < 2) return stems;
  const keep = stems.filter((s) => s.df <= total * LEXICAL_PRUNING.commonShare);
  return keep.length ? keep : stems;
}

/**
 * The k best rows by bm25 (higher is better) among those matching any stem, restricted by `where`
 * (conditions on the row `c` and, for chunks, its article `a`; parameters numbered from $5).
 * $3 is the limit on postings, the tsquery on tsvectors.
 */
export async function bm25(
  pool: pg.Pool,
  schema: string,
  t: LexicalTarget,
  stems: { term: string; df: number }[],
  k: number,
  extra: { where: string[]; params: unknown[] } = { where: [], params: [] },
): Promise<{ id: string | number; score: number }[]> {
  if (!stems.length || k <= 0) return [];
  const rowAlias = t.table === 'chunks' ? 'c' : 'a';
  const norm = (alias: string) => `${BM25.k1} * (${1 - BM25.b} + ${BM25.b} * ${alias}.len / $4::float8)`;
  const score = (alias: string) => `sum(q.w * (${alias}.tf * ${BM25.k1 + 1}) / (${alias}.tf + ${norm(alias)}))`;
  const where = extra.where.map((w) => `AND ${w}`).join(' ');
  let sql: string;
  let third: unknown;
  if (t.postings) {
    // the rows are joined only for a filter (conditions on c and a)
    const joins = !extra.where.length
      ? ''
      : t.table === 'chunks'
        ? `JOIN ${schema}.chunks c ON c.id = p.id JOIN ${schema}.articles a ON a.id = c.article_id`
        : `JOIN ${schema}.articles a ON a.id = p.id`;
    third = Math.floor(k);
    sql = `
    SELECT p.id AS id, ${score('p')} AS score
      FROM unnest($1::text[], $2::float8[]) AS q(term, w)
      JOIN ${schema}.${t.table === 'chunks' ? 'chunk_postings' : 'article_postings'} p ON p.term = q.term
      ${joins}
     WHERE true ${where}
     GROUP BY p.id
     ORDER BY score DESC, p.id
     LIMIT $3::int`;
  } else {
    const join = t.table === 'chunks' ? `JOIN ${schema}.articles a ON a.id = c.article_id` : '';
    const from = t.table === 'chunks' ? `${schema}.chunks c ${join}` : `${schema}.articles a`;
    third = stems.map((s) => `'${s.term.replace(/'/g, "''")}'`).join(' | ');
    sql = `
    SELECT ${rowAlias}.id AS id, ${score('x')} AS score
      FROM ${from}
      CROSS JOIN LATERAL (
        SELECT u.lexeme, coalesce(array_length(u.positions, 1), 1) AS tf, ${rowAlias}.len FROM unnest(${rowAlias}.tsv) u
         WHERE u.lexeme = ANY($1::text[])) x
      JOIN unnest($1::text[], $2::float8[]) AS q(term, w) ON q.term = x.lexeme
     WHERE ${rowAlias}.tsv @@ $3::tsquery ${where}
     GROUP BY ${rowAlias}.id, ${rowAlias}.len
     ORDER BY score DESC, ${rowAlias}.id
     LIMIT ${Math.floor(k)}`;
  }
  const r = await pool.query(sql, [
    stems.map((s) => s.term),
    stems.map((s) => idf(t.total, s.df)),
    third,
    t.avgLen || 1,
    ...extra.params,
  ]);
  return r.rows.map((x) => ({ id: x.id, score: Number(x.score) }));
}
