// Retrieval: embed the question, take lexical (FTS5 BM25) and dense (HNSW) candidates, filter,
// fuse, diversify by article and decide whether the archive covers the question.
import type { Embedder } from '../embed/types.js';
import type { ChunkRecord, IndexSnapshot } from '../index/types.js';
import { diversify } from './diversify.js';
import { normalizeFilter, isEmptyFilter } from './filters.js';
import {
  DEFAULT_LEXICAL_WEIGHT,
  fuse,
  rankArticles,
  sortScored,
  type ArticleScored,
  type FusionOptions,
  type Scored,
} from './fusion.js';
import { placePassages } from './passages.js';
import { DEFAULT_THRESHOLDS, isCovered, termCoverage, type Thresholds } from './threshold.js';
import type { Passage, SearchQuery, SearchResult } from './types.js';
import { applyRecency, resolveTime, type QueryTime, type TimeOptions } from './when.js';

export interface SearchOptions {
  /** lexical candidates (chunks) */
  lexicalK?: number;
  /** dense candidates (chunks) */
  denseK?: number;
  /** HNSW query-time candidate list (widened automatically under a filter) */
  ef?: number;
  fusion?: FusionOptions;
  /** passages of one article allowed in the result (2 for answers, 1 for listings) */
  perArticle?: number;
  thresholds?: Thresholds;
  /** closest articles offered when not covered */
  relatedLimit?: number;
  /** passages scoring below this share of the top passage's score are left out (they are noise, not sources) */
  minRelative?: number;
  /** leading articles whose passages are scored and ranked (article-first retrieval) */
  passageArticles?: number;
  /** windows from the question's words and the recency prior (src/search/when.ts) */
  time?: TimeOptions;
}

// 300 candidates per list: the depth `dossier eval` measures the defaults at (Recall@100 needs ~100
// documents, i.e. a few hundred chunks); min-max normalisation depends on it, so both use the same
export const DEFAULT_SEARCH: Required<Omit<SearchOptions, 'fusion' | 'thresholds' | 'time'>> = {
  lexicalK: 300,
  denseK: 300,
  ef: 100,
  perArticle: 2,
  relatedLimit: 3,
  minRelative: 0.4,
  passageArticles: 10,
};

/** The ranked chunk list before diversification: what eval scores, and what `search` builds on. */
export interface Ranking {
  /** passages, best first (under article-first retrieval: the passages of the leading articles) */
  ranked: Scored[];
  /** the whole article ranking, when articles were ranked first (what eval scores) */
  articles?: ArticleScored[];
  bestDense: number;
  /** passages the filter allows (undefined without a filter) */
  filterMatches?: number;
  /** "now", the window searched in and the recency asked for */
  time: QueryTime;
  /** the question's embedding (the answer compares sentences with it) */
  vector: Float32Array;
  timings: Record<string, number>;
}

const now = () => performance.now();
const round = (ms: number) => Math.round(ms * 100) / 100;

/**
 * Dense search that a filter cannot starve: with an allow-list, HNSW may find fewer than k allowed
 * neighbours within `ef`, so ef grows until k are found or the whole graph has been considered.
 */
export async function denseFiltered(
  snapshot: IndexSnapshot,
  vec: Float32Array,
  k: number,
  ef: number,
  allowed: Set<number> | null,
): Promise<Scored[]> {
  if (!allowed) return snapshot.dense(vec, k, { ef: Math.max(ef, k) });
  if (allowed.size === 0) return [];
  const want = Math.min(k, allowed.size);
  const total = Math.max(snapshot.manifest.chunks, allowed.size);
  let e = Math.max(ef, k);
  for (;;) {
    const hits = await snapshot.dense(vec, want, { ef: e, allowed });
    if (hits.length >= want || e >= total) return hits;
    e = Math.min(total, e * 4);
  }
}

/** Candidates and fusion; no diversification or threshold (eval uses this directly). */
export async function rank(
  snapshot: IndexSnapshot,
  embedder: Embedder,
  question: SearchQuery,
  opts: SearchOptions = {},
): Promise<Ranking> {
  const o = { ...DEFAULT_SEARCH, ...opts };
  const method = question.method ?? 'hybrid';
  const timings: Record<string, number> = {};
  let t = now();
  const dates = await snapshot.articleDates();
  const { query: q, time } = resolveTime(question, dates, opts.time);
  const filter = normalizeFilter(q);
  const allowed = isEmptyFilter(filter) ? null : await snapshot.allowedChunks(filter);
  timings.filter = round(now() - t);

  let dense: Scored[] = [];
  let lexical: Scored[] = [];
  // the query is embedded even for lexical-only search: the threshold needs the dense signal
  t = now();
  const [vec] = await embedder.embed([q.text]);
  timings.embed = round(now() - t);
  t = now();
  if (method !== 'lexical') dense = await denseFiltered(snapshot, vec, o.denseK, o.ef, allowed);
  else dense = await denseFiltered(snapshot, vec, 1, o.ef, allowed);
  timings.dense = round(now() - t);
  const bestDense = dense.reduce((m, d) => Math.max(m, d.score), -1);
  // article-first retrieval when the index has whole-article search (RRF stays the passage-level
  // comparison it was measured as); an index written before it falls back to passage-level fusion
  let articles: ArticleScored[] | null = null;
  if (method !== 'dense') {
    t = now();
    if (opts.fusion?.method !== 'rrf')
      articles = await snapshot.lexicalArticles(q.text, o.lexicalK, allowed ? { filter } : {});
    if (!articles) lexical = await snapshot.lexical(q.text, o.lexicalK, allowed ? { allowed, filter } : {});
    timings.lexical = round(now() - t);
  }
  t = now();
  let ranked: Scored[];
  let articleRanking: ArticleScored[] | undefined;
  if (method === 'dense') ranked = sortScored([...dense]);
  else if (articles) {
    const w = method === 'lexical' ? 1 : (opts.fusion?.lexicalWeight ?? DEFAULT_LEXICAL_WEIGHT);
    const fusedDense = method === 'hybrid' ? dense : [];
    const chunkArticles = await snapshot.articleOf(fusedDense.map((d) => d.chunkId));
    articleRanking = rankArticles(fusedDense, articles, chunkArticles, w);
    articleRanking = applyRecency(articleRanking, dates, time, opts.time);
    timings.fusion = round(now() - t);
    t = now();
    const head = articleRanking.slice(0, o.passageArticles);
    const passages = await snapshot.passagesOf(head.map((a) => a.articleId));
    ranked = placePassages(q.text, vec, head, passages, w);
    timings.passages = round(now() - t);
  } else if (method === 'hybrid') ranked = fuse(lexical, dense, opts.fusion);
  else ranked = sortScored([...lexical]);
  timings.fusion ??= round(now() - t);
  return {
    ranked,
    articles: articleRanking,
    bestDense,
    time,
    vector: vec,
    timings,
    filterMatches: allowed ? allowed.size : undefined,
  };
}

function toPassage(c: ChunkRecord, score: number): Passage {
  return {
    chunkId: c.chunkId,
    articleId: c.articleId,
    ordinal: c.ordinal,
    start: c.start,
    end: c.end,
    text: c.text,
    title: c.title,
    author: c.author,
    date: c.date,
    url: c.url,
    score: Math.round(score * 10_000) / 10_000,
  };
}

/** search(snapshot, embedder, query): ranked passages grouped by article, or "not covered" with related articles. */
export async function search(
  snapshot: IndexSnapshot,
  embedder: Embedder,
  q: SearchQuery,
  opts: SearchOptions = {},
): Promise<SearchResult> {
  const start = now();
  const o = { ...DEFAULT_SEARCH, ...opts };
  const limit = Math.max(1, Math.min(q.limit ?? 5, 50));
  const { ranked, bestDense, timings, filterMatches, time, vector } = await rank(snapshot, embedder, q, {
    ...opts,
    passageArticles: Math.max(o.passageArticles, limit),
  });

  const t = now();
  // only the head of the ranking is fetched: enough for `limit` passages after diversification
  const head = ranked.slice(0, Math.max(limit * 6, 30));
  const records = new Map((await snapshot.chunks(head.map((h) => h.chunkId))).map((c) => [c.chunkId, c]));
  const candidates = head.filter((h) => records.has(h.chunkId)).map((h) => toPassage(records.get(h.chunkId)!, h.score));
  const floor = (candidates[0]?.score ?? 0) * o.minRelative;
  const passages = diversify(
    candidates.filter((c) => c.score >= floor),
    limit,
    o.perArticle,
  );
  timings.fetch = round(now() - t);

  const top = passages[0];
  const coverage = top ? termCoverage(q.text, `${top.title}\n${top.text}`) : 0;
  const method = q.method ?? 'hybrid';
  const covered =
    passages.length > 0 &&
    (method === 'lexical' && bestDense < 0
      ? true
      : isCovered({ bestDense, termCoverage: coverage }, opts.thresholds ?? DEFAULT_THRESHOLDS));
  timings.total = round(now() - start);
  return {
    query: q,
    window: time.window,
    now: time.now,
    vector,
    covered,
    passages: covered ? passages : [],
    related: covered ? [] : diversify(candidates, o.relatedLimit, 1),
    timings,
    signals: {
      bestDense: Math.round(bestDense * 10_000) / 10_000,
      termCoverage: Math.round(coverage * 1000) / 1000,
      filterMatches,
    },
  };
}
