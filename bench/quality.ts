// Part "quality": `dossier eval` (src/eval) on ../shared/eval/time and scifact for lexical, dense and
// hybrid retrieval, next to the published references. Eval indexes are cached in bench/.cache/eval.
import path from 'node:path';
import { loadBeir } from '../src/eval/beir.js';
import { METHODS, runEval, type EvalReport } from '../src/eval/run.js';
import { memo, sharedPath, type BenchContext } from './context.js';
import { embedder } from './fixtures.js';
import { modelFingerprint } from './vector-cache.js';
import type { Embedder } from '../src/embed/types.js';
import type { Row } from './report.js';
import { round } from './stats.js';

/** Published nDCG@10 references from ../shared/eval/README.md. */
const REFERENCE: Record<string, Record<string, { value: number; label: string }>> = {
  time: { lexical: { value: 0.652, label: 'published BM25' } },
  scifact: { lexical: { value: 0.665, label: 'BEIR BM25' }, dense: { value: 0.645, label: 'published MiniLM' } },
};

/** Eval indexes are cached per model file: a rebuilt model must not be scored with old vectors. */
export function evalCacheDir(ctx: BenchContext, e: Embedder): string {
  return path.join(ctx.cacheDir, 'eval', modelFingerprint(ctx.modelsDir, e.modelId, e.dtype));
}

export function evalReport(ctx: BenchContext, set: string): Promise<EvalReport> {
  return memo(ctx, `eval:${set}`, async () => {
    const b = loadBeir(sharedPath(ctx, 'eval', set));
    const e = await embedder(ctx);
    ctx.log(`dossier eval on ${set} (${b.corpus.length} documents; the index is cached in bench/.cache/eval)…`);
    return runEval(b, {
      embedder: e,
      cacheDir: evalCacheDir(ctx, e),
      methods: [...METHODS.lexical, ...METHODS.dense, ...METHODS.hybrid],
      hnsw: { M: ctx.hnsw.M, efConstruction: ctx.hnsw.efConstruction },
      ef: ctx.hnsw.ef,
    });
  });
}

export async function quality(ctx: BenchContext) {
  const rows: Row[] = [];
  const data: Record<string, unknown> = {};
  const notes: string[] = [];
  for (const set of ['time', 'scifact']) {
    if (!ctx.sizes.qualitySets.includes(set)) {
      notes.push(`${set} skipped in --quick (its first index build embeds ~5k documents); run without --quick`);
      continue;
    }
    const r = await evalReport(ctx, set);
    for (const row of r.rows) {
      const ref = REFERENCE[set]?.[row.method];
      rows.push({
        metric: `${set}: ${row.method} nDCG@10 (R@100 ${round(row.recall100, 3)}, p50 ${round(row.p50Ms, 1)} ms)`,
        value: round(row.ndcg10, 3),
        ...(ref ? { baseline: ref.value, baselineLabel: ref.label, ratio: round(row.ndcg10 / ref.value, 3) } : {}),
      });
    }
    data[set] = r;
  }
  notes.push(
    'quality = src/eval runEval (what `dossier eval` prints): hybrid and lexical rank whole articles first (the article ranking is scored), dense ranks documents by their best chunk; p50 includes embedding the query',
  );
  return { rows, data, notes };
}
