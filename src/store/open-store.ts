// Picks the store INDEX_STORE names: the embedded one in INDEX_DIR (default) or PostgreSQL + pgvector.
// The Postgres client is loaded only when it is used.
import type { Config } from '../config.js';
import { SqliteStore } from './sqlite/store.js';
import type { IndexStore } from './types.js';

export type StoreSetting = Pick<Config, 'INDEX_STORE' | 'indexDir'>;

/** The store the settings name (a Postgres store connects at first use). */
export async function storeFor(config: StoreSetting): Promise<IndexStore> {
  if (!config.INDEX_STORE || config.INDEX_STORE === 'embedded') return new SqliteStore(config.indexDir);
  const { PostgresStore } = await import('./postgres/store.js');
  return new PostgresStore(config.INDEX_STORE);
}
