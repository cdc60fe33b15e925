// The index folder's layout and atomic publish: INDEX_DIR/gen-*/ are complete, immutable generations;
// CURRENT names the served one and is switched by one rename; .tmp-gen-*/ are builds in progress.
import fs from 'node:fs';
import path from 'node:path';
import { STATUS_FILE } from './status.js';
import { randomBytes } from 'node:crypto';

export const CURRENT_FILE = 'CURRENT';
export const DB_FILE = 'index.sqlite';
export const HNSW_FILE = 'vectors.hnsw';
export const MANIFEST_FILE = 'manifest.json';
const TMP_PREFIX = '.tmp-gen-';
const GEN_PREFIX = 'gen-';

export interface Pointer {
  /** folder name of the served generation */
  generation: string;
  /** the one served before it: kept, a reader in another process may still use it */
  previous?: string;
}

/** The pointer, or undefined when nothing was ever published (or the file is unreadable). */
export function readPointer(indexDir: string): Pointer | undefined {
  let text: string;
  try {
    text = fs.readFileSync(path.join(indexDir, CURRENT_FILE), 'utf8');
  } catch {
    return undefined;
  }
  try {
    const p = JSON.parse(text) as Pointer;
    if (typeof p.generation === 'string' && p.generation.startsWith(GEN_PREFIX) && !p.generation.includes('/'))
      return p;
  } catch {
    // fall through
  }
  return undefined;
}

/** Folder of the served generation, or undefined. Cheap: callers may poll it to notice a publish. */
export function currentGeneration(indexDir: string): string | undefined {
  const p = readPointer(indexDir);
  return p ? path.join(indexDir, p.generation) : undefined;
}

export function fsyncPath(p: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(p, 'r');
    fs.fsyncSync(fd);
  } catch {
    // some filesystems refuse fsync on directories; the rename is still atomic
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** A fresh, empty build folder. */
export function makeBuildDir(indexDir: string): { tmpDir: string; name: string } {
  fs.mkdirSync(indexDir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*$/, '');
  const name = `${GEN_PREFIX}${stamp}-${randomBytes(4).toString('hex')}`;
  const tmpDir = path.join(indexDir, TMP_PREFIX + name.slice(GEN_PREFIX.length));
  fs.mkdirSync(tmpDir);
  return { tmpDir, name };
}

/**
 * Makes a finished build the served generation: fsync its files, rename the folder to its final name,
 * then replace CURRENT through a temp file + fsync + rename. A crash before the last rename leaves
 * the old generation served; after it, the new one.
 */
export function publish(indexDir: string, tmpDir: string, name: string): void {
  for (const f of fs.readdirSync(tmpDir)) fsyncPath(path.join(tmpDir, f));
  fsyncPath(tmpDir);
  const finalDir = path.join(indexDir, name);
  fs.renameSync(tmpDir, finalDir);
  fsyncPath(indexDir);
  const old = readPointer(indexDir);
  const pointer: Pointer = {
    generation: name,
    ...(old && old.generation !== name ? { previous: old.generation } : {}),
  };
  const tmpPtr = path.join(indexDir, `${CURRENT_FILE}.${process.pid}.tmp`);
  const fd = fs.openSync(tmpPtr, 'w');
  try {
    fs.writeSync(fd, `${JSON.stringify(pointer)}\n`);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmpPtr, path.join(indexDir, CURRENT_FILE));
  fsyncPath(indexDir);
}

/**
 * Deletes build folders and generations that are neither current nor previous (crashed builds,
 * generations two publishes old). Only called while holding the re-index lock.
 */
export function cleanup(indexDir: string): string[] {
  let entries: string[];
  try {
    entries = fs.readdirSync(indexDir);
  } catch {
    return [];
  }
  const p = readPointer(indexDir);
  const keep = new Set([p?.generation, p?.previous].filter(Boolean) as string[]);
  const removed: string[] = [];
  for (const e of entries) {
    const isGen = e.startsWith(GEN_PREFIX) || e.startsWith(TMP_PREFIX);
    // a pointer or re-index status half-written by a killed process (both are written under the lock)
    const isTmpPointer = (e.startsWith(`${CURRENT_FILE}.`) || e.startsWith(`${STATUS_FILE}.`)) && e.endsWith('.tmp');
    if ((!isGen && !isTmpPointer) || keep.has(e)) continue;
    fs.rmSync(path.join(indexDir, e), { recursive: true, force: true });
    removed.push(e);
  }
  return removed;
}

/** Bytes on disk of a generation folder. */
export function dirSize(dir: string): number {
  let total = 0;
  try {
    for (const f of fs.readdirSync(dir)) {
      try {
        total += fs.statSync(path.join(dir, f)).size;
      } catch {
        // removed meanwhile
      }
    }
  } catch {
    // folder gone
  }
  return total;
}
