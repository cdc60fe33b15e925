// The contract presenters (bot, cli, commands) use: everything they may ask of the engine.
// Presenters never touch SQLite or hnswlib; they call this.
import type { Answer } from './answer/types.js';
import type { Timeline, TimelineQuery } from './answer/timeline.js';
import type { SearchQuery, SearchResult } from './search/types.js';
import type { ArticleRecord, IndexStats, ProgressListener, ReindexStatus, ReindexSummary } from './index/types.js';
import type { FeedbackRow, FeedbackVote } from './feedback/types.js';
import type { TitleMode } from './index/chunker.js';
import type { SourcesPolicy } from './index/plan.js';
import { DossierError, withoutPaths } from './errors.js';

export type { FeedbackRow, FeedbackVote };

export interface DossierService {
  /** search + extractive answer */
  ask(q: SearchQuery): Promise<{ answer: Answer; result: SearchResult }>;
  /** ranked passages (at most one per article for listing) */
  search(q: SearchQuery): Promise<SearchResult>;
  /** the articles about a topic in date order, one line each (`limit`: at most that many lines) */
  timeline(q: TimelineQuery): Promise<Timeline>;
  article(id: string): Promise<ArticleRecord | undefined>;
  findTitles(text: string, limit: number): Promise<{ id: string; title: string; date: string | null }[]>;
  stats(): Promise<IndexStats | undefined>;
  /** true when an index is open and answering; false while unavailable (missing/corrupt) */
  ready(): Promise<boolean>;
  /** why the index is unavailable, with the command that fixes it */
  unavailableReason(): Promise<string | undefined>;
  /** the same as an error worded for each reader (undefined while an index answers) */
  unavailable(): Promise<IndexUnavailableError | undefined>;
  /** one at a time: rejects with ReindexBusyError while one runs (here or in another process) */
  reindex(opts: ReindexRequest, onProgress?: ProgressListener): Promise<ReindexSummary>;
  /** true while a re-index runs, in this process or in another one on the same index (any machine with Postgres) */
  reindexRunning(): Promise<boolean>;
  /** the re-index running (who, since when, how far) and how the last one ended, read from the store */
  reindexStatus(): Promise<ReindexStatus>;
  recordVote(v: FeedbackVote): void;
  worstFeedback(limit: number): FeedbackRow[];
  close(): Promise<void>;
}

/** What a re-index reads and how (every field optional: the configured sources, incrementally). */
export interface ReindexRequest {
  /** files, folders or URLs; default: ARCHIVE_SOURCES, else the bundled sample archive */
  sources?: string[];
  /** re-embed everything (and re-read URL sources from the start) */
  full?: boolean;
  /** with full: allow an index with no articles */
  allowEmpty?: boolean;
  /** title embedded with every chunk or only the first; default: as the served index */
  titleMode?: TitleMode;
  /** articles of sources not among `sources`: 'replace' (default: the sources are the archive), 'add', 'refuse' */
  sourcesPolicy?: SourcesPolicy;
  /** let `dossier index --worker` processes on other machines embed batches too (Postgres store) */
  shareEmbedding?: boolean;
  signal?: AbortSignal;
}

const BUSY = 'A re-index is already running; questions are answered from the current index until it finishes.';

export class ReindexBusyError extends DossierError {
  /** `cause`: the lock held by another process, when that is what is busy (its message names the pid) */
  constructor(cause?: Error) {
    super(cause ? `${cause.message.charAt(0).toUpperCase()}${cause.message.slice(1)}` : BUSY, {
      cause,
      chat: { message: BUSY },
    });
  }
}

/** Why there is no index to answer from: none was built yet, or the one there cannot be used. */
export type Unavailability = 'missing' | 'unusable';

export class IndexUnavailableError extends DossierError {
  constructor(
    /** what the index itself said, with the command that fixes it (may name server paths) */
    readonly reason: string,
    readonly kind: Unavailability = 'unusable',
    indexDir?: string,
  ) {
    super(reason, {
      chat:
        kind === 'missing'
          ? {
              message: "The archive isn't ready yet; an admin can build it with /reindex.",
              adminHint: 'You can run /reindex now (or `dossier index` on the server).',
            }
          : {
              message: "The archive's index can't be used right now; an admin can rebuild it with /reindex full:true.",
              adminHint: `What the index says: ${withoutPaths(reason, indexDir)}`,
            },
    });
  }
}
