// The halfvec question of the Postgres store: would pgvector's `halfvec(384)` (2 bytes a dimension)
// serve as well as the `vector(384)` the store keeps? Measured on a published generation by adding an
// HNSW expression index on `embedding::halfvec(384)` beside the store's own, with the same M,
// ef_construction and ef_search, and asking both the same questions: recall@10 against exact
// float32 search, query p50, index size and build time. The store itself is not changed.
import pg from 'pg';
import { knnQuery } from '../src/store/postgres/snapshot.js';
import { vectorText } from '../src/store/postgres/text.js';
import { distribution, round } from './stats.js';

export interface HalfvecProbe {
  recall: { vector: number; halfvec: number };
  p50Ms: { vector: number; halfvec: number };
  indexMb: { vector: number; halfvec: number };
  buildSeconds: number;
}

async function ask(
  client: pg.PoolClient,
  sql: string,
  qv: Float32Array[],
  truth: Set<number>[],
  k: number,
  index: string,
): Promise<{ recall: number; p50: number }> {
  // the figure is only about the index if the planner uses it
  const plan = (await client.query(`EXPLAIN ${sql}`, [vectorText(qv[0])])).rows.map((r) => r['QUERY PLAN']).join('\n');
  if (!plan.includes(index))
    throw new Error(`the query did not use ${index}: ${plan.replace(/'\[[^\]]*\]'/g, '…').slice(0, 300)}`);
  let hit = 0;
  const ms: number[] = [];
  for (let i = 0; i < qv.length; i++) {
    const t = performance.now();
    const r = await client.query(sql, [vectorText(qv[i])]);
    ms.push(performance.now() - t);
    hit += r.rows.filter((x) => truth[i].has(Number(x.id))).length;
  }
  return { recall: hit / (qv.length * k), p50: distribution(ms).p50 };
}

export async function probeHalfvec(
  url: string,
  schema: string,
  dims: number,
  hnsw: { M: number; efConstruction: number; ef: number },
  qv: Float32Array[],
  truth: Set<number>[],
  k: number,
): Promise<HalfvecProbe> {
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  const client = await pool.connect();
  try {
    const sizeOf = async (name: string) =>
      Number((await client.query('SELECT pg_relation_size($1::regclass) AS b', [`${schema}.${name}`])).rows[0].b) /
      2 ** 20;
    const own = await client.query(
      `SELECT indexname FROM pg_indexes WHERE schemaname = $1 AND tablename = 'chunks' AND indexdef ILIKE '%hnsw%'`,
      [schema],
    );
    if (!own.rows.length) throw new Error(`no HNSW index on ${schema}.chunks`);
    const t = performance.now();
    await client.query(
      `CREATE INDEX bench_halfvec ON ${schema}.chunks USING hnsw ((embedding::halfvec(${Number(dims)})) halfvec_cosine_ops)
        WITH (m = ${Number(hnsw.M)}, ef_construction = ${Number(hnsw.efConstruction)})`,
    );
    const buildSeconds = (performance.now() - t) / 1000;
    // the store's settings (ef_search, no exact scan) in each transaction; each query with the other
    // index out of the planner's way, so each is measured on its own
    const { settings } = knnQuery(schema, k, hnsw.ef);
    await client.query('BEGIN');
    for (const setting of settings) await client.query(setting);
    await client.query(`DROP INDEX ${schema}.bench_halfvec`);
    const full = await ask(
      client,
      `SELECT id FROM ${schema}.chunks ORDER BY embedding <=> $1::vector LIMIT ${k}`,
      qv,
      truth,
      k,
      own.rows[0].indexname,
    );
    await client.query('ROLLBACK');
    await client.query('BEGIN');
    for (const setting of settings) await client.query(setting);
    await client.query(`DROP INDEX ${schema}.${own.rows[0].indexname}`);
    const half = await ask(
      client,
      `SELECT id FROM ${schema}.chunks ORDER BY embedding::halfvec(${Number(dims)}) <=> $1::halfvec(${Number(dims)}) LIMIT ${k}`,
      qv,
      truth,
      k,
      'bench_halfvec',
    );
    await client.query('ROLLBACK');
    const probe: HalfvecProbe = {
      recall: { vector: round(full.recall, 4), halfvec: round(half.recall, 4) },
      p50Ms: { vector: round(full.p50, 2), halfvec: round(half.p50, 2) },
      indexMb: {
        vector: round(await sizeOf(own.rows[0].indexname), 1),
        halfvec: round(await sizeOf('bench_halfvec'), 1),
      },
      buildSeconds: round(buildSeconds, 1),
    };
    await client.query(`DROP INDEX ${schema}.bench_halfvec`);
    return probe;
  } finally {
    client.release();
    await pool.end();
  }
}

/** How the store's own k-NN query runs, with the store's settings: on the HNSW index or an exact scan. */
export async function densePlan(url: string, schema: string, ef: number, q: Float32Array, k: number) {
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  const client = await pool.connect();
  try {
    const knn = knnQuery(schema, k, ef);
    await client.query('BEGIN');
    for (const setting of knn.settings) await client.query(setting);
    const r = await client.query(`EXPLAIN ${knn.sql}`, [vectorText(q)]);
    await client.query('ROLLBACK');
    const plan = r.rows.map((x) => String(x['QUERY PLAN'])).join('\n');
    return /Index Scan using \S+/.test(plan) ? 'HNSW index scan' : 'exact scan';
  } finally {
    client.release();
    await pool.end();
  }
}
