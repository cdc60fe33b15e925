// Where tests run: the repository root, temporary folders, the product's settings with the index in
// a test folder, and the HNSW parameters every test index is built with.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig, type Config } from '../../src/config.js';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const HNSW = { M: 16, efConstruction: 200 };

export function tempDir(prefix = 'dossier-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Settings as the product reads them, with the index in `indexDir`. */
export function testConfig(indexDir: string, env: Record<string, string> = {}): Config {
  return loadConfig({ INDEX_DIR: indexDir, ...env }, ROOT);
}
