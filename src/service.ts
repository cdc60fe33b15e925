// The engine behind every presenter: one embedder, the served index snapshot (swapped after a
// re-index or when another process publishes), search + answers, one re-index at a time, feedback.
import fs from 'node:fs';
import path from 'node:path';
import { SAMPLE_ARCHIVE, type Config } from './config.js';
import { answerQuestion } from './answer/ask.js';
import type { AnswerOptions } from './answer/build.js';
import { loadEmbedder } from './embed/embedder.js';
import type { Embedder } from './embed/types.js';
import { CURRENT_FILE, readPointer } from './index/generations.js';
import { ReindexLockedError } from './index/lock.js';
import { openIndex, type OpenedIndex } from './index/open.js';
import { cleanupAbandonedBuilds } from './index/startup-cleanup.js';
import type { ProgressListener, ReindexSummary } from './index/types.js';
import { openFeedbackStore, type FeedbackStore } from './index/feedback.js';
import { search as runSearch, type SearchOptions } from './search/search.js';
import type { SearchQuery, SearchResult } from './search/types.js';
import {
  IndexUnavailableError,
  ReindexBusyError,
  type DossierService,
  type FeedbackRow,
  type FeedbackVote,
} from './service-types.js';

export interface ServiceOptions {
  /** share an already loaded embedder (not disposed by close()) */
  embedder?: Embedder;
  /** embedder for re-indexing (e.g. one in a worker thread), so questions never queue behind index
   * batches; defaults to `embedder`. Not disposed by close(). */
  indexEmbedder?: Embedder;
  /** notice a generation published by another process (default true); checked cheaply on each call */
  watch?: boolean;
  search?: SearchOptions;
  answer?: AnswerOptions;
  /** sentences embedded per answer and passages per article (defaults: answer/ask.ts) */
  embedSentences?: number;
  perArticle?: number;
  /** repairs and swaps, for logs */
  log?: (message: string) => void;
}

/** The sources a re-index reads when none are given: ARCHIVE_SOURCES, else the bundled sample archive. */
export function defaultSources(config: Config): string[] {
  return config.ARCHIVE_SOURCES.length ? config.ARCHIVE_SOURCES : [SAMPLE_ARCHIVE];
}

interface Held {
  snap: OpenedIndex;
  generation: string;
  refs: number;
  retired: boolean;
}

export async function createService(config: Config, opts: ServiceOptions = {}): Promise<DossierService> {
  const log = opts.log ?? (() => {});
  const ownEmbedder = !opts.embedder;
  const embedder =
    opts.embedder ??
    (await loadEmbedder({
      model: config.EMBEDDING_MODEL,
      dtype: config.EMBEDDING_DTYPE,
      modelsDir: config.modelsDir,
      allowRemote: config.ALLOW_REMOTE_MODELS,
    }));
  const indexDir = config.indexDir;
  const currentFile = path.join(indexDir, CURRENT_FILE);
  const watch = opts.watch ?? true;

  let held: Held | undefined;
  let reason: string | undefined;
  let seenPointer = '';
  let reindexing: Promise<ReindexSummary> | undefined;
  let feedback: FeedbackStore | undefined;
  let closed = false;

  const retire = (h: Held) => {
    h.retired = true;
    if (h.refs === 0) h.snap.close();
  };

  /** Opens the published generation if it differs from the one held; keeps the old one on failure. */
  const load = (): void => {
    const pointer = readPointer(indexDir);
    if (pointer && held && pointer.generation === held.generation) return;
    try {
      const snap = openIndex(indexDir, {
        ef: config.HNSW_EF,
        expect: { modelId: embedder.modelId, dtype: embedder.dtype, dims: embedder.dims, modelBuild: embedder.build },
        onNotice: log,
      });
      const generation = path.basename(snap.generationDir);
      const old = held;
      held = { snap, generation, refs: 0, retired: false };
      reason = undefined;
      if (old) {
        log(`Now answering from ${generation} (was ${old.generation}).`);
        retire(old);
      }
    } catch (err) {
      // a good snapshot keeps serving; without one, say why and how to fix it
      if (!held) reason = (err as Error).message;
      else log(`Could not open the newly published index: ${(err as Error).message}`);
    }
  };

  // cheap check (one stat) on each use: a publish by another process renames CURRENT
  const pointerStamp = (): string => {
    try {
      const s = fs.statSync(currentFile);
      return `${s.ino}:${s.mtimeMs}:${s.size}`;
    } catch {
      return '';
    }
  };
  const refresh = (): void => {
    if (closed) return;
    const stamp = pointerStamp();
    if (stamp === seenPointer && (held || !watch)) return;
    seenPointer = stamp;
    load();
  };

  refresh();
  // builds left by a killed re-index are removed at start, not only by the next re-index
  const removed = cleanupAbandonedBuilds(indexDir);
  if (removed.length)
    log(`Removed ${removed.length} leftover build folder(s) from an interrupted re-index: ${removed.join(', ')}`);

  const acquire = (): Held => {
    if (watch) refresh();
    if (!held) throw new IndexUnavailableError(reason ?? 'The index is not available.');
    held.refs++;
    return held;
  };
  const release = (h: Held) => {
    h.refs--;
    if (h.retired && h.refs === 0) h.snap.close();
  };

  const withSnapshot = async <T>(fn: (snap: OpenedIndex) => Promise<T> | T): Promise<T> => {
    const h = acquire();
    try {
      return await fn(h.snap);
    } finally {
      release(h);
    }
  };

  const feedbackStore = (): FeedbackStore => (feedback ??= openFeedbackStore(indexDir));

  const service: DossierService = {
    async search(q: SearchQuery): Promise<SearchResult> {
      return withSnapshot((snap) => runSearch(snap, embedder, q, { perArticle: 1, minRelative: 0, ...opts.search }));
    },
    async ask(q: SearchQuery) {
      return withSnapshot((snap) =>
        answerQuestion(snap, embedder, q, {
          search: opts.search,
          answer: opts.answer,
          embedSentences: opts.embedSentences,
        }),
      );
    },
    article(id) {
      if (watch) refresh();
      return held?.snap.article(id);
    },
    findTitles(text, limit) {
      if (watch) refresh();
      return held ? held.snap.findTitles(text, limit) : [];
    },
    stats() {
      if (watch) refresh();
      return held?.snap.stats();
    },
    ready() {
      if (watch) refresh();
      return !!held;
    },
    unavailableReason() {
      if (watch) refresh();
      return held ? undefined : reason;
    },
    reindex(o, onProgress?: ProgressListener) {
      if (reindexing) return Promise.reject(new ReindexBusyError());
      const run = (async () => {
        try {
          // the archive parsers and fetchers load with the first re-index, not with every `dossier ask`
          const [{ runReindex }, { remoteOptionsFromConfig }] = await Promise.all([
            import('./index/pipeline.js'),
            import('./archive/remote/index.js'),
          ]);
          const summary = await runReindex({
            indexDir,
            embedder: opts.indexEmbedder ?? embedder,
            sources: o.sources?.length ? o.sources : defaultSources(config),
            full: o.full,
            hnsw: { M: config.HNSW_M, efConstruction: config.HNSW_EF_CONSTRUCTION },
            onProgress,
            // a full re-index also re-reads URL sources from the start (catches edits and deletions)
            remote: remoteOptionsFromConfig(config, o.full ? { full: true } : {}),
          });
          // questions asked during the run used the old snapshot; from here on, the new one
          if (summary.published) {
            seenPointer = pointerStamp();
            load();
          }
          return summary;
        } catch (err) {
          if (err instanceof ReindexLockedError) throw new ReindexBusyError();
          throw err;
        }
      })();
      reindexing = run;
      run.then(
        () => (reindexing = undefined),
        () => (reindexing = undefined),
      );
      return run;
    },
    reindexRunning() {
      return !!reindexing;
    },
    recordVote(v: FeedbackVote) {
      feedbackStore().record(v);
    },
    worstFeedback(limit: number): FeedbackRow[] {
      return feedbackStore().worst(limit);
    },
    async close() {
      closed = true;
      if (reindexing) await reindexing.catch(() => undefined);
      if (held) retire(held);
      held = undefined;
      feedback?.close();
      feedback = undefined;
      if (ownEmbedder) await embedder.dispose();
    },
  };
  return service;
}
