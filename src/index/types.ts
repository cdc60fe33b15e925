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

/**
 * The store interface search, answers and the presenters read through: one published generation of
 * the index, opened read-only, safe to keep while a re-index runs (it never changes under a reader).
 * Implemented on SQLite + FTS5 + hnswlib in snapshot.ts; another store (e.g. PostgreSQL + pgvector)
 * implements the same methods. Ids: an article id is the archive's stable string id; a chunk id is a
 * positive integer, unique in the generation and never reused for another passage. No method throws
 * on user text; scores are "higher is better" and comparable only within one call's results.
 */
export interface IndexSnapshot {
  /** what the generation was built with (model, dtype, dimensions, chunker) and its counts */
  readonly manifest: Manifest;
  /**
   * The k chunks nearest to a query vector (cosine similarity, higher is better), best first.
   * `ef`: the approximate search's candidate list size (recall vs speed); `allowed`: only these chunk
   * ids may be returned (a filter), and fewer than k come back only when fewer are allowed.
   */
  dense(
    query: Float32Array,
    k: number,
    opts?: { ef?: number; allowed?: Set<number> },
  ): { chunkId: number; score: number }[];
  /**
   * The k chunks that best match the words of `query` (bm25 over passage text and title; the SQLite
   * store returns -bm25), best first. `allowed` and `filter` restrict the chunks (both: their
   * intersection). Text without words gives [].
   */
  lexical(
    query: string,
    k: number,
    opts?: { allowed?: Set<number>; filter?: SearchFilter },
  ): { chunkId: number; score: number }[];
  /**
   * The k articles that best match the words of `query` over whole bodies and titles (bm25, higher is
   * better), optionally restricted by a filter. null when the generation has no whole-article search
   * (written before it existed: the next re-index adds it).
   */
  lexicalArticles(
    query: string,
    k: number,
    opts?: { filter?: SearchFilter },
  ): { articleId: string; score: number }[] | null;
  /** The article id of each chunk id; ids not in the index are left out. */
  articleOf(chunkIds: number[]): Map<number, string>;
  /** Every passage of the given articles with its stored vector, by article then passage order. */
  passagesOf(articleIds: string[]): { chunkId: number; articleId: string; text: string; vector: Float32Array }[];
  /**
   * The chunk ids of the articles a filter keeps (author: exact name, else part of it, any case;
   * dates: inclusive ISO days), or null when the filter is empty. The set may be shared between calls
   * with the same filter: callers must not modify it.
   */
  allowedChunks(filter: SearchFilter): Set<number> | null;
  /** The chunks with their article's fields, in the order of `ids`; unknown ids are left out. */
  chunks(ids: number[]): ChunkRecord[];
  /** One article with its body and tags, or undefined. */
  article(id: string): ArticleRecord | undefined;
  /** every article's date (null when undated), read once per snapshot: what the recency prior weighs */
  articleDates(): ReadonlyMap<string, string | null>;
  /**
   * Up to `limit` titles containing `text`, ignoring case, accents, curly quotes and spacing, most
   * recent first (undated last); empty text lists the most recent. Fast enough for autocomplete.
   */
  findTitles(text: string, limit: number): { id: string; title: string; date: string | null }[];
  /** What the generation holds: counts, date range, model, build time, size on disk. */
  stats(): IndexStats;
  /** Releases the generation's files; no method may be called afterwards. */
  close(): void;
}

/** Who re-indexes now and how the last re-index ended, as every process serving the index reads it. */
export type { ReindexStatus, RunningReindex } from './status.js';
