// A topic's timeline (pure): the articles about it in date order, one line each with the sentence of
// that article that best says what happened (taken as it is, from its best passage or its lede),
// cited to the article. Articles of the same day stay separate lines.
import type { AnswerWindow } from '../search/time.js';
import type { SearchQuery } from '../search/types.js';
import type { TimelineArticle, TimelineCandidates } from '../search/timeline.js';
import { candidates, scoreCandidates } from './sentences.js';
import { passageSource } from './sources.js';

export type TimelineOrder = 'oldest' | 'newest';

/** A timeline asked for: the topic (`text`), filters, `now`, and `limit` lines at most. */
export interface TimelineQuery extends SearchQuery {
  order?: TimelineOrder;
}

export interface TimelineLine {
  /** 1-based position in the timeline as shown (its citation) */
  n: number;
  articleId: string;
  date: string | null;
  title: string;
  author: string | null;
  /** null when the archive has no permalink: never invented */
  url: string | null;
  /** the article's sentence that best says what happened, as in the article */
  sentence: string;
  /** the article's relevance to the topic (the ranking's score) */
  score: number;
}

export interface Timeline {
  topic: string;
  /** the query as asked (filters, now) */
  query: SearchQuery;
  covered: boolean;
  order: TimelineOrder;
  now: string;
  window?: AnswerWindow;
  /** the articles about the topic, in date order (undated last) */
  lines: TimelineLine[];
  /** how many articles passed the relevance cut (lines holds at most `limit` of them: the most relevant) */
  total: number;
  /** when not covered: the closest articles, best first */
  related: TimelineLine[];
  filterMatches?: number;
  timings: Record<string, number>;
}

export interface TimelineBuildOptions {
  order?: TimelineOrder;
  /** at most this many lines (the most relevant articles of the cut, then in date order) */
  limit?: number;
}

export const DEFAULT_TIMELINE_LIMIT = 50;

/**
 * The sentence of an article that best says what happened for the topic: its sentences of the best
 * passage and of the lede passage, scored as answer sentences are (the topic's rarer words, a lede
 * bonus, fragments penalised). Falls back to the opening words of the best passage.
 */
export function bestSentence(topic: string, a: TimelineArticle): string {
  const best = a.passages[0];
  if (!best) return '';
  const lede = a.passages.find((p) => p.ordinal === 0);
  const chosen = lede && lede.chunkId !== best.chunkId ? [best, lede] : [best];
  const sources = chosen.map((p, i) => passageSource(p, i + 1));
  const ledes = new Set<number>(chosen.flatMap((p, i) => (p.ordinal === 0 ? [i] : [])));
  const cands = scoreCandidates(topic, sources, candidates(sources), ledes).filter((c) => c.text.trim());
  const top = [...cands].sort((x, y) => y.score - x.score || x.source - y.source || x.index - y.index)[0];
  return (top?.text ?? best.text).replace(/\s+/g, ' ').trim();
}

/**
 * Date order (pure): oldest or newest first; undated articles last either way; articles of the same
 * day each keep their line, the more relevant first, then by id (a stable order).
 */
export function orderLines<T extends { date: string | null; score: number; articleId: string }>(
  lines: T[],
  order: TimelineOrder = 'oldest',
): T[] {
  const dir = order === 'oldest' ? 1 : -1;
  return [...lines].sort((a, b) => {
    if (a.date !== b.date) {
      if (!a.date) return 1;
      if (!b.date) return -1;
      return a.date < b.date ? -dir : dir;
    }
    return b.score - a.score || (a.articleId < b.articleId ? -1 : a.articleId > b.articleId ? 1 : 0);
  });
}

function line(topic: string, a: TimelineArticle, n: number): TimelineLine {
  const p = a.passages[0];
  return {
    n,
    articleId: a.articleId,
    date: p.date,
    title: p.title,
    author: p.author,
    url: p.url ?? null,
    sentence: bestSentence(topic, a),
    score: Math.round(a.score * 10_000) / 10_000,
  };
}

/** The timeline of the candidates: the `limit` most relevant articles, in date order, one line each. */
export function buildTimeline(c: TimelineCandidates, opts: TimelineBuildOptions = {}): Timeline {
  const order = opts.order ?? 'oldest';
  const limit = Math.max(1, opts.limit ?? DEFAULT_TIMELINE_LIMIT);
  const topic = c.query.text;
  // `limit` is the number of lines, not the passages a search returns
  const kept = c.articles.slice(0, limit).map((a) => line(topic, a, 0));
  const lines = orderLines(kept, order).map((l, i) => ({ ...l, n: i + 1 }));
  return {
    topic,
    query: c.query,
    covered: c.covered,
    order,
    now: c.now,
    ...(c.window ? { window: c.window } : {}),
    lines,
    total: c.total,
    related: c.related.map((a, i) => line(topic, a, i + 1)),
    filterMatches: c.filterMatches,
    timings: c.timings,
  };
}
