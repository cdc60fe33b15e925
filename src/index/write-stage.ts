// Re-index stage "write": the new generation, built beside the served one. A copy of the served
// database with the plan applied (or a fresh one), the HNSW graph patched or rebuilt, then the
// manifest. Nothing here is visible to readers until publish() switches CURRENT.
import fs from 'node:fs';
import path from 'node:path';
import type { Article } from '../archive/article.js';
import type { WorkItem } from './chunk-stage.js';
import { iterateVectors } from './chunks-table.js';
import { DB_FILE, HNSW_FILE, MANIFEST_FILE, makeBuildDir } from './generations.js';
import { buildManifest, writeManifest } from './manifest.js';
import { StoreWriter, countRows, openForBuild, type DB } from './store.js';
import type { BuildParams, Manifest } from './types.js';
import { VectorIndex, type HnswParams } from './vectors.js';

// A graph with more than this share of deleted slots is rebuilt (compacted) instead of patched.
const MAX_DEAD_SHARE = 0.2;

export interface BuildChanges {
  /** articles whose rows (and chunks) go: removed ones, and known ones about to be written again */
  remove: string[];
  /** articles to write, with their hash and source */
  put: { article: Article; hash: string; source: string | null }[];
  /** unchanged articles whose recorded source is now another */
  relabel: { id: string; source: string | null }[];
  /** chunks that will be added (sizes a fresh graph) */
  adding: number;
}

export class GenerationBuild {
  readonly tmpDir: string;
  readonly name: string;
  private readonly db: DB;
  private readonly writer: StoreWriter;
  private vectors!: VectorIndex;

  /** A build folder beside the served generation; `from` (incremental) is the served folder to copy. */
  constructor(indexDir: string, from: string | undefined) {
    const build = makeBuildDir(indexDir);
    this.tmpDir = build.tmpDir;
    this.name = build.name;
    const dbFile = path.join(this.tmpDir, DB_FILE);
    try {
      if (from) fs.copyFileSync(path.join(from, DB_FILE), dbFile);
      this.db = openForBuild(dbFile);
    } catch (err) {
      this.discard(); // e.g. a full disk during the copy: no half-built folder is left behind
      throw err;
    }
    this.writer = new StoreWriter(this.db);
  }

  /** Applies the articles' changes and opens the graph: the served one patched when `from` allows it. */
  apply(changes: BuildChanges, from: string | undefined, dims: number, hnsw: HnswParams): void {
    const removedLabels = from ? this.writer.removeArticles(changes.remove) : [];
    this.writer.putArticles(changes.put);
    if (changes.relabel.length) this.writer.relabel(changes.relabel);
    const live = countRows(this.db).chunks;
    this.vectors = openVectorsForUpdate(from, dims, hnsw, live, changes.adding, removedLabels, () =>
      iterateVectors(this.db),
    );
  }

  /** Writes embedded passages (rows and graph). */
  addChunks(items: WorkItem[], vectors: Float32Array[]): void {
    const ids = this.writer.putChunks(items.map((w, j) => ({ chunk: w.chunk, title: w.title, vector: vectors[j] })));
    ids.forEach((id, j) => {
      this.vectors.add(id, vectors[j]);
    });
  }

  counts(): { articles: number; chunks: number } {
    return countRows(this.db);
  }

  /** Writes the graph and the manifest (into SQLite and beside it) and closes the database. */
  finish(m: BuildParams): Manifest {
    const counts = countRows(this.db);
    this.vectors.write(path.join(this.tmpDir, HNSW_FILE));
    const manifest = buildManifest(m, counts);
    this.writer.setMeta('manifest', JSON.stringify(manifest));
    this.db.close();
    writeManifest(path.join(this.tmpDir, MANIFEST_FILE), manifest);
    return manifest;
  }

  close(): void {
    if (this.db?.open) this.db.close();
  }

  /** Removes the build folder (a build that will not be published). */
  discard(): void {
    this.close();
    fs.rmSync(this.tmpDir, { recursive: true, force: true });
  }
}

/**
 * The graph for the new generation: the served one with removed chunks marked deleted (cheap), or,
 * when that is impossible or too many slots would be dead, a fresh one from the vectors in SQLite.
 */
function openVectorsForUpdate(
  currentDir: string | undefined,
  dims: number,
  params: HnswParams,
  kept: number,
  adding: number,
  removedLabels: number[],
  storedVectors: () => Iterable<{ id: number; vector: Float32Array }>,
): VectorIndex {
  const capacity = kept + adding;
  if (!currentDir) return VectorIndex.create(dims, capacity, params);
  try {
    const vi = VectorIndex.read(path.join(currentDir, HNSW_FILE), dims);
    for (const id of removedLabels) vi.remove(id);
    const dead = vi.slots - kept;
    if (dead >= 0 && dead <= MAX_DEAD_SHARE * (vi.slots + adding)) return vi;
  } catch {
    // missing or unreadable: rebuilt below from what SQLite holds
  }
  const vi = VectorIndex.create(dims, capacity, params);
  for (const { id, vector } of storedVectors()) vi.add(id, vector);
  return vi;
}
