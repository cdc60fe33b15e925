// The one interface search and re-index talk to the index through: a store (embedded SQLite + hnswlib in
// INDEX_DIR, or PostgreSQL + pgvector) that opens read-only snapshots, writes generations and publishes them.
import type { Article } from '../archive/article.js';
import type { Embedder } from '../embed/types.js';
import type { WorkItem } from '../index/chunk-stage.js';
import type { TitleMode } from '../index/chunker.js';
import type { Expectation } from '../index/manifest.js';
import type { Served } from '../index/served.js';
import type { ReindexStatusStore } from '../index/status.js';
import type { HnswParams } from '../index/vectors.js';
import type { ArticleRecord, BuildParams, ChunkRecord, IndexStats, Manifest, SearchFilter } from '../index/types.js';

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
export interface IndexStore extends ReindexTarget {
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

/** What a re-index changes in the generation it builds (see src/index/pipeline.ts). */
export interface BuildChanges {
  /** articles whose rows (and chunks) go: removed ones, and known ones about to be written again */
  remove: string[];
  /** articles to write, with their hash and source */
  put: { article: Article; hash: string; source: string | null }[];
  /** unchanged articles whose recorded source is now another */
  relabel: { id: string; source: string | null }[];
  /** chunks that will be added (sizes a fresh graph) */
  adding: number;
}

/** A generation being built: invisible to readers until publish() switches the pointer. */
export interface GenerationBuilder {
  readonly generation: string;
  apply(changes: BuildChanges): Promise<void>;
  /** Writes embedded passages (rows and vectors). */
  addChunks(items: WorkItem[], vectors: Float32Array[]): Promise<void>;
  counts(): Promise<{ articles: number; chunks: number }>;
  finish(m: BuildParams): Promise<Manifest>;
  /** Serves the finished generation (atomically: readers see the old one or the new one). */
  publish(): Promise<void>;
  /** Drops a build that will not be published. */
  discard(): Promise<void>;
}

/**
 * The write side of a store, as the re-index pipeline uses it; with the re-index status kept beside the
 * index (read by every process serving it, written by the re-index holding the lock).
 */
export interface ReindexTarget extends ReindexStatusStore {
  /** One re-index at a time across processes; throws ReindexLockedError when another holds it. */
  lock(): Promise<() => Promise<void>>;
  /** Removes builds left by a crashed re-index and generations two publishes old (under the lock). */
  cleanup(): Promise<void>;
  /** The served generation (its handle in `dir`) and its manifest, if readable. */
  servedManifest(): Promise<{ dir?: string; manifest?: Manifest }>;
  /** What is served: articles' hashes and sources, whether its vectors can be reused. */
  readServed(
    current: { dir?: string; manifest?: Manifest },
    embedder: Embedder,
    chunkerVersion: string,
  ): Promise<Served>;
  /** Where served articles were read, for those written before sources were recorded. */
  servedOrigins(dir: string, ids: string[]): Promise<Map<string, { file?: string; url?: string }>>;
  /** Served articles as stored, to carry them into a generation built from scratch. */
  servedArticles(dir: string, ids: string[]): Promise<{ article: Article; hash: string; source: string | null }[]>;
  /** The embed stage with batches other processes may claim (`dossier index --worker`); Postgres only. */
  embedShared?(
    build: string,
    work: WorkItem[],
    embedder: Embedder,
    titleMode: TitleMode,
    opts: { group: number; signal?: AbortSignal; onGroup: (items: WorkItem[], vectors: Float32Array[]) => unknown },
  ): Promise<number>;
  /** A new generation; `from`: the served one to start from (incremental). */
  begin(opts: { from?: string; dims: number; hnsw: HnswParams }): Promise<GenerationBuilder>;
}
