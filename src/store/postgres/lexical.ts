// bm25 on Postgres as FTS5 computes it (k1 1.2, b 0.75, FTS5's idf), from term statistics kept per
// generation (chunk_terms, article_terms: document frequencies) and each row's token count, over the
// GIN-indexed tsvector for candidates. ts_rank is not bm25; this is.
import type pg from 'pg';
import { LEXICAL_PRUNING } from '../../index/snapshot.js';
import { BM25, idf } from './text.js';

export interface LexicalTarget {
  table: 'chunks' | 'articles';
  /** rows in the generation */
  total: number;
  avgLen: number;
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
  const tsquery = stems.map((s) => `'${s.term.replace(/'/g, "''")}'`).join(' | ');
  const join = t.table === 'chunks' ? `JOIN ${schema}.articles a ON a.id = c.article_id` : '';
  const rowAlias = t.table === 'chunks' ? 'c' : 'a';
  const from = t.table === 'chunks' ? `${schema}.chunks c ${join}` : `${schema}.articles a`;
  const norm = `${BM25.k1} * (${1 - BM25.b} + ${BM25.b} * ${rowAlias}.len / $4::float8)`;
  const sql = `
    SELECT ${rowAlias}.id AS id,
           sum(q.w * (x.tf * ${BM25.k1 + 1}) / (x.tf + ${norm})) AS score
      FROM ${from}
      CROSS JOIN LATERAL (
        SELECT u.lexeme, coalesce(array_length(u.positions, 1), 1) AS tf FROM unnest(${rowAlias}.tsv) u
         WHERE u.lexeme = ANY($1::text[])) x
      JOIN unnest($1::text[], $2::float8[]) AS q(term, w) ON q.term = x.lexeme
     WHERE ${rowAlias}.tsv @@ $3::tsquery ${extra.where.map((w) => `AND ${w}`).join(' ')}
     GROUP BY ${rowAlias}.id, ${rowAlias}.len
     ORDER BY score DESC, ${rowAlias}.id
     LIMIT ${Math.floor(k)}`;
  const r = await pool.query(sql, [
    stems.map((s) => s.term),
    stems.map((s) => idf(t.total, s.df)),
    tsquery,
    t.avgLen || 1,
    ...extra.params,
  ]);
  return r.rows.map((x) => ({ id: x.id, score: Number(x.score) }));
}
