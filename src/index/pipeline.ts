// The (re)index pipeline, in stages: load the sources, plan against the served generation by content
// hash (plan.ts), chunk and embed only what changed, write a new generation beside the served one,
// publish it atomically. Each stage lives in its own file; this one runs them in order.
import path from 'node:path';
import { contentHash, type Article, type IngestWarning, type LeftOut } from '../archive/article.js';
import { loadSources } from '../archive/load.js';
import type { RemoteOptions } from '../archive/remote/index.js';
import type { Embedder } from '../embed/types.js';
import { chunkForEmbedding, type WorkItem } from './chunk-stage.js';
import {
  DEFAULT_CHUNK_OPTIONS,
  DEFAULT_TITLE_MODE,
  chunkerSignature,
  titleModeOf,
  type ChunkOptions,
  type TitleMode,
} from './chunker.js';
import { diskError } from './disk-errors.js';
import { embedInGroups } from './embed-stage.js';
import { planReindex, sourceKey, type ServedArticle, type SourcesPolicy } from './plan.js';
import { EmptySourcesError, SourcesChangedError, checkAbort } from './reindex-errors.js';
import { Reporter } from './reporter.js';
import { recordReindex } from './status.js';
import type { ProgressListener, ReindexSummary } from './types.js';
import type { HnswParams } from './vectors.js';
import { SqliteStore } from '../store/sqlite/store.js';
import type { GenerationBuilder, ReindexTarget } from '../store/types.js';

export { EmptySourcesError, ReindexAbortedError, SourcesChangedError } from './reindex-errors.js';

export interface ReindexOptions {
  indexDir: string;
  /** where the new generation goes (default: the embedded store in indexDir) */
  store?: ReindexTarget;
  embedder: Embedder;
  /** files, folders or URLs, loaded with loadSources (src/archive/load.ts) */
  sources?: string[];
  /** articles to index instead of sources (tests, bench) */
  articles?: Article[];
  /** re-embed everything instead of only what changed */
  full?: boolean;
  /** with full: allow publishing an index with no articles (otherwise an empty source set is an error) */
  allowEmpty?: boolean;
  /** articles of sources not among `sources`: removed (default), kept ('add'), or refused when too many */
  sourcesPolicy?: SourcesPolicy;
  hnsw: HnswParams;
  /** title on every chunk's embedded text or the first only; default: as the served index, else DEFAULT_TITLE_MODE */
  titleMode?: TitleMode;
  chunk?: ChunkOptions;
  /** texts per embed() call; progress is reported after each */
  embedBatch?: number;
  onProgress?: ProgressListener;
  signal?: AbortSignal;
  /** let `dossier index --worker` processes embed batches too (a store that can share them: Postgres) */
  shareEmbedding?: boolean;
  /** passed through to loadSources for URL sources */
  remote?: RemoteOptions;
  /** who re-indexes, for the status other processes read (default: processLabel()) */
  by?: string;
}

interface Loaded {
  /** by id; the same id twice: the later copy wins (it is the newer one) */
  byId: Map<string, { article: Article; source: string | null }>;
  warnings: IngestWarning[];
  duplicates: number;
  leftOut?: LeftOut;
  merged?: Record<string, number>;
}

/** Stage "parse": the articles of the sources (or the articles given), by id, with their source. */
async function load(opts: ReindexOptions): Promise<Loaded> {
  let articles: Article[];
  let sourceOf: (a: Article) => string | undefined = () => undefined;
  let warnings: IngestWarning[] = [];
  let duplicates = 0;
  let leftOut: LeftOut | undefined;
  let merged: Record<string, number> | undefined;
  if (opts.articles) articles = opts.articles;
  else {
    const remote = opts.remote && opts.full ? { ...opts.remote, full: true } : opts.remote;
    const r = await loadSources(opts.sources ?? [], { remote, onProgress: opts.onProgress, signal: opts.signal });
    ({ articles, warnings } = r);
    duplicates = r.duplicates ?? 0;
    sourceOf = r.sourceOf;
    leftOut = r.leftOut;
    merged = {};
    for (const m of r.merges) merged[m.rule] = (merged[m.rule] ?? 0) + 1;
  }
  const byId = new Map<string, { article: Article; source: string | null }>();
  for (const a of articles) {
    if (byId.has(a.id)) {
      duplicates++;
      byId.delete(a.id);
    }
    const s = sourceOf(a);
    byId.set(a.id, { article: a, source: s === undefined ? null : sourceKey(s) });
  }
  return { byId, warnings, duplicates, leftOut, merged };
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
  const indexDir = path.resolve(opts.indexDir);
  const store: ReindexTarget = opts.store ?? new SqliteStore(indexDir);
  const release = await store.lock();
  try {
    // every process serving this index reads who re-indexes, how far, and how it ended (status.ts),
    // kept by the store: INDEX_DIR for the embedded one, a table in Postgres
    const status = await recordReindex(store, !!opts.full, opts.by);
    try {
      const summary = await reindexLocked(store, {
        ...opts,
        onProgress: (p) => {
          status.progress(p);
          opts.onProgress?.(p);
        },
      });
      await status.finished(summary);
      return summary;
    } catch (err) {
      await status.failed(diskError(err, indexDir) ?? err);
      throw err;
    }
  } finally {
    await release();
  }
}

async function reindexLocked(store: ReindexTarget, opts: ReindexOptions): Promise<ReindexSummary> {
  const t0 = Date.now();
  let build: GenerationBuilder | undefined;
  try {
    await store.cleanup(); // builds left by a crashed re-index
    const rep = new Reporter(opts.onProgress);
    const { embedder } = opts;
    const chunkOpts = opts.chunk ?? DEFAULT_CHUNK_OPTIONS;

    rep.emit('parse', 0);
    const loaded = await load(opts);
    checkAbort(opts.signal);
    rep.emit('parse', loaded.byId.size, loaded.byId.size);

    // what is served now, and whether its vectors can be reused
    const current = await store.servedManifest();
    // keep the served index's title mode unless asked otherwise, so a plain re-index never flips it
    const titleMode: TitleMode = opts.titleMode ?? titleModeOf(current.manifest) ?? DEFAULT_TITLE_MODE;
    const signature = chunkerSignature(chunkOpts, titleMode);
    const served = await store.readServed(current, embedder, signature);
    const currentCount = served.articles.size;
    // nothing read and something went wrong reading (e.g. a path that does not exist): an error, not an empty index
    const unreadable = loaded.byId.size === 0 && loaded.warnings.length > 0;
    if (loaded.byId.size === 0 && (currentCount > 0 || unreadable) && !(opts.full && opts.allowEmpty))
      throw new EmptySourcesError(currentCount, loaded.warnings);
    const incremental = served.reusable && !opts.full;

    // stage "plan": new, changed, unchanged, removed (and why), kept
    const hashes = new Map<string, string>();
    for (const { article } of loaded.byId.values()) hashes.set(article.id, contentHash(article));
    const sources = opts.articles ? undefined : (opts.sources ?? []).map(sourceKey);
    const plan = planReindex({
      incoming: hashes,
      served: await withOrigins(store, served.articles, hashes, served.dir),
      incremental,
      sources,
      policy: opts.sourcesPolicy ?? 'replace',
    });
    if (plan.refused) throw new SourcesChangedError(plan.refused, sources ?? []);

    const toEmbed = [...plan.added, ...plan.updated].map((id) => loaded.byId.get(id)!);
    // --add with a rebuild from scratch: the kept articles are carried over from the served copy
    if (!incremental && plan.kept.length && served.dir)
      for (const k of await store.servedArticles(served.dir, plan.kept)) {
        toEmbed.push({ article: k.article, source: k.source });
        hashes.set(k.article.id, k.hash);
      }
    const relabel = plan.unchanged
      .map((id) => ({ id, source: loaded.byId.get(id)!.source }))
      .filter((r) => r.source !== null && r.source !== served.articles.get(r.id)?.source);
    // unchanged articles are not needed any more: let their bodies be collected during embedding
    loaded.byId.clear();
    const summary: ReindexSummary = {
      added: plan.added.length,
      updated: plan.updated.length,
      removed: plan.removed.length,
      unchanged: plan.unchanged.length,
      duplicates: loaded.duplicates,
      chunksEmbedded: 0,
      seconds: 0,
      throughput: 0,
      warnings: loaded.warnings.map((w) => ({ ...w })),
      published: false,
      ...(plan.kept.length ? { kept: plan.kept.length } : {}),
      ...(loaded.leftOut ? { leftOut: { ...loaded.leftOut } } : {}),
      ...(loaded.merged && Object.keys(loaded.merged).length ? { merged: loaded.merged } : {}),
    };
    if (incremental && toEmbed.length === 0 && plan.removed.length === 0 && !served.upgrade) {
      summary.seconds = (Date.now() - t0) / 1000;
      rep.emit('done', 0, 0, 'unchanged');
      return summary;
    }

    // stage "chunk": what must be (re-)embedded
    rep.emit('chunk', 0, toEmbed.length);
    const work = chunkForEmbedding(
      toEmbed.map((t) => t.article),
      embedder,
      chunkOpts,
      (done) => rep.emit('chunk', done, toEmbed.length),
    );
    rep.emit('chunk', toEmbed.length, toEmbed.length);
    checkAbort(opts.signal);

    // stage "embed" + "write": the new generation, vectors written as they arrive
    const from = incremental ? served.dir : undefined;
    build = await store.begin({ from, dims: embedder.dims, hnsw: opts.hnsw });
    await build.apply({
      remove: [...plan.removed.map((r) => r.id), ...plan.updated],
      put: toEmbed.map((t) => ({ article: t.article, hash: hashes.get(t.article.id)!, source: t.source })),
      relabel,
      adding: work.length,
    });
    rep.emit('embed', 0, work.length);
    const generation = build.generation;
    const embedStage =
      opts.shareEmbedding && store.embedShared
        ? (w: WorkItem[], _e: unknown, t: TitleMode, o: Parameters<typeof embedInGroups>[3]) =>
            store.embedShared!(generation, w, embedder, t, o)
        : embedInGroups;
    await embedStage(work, embedder, titleMode, {
      group: opts.embedBatch ?? 128,
      signal: opts.signal,
      onGroup: async (items, vectors) => {
        await build!.addChunks(items, vectors);
        summary.chunksEmbedded += items.length;
        rep.emit('embed', summary.chunksEmbedded, work.length);
      },
    });
    checkAbort(opts.signal);

    rep.emit('write', 0, 1);
    if ((await build.counts()).articles === 0 && currentCount > 0 && !(opts.full && opts.allowEmpty))
      throw new EmptySourcesError(currentCount);
    await build.finish({
      modelId: embedder.modelId,
      dtype: embedder.dtype,
      dims: embedder.dims,
      modelBuild: embedder.build,
      chunkerVersion: signature,
      hnsw: opts.hnsw,
    });
    rep.emit('write', 1, 1);
    checkAbort(opts.signal);

    // stage "publish": one rename, then the generation before the previous one goes
    rep.emit('publish', 0, 1);
    await build.publish();
    build = undefined;
    await store.cleanup();
    rep.emit('publish', 1, 1);

    summary.published = true;
    if (served.upgrade && incremental) summary.upgraded = true;
    summary.seconds = (Date.now() - t0) / 1000;
    summary.throughput = summary.seconds > 0 ? summary.chunksEmbedded / summary.seconds : 0;
    rep.emit('done', summary.chunksEmbedded, summary.chunksEmbedded);
    return summary;
  } finally {
    await build?.discard().catch(() => undefined);
  }
}

/** The served articles for the planner: those whose source was never recorded get their origin. */
async function withOrigins(
  store: ReindexTarget,
  served: Map<string, ServedArticle>,
  incoming: Map<string, string>,
  dir: string | undefined,
): Promise<Map<string, ServedArticle>> {
  const unknown = [...served].filter(([id, a]) => a.source === null && !incoming.has(id)).map(([id]) => id);
  if (!dir || !unknown.length) return served;
  for (const [id, origin] of await store.servedOrigins(dir, unknown)) served.get(id)!.origin = origin;
  return served;
}
