// The (re)index pipeline: load sources, diff against the served generation by content hash, chunk
// and embed only what changed, write a new generation beside the served one, publish it atomically.
import fs from 'node:fs';
import path from 'node:path';
import { contentHash, type Article, type IngestWarning } from '../archive/article.js';
import type { Embedder } from '../embed/types.js';
import type { RemoteOptions } from '../archive/remote/index.js';
import { loadSources } from '../archive/load.js';
import type { Chunk, Manifest, Progress, ProgressListener, ReindexSummary, Stage } from './types.js';
import {
  DEFAULT_CHUNK_OPTIONS,
  DEFAULT_TITLE_MODE,
  chunkArticle,
  chunkerSignature,
  embeddingText,
  titleModeOf,
  type ChunkOptions,
  type TitleMode,
} from './chunker.js';
import { DB_FILE, HNSW_FILE, MANIFEST_FILE, cleanup, makeBuildDir, publish, readPointer } from './generations.js';
import { acquireLock } from './lock.js';
import { diskError } from './disk-errors.js';
import { FORMAT_VERSION, manifestMismatch, readManifest, writeManifest } from './manifest.js';
import { StoreWriter, countRows, hasArticleSearch, openForBuild, openReadOnly } from './store.js';
import { articleHashes } from './articles-table.js';
import { iterateVectors } from './chunks-table.js';
import { VectorIndex, type HnswParams } from './vectors.js';

export interface ReindexOptions {
  indexDir: string;
  embedder: Embedder;
  /** files, folders or URLs, loaded with loadSources (src/archive/load.ts) */
  sources?: string[];
  /** articles to index instead of sources (tests, bench) */
  articles?: Article[];
  /** re-embed everything instead of only what changed */
  full?: boolean;
  /** with full: allow publishing an index with no articles (otherwise an empty source set is an error) */
  allowEmpty?: boolean;
  hnsw: HnswParams;
  /** title on every chunk's embedded text or the first only; default: as the served index, else DEFAULT_TITLE_MODE */
  titleMode?: TitleMode;
  chunk?: ChunkOptions;
  /** texts per embed() call; progress is reported after each */
  embedBatch?: number;
  onProgress?: ProgressListener;
  signal?: AbortSignal;
  /** passed through to loadSources for URL sources */
  remote?: RemoteOptions;
}

export class EmptySourcesError extends Error {
  constructor(current: number, warnings: IngestWarning[] = []) {
    const why = warnings.slice(0, 3).map((w) => `${w.source}${w.line !== undefined ? `:${w.line}` : ''}: ${w.message}`);
    super(
      (current > 0
        ? `The sources yielded no articles, but the index holds ${current}; not publishing an empty index`
        : 'The sources yielded no articles; not publishing an empty index') +
        (why.length ? ` (${why.join('; ')})` : '') +
        '. Check the sources (ARCHIVE_SOURCES or the paths given); to really empty the index, run `dossier index --full --allow-empty`.',
    );
    this.name = 'EmptySourcesError';
  }
}

export class ReindexAbortedError extends Error {
  constructor() {
    super('The re-index was cancelled; the served index is unchanged.');
    this.name = 'ReindexAbortedError';
  }
}

interface Loaded {
  articles: Article[];
  warnings: IngestWarning[];
  duplicates: number;
}

async function loadArticles(opts: ReindexOptions): Promise<Loaded> {
  if (opts.articles) return { articles: opts.articles, warnings: [], duplicates: 0 };
  const remote = opts.remote && opts.full ? { ...opts.remote, full: true } : opts.remote;
  const r = await loadSources(opts.sources ?? [], { remote, onProgress: opts.onProgress, signal: opts.signal });
  return { articles: r.articles, warnings: r.warnings, duplicates: r.duplicates ?? 0 };
}

/** Reports a stage's progress with rate and ETA computed from when the stage started. */
class Reporter {
  private stageStart = Date.now();
  private stage: Stage | undefined;
  constructor(private readonly listener?: ProgressListener) {}

  emit(stage: Stage, done: number, total?: number, message?: string): void {
    if (stage !== this.stage) {
      this.stage = stage;
      this.stageStart = Date.now();
    }
    if (!this.listener) return;
    const secs = (Date.now() - this.stageStart) / 1000;
    const p: Progress = { stage, done, total, message };
    if (secs > 0 && done > 0) {
      p.rate = done / secs;
      if (total !== undefined) p.etaSeconds = Math.max(0, (total - done) / p.rate);
    }
    try {
      this.listener(p);
    } catch {
      // a broken listener must not break the re-index
    }
  }
}

function checkAbort(signal?: AbortSignal): void {
  if (signal?.aborted) throw new ReindexAbortedError();
}

/**
 * Re-indexes: only new or changed articles are embedded; an unchanged archive publishes nothing.
 * One at a time per index folder (ReindexLockedError otherwise). The served index is untouched until
 * the new generation is complete; then it is switched in one rename.
 */
export async function runReindex(opts: ReindexOptions): Promise<ReindexSummary> {
  try {
    return await reindexOnce(opts);
  } catch (err) {
    // a full or read-only disk is something the operator can fix: say so instead of an errno
    throw diskError(err, path.resolve(opts.indexDir)) ?? err;
  }
}

async function reindexOnce(opts: ReindexOptions): Promise<ReindexSummary> {
  const t0 = Date.now();
  const indexDir = path.resolve(opts.indexDir);
  const release = acquireLock(indexDir);
  let tmpDir: string | undefined;
  try {
    cleanup(indexDir); // builds left by a crashed re-index
    const rep = new Reporter(opts.onProgress);
    const embedder = opts.embedder;
    const chunkOpts = opts.chunk ?? DEFAULT_CHUNK_OPTIONS;

    rep.emit('parse', 0);
    let loaded = await loadArticles(opts);
    checkAbort(opts.signal);
    // the same id twice: the later source wins (it is the newer copy)
    const byId = new Map<string, Article>();
    let duplicates = loaded.duplicates;
    for (const a of loaded.articles) {
      if (byId.has(a.id)) {
        duplicates++;
        byId.delete(a.id);
      }
      byId.set(a.id, a);
    }
    rep.emit('parse', byId.size, byId.size);

    // what is served now, and whether its vectors can be reused
    const pointer = readPointer(indexDir);
    const currentDir = pointer ? path.join(indexDir, pointer.generation) : undefined;
    let currentHashes = new Map<string, string>();
    let reusable = false;
    let currentCount = 0;
    let upgrade = false;
    let currentManifest: Manifest | undefined;
    try {
      if (currentDir) currentManifest = readManifest(path.join(currentDir, MANIFEST_FILE));
    } catch {
      // unreadable: rebuilt from scratch below
    }
    // keep the served index's title mode unless asked otherwise, so a plain re-index never flips it
    const titleMode: TitleMode = opts.titleMode ?? titleModeOf(currentManifest) ?? DEFAULT_TITLE_MODE;
    const signature = chunkerSignature(chunkOpts, titleMode);
    if (currentDir && currentManifest) {
      try {
        const m = currentManifest;
        const db = openReadOnly(path.join(currentDir, DB_FILE));
        try {
          currentHashes = articleHashes(db);
          // an index written before whole-article search: the next re-index adds it (no re-embedding)
          upgrade = !hasArticleSearch(db);
        } finally {
          db.close();
        }
        currentCount = currentHashes.size;
        reusable = !manifestMismatch(m, {
          modelId: embedder.modelId,
          dtype: embedder.dtype,
          dims: embedder.dims,
          modelBuild: embedder.build,
          chunkerVersion: signature,
        });
      } catch {
        reusable = false; // unreadable: rebuild from scratch
      }
    }
    // nothing read and something went wrong reading (e.g. a path that does not exist): an error, not an empty index
    const unreadable = byId.size === 0 && loaded.warnings.length > 0;
    if (byId.size === 0 && (currentCount > 0 || unreadable) && !(opts.full && opts.allowEmpty))
      throw new EmptySourcesError(currentCount, loaded.warnings);
    const incremental = reusable && !opts.full;

    const hashes = new Map<string, string>();
    for (const a of byId.values()) hashes.set(a.id, contentHash(a));
    const toEmbed: Article[] = [];
    let added = 0;
    let updated = 0;
    let unchanged = 0;
    for (const a of byId.values()) {
      const old = currentHashes.get(a.id);
      if (old === undefined) added++;
      else if (old !== hashes.get(a.id) || !incremental) updated++;
      else {
        unchanged++;
        continue;
      }
      toEmbed.push(a);
    }
    const removedIds = [...currentHashes.keys()].filter((id) => !byId.has(id));
    // unchanged articles are not needed any more: let their bodies be collected during embedding
    // (never mutate the array: with opts.articles it belongs to the caller)
    loaded = { ...loaded, articles: [] };
    byId.clear();
    const summary: ReindexSummary = {
      added,
      updated,
      removed: removedIds.length,
      unchanged,
      duplicates,
      chunksEmbedded: 0,
      seconds: 0,
      throughput: 0,
      warnings: loaded.warnings.map((w) => ({ ...w })),
      published: false,
    };
    if (incremental && toEmbed.length === 0 && removedIds.length === 0 && !upgrade) {
      summary.seconds = (Date.now() - t0) / 1000;
      rep.emit('done', 0, 0, 'unchanged');
      return summary;
    }

    // chunk what must be (re-)embedded
    rep.emit('chunk', 0, toEmbed.length);
    // chunk texts are slices of the bodies (cheap); the embedded text is made per group, not kept
    const work: { chunk: Chunk; title: string }[] = [];
    const window = embedder.maxTokens - 2; // [CLS] and [SEP]
    for (let i = 0; i < toEmbed.length; i++) {
      const a = toEmbed[i];
      const titleTokens = embedder.countTokens(a.title);
      const maxTokens = Math.max(32, Math.min(chunkOpts.maxTokens, window - titleTokens));
      for (const c of chunkArticle(a, (s) => embedder.countTokens(s), { ...chunkOpts, maxTokens })) {
        work.push({ chunk: c, title: a.title });
      }
      if (i % 200 === 199) rep.emit('chunk', i + 1, toEmbed.length);
    }
    rep.emit('chunk', toEmbed.length, toEmbed.length);
    checkAbort(opts.signal);

    // the new generation: a copy of the served database with the diff applied, built beside it
    const build = makeBuildDir(indexDir);
    tmpDir = build.tmpDir;
    const dbFile = path.join(tmpDir, DB_FILE);
    if (incremental && currentDir) fs.copyFileSync(path.join(currentDir, DB_FILE), dbFile);
    const db = openForBuild(dbFile);
    let vectors: VectorIndex;
    try {
      const writer = new StoreWriter(db);
      const removedLabels = incremental
        ? writer.removeArticles([...removedIds, ...toEmbed.filter((a) => currentHashes.has(a.id)).map((a) => a.id)])
        : [];
      writer.putArticles(toEmbed.map((a) => ({ article: a, hash: hashes.get(a.id)! })));
      const live = countRows(db).chunks;
      vectors = openVectorsForUpdate(
        incremental ? currentDir : undefined,
        embedder.dims,
        opts.hnsw,
        live,
        work.length,
        removedLabels,
        () => iterateVectors(db),
      );

      // embed longest first in groups, so each model batch pads little; write as vectors arrive
      const len = (i: number) =>
        work[i].chunk.text.length + (titleMode === 'every' || work[i].chunk.ordinal === 0 ? work[i].title.length : 0);
      const order = work.map((_, i) => i).sort((x, y) => len(y) - len(x) || x - y);
      const group = Math.max(1, opts.embedBatch ?? 128);
      rep.emit('embed', 0, work.length);
      for (let g = 0; g < order.length; g += group) {
        checkAbort(opts.signal);
        const idx = order.slice(g, g + group);
        const vecs = await embedder.embed(idx.map((i) => embeddingText(work[i].chunk, work[i].title, titleMode)));
        if (vecs.length !== idx.length)
          throw new Error(`the embedder returned ${vecs.length} vectors for ${idx.length} texts`);
        const ids = writer.putChunks(
          idx.map((i, j) => ({ chunk: work[i].chunk, title: work[i].title, vector: vecs[j] })),
        );
        ids.forEach((id, j) => {
          vectors.add(id, vecs[j]);
        });
        summary.chunksEmbedded += idx.length;
        rep.emit('embed', summary.chunksEmbedded, work.length);
      }
      checkAbort(opts.signal);

      rep.emit('write', 0, 1);
      const counts = countRows(db);
      if (counts.articles === 0 && currentCount > 0 && !(opts.full && opts.allowEmpty))
        throw new EmptySourcesError(currentCount);
      vectors.write(path.join(tmpDir, HNSW_FILE));
      const manifest: Manifest = {
        formatVersion: FORMAT_VERSION,
        modelId: embedder.modelId,
        dtype: embedder.dtype,
        dims: embedder.dims,
        chunkerVersion: signature,
        ...(embedder.build ? { modelBuild: embedder.build } : {}),
        articles: counts.articles,
        chunks: counts.chunks,
        builtAt: new Date().toISOString(),
        hnsw: { M: opts.hnsw.M, efConstruction: opts.hnsw.efConstruction },
      };
      writer.setMeta('manifest', JSON.stringify(manifest));
      db.close();
      writeManifest(path.join(tmpDir, MANIFEST_FILE), manifest);
      rep.emit('write', 1, 1);
    } finally {
      if (db.open) db.close();
    }
    checkAbort(opts.signal);

    rep.emit('publish', 0, 1);
    publish(indexDir, tmpDir, build.name);
    tmpDir = undefined;
    cleanup(indexDir); // the generation before the previous one
    rep.emit('publish', 1, 1);

    summary.published = true;
    if (upgrade && incremental) summary.upgraded = true;
    summary.seconds = (Date.now() - t0) / 1000;
    summary.throughput = summary.seconds > 0 ? summary.chunksEmbedded / summary.seconds : 0;
    rep.emit('done', summary.chunksEmbedded, summary.chunksEmbedded);
    return summary;
  } finally {
    if (tmpDir) fs.rmSync(tmpDir, { recursive: true, force: true });
    release();
  }
}

// A graph with more than this share of deleted slots is rebuilt (compacted) instead of patched.
const MAX_DEAD_SHARE = 0.2;

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
