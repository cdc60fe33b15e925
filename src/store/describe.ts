// Naming a store in messages: the folder, or the server and database without the password.
import type { Config } from '../config.js';

/** Where a connection URL points, without its password. */
export function describeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.username ? `${u.username}@` : ''}${u.host}${u.pathname}`;
  } catch {
    return 'postgres://(unparseable URL)';
  }
}

/** Where the configured index lives, for messages. */
export function storeLocation(config: Pick<Config, 'INDEX_STORE' | 'indexDir'>): string {
  return !config.INDEX_STORE || config.INDEX_STORE === 'embedded' ? config.indexDir : describeUrl(config.INDEX_STORE);
}
