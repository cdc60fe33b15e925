// Contracts of the index room: chunks, the manifest, the re-index summary (progress events re-exported), and the read-only
// snapshot that search uses. The pipeline writes; search only reads a snapshot.

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

/** One published generation of the index, opened read-only. Safe to keep while a re-index runs. */
export interface IndexSnapshot {
  readonly manifest: Manifest;
  /** nearest chunks by cosine similarity (higher is better), optionally restricted to allowed chunk ids */
  dense(
    query: Float32Array,
    k: number,
    opts?: { ef?: number; allowed?: Set<number> },
  ): { chunkId: number; score: number }[];
  /** FTS5 bm25 over chunks; score = -bm25 (higher is better). Never throws on user text. */
  lexical(
    query: string,
    k: number,
    opts?: { allowed?: Set<number>; filter?: SearchFilter },
  ): { chunkId: number; score: number }[];
  /**
   * FTS5 bm25 over whole articles (body and title); score = -bm25 (higher is better). null when the
   * index was written before article search existed (the next re-index adds it). Never throws on user text.
   */
  lexicalArticles(
    query: string,
    k: number,
    opts?: { filter?: SearchFilter },
  ): { articleId: string; score: number }[] | null;
  /** the article of each chunk id (ids not in the index are left out) */
  articleOf(chunkIds: number[]): Map<number, string>;
  /** every passage of the given articles, with its stored vector (in article, then passage order) */
  passagesOf(articleIds: string[]): { chunkId: number; articleId: string; text: string; vector: Float32Array }[];
  /** chunk ids of articles matching the filter, or null when the filter is empty */
  allowedChunks(filter: SearchFilter): Set<number> | null;
  chunks(ids: number[]): ChunkRecord[];
  article(id: string): ArticleRecord | undefined;
  /** every article's date (null when undated), read once per snapshot: what the recency prior weighs */
  articleDates(): ReadonlyMap<string, string | null>;
  /** titles containing the text (case-insensitive), most recent first; fast (autocomplete) */
  findTitles(text: string, limit: number): { id: string; title: string; date: string | null }[];
  stats(): IndexStats;
  close(): void;
}
