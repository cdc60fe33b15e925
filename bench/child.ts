// Runs one measured job in its own process, so each peak-RSS figure belongs to that job alone.
// Usage: tsx bench/child.ts '<json spec>'; prints progress to stderr and one "RESULT {json}" line.
import { loadConfig, BUNDLED_MODEL } from '../src/config.js';
import { loadEmbedder } from '../src/embed/embedder.js';
import type { Embedder, EmbeddingDtype } from '../src/embed/types.js';
import { runReindex } from '../src/index/pipeline.js';
import { BEFORE_NOW } from '../src/eval/methods.js';
import { createService } from '../src/service.js';
import { loadReuters } from './reuters.js';
import { cachingEmbedder, modelFingerprint, VectorCache } from './vector-cache.js';
import { deriveArticles, derivingEmbedder, sentenceVectors } from './derive.js';
import { indexSizeBytes, readChunks } from './index-files.js';

export interface BuildSpec {
  mode: 'build';
  repoRoot: string;
  indexDir: string;
  modelsDir: string;
  cacheDir: string;
  dtype: EmbeddingDtype;
  /** first N Reuters articles, embedded for real (or taken from the vector cache) */
  reuters: number;
  /** derived articles on top (vectors derived from the real index in sentenceIndexDir) */
  derived: number;
  sentenceIndexDir?: string;
  hnsw: { M: number; efConstruction: number };
}

export interface ServeSpec {
  mode: 'serve';
  indexDir: string;
  modelsDir: string;
  dtype: EmbeddingDtype;
  queries: string[];
  warmup: number;
  /** asked with every question (author / date range), to time filtered answers */
  filter?: { author?: string; from?: string; to?: string };
  /** answer as before issue 14 (the same-run baseline for the latency of time and answer types) */
  before?: boolean;
  /** INDEX_STORE: answer from this Postgres instead of indexDir */
  store?: string;
}

const mb = (kb: number) => Math.round(kb / 1024);

async function build(s: BuildSpec) {
  const t0 = performance.now();
  const real = await loadEmbedder({ model: BUNDLED_MODEL, dtype: s.dtype, modelsDir: s.modelsDir, allowRemote: false });
  const cache = VectorCache.open(
    s.cacheDir,
    real.modelId,
    real.dtype,
    modelFingerprint(s.modelsDir, real.modelId, real.dtype),
    real.dims,
  );
  const { articles } = loadReuters(s.repoRoot, s.reuters);
  let embedder: Embedder;
  let stats: Record<string, number>;
  if (s.derived > 0) {
    if (!s.sentenceIndexDir)
      throw new Error('a derived build needs sentenceIndexDir (a real index to derive vectors from)');
    const bySentence = sentenceVectors(readChunks(s.sentenceIndexDir));
    const derived = deriveArticles(articles, s.derived);
    articles.push(...derived);
    const d = derivingEmbedder(real, (t) => cache.get(t), bySentence);
    embedder = d;
    stats = d.stats as unknown as Record<string, number>;
  } else {
    const c = cachingEmbedder(real, cache);
    embedder = c;
    stats = c.stats as unknown as Record<string, number>;
  }
  const rssBeforeBuild = process.memoryUsage().rss;
  const summary = await runReindex({ indexDir: s.indexDir, embedder, articles, full: true, hnsw: s.hnsw });
  const result = {
    articles: articles.length,
    seconds: summary.seconds,
    chunks: summary.chunksEmbedded,
    vectorSources: stats,
    sizeBytes: indexSizeBytes(s.indexDir),
    rssBeforeBuildMb: Math.round(rssBeforeBuild / 2 ** 20),
    peakRssMb: mb(process.resourceUsage().maxRSS),
    totalSeconds: (performance.now() - t0) / 1000,
  };
  await real.dispose();
  return result;
}

async function serve(s: ServeSpec) {
  const config = loadConfig({
    INDEX_DIR: s.indexDir,
    ...(s.store ? { INDEX_STORE: s.store } : {}),
    MODELS_DIR: s.modelsDir,
    EMBEDDING_DTYPE: s.dtype,
    LOG_LEVEL: 'silent',
  });
  const embedder = await loadEmbedder({
    model: config.EMBEDDING_MODEL,
    dtype: config.EMBEDDING_DTYPE,
    modelsDir: config.modelsDir,
    allowRemote: false,
  });
  const before = s.before ? BEFORE_NOW : {};
  const service = await createService(config, {
    embedder,
    watch: false,
    search: before.search,
    answer: before.answer,
    embedSentences: before.embedSentences,
    perArticle: before.perArticle,
  });
  if (!(await service.ready())) throw new Error((await service.unavailableReason()) ?? 'index not available');
  const rssOpenMb = Math.round(process.memoryUsage().rss / 2 ** 20);
  const f = s.filter ?? {};
  // the first filtered question also collects the filter's passage ids (kept for the next ones)
  let firstMs: number | undefined;
  if (s.filter) {
    const t = performance.now();
    await service.ask({ text: s.queries[s.queries.length - 1], ...f });
    firstMs = performance.now() - t;
  }
  for (let i = 0; i < s.warmup; i++) await service.ask({ text: s.queries[i % s.queries.length], ...f });
  const total: number[] = [];
  const bareEmbed: number[] = [];
  const stages: Record<string, number[]> = {};
  let covered = 0;
  for (let i = 0; i < s.queries.length; i++) {
    const q = s.queries[i];
    // the bare embedding of the same text, alternating order so neither side always runs warm
    const bare = async () => {
      const t = performance.now();
      await embedder.embed([q]);
      bareEmbed.push(performance.now() - t);
    };
    if (i % 2) await bare();
    const t = performance.now();
    const { answer, result } = await service.ask({ text: q, ...f });
    total.push(performance.now() - t);
    if (!(i % 2)) await bare();
    if (answer.covered) covered++;
    for (const [k, v] of Object.entries(result.timings)) (stages[k] ??= []).push(v);
  }
  const stats = await service.stats();
  await service.close();
  await embedder.dispose();
  return {
    chunks: stats?.chunks,
    total,
    bareEmbed,
    stages,
    covered,
    rssOpenMb,
    peakRssMb: mb(process.resourceUsage().maxRSS),
    firstMs,
  };
}

const spec = JSON.parse(process.argv[2] ?? '{}') as BuildSpec | ServeSpec;
try {
  const result = spec.mode === 'build' ? await build(spec) : await serve(spec);
  process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
} catch (err) {
  process.stdout.write(`RESULT ${JSON.stringify({ error: (err as Error).stack ?? String(err) })}\n`);
  process.exitCode = 1;
}
