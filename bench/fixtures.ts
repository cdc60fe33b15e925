// Fixtures shared by several parts: the Reuters corpus, the real embedder, held-out questions,
// and the two indexes the latency / recall / memory / cold-start parts measure (built in child
// processes, so each build's peak RSS is its own).
import path from 'node:path';
import { BUNDLED_MODEL } from '../src/config.js';
import type { Article } from '../src/archive/article.js';
import { ensureBundledModel, loadEmbedder } from '../src/embed/embedder.js';
import type { Embedder, EmbeddingDtype } from '../src/embed/types.js';
import { DEFAULT_CHUNK_OPTIONS, chunkArticle } from '../src/index/chunker.js';
import { memo, type BenchContext } from './context.js';
import { runChild } from './proc.js';
import { loadReuters } from './reuters.js';
import type { BuildSpec } from './child.js';

export function reuters(ctx: BenchContext): Promise<Article[]> {
  return memo(ctx, 'reuters', async () => {
    const { articles, stats } = loadReuters(ctx.repoRoot);
    ctx.log(
      `Reuters-21578: ${stats.stories} stories → ${articles.length} articles (${stats.skipped} without title/body, ${stats.duplicateIds} repeated title+day)`,
    );
    return articles;
  });
}

export function embedder(ctx: BenchContext, dtype: EmbeddingDtype = 'q8'): Promise<Embedder> {
  return memo(ctx, `embedder:${dtype}`, async () => {
    await ensureBundledModel(ctx.modelsDir);
    return loadEmbedder({ model: BUNDLED_MODEL, dtype, modelsDir: ctx.modelsDir, allowRemote: false });
  });
}

/** How many leading Reuters articles make about `target` chunks with the pipeline's chunker settings. */
export async function articlesForChunks(
  ctx: BenchContext,
  target: number,
): Promise<{ articles: number; chunks: number }> {
  return memo(ctx, `articlesFor:${target}`, async () => {
    const all = await reuters(ctx);
    const e = await embedder(ctx);
    const window = e.maxTokens - 2;
    let chunks = 0;
    let n = 0;
    for (const a of all) {
      if (chunks >= target) break;
      const maxTokens = Math.max(32, Math.min(DEFAULT_CHUNK_OPTIONS.maxTokens, window - e.countTokens(a.title)));
      chunks += chunkArticle(a, (s) => e.countTokens(s), { ...DEFAULT_CHUNK_OPTIONS, maxTokens }).length;
      n++;
    }
    return { articles: n, chunks };
  });
}

/**
 * Questions nobody indexed: titles of the last Reuters stories (held out of every index the bench
 * builds), lower-cased as a user would type them.
 */
export async function heldOutQuestions(ctx: BenchContext, n: number): Promise<string[]> {
  const all = await reuters(ctx);
  const out: string[] = [];
  const seen = new Set<string>();
  for (let i = all.length - 1; i >= 0 && out.length < n; i--) {
    const t = all[i].title
      .toLowerCase()
      .replace(/<[^>]*>/g, ' ')
      .replace(/\s+/g, ' ')
      .trim();
    if (t.split(' ').length < 3 || seen.has(t)) continue;
    seen.add(t);
    out.push(t);
  }
  return out;
}

export interface BuiltIndex {
  dir: string;
  label: string;
  /** what the build child reported: seconds, chunks, peak RSS, vector sources, size */
  build: {
    articles: number;
    seconds: number;
    chunks: number;
    vectorSources: Record<string, number>;
    sizeBytes: number;
    peakRssMb: number;
    rssBeforeBuildMb: number;
    totalSeconds: number;
  };
  realArticles: number;
  derivedArticles: number;
}

/** The "10k" index: real Reuters chunks with real vectors (embedded once, then from bench/.cache). */
export function smallIndex(ctx: BenchContext): Promise<BuiltIndex> {
  return memo(ctx, 'index:small', async () => {
    const { articles } = await articlesForChunks(ctx, ctx.sizes.smallChunks);
    const dir = path.join(ctx.workDir, 'index-small');
    ctx.log(
      `building the ${ctx.sizes.smallChunks.toLocaleString('en-US')}-chunk index from ${articles} real articles (real vectors; cached after the first run)…`,
    );
    const spec: BuildSpec = {
      mode: 'build',
      repoRoot: ctx.repoRoot,
      indexDir: dir,
      modelsDir: ctx.modelsDir,
      cacheDir: ctx.cacheDir,
      dtype: 'q8',
      reuters: articles,
      derived: 0,
      hnsw: { M: ctx.hnsw.M, efConstruction: ctx.hnsw.efConstruction },
    };
    const { result } = await runChild<BuiltIndex['build']>(spec, ctx.verbose);
    ctx.log(
      `  ${result.chunks} chunks in ${result.seconds.toFixed(1)} s (${JSON.stringify(result.vectorSources)}), peak RSS ${result.peakRssMb} MB`,
    );
    return {
      dir,
      label: `${Math.round(result.chunks / 1000)}k real`,
      build: result,
      realArticles: articles,
      derivedArticles: 0,
    };
  });
}

/** The "100k" index: the real small corpus plus derived articles (see derive.ts), vectors derived from the real ones. */
export function largeIndex(ctx: BenchContext): Promise<BuiltIndex> {
  return memo(ctx, 'index:large', async () => {
    const small = await smallIndex(ctx);
    const perArticle = small.build.chunks / small.realArticles;
    const derived = Math.ceil((ctx.sizes.largeChunks - small.build.chunks) / perArticle);
    const dir = path.join(ctx.workDir, 'index-large');
    ctx.log(
      `building the ~${ctx.sizes.largeChunks.toLocaleString('en-US')}-chunk index: ${small.realArticles} real + ${derived} derived articles…`,
    );
    const spec: BuildSpec = {
      mode: 'build',
      repoRoot: ctx.repoRoot,
      indexDir: dir,
      modelsDir: ctx.modelsDir,
      cacheDir: ctx.cacheDir,
      dtype: 'q8',
      reuters: small.realArticles,
      derived,
      sentenceIndexDir: small.dir,
      hnsw: { M: ctx.hnsw.M, efConstruction: ctx.hnsw.efConstruction },
    };
    const { result } = await runChild<BuiltIndex['build']>(spec, ctx.verbose);
    ctx.log(
      `  ${result.chunks} chunks in ${result.seconds.toFixed(1)} s (${JSON.stringify(result.vectorSources)}), peak RSS ${result.peakRssMb} MB`,
    );
    return {
      dir,
      label: `${Math.round(result.chunks / 1000)}k (${Math.round(small.build.chunks / 1000)}k real + derived)`,
      build: result,
      realArticles: small.realArticles,
      derivedArticles: derived,
    };
  });
}

/** The large index answering with a date filter that keeps ~40% of it (see latency). */
export const LARGE_FILTER = { from: '1987-03-01', to: '1987-03-10' };

export interface ServeRun {
  /** with a filter: the first question, which also collects the filter's passage ids */
  firstMs?: number;
  chunks: number;
  total: number[];
  bareEmbed: number[];
  stages: Record<string, number[]>;
  covered: number;
  rssOpenMb: number;
  peakRssMb: number;
}

/** Answers held-out questions against an index in a fresh process: latencies and serving memory. */
export function served(
  ctx: BenchContext,
  which: 'small' | 'large',
  filter?: typeof LARGE_FILTER,
  /** before: answered as before issue 14 (no now, windows, recency, answer types); questions: each
   * title asked as "What happened: …?", so the answer-type tagger runs on every question */
  variant?: 'before' | 'questions',
  /** answer from this Postgres (holding a copy of the index) instead of the embedded store */
  store?: string,
): Promise<ServeRun & { index: BuiltIndex }> {
  const key = `served:${which}${filter ? ':filtered' : ''}${variant ? `:${variant}` : ''}${store ? ':postgres' : ''}`;
  return memo(ctx, key, async () => {
    const index = which === 'small' ? await smallIndex(ctx) : await largeIndex(ctx);
    const titles = await heldOutQuestions(ctx, ctx.sizes.latencyQueries);
    const queries = variant === 'questions' ? titles.map((t) => `What happened: ${t}?`) : titles;
    ctx.log(
      `answering ${queries.length} held-out questions against the ${index.label} index${filter ? ` with the filter ${JSON.stringify(filter)}` : ''}…`,
    );
    const { result } = await runChild<ServeRun>(
      {
        mode: 'serve',
        indexDir: index.dir,
        modelsDir: ctx.modelsDir,
        dtype: 'q8',
        queries,
        warmup: ctx.sizes.warmup,
        filter,
        before: variant === 'before',
        store,
      },
      ctx.verbose,
    );
    return { ...result, index };
  });
}
