// What every bench part gets: where things are, how big to go (--quick or default), a logger,
// and memoised fixtures shared between parts (the corpus, the embedder, the built indexes).
import path from 'node:path';

export interface Sizes {
  /** Reuters articles indexed for the throughput part */
  indexingArticles: number;
  /** fp32 is ~3× slower: it runs on the first share of those articles */
  fp32Share: number;
  indexingRepeats: { q8: number; fp32: number };
  /** real chunks embedded for the "10k" index (vectors cached on disk) */
  smallChunks: number;
  /** chunks of the "100k" index (real + derived) */
  largeChunks: number;
  /** questions timed per index size */
  latencyQueries: number;
  warmup: number;
  recallQueries: number;
  efValues: number[];
  coldStartRepeats: number;
  /** Reuters articles of the incremental part's archive */
  incrementalArticles: number;
  incrementalRepeats: number;
  qualitySets: string[];
}

export const SIZES: Record<'quick' | 'full', Sizes> = {
  quick: {
    indexingArticles: 120,
    fp32Share: 1,
    indexingRepeats: { q8: 1, fp32: 1 },
    smallChunks: 1_000,
    largeChunks: 10_000,
    latencyQueries: 60,
    warmup: 5,
    recallQueries: 50,
    efValues: [10, 50, 100, 200],
    coldStartRepeats: 1,
    incrementalArticles: 200,
    incrementalRepeats: 1,
    qualitySets: ['time'],
  },
  full: {
    indexingArticles: 250,
    fp32Share: 0.5,
    indexingRepeats: { q8: 3, fp32: 2 },
    smallChunks: 10_000,
    largeChunks: 100_000,
    latencyQueries: 300,
    warmup: 20,
    recallQueries: 200,
    efValues: [10, 25, 50, 100, 200, 400],
    coldStartRepeats: 3,
    incrementalArticles: 400,
    incrementalRepeats: 3,
    qualitySets: ['time', 'scifact'],
  },
};

export interface BenchContext {
  repoRoot: string;
  sharedDir: string;
  modelsDir: string;
  /** bench/.cache: embeddings and eval indexes kept between runs (git-ignored) */
  cacheDir: string;
  /** a temp folder for this run's indexes, removed at the end */
  workDir: string;
  quick: boolean;
  sizes: Sizes;
  hnsw: { M: number; efConstruction: number; ef: number };
  verbose: boolean;
  log: (msg: string) => void;
  memo: Map<string, Promise<unknown>>;
}

/** Computes a fixture once per run, whichever part asks first. */
export function memo<T>(ctx: BenchContext, key: string, make: () => Promise<T>): Promise<T> {
  let p = ctx.memo.get(key) as Promise<T> | undefined;
  if (!p) {
    p = make();
    ctx.memo.set(key, p);
  }
  return p;
}

export function sharedPath(ctx: BenchContext, ...parts: string[]): string {
  return path.join(ctx.sharedDir, ...parts);
}
