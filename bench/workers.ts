// Part "workers": chunks per second through runReindex with the model in 1, 2 and 4 worker threads
// (`dossier index --workers N`) on the same Reuters articles, q8. Repeats are interleaved (1, 2, 4,
// 1, 2, 4, …) so machine noise hits every count; the baseline is one worker, measured in the same run.
import fs from 'node:fs';
import path from 'node:path';
import { BUNDLED_MODEL } from '../src/config.js';
import { loadEmbedder } from '../src/embed/embedder.js';
import type { Embedder } from '../src/embed/types.js';
import { threadsPerWorker } from '../src/embed/worker-embedder.js';
import { runReindex } from '../src/index/pipeline.js';
import type { BenchContext } from './context.js';
import { embedder as sharedEmbedder, reuters } from './fixtures.js';
import type { Row } from './report.js';
import { median, round } from './stats.js';

/** worker threads × onnxruntime threads each (undefined: threadsPerWorker); "1×1" tells apart what
 * the pool gains by running in parallel from what it gains by not using onnxruntime's own thread pool */
export const WORKER_COUNTS = [1, 2, 4];
const CONFIGS: { key: string; workers: number; threads?: number }[] = [
  ...WORKER_COUNTS.map((n) => ({ key: String(n), workers: n })),
  { key: '1x1', workers: 1, threads: 1 },
];

export async function workers(ctx: BenchContext) {
  const all = await reuters(ctx);
  await sharedEmbedder(ctx); // builds the model files if needed, outside any timing
  const articles = all.slice(0, ctx.sizes.indexingArticles);
  const repeats = ctx.sizes.indexingRepeats.q8;
  const pools = new Map<string, Embedder>();
  const rssMb = new Map<string, number>();
  const rates = new Map<string, number[]>(CONFIGS.map((c) => [c.key, []]));
  let chunks = 0;
  try {
    for (const { key, workers: n, threads } of CONFIGS) {
      const before = process.memoryUsage().rss;
      const e = await loadEmbedder({
        model: BUNDLED_MODEL,
        dtype: 'q8',
        modelsDir: ctx.modelsDir,
        allowRemote: false,
        worker: true,
        workers: n,
        threads,
      });
      await e.embed(articles.slice(0, 8 * n).map((a) => `${a.title}\n\n${a.body.slice(0, 600)}`)); // warm every worker
      rssMb.set(key, (process.memoryUsage().rss - before) / 1024 / 1024);
      pools.set(key, e);
    }
    for (let r = 0; r < repeats; r++) {
      for (const { key } of CONFIGS) {
        const dir = path.join(ctx.workDir, `workers-${key}-${r}`);
        const t = performance.now();
        const summary = await runReindex({
          indexDir: dir,
          embedder: pools.get(key)!,
          articles,
          full: true,
          hnsw: { M: ctx.hnsw.M, efConstruction: ctx.hnsw.efConstruction },
        });
        const rate = summary.chunksEmbedded / ((performance.now() - t) / 1000);
        fs.rmSync(dir, { recursive: true, force: true });
        chunks = summary.chunksEmbedded;
        rates.get(key)!.push(rate);
        ctx.log(`  repeat ${r + 1}/${repeats}, ${key} worker(s): ${rate.toFixed(1)} chunks/s (${chunks} chunks)`);
      }
    }
  } finally {
    for (const e of pools.values()) await e.dispose();
  }
  const base = median(rates.get('1')!);
  const rows: Row[] = CONFIGS.map(({ key, workers: n, threads }) => {
    const v = median(rates.get(key)!);
    const t = threads ?? threadsPerWorker(n);
    return {
      metric: `q8 chunks/s, ${n} worker${n > 1 ? 's' : ''} × ${t || "onnxruntime's default"} thread${t === 1 ? '' : 's'} (${articles.length} articles, ${chunks} chunks)`,
      value: round(v, 1),
      baseline: key !== '1' ? round(base, 1) : undefined,
      baselineLabel: key !== '1' ? '1 worker' : undefined,
      ratio: key !== '1' ? round(v / base, 2) : undefined,
    };
  });
  rows.push({
    metric: 'memory added per pool (RSS after loading + warming: 1 / 2 / 4 workers)',
    value: WORKER_COUNTS.map((n) => Math.round(rssMb.get(String(n))!)).join(' / '),
    unit: 'MB',
  });
  return {
    rows,
    data: {
      articles: articles.length,
      chunks,
      repeats,
      chunksPerSecond: Object.fromEntries(rates),
      rssMbPerPool: Object.fromEntries(rssMb),
    },
    notes: [
      `end-to-end runReindex on the first ${articles.length} Reuters articles, q8, medians of ${repeats} interleaved repeats; ${WORKER_COUNTS.join(', ')} worker threads in one process, the cores shared out between their onnxruntime sessions (threadsPerWorker), and 1 worker with 1 onnxruntime thread. On a 2-core machine shared with other jobs more than 2 workers add no cores: a gain beyond 2 comes from taking a larger share of a busy machine and from overlapping each worker's tokenising and pooling with another's model run, not from compute`,
    ],
  };
}
