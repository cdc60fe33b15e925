// The embedded store (the default): SQLite + FTS5 + hnswlib generations in INDEX_DIR, switched by the
// CURRENT file's rename. Wraps src/index/ (open.ts, generations.ts) behind the IndexStore interface.
import fs from 'node:fs';
import path from 'node:path';
import type { Embedder } from '../../embed/types.js';
import { CURRENT_FILE, cleanup, readPointer } from '../../index/generations.js';
import { acquireLock } from '../../index/lock.js';
import { openIndex, type OpenedSnapshot } from '../../index/open.js';
import { readReindexStatus, writeStatusFile, type ReindexStatus } from '../../index/status.js';
import { readServed, servedArticles, servedManifest, servedOrigins } from '../../index/served.js';
import type { Manifest } from '../../index/types.js';
import type { HnswParams } from '../../index/vectors.js';
import type { IndexStore, OpenIndexOptions } from '../types.js';
import { SqliteBuilder } from './builder.js';

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

  async lock(): Promise<() => Promise<void>> {
    const release = acquireLock(this.indexDir);
    return async () => release();
  }

  /** INDEX_DIR/reindex-status.json; running while the lock file's owner lives (src/index/status.ts). */
  async reindexStatus(): Promise<ReindexStatus> {
    return readReindexStatus(this.indexDir);
  }

  /** Synchronous, as before the store kept it: written before the re-index goes on. */
  writeReindexStatus(status: ReindexStatus): void {
    writeStatusFile(this.indexDir, status);
  }

  async cleanup(): Promise<void> {
    cleanup(this.indexDir);
  }

  async servedManifest() {
    return servedManifest(this.indexDir);
  }

  async readServed(current: { dir?: string; manifest?: Manifest }, embedder: Embedder, chunkerVersion: string) {
    return readServed(current, embedder, chunkerVersion);
  }

  async servedOrigins(dir: string, ids: string[]) {
    return servedOrigins(dir, ids);
  }

  async servedArticles(dir: string, ids: string[]) {
    return servedArticles(dir, ids);
  }

  async begin(opts: { from?: string; dims: number; hnsw: HnswParams }): Promise<SqliteBuilder> {
    return new SqliteBuilder(this.indexDir, opts);
  }

  async close(): Promise<void> {}
}
