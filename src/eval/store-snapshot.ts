// `dossier eval --store postgres://…`: the benchmark's cached embedded index copied into Postgres
// (no re-embedding) and queried there, to measure one store against the other on the same vectors.
import { openIndex } from '../index/open.js';
import type { IndexSnapshot } from '../index/types.js';

/** The snapshot to measure: the embedded index in `dir`, or its copy in the Postgres at `store`. */
export async function openEvalSnapshot(
  dir: string,
  ef: number,
  store?: string,
): Promise<{ snap: IndexSnapshot; stats: { articles: number }; close: () => Promise<void> }> {
  if (!store || store === 'embedded') {
    const snap = openIndex(dir, { ef });
    return { snap, stats: snap.stats(), close: async () => snap.close() };
  }
  const [{ PostgresStore }, { copyToPostgres }] = await Promise.all([
    import('../store/postgres/store.js'),
    import('../store/migrate.js'),
  ]);
  const pg = new PostgresStore(store);
  try {
    await copyToPostgres(dir, pg);
    const snap = await pg.open({ ef });
    return { snap, stats: await snap.stats(), close: () => pg.close() };
  } catch (err) {
    await pg.close();
    throw err;
  }
}
