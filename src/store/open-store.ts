// Picks the store the settings name: the embedded one in INDEX_DIR (SQLite + FTS5 + hnswlib).
import type { Config } from '../config.js';
import { SqliteStore } from './sqlite/store.js';
import type { IndexStore } from './types.js';

export type StoreSetting = Pick<Config, 'indexDir'>;

/** The store the settings name (not yet opened). */
export async function storeFor(config: StoreSetting): Promise<IndexStore> {
  return new SqliteStore(config.indexDir);
}
