import { describe, expect, it } from 'vitest';
import { evaluate, mrrAt, ndcgAt, percentile, recallAt } from '../../src/eval/metrics.js';
import { parseQrels } from '../../src/eval/beir.js';

describe('BEIR metrics on a hand-made qrels', () => {
  // q1: relevant d1 (grade 1), d3 (grade 2); q2: relevant d9 (not retrieved); q3: judged non-relevant only
  const qrels = parseQrels('query-id\tcorpus-id\tscore\nq1\td1\t1\nq1\td3\t2\nq2\td9\t1\nq3\td1\t0\n');
  const runs = new Map([
    ['q1', ['d3', 'd2', 'd1']],
    ['q2', ['d1', 'd2']],
    ['q3', ['d1']],
  ]);
  it('nDCG@10 uses gain = grade and a log2 discount', () => {
    const rel = qrels.get('q1')!;
    // DCG = 2/log2(2) + 1/log2(4) = 2.5 ; IDCG = 2 + 1/log2(3)
    expect(ndcgAt(runs.get('q1')!, rel, 10)).toBeCloseTo(2.5 / (2 + 1 / Math.log2(3)), 6);
    expect(ndcgAt(['d1', 'd3'], rel, 1)).toBeCloseTo(1 / 2, 6);
  });
  it('recall and MRR', () => {
    const rel = qrels.get('q1')!;
    expect(recallAt(runs.get('q1')!, rel, 2)).toBe(0.5);
    expect(recallAt(runs.get('q1')!, rel, 10)).toBe(1);
    expect(mrrAt(['d2', 'd1'], rel, 10)).toBe(0.5);
    expect(mrrAt(['d2', 'd1'], rel, 1)).toBe(0);
  });
  it('averages over queries with a relevant judgment only', () => {
    const m = evaluate(runs, qrels);
    expect(m.queries).toBe(2);
    expect(m.ndcg10).toBeCloseTo((2.5 / (2 + 1 / Math.log2(3)) + 0) / 2, 6);
    expect(m.recall10).toBe(0.5);
    expect(m.mrr10).toBe(0.5);
  });
  it('percentile is nearest-rank', () => {
    expect(percentile([5, 1, 4, 2, 3], 50)).toBe(3);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 95)).toBe(10);
    expect(percentile([], 50)).toBe(0);
  });
});
