// Opens the served generation of an index read-only and repairs what can be repaired: validates its
// manifest, opens SQLite, loads (or rebuilds from stored vectors) the HNSW graph. Queries: snapshot.ts.
import fs from 'node:fs';
import path from 'node:path';
import type { OpenedIndex, OpenIndexOptions } from '../store/types.js';
import type { Manifest } from './types.js';
import { iterateVectors } from './chunks-table.js';
import { DB_FILE, HNSW_FILE, MANIFEST_FILE, readPointer } from './generations.js';
import { manifestMismatch, readManifest } from './manifest.js';
import { SqliteSnapshot } from './snapshot.js';
import { countRows, hasArticleSearch, openReadOnly, type DB } from './store.js';
import { VectorIndex } from './vectors.js';

export { LEXICAL_PRUNING } from './snapshot.js';

export class IndexOpenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IndexOpenError';
  }
}

export type { OpenedIndex, OpenIndexOptions } from '../store/types.js';

const REBUILD_HINT = 'run `dossier index --full` to rebuild it';

/** Opens the current generation of indexDir; throws IndexOpenError saying what is wrong and what to run. */
export function openIndex(indexDir: string, opts: OpenIndexOptions = {}): OpenedSnapshot {
  for (let attempt = 0; ; attempt++) {
    const pointer = readPointer(indexDir);
    if (!pointer) {
      throw new IndexOpenError(`There is no index in ${indexDir} yet: run \`dossier index\` to build it.`);
    }
    try {
      return openGeneration(indexDir, pointer.generation, opts);
    } catch (err) {
      // a re-index may have published (and cleaned up) between reading CURRENT and opening: retry
      if (attempt < 3 && readPointer(indexDir)?.generation !== pointer.generation) continue;
      throw err;
    }
  }
}

function openGeneration(indexDir: string, generation: string, opts: OpenIndexOptions): OpenedSnapshot {
  const dir = path.join(indexDir, generation);
  let manifest: Manifest;
  try {
    manifest = readManifest(path.join(dir, MANIFEST_FILE));
  } catch (err) {
    throw new IndexOpenError(
      `The index in ${indexDir} has a missing or unreadable manifest (${(err as Error).message.split('\n')[0]}): ${REBUILD_HINT}.`,
    );
  }
  const why = manifestMismatch(manifest, opts.expect);
  if (why)
    throw new IndexOpenError(
      `The index in ${indexDir} cannot be used: ${why}. ${REBUILD_HINT[0].toUpperCase()}${REBUILD_HINT.slice(1)}.`,
    );
  let db: DB;
  try {
    db = openReadOnly(path.join(dir, DB_FILE));
    db.prepare('SELECT count(*) FROM chunks').get();
  } catch (err) {
    throw new IndexOpenError(
      `The index database in ${dir} cannot be read (${(err as Error).message}): ${REBUILD_HINT}.`,
    );
  }
  const notices: string[] = [];
  let vectors: VectorIndex;
  const hnswFile = path.join(dir, HNSW_FILE);
  try {
    vectors = VectorIndex.read(hnswFile, manifest.dims);
  } catch (err) {
    // the graph is derived data: rebuild it from the vectors kept in SQLite, no re-embedding
    const { chunks } = countRows(db);
    vectors = VectorIndex.fromVectors(manifest.dims, chunks, manifest.hnsw, iterateVectors(db));
    const msg = `The vector graph ${hnswFile} was missing or unreadable (${(err as Error).message}); rebuilt it from the ${chunks} vectors stored in SQLite.`;
    try {
      const tmp = `${hnswFile}.${process.pid}.tmp`;
      vectors.write(tmp);
      fs.renameSync(tmp, hnswFile);
    } catch {
      // read-only folder: the rebuilt graph is used from memory
    }
    notices.push(msg);
    opts.onNotice?.(msg);
  }
  if (!hasArticleSearch(db)) {
    const msg = `The index in ${indexDir} was written before whole-article search: answers use passage search until \`dossier index\` adds it (nothing is re-embedded).`;
    notices.push(msg);
    opts.onNotice?.(msg);
  }
  return new OpenedSnapshot(dir, manifest, db, vectors, opts.ef ?? 100, notices);
}

/** A snapshot with where it was opened from and what was repaired on the way. */
export class OpenedSnapshot extends SqliteSnapshot implements OpenedIndex {
  constructor(
    generationDir: string,
    manifest: Manifest,
    db: DB,
    vectors: VectorIndex,
    ef: number,
    readonly notices: string[],
  ) {
    super(generationDir, manifest, db, vectors, ef);
  }

  get generation(): string {
    return path.basename(this.generationDir);
  }
}
