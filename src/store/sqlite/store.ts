// The embedded store (the default): SQLite + FTS5 + hnswlib generations in INDEX_DIR, switched by the
// CURRENT file's rename. Wraps src/index/ (open.ts, generations.ts) behind the IndexStore interface.
import fs from 'node:fs';
import path from 'node:path';
import { CURRENT_FILE, readPointer } from '../../index/generations.js';
import { openIndex, type OpenedSnapshot } from '../../index/open.js';
import type { IndexStore, OpenIndexOptions } from '../types.js';

export class SqliteStore implements IndexStore {
  readonly kind = 'embedded' as const;

  constructor(readonly indexDir: string) {}

  get location(): string {
    return this.indexDir;
  }

  async open(opts: OpenIndexOptions = {}): Promise<OpenedSnapshot> {
    return openIndex(this.indexDir, opts);
  }

  /** A publish by any process renames CURRENT: one stat tells (inode, mtime, size). */
  async stamp(): Promise<string> {
    return this.stampSync();
  }

  stampSync(): string {
    try {
      const s = fs.statSync(path.join(this.indexDir, CURRENT_FILE));
      return `${s.ino}:${s.mtimeMs}:${s.size}`;
    } catch {
      return '';
    }
  }

  async servedGeneration(): Promise<string | undefined> {
    return readPointer(this.indexDir)?.generation;
  }

  async close(): Promise<void> {}
}
