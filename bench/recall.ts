// Part "recall": HNSW recall@10 against exact search at ~100k chunks for the default M /
// efConstruction / ef, and ef against recall and latency (to justify the default).
import type { BenchContext } from './context.js';
import { openIndex } from '../src/index/open.js';
import { embedder, heldOutQuestions, largeIndex, smallIndex, type BuiltIndex } from './fixtures.js';
import { readChunks } from './index-files.js';
import { ExactIndex } from './exact.js';
import type { Row } from './report.js';
import { distribution, round } from './stats.js';

export async function recall(ctx: BenchContext) {
  const e = await embedder(ctx);
  const questions = await heldOutQuestions(ctx, ctx.sizes.recallQueries);
  const qv = await e.embed(questions);
  const rows: Row[] = [];
  const data: Record<string, unknown> = {
    queries: questions.length,
    M: ctx.hnsw.M,
    efConstruction: ctx.hnsw.efConstruction,
    defaultEf: ctx.hnsw.ef,
  };
  const K = 10;
  const measure = async (index: BuiltIndex, efs: number[]) => {
    const chunks = readChunks(index.dir);
    const exact = new ExactIndex(chunks, e.dims);
    const truth: Set<number>[] = [];
    const exactMs: number[] = [];
    for (const q of qv) {
      const t = performance.now();
      truth.push(new Set(exact.search(q, K).map((h) => h.id)));
      exactMs.push(performance.now() - t);
    }
    const snap = openIndex(index.dir, { ef: ctx.hnsw.ef });
    try {
      const table = [];
      for (const ef of efs) {
        const ms: number[] = [];
        let hit = 0;
        for (let i = 0; i < qv.length; i++) {
          const t = performance.now();
          const got = snap.dense(qv[i], K, { ef });
          ms.push(performance.now() - t);
          hit += got.filter((g) => truth[i].has(g.chunkId)).length;
        }
        table.push({ ef, recallAt10: hit / (qv.length * K), latency: distribution(ms) });
      }
      return { chunks: chunks.length, exact: distribution(exactMs), table };
    } finally {
      snap.close();
    }
  };

  const large = await largeIndex(ctx);
  const efs = [...new Set([...ctx.sizes.efValues, ctx.hnsw.ef])].sort((a, b) => a - b);
  const big = await measure(large, efs);
  const def = big.table.find((r) => r.ef === ctx.hnsw.ef)!;
  rows.push({
    metric: `${large.label}: recall@10, default ef ${ctx.hnsw.ef} (M ${ctx.hnsw.M}, efC ${ctx.hnsw.efConstruction})`,
    value: round(def.recallAt10, 4),
    ...(big.chunks >= 90_000 ? { goal: '≥ 0.99', pass: def.recallAt10 >= 0.99 } : {}),
  });
  rows.push({
    metric: `${large.label}: HNSW query p50 at ef ${ctx.hnsw.ef}`,
    value: round(def.latency.p50, 3),
    unit: 'ms',
    baseline: round(big.exact.p50, 2),
    baselineLabel: 'exact scan p50',
    ratio: round(big.exact.p50 / def.latency.p50, 1),
  });
  for (const r of big.table) {
    if (r.ef === ctx.hnsw.ef) continue;
    rows.push({
      metric: `  ef ${r.ef}: recall@10 / p50 / p99`,
      value: `${round(r.recallAt10, 4)} / ${round(r.latency.p50, 3)} ms / ${round(r.latency.p99, 3)} ms`,
    });
  }
  const small = await smallIndex(ctx);
  const sm = await measure(small, [ctx.hnsw.ef]);
  rows.push({
    metric: `${small.label}: recall@10, default ef ${ctx.hnsw.ef}`,
    value: round(sm.table[0].recallAt10, 4),
    goal: '≥ 0.99',
    pass: sm.table[0].recallAt10 >= 0.99,
  });
  data.large = { index: large.label, ...big };
  data.small = { index: small.label, ...sm };
  return {
    rows,
    data,
    notes: [
      `recall@10 = share of the exact top 10 (brute-force cosine over every stored vector) that HNSW returns, over ${questions.length} held-out questions embedded with the real model`,
      `the large index is partly derived (see latency); isotropic noise spreads the vectors over dimensions real text vectors leave unused, which should make the search harder rather than easier`,
    ],
  };
}
