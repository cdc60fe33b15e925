// Figures for choosing the embedding defaults (not a test): model build time, chunks/s for q8 and fp32
// at a few batch sizes, int8-vs-fp32 cosine, and event-loop delay while embedding.
// Run: npx tsx src/embed/measure.ts [--n 500] [--batches 8,32,64] [--dtypes q8,fp32] [--rounds 1] [--worker]
//      npx tsx src/embed/measure.ts --retrieval /work/shared/eval/time   (nDCG@10, q8 vs fp32)
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { BUNDLED_MODEL } from '../config.js';
import { ensureBundledModel } from './build-model.js';
import { loadEmbedder } from './embedder.js';
import type { EmbeddingDtype } from './types.js';

const REUTERS = '/work/shared/corpora/reuters21578';

/** ~150-word newswire passages from Reuters-21578 (the SGML <BODY> of each story). */
export async function reutersPassages(n: number, words = 150, dir = REUTERS): Promise<string[]> {
  const out: string[] = [];
  const files = (await fs.readdir(dir)).filter((f) => f.endsWith('.sgm')).sort();
  for (const f of files) {
    const sgm = await fs.readFile(path.join(dir, f), 'latin1');
    for (const m of sgm.matchAll(/<BODY>([\s\S]*?)<\/BODY>/g)) {
      const w = m[1].replace(/&lt;/g, '<').replace(/&amp;/g, '&').replace(/\s+/g, ' ').trim().split(' ');
      if (w.length >= words * 0.8) out.push(w.slice(0, words).join(' '));
      if (out.length >= n) return out;
    }
  }
  return out;
}

export interface ThroughputFigure {
  dtype: EmbeddingDtype;
  batchSize: number;
  worker: boolean;
  chunksPerSecond: number;
  /** chunks per second of CPU time used by this process (all threads): steadier than wall time on a shared machine */
  chunksPerCpuSecond: number;
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
}

export async function measureThroughput(
  texts: string[],
  modelsDir: string,
  dtype: EmbeddingDtype,
  batchSize: number,
  worker = false,
): Promise<ThroughputFigure> {
  const e = await loadEmbedder({ model: BUNDLED_MODEL, dtype, modelsDir, allowRemote: false, batchSize, worker });
  try {
    await e.embed(texts.slice(0, batchSize)); // warm-up: first runs allocate
    const h = monitorEventLoopDelay({ resolution: 10 });
    h.enable();
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    await e.embed(texts);
    const seconds = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(c0);
    h.disable();
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    return {
      dtype,
      batchSize,
      worker,
      chunksPerSecond: texts.length / seconds,
      chunksPerCpuSecond: texts.length / cpuSeconds,
      loopDelayP99Ms: h.percentile(99) / 1e6,
      loopDelayMaxMs: h.max / 1e6,
    };
  } finally {
    await e.dispose();
  }
}

export async function measureCosine(texts: string[], modelsDir: string): Promise<{ min: number; mean: number }> {
  const a = await loadEmbedder({ model: BUNDLED_MODEL, dtype: 'fp32', modelsDir, allowRemote: false });
  const b = await loadEmbedder({ model: BUNDLED_MODEL, dtype: 'q8', modelsDir, allowRemote: false });
  const [va, vb] = [await a.embed(texts), await b.embed(texts)];
  await a.dispose();
  await b.dispose();
  const cos = va.map((v, i) => v.reduce((s, x, j) => s + x * vb[i][j], 0));
  return { min: Math.min(...cos), mean: cos.reduce((s, c) => s + c, 0) / cos.length };
}

/** nDCG@10 of plain dense retrieval (each document embedded whole, truncated at the model's window) on a BEIR folder. */
export async function measureNdcg10(beirDir: string, modelsDir: string, dtype: EmbeddingDtype): Promise<number> {
  const readJsonl = async (f: string) =>
    (await fs.readFile(path.join(beirDir, f), 'utf8'))
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { _id: string; title?: string; text: string });
  const corpus = await readJsonl('corpus.jsonl');
  const queries = await readJsonl('queries.jsonl');
  const qrels = new Map<string, Map<string, number>>();
  for (const line of (await fs.readFile(path.join(beirDir, 'qrels', 'test.tsv'), 'utf8')).split('\n').slice(1)) {
    const [q, d, score] = line.split('\t');
    if (!q || !d) continue;
    if (!qrels.has(q)) qrels.set(q, new Map());
    qrels.get(q)!.set(d, Number(score));
  }
  const e = await loadEmbedder({ model: BUNDLED_MODEL, dtype, modelsDir, allowRemote: false, worker: true });
  try {
    const docs = await e.embed(corpus.map((d) => (d.title ? `${d.title}. ${d.text}` : d.text)));
    const judged = queries.filter((q) => qrels.has(q._id));
    const qv = await e.embed(judged.map((q) => q.text));
    let total = 0;
    judged.forEach((q, i) => {
      const rel = qrels.get(q._id)!;
      const ranked = docs
        .map((v, j) => ({ id: corpus[j]._id, s: v.reduce((a, x, k) => a + x * qv[i][k], 0) }))
        .sort((a, b) => b.s - a.s)
        .slice(0, 10);
      const dcg = ranked.reduce((a, r, k) => a + (2 ** (rel.get(r.id) ?? 0) - 1) / Math.log2(k + 2), 0);
      const ideal = [...rel.values()]
        .sort((a, b) => b - a)
        .slice(0, 10)
        .reduce((a, g, k) => a + (2 ** g - 1) / Math.log2(k + 2), 0);
      total += ideal > 0 ? dcg / ideal : 0;
    });
    return total / judged.length;
  } finally {
    await e.dispose();
  }
}

async function main(): Promise<void> {
  const arg = (name: string, def: string) => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? process.argv[i + 1] : def;
  };
  const n = Number(arg('n', '500'));
  const batches = arg('batches', '8,32,64').split(',').map(Number);
  const dtypes = arg('dtypes', 'q8,fp32').split(',') as EmbeddingDtype[];
  const workerModes = process.argv.includes('--worker') ? [false, true] : [false];
  const rounds = Number(arg('rounds', '1')); // repeat the whole grid: on a shared machine, compare across rounds
  const modelsDir = await fs.mkdtemp(path.join(os.tmpdir(), 'dossier-measure-'));
  try {
    const t0 = performance.now();
    await ensureBundledModel(modelsDir);
    console.log(`model build (cold): ${((performance.now() - t0) / 1000).toFixed(2)} s`);
    const beir = arg('retrieval', '');
    if (beir) {
      for (const dtype of dtypes)
        console.log(
          `${dtype}: nDCG@10 ${(await measureNdcg10(beir, modelsDir, dtype)).toFixed(4)} on ${beir} (dense only, whole documents)`,
        );
      return;
    }
    const texts = await reutersPassages(n);
    console.log(
      `${texts.length} Reuters passages of ~150 words; ${os.cpus().length} CPUs, load ${os.loadavg()[0].toFixed(1)}`,
    );
    const short = ['who was expelled', 'oil prices', 'CIA', 'OK', 'Spies were expelled after the diplomatic row.'];
    const cos = await measureCosine([...texts.slice(0, 100), ...short], modelsDir);
    console.log(
      `int8 vs fp32 cosine on ${100 + short.length} texts: min ${cos.min.toFixed(4)}, mean ${cos.mean.toFixed(4)}`,
    );
    const grid = workerModes.flatMap((worker) =>
      dtypes.flatMap((dtype) => batches.map((bs) => ({ worker, dtype, bs }))),
    );
    for (let round = 0; round < rounds; round++) {
      for (const { worker, dtype, bs } of grid) {
        const f = await measureThroughput(texts, modelsDir, dtype, bs, worker);
        console.log(
          `${dtype.padEnd(4)} batch ${String(bs).padStart(3)}${worker ? ' worker' : '       '}: ${f.chunksPerSecond.toFixed(1).padStart(6)} chunks/s, ` +
            `${f.chunksPerCpuSecond.toFixed(1).padStart(6)} chunks/cpu-s, ` +
            `event-loop delay p99 ${f.loopDelayP99Ms.toFixed(0)} ms, max ${f.loopDelayMaxMs.toFixed(0)} ms (load ${os.loadavg()[0].toFixed(1)})`,
        );
      }
    }
  } finally {
    await fs.rm(modelsDir, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
