// Contracts of the index room: chunks, the manifest, the re-index summary (progress events re-exported), and the read-only
// snapshot that search uses. The pipeline writes; search only reads a snapshot.

import type { LeftOut } from '../archive/article.js';

export interface Chunk {
  articleId: string;
  /** 0-based position of the chunk in its article */
  ordinal: number;
  /** character offsets of the passage in the article body: body.slice(start, end) === text */
  start: number;
  end: number;
  text: string;
}

export interface Manifest {
  formatVersion: number;
  modelId: string;
  dtype: string;
  dims: number;
  chunkerVersion: string;
  /** the embedder's build fingerprint (absent in indexes made before it was recorded) */
  modelBuild?: string;
  articles: number;
  chunks: number;
  builtAt: string; // ISO time of the last re-index
  hnsw: { M: number; efConstruction: number };
}

/** What a build was made with, from which its manifest is written once its rows are counted. */
export type BuildParams = Omit<Manifest, 'formatVersion' | 'articles' | 'chunks' | 'builtAt'>;

// the progress types live below archive and index (src/progress.ts); re-exported for existing importers
export type { Progress, ProgressListener, Stage } from '../progress.js';

export interface ReindexSummary {
  added: number;
  updated: number;
  removed: number;
  unchanged: number;
  duplicates: number;
  chunksEmbedded: number;
  seconds: number;
  /** chunks embedded per second */
  throughput: number;
  warnings: { source: string; line?: number; item?: number; message: string }[];
  published: boolean;
  /** articles of sources not named, kept as they were (sourcesPolicy 'add', `dossier index --add`) */
  kept?: number;
  /** posts the sources hold but that are never indexed, by reason (password-protected, private, drafts, not posts) */
  leftOut?: LeftOut;
  /** duplicates merged, by the rule that merged them (same permalink, same guid, one copy without a permalink, …) */
  merged?: Record<string, number>;
  /** the served index was brought up to the current schema (e.g. whole-article search added) without re-embedding */
  upgraded?: boolean;
}

/** Author and date-range filter (dates as ISO days, inclusive). */
export interface SearchFilter {
  author?: string;
  from?: string;
  to?: string;
}

/** A chunk joined with its article's fields: what search returns and answers cite. */
export interface ChunkRecord {
  chunkId: number;
  articleId: string;
  ordinal: number;
  start: number;
  end: number;
  text: string;
  title: string;
  author: string | null;
  date: string | null;
  url: string | null;
}

export interface ArticleRecord {
  id: string;
  title: string;
  author: string | null;
  date: string | null;
  url: string | null;
  body: string;
  tags: string[];
}

export interface IndexStats {
  articles: number;
  chunks: number;
  firstDate: string | null;
  lastDate: string | null;
  modelId: string;
  dtype: string;
  builtAt: string;
  sizeBytes: number;
}

// the read interface lives with the store interface (src/store/types.ts); re-exported for existing importers
export type { Awaitable, IndexSnapshot } from '../store/types.js';

/** Who re-indexes now and how the last re-index ended, as every process serving the index reads it. */
export type { ReindexStatus, RunningReindex } from './status.js';
