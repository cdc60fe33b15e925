// Fusion of the lexical (BM25) and dense (cosine) candidate lists into one chunk ranking.
// Default: min-max normalised weighted sum (measured better than RRF on both benchmarks, see README).

export interface Scored {
  chunkId: number;
  score: number;
}

export type FusionMethod = 'weighted' | 'rrf';

export interface FusionOptions {
  method?: FusionMethod;
  /** weight of the lexical list in the weighted sum; dense gets 1 - lexicalWeight */
  lexicalWeight?: number;
  /** RRF constant */
  k?: number;
}

export const DEFAULT_LEXICAL_WEIGHT = 0.5;
export const DEFAULT_RRF_K = 60;

/** Scales scores to [0, 1] over the list; a list whose scores are all equal maps to 1. */
export function minMax(list: Scored[]): Map<number, number> {
  const out = new Map<number, number>();
  if (list.length === 0) return out;
  let lo = Infinity;
  let hi = -Infinity;
  for (const { score } of list) {
    if (score < lo) lo = score;
    if (score > hi) hi = score;
  }
  const span = hi - lo;
  for (const { chunkId, score } of list) out.set(chunkId, span > 0 ? (score - lo) / span : 1);
  return out;
}

/**
 * Weighted sum of min-max normalised scores. A chunk missing from one list gets 0 from it
 * (it was below that list's cut-off, so below its minimum).
 */
export function weightedFusion(lexical: Scored[], dense: Scored[], lexicalWeight = DEFAULT_LEXICAL_WEIGHT): Scored[] {
  const l = minMax(lexical);
  const d = minMax(dense);
  const ids = new Set<number>([...l.keys(), ...d.keys()]);
  const out: Scored[] = [];
  for (const id of ids) out.push({ chunkId: id, score: lexicalWeight * (l.get(id) ?? 0) + (1 - lexicalWeight) * (d.get(id) ?? 0) });
  return sortScored(out);
}

/** Reciprocal rank fusion: sum of 1 / (k + rank), rank 1-based, over the lists a chunk appears in. */
export function rrfFusion(lists: Scored[][], k = DEFAULT_RRF_K): Scored[] {
  const acc = new Map<number, number>();
  for (const list of lists) {
    const ranked = sortScored([...list]);
    ranked.forEach(({ chunkId }, i) => acc.set(chunkId, (acc.get(chunkId) ?? 0) + 1 / (k + i + 1)));
  }
  return sortScored([...acc].map(([chunkId, score]) => ({ chunkId, score })));
}

export interface ArticleScored {
  articleId: string;
  score: number;
}

export interface ArticleFusionInput {
  /** passages by cosine */
  dense: Scored[];
  /** passages by bm25 */
  lexical: Scored[];
  /** whole articles by bm25 */
  articles: ArticleScored[];
  /** article of every passage in dense and lexical */
  articleOf: Map<number, string>;
  /** a passage to show for articles found only by article search (none of their passages is a candidate) */
  firstChunk: Map<string, number>;
  lexicalWeight?: number;
}

/**
 * Article-first fusion. An article scores w·bm25(article) + (1 − w)·cosine(its best passage), each
 * min-max normalised over its list: a whole article uses words a single passage may lack, which
 * measured better than passage bm25 (README, Retrieval). Passages within an article rank by the
 * passage-level weighted sum (`weightedFusion`); a passage scores its article's score minus how far it
 * falls behind the article's best passage, so the best passage carries the article's score and the
 * others follow where their own evidence puts them. Collapsing to documents (bestChunkPerDoc) gives
 * the article ranking exactly. Pure.
 */
export function articleFusion(input: ArticleFusionInput): Scored[] {
  const w = input.lexicalWeight ?? DEFAULT_LEXICAL_WEIGHT;
  const d = minMax(input.dense);
  const l = minMax(input.lexical);
  const a = new Map<string, number>();
  {
    const byArticle = minMax(input.articles.map((x, i) => ({ chunkId: i, score: x.score })));
    input.articles.forEach((x, i) => a.set(x.articleId, byArticle.get(i)!));
  }
  // per article: best passage cosine (normalised), best passage-level score, and its passages
  const groups = new Map<string, { dense: number; best: number; passages: { chunkId: number; p: number }[] }>();
  for (const id of new Set<number>([...d.keys(), ...l.keys()])) {
    const art = input.articleOf.get(id);
    if (art === undefined) continue;
    const p = w * (l.get(id) ?? 0) + (1 - w) * (d.get(id) ?? 0);
    let g = groups.get(art);
    if (!g) groups.set(art, (g = { dense: 0, best: -Infinity, passages: [] }));
    g.dense = Math.max(g.dense, d.get(id) ?? 0);
    g.best = Math.max(g.best, p);
    g.passages.push({ chunkId: id, p });
  }
  for (const [art] of a) {
    if (groups.has(art)) continue;
    const first = input.firstChunk.get(art);
    if (first !== undefined) groups.set(art, { dense: 0, best: 0, passages: [{ chunkId: first, p: 0 }] });
  }
  const out: Scored[] = [];
  for (const [art, g] of groups) {
    const score = w * (a.get(art) ?? 0) + (1 - w) * g.dense;
    for (const { chunkId, p } of g.passages) out.push({ chunkId, score: score - (g.best - p) });
  }
  return sortScored(out);
}

export function fuse(lexical: Scored[], dense: Scored[], opts: FusionOptions = {}): Scored[] {
  if ((opts.method ?? 'weighted') === 'rrf') return rrfFusion([lexical, dense], opts.k ?? DEFAULT_RRF_K);
  return weightedFusion(lexical, dense, opts.lexicalWeight ?? DEFAULT_LEXICAL_WEIGHT);
}

/** Descending by score; ties broken by chunk id so rankings are deterministic. */
export function sortScored(list: Scored[]): Scored[] {
  return list.sort((a, b) => b.score - a.score || a.chunkId - b.chunkId);
}

/** Collapses chunk scores to documents: a document scores as its best chunk (used by eval). */
export function bestChunkPerDoc(ranked: Scored[], docOf: (chunkId: number) => string | undefined): { docId: string; score: number }[] {
  const best = new Map<string, number>();
  for (const { chunkId, score } of ranked) {
    const doc = docOf(chunkId);
    if (doc === undefined) continue;
    const prev = best.get(doc);
    if (prev === undefined || score > prev) best.set(doc, score);
  }
  return [...best].map(([docId, score]) => ({ docId, score })).sort((a, b) => b.score - a.score || (a.docId < b.docId ? -1 : a.docId > b.docId ? 1 : 0));
}
