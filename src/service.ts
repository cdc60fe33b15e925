// The engine behind every presenter: one embedder, the served index snapshot (held by a
// SnapshotHolder, swapped after a re-index or when another process publishes), search + answers,
// one re-index at a time, feedback votes.
import { defaultSources, type Config } from './config.js';
import { answerQuestion } from './answer/ask.js';
import type { AnswerOptions } from './answer/build.js';
import { buildTimeline, type Timeline, type TimelineQuery } from './answer/timeline.js';
import { loadEmbedder } from './embed/embedder.js';
import type { Embedder } from './embed/types.js';
import { openFeedbackStore, type FeedbackStore } from './feedback/store.js';
import { SnapshotHolder } from './index/holder.js';
import { cleanupAbandonedBuilds } from './index/startup-cleanup.js';
import type { ProgressListener, ReindexStatus, ReindexSummary } from './index/types.js';
import { storeFor } from './store/open-store.js';
import { SqliteStore } from './store/sqlite/store.js';
import type { IndexStore } from './store/types.js';
import { search as runSearch, type SearchOptions } from './search/search.js';
import { timelineCandidates } from './search/timeline.js';
import type { SearchQuery, SearchResult } from './search/types.js';
import { Limiter } from './service/limit.js';
import { indexUnavailable, userError } from './service/user-errors.js';
import {
  type IndexUnavailableError,
  ReindexBusyError,
  type DossierService,
  type FeedbackRow,
  type FeedbackVote,
  type ReindexRequest,
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
  /** where the index lives (default: the embedded store in INDEX_DIR; createService picks INDEX_STORE's) */
  store?: IndexStore;
  /** repairs and swaps, for logs */
  log?: (message: string) => void;
}

export async function createService(config: Config, opts: ServiceOptions = {}): Promise<DossierService> {
  const embedder =
    opts.embedder ??
    (await loadEmbedder({
      model: config.EMBEDDING_MODEL,
      dtype: config.EMBEDDING_DTYPE,
      modelsDir: config.modelsDir,
      allowRemote: config.ALLOW_REMOTE_MODELS,
    }));
  const store = opts.store ?? (await storeFor(config));
  const service = new Service(config, embedder, !opts.embedder, { ...opts, store }, !opts.store);
  // builds left by a killed re-index are removed at start, not only by the next re-index
  const removed = store.kind === 'embedded' ? cleanupAbandonedBuilds(config.indexDir) : [];
  if (removed.length)
    service.log(
      `Removed ${removed.length} leftover build folder(s) from an interrupted re-index: ${removed.join(', ')}`,
    );
  return service;
}

/** Its state, all of it: the held snapshot, the re-index running (if any), the feedback store (once used). */
export class Service implements DossierService {
  readonly snapshots: SnapshotHolder;
  readonly store: IndexStore;
  readonly log: (message: string) => void;
  private reindexing: Promise<ReindexSummary> | undefined;
  private feedback: FeedbackStore | undefined;
  /** questions (ask, search, timeline) computed at once (ANSWER_CONCURRENCY) */
  private readonly questions: Limiter;

  constructor(
    private readonly config: Config,
    private readonly embedder: Embedder,
    private readonly ownEmbedder: boolean,
    private readonly opts: ServiceOptions,
    /** close the store with the service (it was made for it) */
    private readonly ownStore = !opts.store,
  ) {
    this.log = opts.log ?? (() => {});
    this.questions = new Limiter(config.ANSWER_CONCURRENCY);
    const expect = {
      modelId: embedder.modelId,
      dtype: embedder.dtype,
      dims: embedder.dims,
      modelBuild: embedder.build,
    };
    this.store = opts.store ?? new SqliteStore(config.indexDir);
    this.snapshots = new SnapshotHolder(
      this.store,
      () => this.store.open({ ef: config.HNSW_EF, expect, onNotice: this.log }),
      { watch: opts.watch ?? true, log: this.log },
    );
  }

  private unavailableError = (reason?: string) => indexUnavailable(reason, this.config.indexDir);

  async search(q: SearchQuery): Promise<SearchResult> {
    return this.questions.run(() =>
      this.snapshots.use(
        (snap) => runSearch(snap, this.embedder, q, { perArticle: 1, minRelative: 0, ...this.opts.search }),
        this.unavailableError,
      ),
    );
  }

  async timeline(q: TimelineQuery): Promise<Timeline> {
    return this.questions.run(() =>
      this.snapshots.use(async (snap) => {
        const { order, limit, ...query } = q;
        const candidates = await timelineCandidates(snap, this.embedder, query, { search: this.opts.search });
        return buildTimeline(candidates, { order, limit });
      }, this.unavailableError),
    );
  }

  async ask(q: SearchQuery) {
    return this.questions.run(() =>
      this.snapshots.use(
        (snap) =>
          answerQuestion(snap, this.embedder, q, {
            search: this.opts.search,
            answer: this.opts.answer,
            embedSentences: this.opts.embedSentences,
            perArticle: this.opts.perArticle,
          }),
        this.unavailableError,
      ),
    );
  }

  async article(id: string) {
    return (await this.snapshots.current())?.article(id);
  }

  async findTitles(text: string, limit: number) {
    return (await (await this.snapshots.current())?.findTitles(text, limit)) ?? [];
  }

  async stats() {
    return (await this.snapshots.current())?.stats();
  }

  async ready(): Promise<boolean> {
    return (await this.snapshots.current()) !== undefined;
  }

  unavailableReason(): Promise<string | undefined> {
    return this.snapshots.unavailableReason();
  }

  async unavailable(): Promise<IndexUnavailableError | undefined> {
    if (await this.ready()) return undefined;
    return indexUnavailable(await this.snapshots.unavailableReason(), this.config.indexDir);
  }

  reindex(o: ReindexRequest, onProgress?: ProgressListener): Promise<ReindexSummary> {
    if (this.reindexing) return Promise.reject(new ReindexBusyError());
    const run = this.runReindex(o, onProgress);
    this.reindexing = run;
    const done = () => {
      this.reindexing = undefined;
    };
    run.then(done, done);
    return run;
  }

  private async runReindex(o: ReindexRequest, onProgress?: ProgressListener): Promise<ReindexSummary> {
    const config = this.config;
    try {
      // the archive parsers and fetchers load with the first re-index, not with every `dossier ask`
      const [{ runReindex }, { remoteOptionsFromConfig }] = await Promise.all([
        import('./index/pipeline.js'),
        import('./archive/remote/index.js'),
      ]);
      const summary = await runReindex({
        indexDir: config.indexDir,
        store: this.store,
        embedder: this.opts.indexEmbedder ?? this.embedder,
        sources: o.sources?.length ? o.sources : defaultSources(config),
        full: o.full,
        allowEmpty: o.allowEmpty,
        titleMode: o.titleMode,
        // the configured sources are the archive: a change of ARCHIVE_SOURCES is the confirmation
        sourcesPolicy: o.sourcesPolicy ?? 'replace',
        hnsw: { M: config.HNSW_M, efConstruction: config.HNSW_EF_CONSTRUCTION },
        onProgress,
        signal: o.signal,
        shareEmbedding: o.shareEmbedding,
        // fetch state lives in INDEX_DIR/sources; a full re-index also re-reads URL sources from the start
        remote: remoteOptionsFromConfig(config, o.full ? { full: true } : {}),
      });
      // questions asked during the run used the old snapshot; from here on, the new one
      if (summary.published) this.snapshots.published();
      return summary;
    } catch (err) {
      // the CLI and the bot render DossierError only: the index floor's errors are worded here
      throw userError(err, config.indexDir) ?? err;
    }
  }

  async reindexRunning(): Promise<boolean> {
    return !!this.reindexing || (await this.reindexStatus()).running !== undefined;
  }

  /** read from the store, so every process (and, with Postgres, every machine) says the same */
  reindexStatus(): Promise<ReindexStatus> {
    return this.store.reindexStatus();
  }

  private feedbackStore(): FeedbackStore {
    this.feedback ??= openFeedbackStore(this.config.indexDir);
    return this.feedback;
  }

  recordVote(v: FeedbackVote): void {
    this.feedbackStore().record(v);
  }

  worstFeedback(limit: number): FeedbackRow[] {
    return this.feedbackStore().worst(limit);
  }

  async close(): Promise<void> {
    if (this.reindexing) await this.reindexing.catch(() => undefined);
    this.snapshots.close();
    if (this.ownStore) await this.store.close();
    this.feedback?.close();
    this.feedback = undefined;
    if (this.ownEmbedder) await this.embedder.dispose();
  }
}
