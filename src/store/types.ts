// The one interface search and re-index talk to the index through: a store (embedded SQLite + hnswlib in
// INDEX_DIR, or PostgreSQL + pgvector) that opens read-only snapshots, writes generations and publishes them.
import type { Expectation } from '../index/manifest.js';
import type { ArticleRecord, ChunkRecord, IndexStats, Manifest, SearchFilter } from '../index/types.js';

/** A value, or a promise of it: the embedded store answers synchronously, a server store over the wire. */
export type Awaitable<T> = T | Promise<T>;

/**
 * One published generation of the index, opened read-only, safe to keep while a re-index runs (it never
 * changes under a reader). Callers await every method. Ids: an article id is the archive's stable string
 * id; a chunk id is a positive integer, unique in the generation and never reused for another passage. No
 * method throws on user text; scores are "higher is better" and comparable only within one call's results.
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
  ): Awaitable<{ chunkId: number; score: number }[]>;
  /**
   * The k chunks that best match the words of `query` (bm25 over passage text and title), best first.
   * `allowed` and `filter` restrict the chunks (both: their intersection). Text without words gives [].
   */
  lexical(
    query: string,
    k: number,
    opts?: { allowed?: Set<number>; filter?: SearchFilter },
  ): Awaitable<{ chunkId: number; score: number }[]>;
  /**
   * The k articles that best match the words of `query` over whole bodies and titles (bm25, higher is
   * better), optionally restricted by a filter. null when the generation has no whole-article search
   * (written before it existed: the next re-index adds it).
   */
  lexicalArticles(
    query: string,
    k: number,
    opts?: { filter?: SearchFilter },
  ): Awaitable<{ articleId: string; score: number }[] | null>;
  /** The article id of each chunk id; ids not in the index are left out. */
  articleOf(chunkIds: number[]): Awaitable<Map<number, string>>;
  /** Every passage of the given articles with its stored vector, by article then passage order. */
  passagesOf(
    articleIds: string[],
  ): Awaitable<{ chunkId: number; articleId: string; text: string; vector: Float32Array }[]>;
  /**
   * The chunk ids of the articles a filter keeps (author: exact name, else part of it, any case;
   * dates: inclusive ISO days), or null when the filter is empty. The set may be shared between calls
   * with the same filter: callers must not modify it.
   */
  allowedChunks(filter: SearchFilter): Awaitable<Set<number> | null>;
  /** The chunks with their article's fields, in the order of `ids`; unknown ids are left out. */
  chunks(ids: number[]): Awaitable<ChunkRecord[]>;
  /** One article with its body and tags, or undefined. */
  article(id: string): Awaitable<ArticleRecord | undefined>;
  /** every article's date (null when undated), read once per snapshot: what the recency prior weighs */
  articleDates(): Awaitable<ReadonlyMap<string, string | null>>;
  /**
   * Up to `limit` titles containing `text`, ignoring case, accents, curly quotes and spacing, most
   * recent first (undated last); empty text lists the most recent. Fast enough for autocomplete.
   */
  findTitles(text: string, limit: number): Awaitable<{ id: string; title: string; date: string | null }[]>;
  /** What the generation holds: counts, date range, model, build time, size on disk (or in the database). */
  stats(): Awaitable<IndexStats>;
  /** Releases the generation's files or connection; no method may be called afterwards. */
  close(): Awaitable<void>;
}

/** A snapshot with the generation it reads and what was repaired while opening it. */
export interface OpenedIndex extends IndexSnapshot {
  /** the generation's name (gen-…), the same in every process that reads it */
  readonly generation: string;
  /** repairs made while opening, for logs */
  readonly notices: string[];
}

export interface OpenIndexOptions {
  /** default HNSW query-time candidate list size (HNSW_EF) */
  ef?: number;
  /** what the caller will query with: an index built otherwise is refused, not queried */
  expect?: Expectation;
  /** told about repairs made while opening (e.g. the HNSW graph rebuilt from SQLite) */
  onNotice?: (message: string) => void;
}

/** Where the index lives; chosen by INDEX_STORE (src/store/open-store.ts). */
export interface IndexStore {
  readonly kind: 'embedded' | 'postgres';
  /** for messages: the folder, or the server and database without the password */
  readonly location: string;
  /** Opens the published generation; throws IndexOpenError saying what is wrong and what to run. */
  open(opts?: OpenIndexOptions): Promise<OpenedIndex>;
  /** A cheap token that changes whenever a generation is published, by any process ('' when none). */
  stamp(): Promise<string>;
  /** The name of the published generation, or undefined when nothing was ever published. */
  servedGeneration(): Promise<string | undefined>;
  /** Releases connections (the embedded store has none). */
  close(): Promise<void>;
}
