// Part "peers": what a JavaScript developer would otherwise use (LangChain.js HNSWLib, Orama), fed
// the same chunks, the same vectors and the same query vectors as Dossier, plus exact brute force
// as the dense ceiling: nDCG@10 on both benchmarks and search latency (query vector supplied).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadBeir } from '../src/eval/beir.js';
import { evaluate } from '../src/eval/metrics.js';
import { evalIndexDir, rankedDocuments } from '../src/eval/run.js';
import type { Embedder } from '../src/embed/types.js';
import { openIndex } from '../src/index/open.js';
import { bestChunkPerDoc } from '../src/search/fusion.js';
import { rank } from '../src/search/search.js';
import type { SearchMethod } from '../src/search/types.js';
import { sharedPath, type BenchContext } from './context.js';
import { ExactIndex } from './exact.js';
import { embedder } from './fixtures.js';
import { readChunks } from './index-files.js';
import { BENCH_DIR } from './proc.js';
import { evalCacheDir, evalReport } from './quality.js';
import type { Row } from './report.js';
import { distribution, round } from './stats.js';

/** Chunks fetched per query before ranking documents by their best chunk (the same for everyone). */
const DEPTH = 100;

interface PeerDoc {
  key: string;
  docId: string;
  text: string;
  vector: Float32Array;
}
interface PeerQuery {
  id: string;
  text: string;
  vector: Float32Array;
}
interface Peer {
  name: string;
  settings: string;
  build(docs: PeerDoc[]): Promise<void>;
  search(q: PeerQuery, k: number): Promise<string[]>;
}

/** Loads bench/peers/adapters.ts, installing the peers package from npm first if it is missing. */
async function loadPeers(ctx: BenchContext): Promise<{ peers: Peer[] } | { why: string }> {
  const dir = path.join(BENCH_DIR, 'peers');
  try {
    if (!fs.existsSync(path.join(dir, 'node_modules', '@orama', 'orama'))) {
      ctx.log('installing the peers (bench/peers, from npm)…');
      execFileSync('npm', ['ci', '--prefix', dir, '--no-audit', '--no-fund'], {
        stdio: ctx.verbose ? 'inherit' : 'ignore',
      });
    }
  } catch (err) {
    return { why: `could not install bench/peers with npm ci (${(err as Error).message.split('\n')[0]})` };
  }
  try {
    const mod = (await import(pathToFileURL(path.join(dir, 'adapters.ts')).href)) as { peers: () => Peer[] };
    return { peers: mod.peers() };
  } catch (err) {
    return { why: `could not load the peers: ${(err as Error).message.split('\n')[0]}` };
  }
}

/** An Embedder that hands back a vector computed beforehand, so Dossier's latency excludes embedding like the peers'. */
function supplied(inner: Embedder, vector: () => Float32Array): Embedder {
  return {
    ...inner,
    embed: async (texts) => texts.map(() => vector()),
    countTokens: (t) => inner.countTokens(t),
    dispose: async () => {},
  };
}

export async function peersPart(ctx: BenchContext) {
  const loaded = await loadPeers(ctx);
  const e = await embedder(ctx);
  const rows: Row[] = [];
  const data: Record<string, unknown> = { depth: DEPTH };
  const notes: string[] = [];
  if ('why' in loaded) notes.push(`LangChain.js HNSWLib and Orama not measured: ${loaded.why}`);
  for (const set of ['time', 'scifact']) {
    if (!ctx.sizes.qualitySets.includes(set)) {
      notes.push(`${set} skipped in --quick`);
      continue;
    }
    await evalReport(ctx, set); // builds (or reuses) the cached eval index
    const b = loadBeir(sharedPath(ctx, 'eval', set));
    const dir = evalIndexDir(evalCacheDir(ctx, e), b, e, 'every');
    const chunks = readChunks(dir);
    const docOf = new Map(chunks.map((c) => [c.id, c.articleId]));
    const docs: PeerDoc[] = chunks.map((c) => ({
      key: String(c.id),
      docId: c.articleId,
      text: c.title ? `${c.title}\n\n${c.text}` : c.text,
      vector: c.vector,
    }));
    const judged = b.queries.filter((q) => b.qrels.has(q.id));
    const qv = await e.embed(judged.map((q) => q.text));
    const queries: PeerQuery[] = judged.map((q, i) => ({ id: q.id, text: q.text, vector: qv[i] }));
    const qrels = new Map(judged.map((q) => [q.id, b.qrels.get(q.id)!]));
    const systems: {
      name: string;
      settings: string;
      ndcg10?: number;
      recall100?: number;
      buildMs?: number;
      latency?: ReturnType<typeof distribution>;
      error?: string;
    }[] = [];

    const score = (runs: Map<string, string[]>) => evaluate(runs, qrels);
    const toDocs = (ranked: { chunkId: number; score: number }[]) =>
      bestChunkPerDoc(ranked, (id) => docOf.get(id))
        .slice(0, 100)
        .map((d) => d.docId);

    // Dossier itself, through the same rank() that eval uses, with the query vector supplied
    const snap = openIndex(dir, { ef: ctx.hnsw.ef });
    try {
      for (const method of ['hybrid', 'dense'] as SearchMethod[]) {
        const runs = new Map<string, string[]>();
        const ms: number[] = [];
        for (const q of queries) {
          const t = performance.now();
          const r = await rank(
            snap,
            supplied(e, () => q.vector),
            { text: q.text, method },
            { lexicalK: DEPTH, denseK: DEPTH, ef: Math.max(ctx.hnsw.ef, DEPTH) },
          );
          ms.push(performance.now() - t);
          runs.set(q.id, await rankedDocuments(snap, r, DEPTH));
        }
        const m = score(runs);
        systems.push({
          name: `Dossier ${method}`,
          settings: `rank() ${method}, HNSW M ${ctx.hnsw.M} efC ${ctx.hnsw.efConstruction} ef ${Math.max(ctx.hnsw.ef, DEPTH)}`,
          ndcg10: m.ndcg10,
          recall100: m.recall100,
          latency: distribution(ms),
        });
      }
    } finally {
      snap.close();
    }

    // the ceiling: exact cosine over every chunk vector
    {
      const t0 = performance.now();
      const exact = new ExactIndex(chunks, e.dims);
      const buildMs = performance.now() - t0;
      const runs = new Map<string, string[]>();
      const ms: number[] = [];
      for (const q of queries) {
        const t = performance.now();
        const hits = exact.search(q.vector, DEPTH);
        ms.push(performance.now() - t);
        runs.set(q.id, toDocs(hits.map((h) => ({ chunkId: h.id, score: h.score }))));
      }
      const m = score(runs);
      systems.push({
        name: 'exact brute force (dense ceiling)',
        settings: 'cosine over all vectors, JavaScript loop',
        ndcg10: m.ndcg10,
        recall100: m.recall100,
        buildMs,
        latency: distribution(ms),
      });
    }

    if ('peers' in loaded) {
      for (const p of loaded.peers) {
        try {
          const t0 = performance.now();
          await p.build(docs);
          const buildMs = performance.now() - t0;
          const runs = new Map<string, string[]>();
          const ms: number[] = [];
          for (const q of queries) {
            const t = performance.now();
            const keys = await p.search(q, DEPTH);
            ms.push(performance.now() - t);
            runs.set(q.id, toDocs(keys.map((k, i) => ({ chunkId: Number(k), score: keys.length - i }))));
          }
          const m = score(runs);
          systems.push({
            name: p.name,
            settings: p.settings,
            ndcg10: m.ndcg10,
            recall100: m.recall100,
            buildMs,
            latency: distribution(ms),
          });
        } catch (err) {
          systems.push({ name: p.name, settings: p.settings, error: (err as Error).message.split('\n')[0] });
          notes.push(`${p.name} failed on ${set}: ${(err as Error).message.split('\n')[0]}`);
        }
      }
      // the peer objects hold their index: a fresh set per benchmark
      const again = await loadPeers(ctx);
      if ('peers' in again) loaded.peers = again.peers;
    }

    const ceiling = systems.find((s) => s.name.startsWith('exact'))!;
    const dossier = systems.find((s) => s.name === 'Dossier hybrid')!;
    for (const s of systems) {
      if (s.error) {
        rows.push({ metric: `${set}: ${s.name}`, value: `failed: ${s.error}`.slice(0, 80) });
        continue;
      }
      rows.push({
        metric: `${set}: ${s.name} nDCG@10 (search p50 ${round(s.latency!.p50, 2)} ms)`,
        value: round(s.ndcg10!, 3),
        baseline: round(ceiling.ndcg10!, 3),
        baselineLabel: 'exact dense',
        ratio: round(s.ndcg10! / ceiling.ndcg10!, 3),
      });
    }
    // latency side by side, as ratios to Dossier hybrid (the default search)
    rows.push({
      metric: `${set}: search p50 ms (× Dossier hybrid)`,
      value: systems
        .filter((s) => !s.error)
        .map(
          (s) =>
            `${s.name.replace(' (dense ceiling)', '')} ${round(s.latency!.p50, 2)} (${round(s.latency!.p50 / dossier.latency!.p50, 2)}×)`,
        )
        .join(', '),
    });
    data[set] = { docs: b.corpus.length, chunks: chunks.length, queries: queries.length, systems };
  }
  notes.push(
    `peers get Dossier's own chunks (title + passage as text), stored vectors and query vectors (q8 all-MiniLM-L6-v2); every peer returns ${DEPTH} chunks and documents are ranked by their best chunk; Dossier hybrid ranks whole articles first (its own article ranking is scored); query vectors are embedded in one batch here (one by one in quality), which moves TIME hybrid by ~0.006; latency = search only, query vector supplied`,
  );
  return { rows, data, notes };
}
