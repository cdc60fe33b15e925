// The query side of one opened generation (IndexSnapshot on SQLite + hnswlib): dense search over the
// graph, passage and whole-article bm25 with pruning of common words, filters, lookups, titles, stats.
import { foldTitle } from '../text/fold.js';
import type { ArticleRecord, ChunkRecord, IndexSnapshot, IndexStats, Manifest, SearchFilter } from './types.js';
import { ArticleReader } from './articles-table.js';
import { ChunkReader } from './chunks-table.js';
import { FilterSets } from './filter-sets.js';
import { toFtsQuery } from './fts-query.js';
import { dirSize } from './generations.js';
import { countRows, hasArticleSearch, type DB } from './store.js';
import type { VectorIndex } from './vectors.js';

/** Lexical pruning: on an archive of at least PRUNE_MIN_CHUNKS passages, a query word found in more
 * than COMMON_SHARE of them is left out when rarer words remain. Such words carry little bm25 weight
 * (idf ≈ 2.3 at 10%) but have the longest posting lists, which FTS5 scores row by row: at 106k
 * passages they made the lexical stage ~27 ms p50 (bench). Small archives keep exact bm25. */
export const LEXICAL_PRUNING = { minChunks: 20_000, commonShare: 0.1 };

interface TitleEntry {
  id: string;
  title: string;
  lc: string;
  date: string | null;
}

export class SqliteSnapshot implements IndexSnapshot {
  private readonly articles: ArticleReader;
  private readonly passages: ChunkReader;
  private readonly filters: FilterSets;
  private titles: TitleEntry[] | undefined;
  private statsCache: Omit<IndexStats, 'sizeBytes'> | undefined;
  /** passages holding a query term (the snapshot never changes, so counts are cached, bounded) */
  private readonly docCounts = new Map<string, number>();

  constructor(
    readonly generationDir: string,
    readonly manifest: Manifest,
    private readonly db: DB,
    private readonly vectors: VectorIndex,
    private readonly ef: number,
  ) {
    this.articles = new ArticleReader(db, hasArticleSearch(db));
    this.passages = new ChunkReader(db);
    this.filters = new FilterSets(db);
  }

  dense(query: Float32Array, k: number, opts: { ef?: number; allowed?: Set<number> } = {}) {
    return this.vectors.search(query, k, { ef: opts.ef ?? this.ef, allowed: opts.allowed });
  }

  private termDocs(term: string): number {
    let n = this.docCounts.get(term);
    if (n === undefined) {
      n = this.passages.matching(term);
      if (this.docCounts.size >= 10_000) this.docCounts.clear();
      this.docCounts.set(term, n);
    }
    return n;
  }

  /** The FTS5 query without its most common words (see LEXICAL_PRUNING); unchanged on small archives. */
  private pruneCommon(fts: string): string {
    const total = this.manifest.chunks;
    if (total < LEXICAL_PRUNING.minChunks) return fts;
    const terms = fts.split(' OR '); // toFtsQuery quotes single words: no spaces inside a term
    if (terms.length < 2) return fts;
    const keep = terms.filter((t) => this.termDocs(t) <= total * LEXICAL_PRUNING.commonShare);
    return keep.length ? keep.join(' OR ') : fts;
  }

  /** The user's text as an FTS5 query, pruned on a large archive (see LEXICAL_PRUNING); undefined without words. */
  private ftsQuery(query: string, opts: { keepStopwords?: boolean } = {}): string | undefined {
    const built = toFtsQuery(String(query ?? ''), opts);
    if (!built) return undefined;
    try {
      return this.pruneCommon(built);
    } catch {
      return built; // counting is an optimisation only; the full query still works
    }
  }

  lexicalArticles(query: string, k: number, opts: { filter?: SearchFilter } = {}) {
    if (!this.articles.hasSearch) return null;
    if (k <= 0) return [];
    const fts = this.ftsQuery(query, { keepStopwords: true });
    if (!fts) return [];
    try {
      const allowed = opts.filter ? this.filters.articleRows(opts.filter) : null;
      if (allowed?.size === 0) return [];
      return this.articles.ranked(fts, k, allowed ?? undefined);
    } catch {
      return [];
    }
  }

  articleOf(chunkIds: number[]): Map<number, string> {
    return this.passages.articleOf(chunkIds);
  }

  passagesOf(articleIds: string[]) {
    return this.passages.passagesOf(articleIds);
  }

  lexical(query: string, k: number, opts: { allowed?: Set<number>; filter?: SearchFilter } = {}) {
    if (k <= 0) return [];
    const fts = this.ftsQuery(query);
    if (!fts) return [];
    let allowed = opts.allowed;
    if (opts.filter) {
      const byFilter = this.allowedChunks(opts.filter);
      // search passes the filter's own (cached) set as `allowed`: nothing to intersect then
      if (byFilter && byFilter !== allowed)
        allowed = allowed ? new Set([...allowed].filter((id) => byFilter.has(id))) : byFilter;
    }
    try {
      if (allowed?.size === 0) return [];
      return this.passages.ranked(fts, k, allowed);
    } catch {
      // the query is built from words only, so this should not happen; a search must never crash on text
      return [];
    }
  }

  allowedChunks(filter: SearchFilter): Set<number> | null {
    return this.filters.chunks(filter);
  }

  chunks(ids: number[]): ChunkRecord[] {
    return this.passages.withArticles(ids);
  }

  article(id: string): ArticleRecord | undefined {
    return this.articles.byId(id);
  }

  private dates: Map<string, string | null> | undefined;
  articleDates(): ReadonlyMap<string, string | null> {
    // every article's id and date, once per snapshot: a few MB at 100k articles
    this.dates ??= new Map(this.articles.titles().map((t) => [t.id, t.date]));
    return this.dates;
  }

  findTitles(text: string, limit: number): { id: string; title: string; date: string | null }[] {
    // titles live in memory (a few hundred KB for 10k articles): a scan is well under a millisecond
    this.titles ??= this.articles.titles().map((t) => ({ ...t, lc: foldTitle(t.title) }));
    const needle = foldTitle(String(text ?? ''));
    const out: { id: string; title: string; date: string | null }[] = [];
    for (const t of this.titles) {
      if (out.length >= limit) break;
      if (!needle || t.lc.includes(needle)) out.push({ id: t.id, title: t.title, date: t.date });
    }
    return out;
  }

  stats(): IndexStats {
    if (!this.statsCache) {
      const { articles, chunks } = countRows(this.db);
      const d = this.articles.dateRange();
      this.statsCache = {
        articles,
        chunks,
        firstDate: d.first,
        lastDate: d.last,
        modelId: this.manifest.modelId,
        dtype: this.manifest.dtype,
        builtAt: this.manifest.builtAt,
      };
    }
    return { ...this.statsCache, sizeBytes: dirSize(this.generationDir) };
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
