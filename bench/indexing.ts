// Part "indexing": chunks per second through runReindex (q8 and fp32) on Reuters articles, next to
// the same ONNX file called directly (raw-onnx.ts) on exactly the texts and groups the pipeline
// embedded. Repeats are interleaved (pipeline, raw, pipeline, raw, …) so machine noise hits both.
import path from 'node:path';
import fs from 'node:fs';
import { BUNDLED_MODEL } from '../src/config.js';
import { loadEmbedder } from '../src/embed/embedder.js';
import type { Embedder, EmbeddingDtype } from '../src/embed/types.js';
import { runReindex } from '../src/index/pipeline.js';
import type { BenchContext } from './context.js';
import { embedder as sharedEmbedder, reuters } from './fixtures.js';
import { openRawModel } from './raw-onnx.js';
import type { Row } from './report.js';
import { median, round } from './stats.js';

/** Passes calls through and remembers the texts of each embed() call, in order. */
function recording(inner: Embedder): Embedder & { calls: string[][] } {
  const calls: string[][] = [];
  return {
    ...inner,
    calls,
    embed: (texts) => {
      calls.push([...texts]);
      return inner.embed(texts);
    },
    countTokens: (t) => inner.countTokens(t),
    dispose: async () => {},
  };
}

export async function indexing(ctx: BenchContext) {
  const all = await reuters(ctx);
  await sharedEmbedder(ctx); // builds the model files if needed, outside any timing
  const rows: Row[] = [];
  const data: Record<string, unknown> = {};
  const notes: string[] = [];
  for (const dtype of ['q8', 'fp32'] as EmbeddingDtype[]) {
    const repeats = ctx.sizes.indexingRepeats[dtype];
    const share = dtype === 'fp32' ? ctx.sizes.fp32Share : 1;
    const articles = all.slice(0, Math.max(1, Math.round(ctx.sizes.indexingArticles * share)));
    const e = await loadEmbedder({ model: BUNDLED_MODEL, dtype, modelsDir: ctx.modelsDir, allowRemote: false });
    const raw = await openRawModel(ctx.modelsDir, BUNDLED_MODEL, dtype);
    try {
      // warm both paths (first-call allocations) on a few texts
      const warm = articles.slice(0, 16).map((a) => `${a.title}\n\n${a.body.slice(0, 600)}`);
      await e.embed(warm);
      await raw.embed(warm);
      const pipelineRates: number[] = [];
      const embedStageRates: number[] = [];
      const rawRates: number[] = [];
      let calls: string[][] = [];
      let chunks = 0;
      for (let r = 0; r < repeats; r++) {
        const rec = recording(e);
        const dir = path.join(ctx.workDir, `indexing-${dtype}-${r}`);
        let embedStart = 0;
        let embedEnd = 0;
        const t = performance.now();
        const summary = await runReindex({
          indexDir: dir,
          embedder: rec,
          articles,
          full: true,
          hnsw: { M: ctx.hnsw.M, efConstruction: ctx.hnsw.efConstruction },
          onProgress: (p) => {
            if (p.stage === 'embed' && p.done === 0) embedStart = performance.now();
            if (p.stage === 'embed') embedEnd = performance.now();
          },
        });
        const secs = (performance.now() - t) / 1000;
        fs.rmSync(dir, { recursive: true, force: true });
        chunks = summary.chunksEmbedded;
        pipelineRates.push(chunks / secs);
        if (embedEnd > embedStart) embedStageRates.push(chunks / ((embedEnd - embedStart) / 1000));
        if (r === 0) calls = rec.calls;
        const tr = performance.now();
        for (const texts of calls) await raw.embed(texts);
        rawRates.push(chunks / ((performance.now() - tr) / 1000));
        ctx.log(
          `  ${dtype} repeat ${r + 1}/${repeats}: pipeline ${(chunks / secs).toFixed(1)} chunks/s, raw ONNX ${rawRates[r].toFixed(1)} chunks/s (${chunks} chunks)`,
        );
      }
      const p = median(pipelineRates);
      const b = median(rawRates);
      rows.push({
        metric: `${dtype} chunks/s (runReindex, end to end; ${articles.length} articles, ${chunks} chunks)`,
        value: round(p, 1),
        baseline: round(b, 1),
        baselineLabel: 'raw ONNX',
        ratio: round(p / b, 3),
        goal: 'ratio ≥ 0.85',
        pass: p / b >= 0.85,
      });
      data[dtype] = {
        articles: articles.length,
        chunks,
        repeats,
        groups: calls.length,
        pipelineChunksPerSecond: pipelineRates,
        embedStageChunksPerSecond: embedStageRates,
        rawOnnxChunksPerSecond: rawRates,
        medianRatio: p / b,
      };
    } finally {
      await e.dispose();
      await raw.dispose();
    }
  }
  const q8 = data.q8 as { pipelineChunksPerSecond: number[] };
  const fp32 = data.fp32 as { pipelineChunksPerSecond: number[] };
  rows.push({
    metric: 'q8 speed-up over fp32 (runReindex)',
    value: round(median(q8.pipelineChunksPerSecond) / median(fp32.pipelineChunksPerSecond), 2),
    unit: '×',
  });
  notes.push(
    `the first Reuters articles${ctx.sizes.fp32Share < 1 ? ` (fp32, the slow one, on the first ${Math.round(ctx.sizes.fp32Share * 100)}% of them)` : ''}; medians of interleaved repeats; end-to-end runReindex time (chunking, embedding, SQLite + FTS5 writes, HNSW inserts, publish) vs. the bare model on the same texts in the same groups; ` +
      'raw ONNX = onnxruntime-node InferenceSession with default options, same tokenizer and batch plan, mean pooling + L2 norm by hand',
  );
  return { rows, data, notes };
}
