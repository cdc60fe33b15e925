// Retrieval metrics in the standard BEIR (pytrec_eval) definitions: gain = relevance grade,
// log2 discount, ideal DCG over all judged-relevant documents; queries without a relevant
// judgment are not scored. Pure.

/** doc id → relevance grade (> 0 relevant) */
export type Judgments = Map<string, number>;

export function ndcgAt(ranked: string[], rel: Judgments, k: number): number {
  let dcg = 0;
  const top = ranked.slice(0, k);
  top.forEach((d, i) => {
    const g = rel.get(d) ?? 0;
    if (g > 0) dcg += g / Math.log2(i + 2);
  });
  const ideal = [...rel.values()]
    .filter((g) => g > 0)
    .sort((a, b) => b - a)
    .slice(0, k);
  const idcg = ideal.reduce((s, g, i) => s + g / Math.log2(i + 2), 0);
  return idcg > 0 ? dcg / idcg : 0;
}

export function recallAt(ranked: string[], rel: Judgments, k: number): number {
  const relevant = [...rel].filter(([, g]) => g > 0).map(([d]) => d);
  if (relevant.length === 0) return 0;
  const top = new Set(ranked.slice(0, k));
  return relevant.filter((d) => top.has(d)).length / relevant.length;
}

export function mrrAt(ranked: string[], rel: Judgments, k: number): number {
  const i = ranked.slice(0, k).findIndex((d) => (rel.get(d) ?? 0) > 0);
  return i < 0 ? 0 : 1 / (i + 1);
}

export interface Metrics {
  ndcg10: number;
  recall10: number;
  recall100: number;
  mrr10: number;
  /** queries scored (those with at least one relevant judgment) */
  queries: number;
}

/** Mean of each metric over the queries that have a relevant judgment. */
export function evaluate(runs: Map<string, string[]>, qrels: Map<string, Judgments>): Metrics {
  const sum = { ndcg10: 0, recall10: 0, recall100: 0, mrr10: 0 };
  let n = 0;
  for (const [qid, rel] of qrels) {
    if (![...rel.values()].some((g) => g > 0)) continue;
    const ranked = runs.get(qid) ?? [];
    sum.ndcg10 += ndcgAt(ranked, rel, 10);
    sum.recall10 += recallAt(ranked, rel, 10);
    sum.recall100 += recallAt(ranked, rel, 100);
    sum.mrr10 += mrrAt(ranked, rel, 10);
    n++;
  }
  const avg = (x: number) => (n ? x / n : 0);
  return {
    ndcg10: avg(sum.ndcg10),
    recall10: avg(sum.recall10),
    recall100: avg(sum.recall100),
    mrr10: avg(sum.mrr10),
    queries: n,
  };
}

/** Nearest-rank percentile of a list of numbers (p in 0..100). */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const s = [...values].sort((a, b) => a - b);
  const i = Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1));
  return s[i];
}
