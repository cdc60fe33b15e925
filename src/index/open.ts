// Opens the served generation of an index read-only: validates its manifest, opens SQLite, loads
// (or rebuilds from stored vectors) the HNSW graph, and answers dense/lexical/lookup queries.
import type Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import type { ArticleRecord, ChunkRecord, IndexSnapshot, IndexStats, Manifest, SearchFilter } from './types.js';
import { DB_FILE, HNSW_FILE, MANIFEST_FILE, dirSize, readPointer } from './generations.js';
import { manifestMismatch, readManifest, type Expectation } from './manifest.js';
import { blobToVector, countRows, hasArticleSearch, iterateVectors, openReadOnly, type DB } from './store.js';
import { VectorIndex } from './vectors.js';
import { toFtsQuery } from './fts-query.js';

export class IndexOpenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IndexOpenError';
  }
}

export interface OpenIndexOptions {
  /** default HNSW query-time candidate list size (HNSW_EF) */
  ef?: number;
  /** what the caller will query with: a mismatched index is refused, not queried */
  expect?: Expectation;
  /** told about repairs made while opening (e.g. the HNSW graph rebuilt from SQLite) */
  onNotice?: (message: string) => void;
}

export interface OpenedIndex extends IndexSnapshot {
  /** folder of the generation this snapshot reads */
  readonly generationDir: string;
  /** repairs made while opening, for logs */
  readonly notices: string[];
}

const REBUILD_HINT = 'run `dossier index --full` to rebuild it';

/** Opens the current generation of indexDir; throws IndexOpenError saying what is wrong and what to run. */
export function openIndex(indexDir: string, opts: OpenIndexOptions = {}): OpenedIndex {
  for (let attempt = 0; ; attempt++) {
    const pointer = readPointer(indexDir);
    if (!pointer) {
      throw new IndexOpenError(`There is no index in ${indexDir} yet: run \`dossier index\` to build it.`);
    }
    try {
      return openGeneration(indexDir, pointer.generation, opts);
    } catch (err) {
      // a re-index may have published (and cleaned up) between reading CURRENT and opening: retry
      if (attempt < 3 && readPointer(indexDir)?.generation !== pointer.generation) continue;
      throw err;
    }
  }
}

function openGeneration(indexDir: string, generation: string, opts: OpenIndexOptions): OpenedIndex {
  const dir = path.join(indexDir, generation);
  let manifest: Manifest;
  try {
    manifest = readManifest(path.join(dir, MANIFEST_FILE));
  } catch (err) {
    throw new IndexOpenError(
      `The index in ${indexDir} has a missing or unreadable manifest (${(err as Error).message.split('\n')[0]}): ${REBUILD_HINT}.`,
    );
  }
  const why = manifestMismatch(manifest, opts.expect);
  if (why)
    throw new IndexOpenError(
      `The index in ${indexDir} cannot be used: ${why}. ${REBUILD_HINT[0].toUpperCase()}${REBUILD_HINT.slice(1)}.`,
    );
  let db: DB;
  try {
    db = openReadOnly(path.join(dir, DB_FILE));
    db.prepare('SELECT count(*) FROM chunks').get();
  } catch (err) {
    throw new IndexOpenError(
      `The index database in ${dir} cannot be read (${(err as Error).message}): ${REBUILD_HINT}.`,
    );
  }
  const notices: string[] = [];
  let vectors: VectorIndex;
  const hnswFile = path.join(dir, HNSW_FILE);
  try {
    vectors = VectorIndex.read(hnswFile, manifest.dims);
  } catch (err) {
    // the graph is derived data: rebuild it from the vectors kept in SQLite, no re-embedding
    const { chunks } = countRows(db);
    vectors = VectorIndex.fromVectors(manifest.dims, chunks, manifest.hnsw, iterateVectors(db));
    const msg = `The vector graph ${hnswFile} was missing or unreadable (${(err as Error).message}); rebuilt it from the ${chunks} vectors stored in SQLite.`;
    try {
      const tmp = `${hnswFile}.${process.pid}.tmp`;
      vectors.write(tmp);
      fs.renameSync(tmp, hnswFile);
    } catch {
      // read-only folder: the rebuilt graph is used from memory
    }
    notices.push(msg);
    opts.onNotice?.(msg);
  }
  if (!hasArticleSearch(db)) {
    const msg = `The index in ${indexDir} was written before whole-article search: answers use passage search until \`dossier index\` adds it (nothing is re-embedded).`;
    notices.push(msg);
    opts.onNotice?.(msg);
  }
  return new Snapshot(dir, manifest, db, vectors, opts.ef ?? 100, notices);
}

/** What autocomplete compares: case, accents, curly quotes and spacing do not matter ("pais" finds "País"). */
function foldTitle(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** Lexical pruning: on an archive of at least PRUNE_MIN_CHUNKS passages, a query word found in more
 * than COMMON_SHARE of them is left out when rarer words remain. Such words carry little bm25 weight
 * (idf ≈ 2.3 at 10%) but have the longest posting lists, which FTS5 scores row by row: at 106k
 * passages they made the lexical stage ~27 ms p50 (bench). Small archives keep exact bm25. */
export const LEXICAL_PRUNING = { minChunks: 20_000, commonShare: 0.1 };

type Statement = Database.Statement<unknown[]>;

interface TitleEntry {
  id: string;
  title: string;
  lc: string;
  date: string | null;
}

class Snapshot implements OpenedIndex {
  private titles: TitleEntry[] | undefined;
  private statsCache: IndexStats | undefined;
  private readonly stmts;
  /** whole-article search; undefined in an index written before it existed */
  private readonly articleStmts: { top: Statement; all: Statement; idOf: Statement } | undefined;

  constructor(
    readonly generationDir: string,
    readonly manifest: Manifest,
    private readonly db: DB,
    private readonly vectors: VectorIndex,
    private readonly ef: number,
    readonly notices: string[],
  ) {
    this.stmts = {
      lexical: db.prepare(
        'SELECT rowid AS id, bm25(chunks_fts) AS bm FROM chunks_fts WHERE chunks_fts MATCH ? ORDER BY bm LIMIT ?',
      ),
      lexicalAll: db.prepare(
        'SELECT rowid AS id, bm25(chunks_fts) AS bm FROM chunks_fts WHERE chunks_fts MATCH ? ORDER BY bm',
      ),
      termDocs: db.prepare('SELECT count(*) AS n FROM chunks_fts WHERE chunks_fts MATCH ?'),
      chunks: db.prepare(
        `SELECT c.id AS chunkId, c.article_id AS articleId, c.ordinal, c.start, c."end" AS "end", c.text,
                a.title, a.author, a.date, a.url
           FROM chunks c JOIN articles a ON a.id = c.article_id
          WHERE c.id IN (SELECT value FROM json_each(?))`,
      ),
      article: db.prepare('SELECT id, title, author, date, url, body, tags FROM articles WHERE id = ?'),
      articleOf: db.prepare('SELECT id, article_id AS a FROM chunks WHERE id IN (SELECT value FROM json_each(?))'),
      passagesOf: db.prepare(
        'SELECT id, article_id AS a, text, vector FROM chunks WHERE article_id IN (SELECT value FROM json_each(?)) ORDER BY article_id, ordinal',
      ),
    };
    if (hasArticleSearch(db)) {
      this.articleStmts = {
        // ranked and cut inside FTS5 first, so only k rows are joined to their article ids
        top: db.prepare(
          `SELECT a.id AS id, f.bm AS bm FROM
             (SELECT rowid, bm25(articles_fts) AS bm FROM articles_fts WHERE articles_fts MATCH ? ORDER BY bm LIMIT ?) f
             JOIN articles a ON a.rowid = f.rowid ORDER BY f.bm`,
        ),
        all: db.prepare(
          'SELECT rowid AS r, bm25(articles_fts) AS bm FROM articles_fts WHERE articles_fts MATCH ? ORDER BY bm',
        ),
        idOf: db.prepare('SELECT id FROM articles WHERE rowid = ?').pluck(),
      };
    }
  }

  dense(
    query: Float32Array,
    k: number,
    opts: { ef?: number; allowed?: Set<number> } = {},
  ): { chunkId: number; score: number }[] {
    return this.vectors.search(query, k, { ef: opts.ef ?? this.ef, allowed: opts.allowed });
  }

  /** passages holding a query term (the snapshot never changes, so counts are cached, bounded) */
  private readonly docCounts = new Map<string, number>();
  private termDocs(term: string): number {
    let n = this.docCounts.get(term);
    if (n === undefined) {
      n = (this.stmts.termDocs.get(term) as { n: number }).n;
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

  lexicalArticles(
    query: string,
    k: number,
    opts: { filter?: SearchFilter } = {},
  ): { articleId: string; score: number }[] | null {
    const st = this.articleStmts;
    if (!st) return null;
    if (k <= 0) return [];
    const fts = this.ftsQuery(query, { keepStopwords: true });
    if (!fts) return [];
    try {
      const allowed = opts.filter ? this.allowedArticleRows(opts.filter) : null;
      if (!allowed)
        return (st.top.all(fts, k) as { id: string; bm: number }[]).map((r) => ({ articleId: r.id, score: -r.bm }));
      if (allowed.size === 0) return [];
      const out: { articleId: string; score: number }[] = [];
      for (const r of st.all.iterate(fts) as Iterable<{ r: number; bm: number }>) {
        if (!allowed.has(r.r)) continue;
        out.push({ articleId: st.idOf.get(r.r) as string, score: -r.bm });
        if (out.length >= k) break;
      }
      return out;
    } catch {
      return [];
    }
  }

  articleOf(chunkIds: number[]): Map<number, string> {
    if (!chunkIds.length) return new Map();
    return new Map(
      (this.stmts.articleOf.all(JSON.stringify(chunkIds)) as { id: number; a: string }[]).map((r) => [r.id, r.a]),
    );
  }

  passagesOf(articleIds: string[]): { chunkId: number; articleId: string; text: string; vector: Float32Array }[] {
    if (!articleIds.length) return [];
    return (
      this.stmts.passagesOf.all(JSON.stringify(articleIds)) as { id: number; a: string; text: string; vector: Buffer }[]
    ).map((r) => ({
      chunkId: r.id,
      articleId: r.a,
      text: r.text,
      vector: blobToVector(r.vector),
    }));
  }

  lexical(
    query: string,
    k: number,
    opts: { allowed?: Set<number>; filter?: SearchFilter } = {},
  ): { chunkId: number; score: number }[] {
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
      if (!allowed) {
        return (this.stmts.lexical.all(fts, k) as { id: number; bm: number }[]).map((r) => ({
          chunkId: r.id,
          score: -r.bm,
        }));
      }
      if (allowed.size === 0) return [];
      const out: { chunkId: number; score: number }[] = [];
      for (const r of this.stmts.lexicalAll.iterate(fts) as Iterable<{ id: number; bm: number }>) {
        if (!allowed.has(r.id)) continue;
        out.push({ chunkId: r.id, score: -r.bm });
        if (out.length >= k) break;
      }
      return out;
    } catch {
      // the query is built from words only, so this should not happen; a search must never crash on text
      return [];
    }
  }

  allowedChunks(filter: SearchFilter): Set<number> | null {
    return this.matching(filter, 'SELECT c.id FROM chunks c JOIN articles a ON a.id = c.article_id');
  }

  /** rowids of the articles matching the filter (the rowids articles_fts uses), or null when it is empty */
  private allowedArticleRows(filter: SearchFilter): Set<number> | null {
    return this.matching(filter, 'SELECT a.rowid FROM articles a');
  }

  /**
   * Recent filters' id sets. A snapshot never changes, so a set stays right for its life; a wide date
   * range on a big archive takes tens of ms to collect (bench: ~50 ms for 40k passages), and the same
   * filter tends to come back (a chat's /from, a popular year). Shared: callers must not modify them.
   */
  private readonly filterCache = new Map<string, Set<number>>();

  /** Runs `select … WHERE <filter>` (the select names the articles table `a`); null when the filter is empty. */
  private matching(filter: SearchFilter, select: string): Set<number> | null {
    const author = filter.author?.trim();
    const from = filter.from?.trim();
    const to = filter.to?.trim();
    if (!author && !from && !to) return null;
    const key = JSON.stringify([select, author, from, to]);
    const hit = this.filterCache.get(key);
    if (hit) {
      this.filterCache.delete(key); // most recently used last
      this.filterCache.set(key, hit);
      return hit;
    }
    const out = this.collect(select, author, from, to);
    this.filterCache.set(key, out);
    if (this.filterCache.size > 8) this.filterCache.delete(this.filterCache.keys().next().value!);
    return out;
  }

  private collect(
    select: string,
    author: string | undefined,
    from: string | undefined,
    to: string | undefined,
  ): Set<number> {
    const where: string[] = [];
    const params: string[] = [];
    if (from) {
      where.push('a.date >= ?');
      params.push(from);
    }
    if (to) {
      where.push('a.date <= ?');
      params.push(to);
    }
    const run = (authorClause?: string, authorParam?: string) => {
      const w = authorClause ? [...where, authorClause] : where;
      const p = authorParam !== undefined ? [...params, authorParam] : params;
      const sql = `${select} WHERE ${w.join(' AND ')}`;
      return new Set(
        this.db
          .prepare(sql)
          .pluck()
          .all(...p) as number[],
      );
    };
    if (!author) return run();
    // exact name first (indexed); else a part of the name ("fitsanakis")
    const exact = run('a.author = ? COLLATE NOCASE', author);
    if (exact.size) return exact;
    return run("a.author LIKE ? ESCAPE '\\'", `%${author.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  }

  chunks(ids: number[]): ChunkRecord[] {
    if (!ids.length) return [];
    const rows = this.stmts.chunks.all(JSON.stringify(ids)) as ChunkRecord[];
    const byId = new Map(rows.map((r) => [r.chunkId, r]));
    return ids.map((id) => byId.get(id)).filter((r): r is ChunkRecord => r !== undefined);
  }

  article(id: string): ArticleRecord | undefined {
    const r = this.stmts.article.get(id) as (Omit<ArticleRecord, 'tags'> & { tags: string }) | undefined;
    return r ? { ...r, tags: JSON.parse(r.tags) as string[] } : undefined;
  }

  private dates: Map<string, string | null> | undefined;
  articleDates(): ReadonlyMap<string, string | null> {
    // ids and dates of every article: ~60 bytes each, a few MB at 100k articles
    this.dates ??= new Map(
      (this.db.prepare('SELECT id, date FROM articles').all() as { id: string; date: string | null }[]).map((r) => [
        r.id,
        r.date,
      ]),
    );
    return this.dates;
  }

  findTitles(text: string, limit: number): { id: string; title: string; date: string | null }[] {
    // titles live in memory (a few hundred KB for 10k articles): a scan is well under a millisecond
    this.titles ??= (
      this.db.prepare('SELECT id, title, date FROM articles ORDER BY date IS NULL, date DESC, title_lc').all() as Omit<
        TitleEntry,
        'lc'
      >[]
    ).map((t) => ({ ...t, lc: foldTitle(t.title) }));
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
      const d = this.db.prepare('SELECT min(date) AS first, max(date) AS last FROM articles').get() as {
        first: string | null;
        last: string | null;
      };
      this.statsCache = {
        articles,
        chunks,
        firstDate: d.first,
        lastDate: d.last,
        modelId: this.manifest.modelId,
        dtype: this.manifest.dtype,
        builtAt: this.manifest.builtAt,
        sizeBytes: 0,
      };
    }
    return { ...this.statsCache, sizeBytes: dirSize(this.generationDir) };
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
