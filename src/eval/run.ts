// `dossier eval`: indexes a BEIR corpus into a cached index (re-used when corpus, model and chunker
// are unchanged: the re-index is incremental), runs every judged query with each method and scores
// documents by their best chunk.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Article } from '../archive/article.js';
import type { Embedder } from '../embed/types.js';
import { DEFAULT_CHUNK_OPTIONS, type ChunkOptions, type TitleMode } from '../index/chunker.js';
import { runReindex } from '../index/pipeline.js';
import type { IndexSnapshot, ProgressListener, ReindexSummary } from '../index/types.js';
import { bestChunkPerDoc } from '../search/fusion.js';
import { rank, type Ranking, type SearchOptions } from '../search/search.js';
import type { Beir } from './beir.js';
import { evaluate, percentile, type Metrics } from './metrics.js';
import { bestThresholds, collectSignals, rates, type Labelled, type Rates } from './calibrate.js';
import { DEFAULT_THRESHOLDS } from '../search/threshold.js';
import { EVAL_DEPTH, METHODS, type EvalMethod } from './methods.js';
import { openEvalSnapshot } from './store-snapshot.js';

export { EVAL_DEPTH, METHODS, type EvalMethod };

export interface EvalRow extends Metrics {
  method: string;
  p50Ms: number;
  p95Ms: number;
}

export interface EvalReport {
  benchmark: string;
  docs: number;
  chunks: number;
  titleMode: TitleMode;
  chunk: ChunkOptions;
  indexSeconds: number;
  reusedIndex: boolean;
  rows: EvalRow[];
  calibration?: Calibration;
  /** the store measured, when not the embedded one */
  store?: string;
}

export interface Calibration {
  /** benchmark whose queries served as the unanswerable set */
  against: string;
  answerable: number;
  unanswerable: number;
  /** rates with the shipped thresholds */
  defaults: Rates;
  /** the best thresholds on this pair alone (for reference: defaults are chosen over both pairs) */
  best: Rates;
  samples: Labelled[];
}

export interface EvalOptions {
  embedder: Embedder;
  /** parent folder of cached benchmark indexes */
  cacheDir: string;
  /** where the model lives: its build record keys the cache */
  modelsDir?: string;
  methods: EvalMethod[];
  hnsw: { M: number; efConstruction: number };
  ef: number;
  titleMode?: TitleMode;
  /** chunk size and overlap (default: the index's defaults) */
  chunk?: ChunkOptions;
  limitQueries?: number;
  /** the day every query is asked on (default: today) */
  now?: string;
  /** candidate depth per list; documents are ranked from these chunks (≥ 100 documents needed for Recall@100) */
  k?: number;
  search?: SearchOptions;
  onProgress?: ProgressListener;
  onQuery?: (done: number, total: number) => void;
  /** another benchmark whose queries are unanswerable from this corpus: calibrate the threshold */
  calibrateAgainst?: Beir;
  /** measure the index copied into this Postgres (postgres://…) instead of the embedded store */
  store?: string;
}

/** BEIR docs as articles: the BEIR id is the article id; an empty title stays empty (nothing invented to embed). */
export function beirArticles(b: Beir): Article[] {
  return b.corpus.map((d) => ({
    id: d.id,
    title: d.title,
    body: d.text,
    tags: [],
    origin: { file: path.join(b.dir, 'corpus.jsonl') },
  }));
}

/**
 * What identifies the model build beyond its id and dtype: the bundled model's build record (file
 * hashes), so vectors embedded by an earlier build of the model are never queried with a newer one.
 */
export function modelFingerprint(modelsDir: string | undefined, modelId: string): string {
  if (!modelsDir) return '';
  try {
    return createHash('sha256')
      .update(fs.readFileSync(path.join(modelsDir, ...modelId.split('/'), 'dossier-build.json')))
      .digest('hex')
      .slice(0, 12);
  } catch {
    return '';
  }
}

/** Cache folder of a benchmark index: one per corpus folder, model (and its build), dtype, title mode and chunk size. */
export function evalIndexDir(
  cacheDir: string,
  b: Pick<Beir, 'dir'>,
  embedder: Embedder,
  titleMode: TitleMode,
  chunk: ChunkOptions = DEFAULT_CHUNK_OPTIONS,
  modelBuild = '',
): string {
  const sameAsDefault =
    chunk.maxTokens === DEFAULT_CHUNK_OPTIONS.maxTokens && chunk.overlapTokens === DEFAULT_CHUNK_OPTIONS.overlapTokens;
  const parts: unknown[] = [b.dir, embedder.modelId, embedder.dtype, titleMode, modelBuild];
  if (!sameAsDefault) parts.push(chunk.maxTokens, chunk.overlapTokens);
  const key = createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 12);
  return path.join(
    cacheDir,
    `${path.basename(b.dir)}-${titleMode}${sameAsDefault ? '' : `-c${chunk.maxTokens}`}-${key}`,
  );
}

export async function ensureEvalIndex(b: Beir, o: EvalOptions): Promise<{ dir: string; summary: ReindexSummary }> {
  const titleMode = o.titleMode ?? 'every';
  const dir = evalIndexDir(
    o.cacheDir,
    b,
    o.embedder,
    titleMode,
    o.chunk,
    modelFingerprint(o.modelsDir, o.embedder.modelId),
  );
  fs.mkdirSync(dir, { recursive: true });
  // incremental: an unchanged corpus embeds nothing and publishes nothing
  const summary = await runReindex({
    indexDir: dir,
    embedder: o.embedder,
    articles: beirArticles(b),
    hnsw: o.hnsw,
    titleMode,
    chunk: o.chunk,
    onProgress: o.onProgress,
  });
  return { dir, summary };
}

/** Documents for one query, best chunk first, at most 100. */
async function runQuery(
  snap: IndexSnapshot,
  o: EvalOptions,
  text: string,
  m: EvalMethod,
): Promise<{ docs: string[]; ms: number }> {
  const k = o.k ?? EVAL_DEPTH;
  const t = performance.now();
  const r = await rank(
    snap,
    o.embedder,
    { text, method: m.method, ...(o.now ? { now: o.now } : {}) },
    { ...o.search, lexicalK: k, denseK: k, ef: Math.max(o.ef, k), fusion: m.fusion ?? o.search?.fusion },
  );
  const ms = performance.now() - t;
  return { docs: await rankedDocuments(snap, r, k), ms };
}

/**
 * The top 100 documents of a ranking: the article ranking itself under article-first retrieval,
 * else documents ranked by their best passage among the first `depth` passages.
 */
export async function rankedDocuments(snap: IndexSnapshot, r: Ranking, depth = EVAL_DEPTH): Promise<string[]> {
  if (r.articles) return r.articles.slice(0, 100).map((a) => a.articleId);
  const head = r.ranked.slice(0, depth);
  const docOf = new Map((await snap.chunks(head.map((h) => h.chunkId))).map((c) => [c.chunkId, c.articleId]));
  return bestChunkPerDoc(head, (id) => docOf.get(id))
    .slice(0, 100)
    .map((d) => d.docId);
}

export async function runEval(b: Beir, o: EvalOptions): Promise<EvalReport> {
  const t0 = performance.now();
  const { dir, summary } = await ensureEvalIndex(b, o);
  const indexSeconds = (performance.now() - t0) / 1000;
  const opened = await openEvalSnapshot(dir, o.ef, o.store);
  const { snap } = opened;
  try {
    const judged = b.queries.filter((q) => b.qrels.has(q.id));
    const queries = o.limitQueries ? judged.slice(0, o.limitQueries) : judged;
    const qrels = new Map(queries.map((q) => [q.id, b.qrels.get(q.id)!]));
    const rows: EvalRow[] = [];
    let done = 0;
    const total = queries.length * o.methods.length;
    for (const m of o.methods) {
      const runs = new Map<string, string[]>();
      const times: number[] = [];
      for (const q of queries) {
        const { docs, ms } = await runQuery(snap, o, q.text, m);
        runs.set(q.id, docs);
        times.push(ms);
        o.onQuery?.(++done, total);
      }
      rows.push({
        method: m.name,
        ...evaluate(runs, qrels),
        p50Ms: percentile(times, 50),
        p95Ms: percentile(times, 95),
      });
    }
    let calibration: Calibration | undefined;
    if (o.calibrateAgainst) {
      const other = o.calibrateAgainst;
      const pos = await collectSignals(
        snap,
        o.embedder,
        queries.map((q) => q.text),
        true,
      );
      const negQueries = other.queries.filter((q) => other.qrels.has(q.id));
      const neg = await collectSignals(
        snap,
        o.embedder,
        (o.limitQueries ? negQueries.slice(0, o.limitQueries) : negQueries).map((q) => q.text),
        false,
      );
      const samples = [...pos, ...neg];
      calibration = {
        against: path.basename(other.dir),
        answerable: pos.length,
        unanswerable: neg.length,
        defaults: rates(samples, DEFAULT_THRESHOLDS),
        best: bestThresholds(samples),
        samples,
      };
    }
    return {
      calibration,
      benchmark: path.basename(b.dir),
      docs: b.corpus.length,
      chunks: snap.manifest.chunks,
      titleMode: o.titleMode ?? 'every',
      chunk: o.chunk ?? DEFAULT_CHUNK_OPTIONS,
      indexSeconds,
      reusedIndex: summary.chunksEmbedded === 0,
      rows,
      ...(o.store && o.store !== 'embedded' ? { store: 'postgres' } : {}),
    };
  } finally {
    await opened.close();
  }
}

/** The report as a table for the terminal. */
export function formatReport(r: EvalReport): string {
  const f = (x: number) => x.toFixed(3);
  const lines = [
    `${r.benchmark}${r.store ? ` (${r.store} store)` : ''}: ${r.docs} documents, ${r.chunks} chunks of ≤ ${r.chunk.maxTokens} tokens (title: ${r.titleMode}); index ${r.reusedIndex ? 'reused' : 'built'} in ${r.indexSeconds.toFixed(1)} s; ${r.rows[0]?.queries ?? 0} queries`,
    '',
    'method       nDCG@10  Recall@10  Recall@100  MRR@10   p50 ms   p95 ms',
  ];
  for (const row of r.rows) {
    lines.push(
      `${row.method.padEnd(12)} ${f(row.ndcg10).padStart(7)}  ${f(row.recall10).padStart(9)}  ${f(row.recall100).padStart(10)}  ${f(row.mrr10).padStart(6)}  ${row.p50Ms.toFixed(1).padStart(7)}  ${row.p95Ms.toFixed(1).padStart(7)}`,
    );
  }
  if (r.calibration) {
    const c = r.calibration;
    const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
    const t = (x: Rates) =>
      `dense ≥ ${x.thresholds.dense}, or dense ≥ ${x.thresholds.denseWithTerms} with ${pct(x.thresholds.terms)} of the terms`;
    lines.push(
      '',
      `answerability: ${c.answerable} ${r.benchmark} queries (answerable) vs ${c.unanswerable} ${c.against} queries (unanswerable here)`,
      `  shipped (${t(c.defaults)}): ${pct(c.defaults.coveredRate)} covered, ${pct(c.defaults.rejectedRate)} rejected`,
      `  best on this pair (${t(c.best)}): ${pct(c.best.coveredRate)} covered, ${pct(c.best.rejectedRate)} rejected`,
    );
  }
  return lines.join('\n');
}
