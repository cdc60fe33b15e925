// The contract presenters (bot, cli, commands) use: everything they may ask of the engine.
// Presenters never touch SQLite or hnswlib; they call this.
import type { Answer } from './answer/types.js';
import type { SearchQuery, SearchResult } from './search/types.js';
import type { ArticleRecord, IndexStats, ProgressListener, ReindexSummary } from './index/types.js';
import type { FeedbackRow, FeedbackVote } from './feedback/types.js';

export type { FeedbackRow, FeedbackVote };

export interface DossierService {
  /** search + extractive answer */
  ask(q: SearchQuery): Promise<{ answer: Answer; result: SearchResult }>;
  /** ranked passages (at most one per article for listing) */
  search(q: SearchQuery): Promise<SearchResult>;
  article(id: string): ArticleRecord | undefined;
  findTitles(text: string, limit: number): { id: string; title: string; date: string | null }[];
  stats(): IndexStats | undefined;
  /** true when an index is open and answering; false while unavailable (missing/corrupt) */
  ready(): boolean;
  /** why the index is unavailable, with the command that fixes it */
  unavailableReason(): string | undefined;
  /** one at a time: rejects with ReindexBusyError while one runs */
  reindex(opts: { full?: boolean; sources?: string[] }, onProgress?: ProgressListener): Promise<ReindexSummary>;
  reindexRunning(): boolean;
  recordVote(v: FeedbackVote): void;
  worstFeedback(limit: number): FeedbackRow[];
  close(): Promise<void>;
}

export class ReindexBusyError extends Error {
  constructor() {
    super('A re-index is already running; questions are answered from the current index until it finishes.');
    this.name = 'ReindexBusyError';
  }
}

export class IndexUnavailableError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'IndexUnavailableError';
  }
}
