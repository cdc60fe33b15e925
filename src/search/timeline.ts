// The articles a timeline is made of: the article ranking of the topic (recency left out: a story's
// old articles count as much as its new ones), cut where articles stop being clearly about it (a
// share of the best article's score, chosen on the benchmarks), each with its passages scored.
import type { Embedder } from '../embed/types.js';
import type { ChunkRecord, IndexSnapshot } from '../index/types.js';
import { minMax, type ArticleScored } from './fusion.js';
import { placePassages } from './passages.js';
import { rank, type SearchOptions } from './search.js';
import { DEFAULT_THRESHOLDS, isCovered, termCoverage } from './threshold.js';
import type { AnswerWindow } from './time.js';
import type { SearchQuery } from './types.js';

// The share of the best article's score an article needs to be on the timeline. Chosen on TIME's
// judged relevant articles (bench/timeline-cut.ts, README "Timelines"): macro F1 of the articles kept
// 0.413 at 0.5, 0.483 at 0.6, 0.525 at 0.7, 0.529 at 0.75 (precision 0.570, recall 0.620), 0.512 at 0.8.
export const DEFAULT_TIMELINE_SHARE = 0.75;
/** at most this many articles are considered after the cut (the presenters show fewer) */
export const TIMELINE_MAX = 200;

/** A candidate article of a timeline: its ranking score and its passages, best first. */
export interface TimelineArticle {
  articleId: string;
  score: number;
  /** its passages in the order they were scored (best first), each with its article's fields */
  passages: (ChunkRecord & { score: number })[];
}

export interface TimelineCandidates {
  query: SearchQuery;
  now: string;
  window?: AnswerWindow;
  /** false when nothing in the archive is close enough to the topic (then `articles` is empty) */
  covered: boolean;
  /** the articles passing the cut, best first (at most `max`) */
  articles: TimelineArticle[];
  /** how many passed the cut before `max` applied */
  total: number;
  /** when not covered: the closest articles (their best passage first) */
  related: TimelineArticle[];
  /** passages the filter allows (undefined without a filter) */
  filterMatches?: number;
  timings: Record<string, number>;
}

export interface TimelineOptions {
  /** share of the best article's score an article needs (0..1) */
  share?: number;
  /** at most this many articles after the cut */
  max?: number;
  search?: SearchOptions;
}

/**
 * The relevance cut (pure): the articles scoring at least `share` of the best one, best first.
 * Scores are the article ranking's fused scores (each list min-max normalised), so the best article
 * is the yardstick: a cut relative to it keeps a story's articles whether the topic is rare or common.
 */
export function relevanceCut(articles: ArticleScored[], share = DEFAULT_TIMELINE_SHARE): ArticleScored[] {
  if (!articles.length) return [];
  const sorted = [...articles].sort(
    (a, b) => b.score - a.score || (a.articleId < b.articleId ? -1 : a.articleId > b.articleId ? 1 : 0),
  );
  const best = sorted[0].score;
  if (!(best > 0)) return sorted.slice(0, 1);
  return sorted.filter((a) => a.score >= share * best);
}

/** Articles ranked from a passage ranking (an index without whole-article search): each by its best passage. */
async function articlesOfPassages(
  snap: IndexSnapshot,
  ranked: { chunkId: number; score: number }[],
): Promise<ArticleScored[]> {
  const head = ranked.slice(0, 600);
  const of = await snap.articleOf(head.map((h) => h.chunkId));
  const norm = minMax(head);
  const best = new Map<string, number>();
  for (const h of head) {
    const a = of.get(h.chunkId);
    const v = norm.get(h.chunkId) ?? 0;
    if (a !== undefined && v > (best.get(a) ?? -1)) best.set(a, v);
  }
  return [...best].map(([articleId, score]) => ({ articleId, score }));
}

/** The passages of the given articles scored for the topic, with their records, grouped by article. */
async function withPassages(
  snap: IndexSnapshot,
  topic: string,
  vector: Float32Array,
  articles: ArticleScored[],
): Promise<TimelineArticle[]> {
  if (!articles.length) return [];
  const placed = placePassages(topic, vector, articles, await snap.passagesOf(articles.map((a) => a.articleId)));
  const records = new Map((await snap.chunks(placed.map((p) => p.chunkId))).map((c) => [c.chunkId, c]));
  const byArticle = new Map<string, TimelineArticle>(
    articles.map((a) => [a.articleId, { articleId: a.articleId, score: a.score, passages: [] }]),
  );
  for (const p of placed) {
    const rec = records.get(p.chunkId);
    if (rec) byArticle.get(rec.articleId)?.passages.push({ ...rec, score: p.score });
  }
  return [...byArticle.values()].filter((a) => a.passages.length > 0);
}

/** The articles about a topic (the cut), or "not covered" with the closest ones. */
export async function timelineCandidates(
  snap: IndexSnapshot,
  embedder: Embedder,
  q: SearchQuery,
  opts: TimelineOptions = {},
): Promise<TimelineCandidates> {
  const start = performance.now();
  const share = opts.share ?? DEFAULT_TIMELINE_SHARE;
  const max = opts.max ?? TIMELINE_MAX;
  // no recency prior and no "latest" reordering: a timeline weighs every date alike
  const search: SearchOptions = {
    ...opts.search,
    passageArticles: 0,
    time: { ...opts.search?.time, recency: 0, recencyPrefer: 0, latestShare: 1 },
  };
  const r = await rank(snap, embedder, q, search);
  const ranking = r.articles ?? (await articlesOfPassages(snap, r.ranked));
  const t = performance.now();
  const cut = relevanceCut(ranking, share);
  const kept = await withPassages(snap, q.text, r.vector, cut.slice(0, max));
  r.timings.passages = Math.round((performance.now() - t) * 100) / 100;
  const top = kept[0]?.passages[0];
  const coverage = top ? termCoverage(q.text, `${top.title}\n${top.text}`) : 0;
  const covered =
    kept.length > 0 &&
    (q.method === 'lexical' && r.bestDense < 0
      ? true
      : isCovered({ bestDense: r.bestDense, termCoverage: coverage }, opts.search?.thresholds ?? DEFAULT_THRESHOLDS));
  const related = covered ? [] : kept.slice(0, 3);
  r.timings.total = Math.round((performance.now() - start) * 100) / 100;
  return {
    query: q,
    now: r.time.now,
    window: r.time.window,
    covered,
    articles: covered ? kept : [],
    total: covered ? cut.length : 0,
    related,
    filterMatches: r.filterMatches,
    timings: r.timings,
  };
}
