// Removes what a killed re-index left behind (build folders, pointer temp files, generations two
// publishes old) when a process opens the index, instead of waiting for the next re-index.
import fs from 'node:fs';
import { cleanup } from './generations.js';
import { acquireLock } from './lock.js';

/** Cleans up under the re-index lock; does nothing while a re-index runs or when the folder is read-only. */
export function cleanupAbandonedBuilds(indexDir: string): string[] {
  if (!fs.existsSync(indexDir)) return [];
  let release: () => void;
  try {
    release = acquireLock(indexDir);
  } catch {
    return []; // a re-index is running (its build is not abandoned), or we may not write here
  }
  try {
    return cleanup(indexDir);
  } catch {
    return [];
  } finally {
    release();
  }
}
