// Part "postgres": the PostgreSQL + pgvector store beside the embedded one on the same indexes (the
// vectors copied, not re-embedded): write throughput, dense recall@10 against exact search, answer
// p50/p99 and memory per process. The server is PGlite (PostgreSQL in WebAssembly, one backend
// session) started in its own process; a real server's figures will differ (see README, Operations).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { openIndex } from '../src/index/open.js';
import { copyToPostgres } from '../src/store/migrate.js';
import type { PgSnapshot } from '../src/store/postgres/snapshot.js';
import { PostgresStore } from '../src/store/postgres/store.js';
import type { BenchContext } from './context.js';
import { ExactIndex } from './exact.js';
import { densePlan, probeHalfvec } from './halfvec.js';
import { embedder, heldOutQuestions, largeIndex, served, smallIndex, type BuiltIndex } from './fixtures.js';
import { readChunks } from './index-files.js';
import { BENCH_DIR } from './proc.js';
import { percentileRows, type Row, stagesText } from './report.js';
import { distribution, round } from './stats.js';

/** Starts bench/pg-server.ts in its own process; resolves with its URL, pid and a stop function. */
function startServer(dataDir: string): Promise<{ url: string; pid: number; stop: () => void }> {
  return new Promise((resolve, reject) => {
    const port = 56000 + Math.floor(Math.random() * 1000);
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(BENCH_DIR, 'pg-server.ts'), String(port), dataDir],
      {
        cwd: path.resolve(BENCH_DIR, '..'),
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    child.on('error', reject);
    child.stdout.on('data', (d: Buffer) => {
      const line = d.toString().trim();
      if (line.startsWith('postgres://')) resolve({ url: line, pid: child.pid!, stop: () => child.kill('SIGTERM') });
    });
    child.on('exit', (code) => reject(new Error(`the PGlite server exited (${code})`)));
  });
}

/** Peak resident memory of a process, in MB (Linux). */
function peakRssMb(pid: number): number | undefined {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Math.round(Number(m[1]) / 1024) : undefined;
  } catch {
    return undefined;
  }
}

export async function postgresPart(ctx: BenchContext) {
  const rows: Row[] = [];
  const data: Record<string, unknown> = {};
  const e = await embedder(ctx);
  const questions = await heldOutQuestions(ctx, ctx.sizes.recallQueries);
  const qv = await e.embed(questions);
  const K = 10;
  // copying 106k passages into PGlite takes ~20 minutes here: the large index only when asked (or --quick)
  const large = ctx.sizes.largeChunks <= 20_000 || process.env.BENCH_PG_LARGE === '1';
  for (const which of large ? (['small', 'large'] as const) : (['small'] as const)) {
    const index: BuiltIndex = which === 'small' ? await smallIndex(ctx) : await largeIndex(ctx);
    const server = await startServer(path.join(ctx.workDir, `pglite-${which}`));
    const store = new PostgresStore(server.url);
    try {
      ctx.log(`copying the ${index.label} index into Postgres (PGlite)…`);
      const copy = await copyToPostgres(index.dir, store);
      const label = `${index.label}`;
      rows.push({
        metric: `${label}: Postgres (PGlite) write, chunks/s (vectors given)`,
        value: round(copy.chunks / copy.seconds, 1),
        unit: 'chunks/s',
        baseline: round(index.build.chunks / index.build.seconds, 1),
        baselineLabel: 'embedded build chunks/s (cached vectors)',
        ratio: round(copy.chunks / copy.seconds / (index.build.chunks / index.build.seconds), 2),
      });
      // recall@10 of the approximate index against exact search, both stores at HNSW_EF
      const exact = new ExactIndex(readChunks(index.dir), e.dims);
      const truth = qv.map((q) => new Set(exact.search(q, K).map((h) => h.id)));
      const local = openIndex(index.dir, { ef: ctx.hnsw.ef });
      const pg = await store.open({ ef: ctx.hnsw.ef });
      let hitLocal = 0;
      let hitPg = 0;
      const pgMs: number[] = [];
      for (let i = 0; i < qv.length; i++) {
        hitLocal += local.dense(qv[i], K).filter((h) => truth[i].has(h.chunkId)).length;
        const t = performance.now();
        const got = await pg.dense(qv[i], K);
        pgMs.push(performance.now() - t);
        hitPg += got.filter((h) => truth[i].has(h.chunkId)).length;
      }
      local.close();
      rows.push({
        metric: `${label}: Postgres recall@10 vs exact (ef ${ctx.hnsw.ef})`,
        value: round(hitPg / (qv.length * K), 4),
        baseline: round(hitLocal / (qv.length * K), 4),
        baselineLabel: 'embedded (hnswlib)',
      });
      const plan = await densePlan(server.url, (pg as PgSnapshot).schema, ctx.hnsw.ef, qv[0], K);
      rows.push({
        metric: `${label}: Postgres dense query p50 (${plan})`,
        value: round(distribution(pgMs).p50, 2),
        unit: 'ms',
      });
      // halfvec beside vector on the smaller index (the issue: "vector(384), or halfvec if measured equal")
      const halfvec =
        which === 'small'
          ? await probeHalfvec(server.url, (pg as PgSnapshot).schema, e.dims, { ...ctx.hnsw }, qv, truth, K)
          : undefined;
      if (halfvec) {
        rows.push({
          metric: `${label}: Postgres halfvec(${e.dims}) HNSW recall@10 vs exact`,
          value: halfvec.recall.halfvec,
          baseline: halfvec.recall.vector,
          baselineLabel: `vector(${e.dims}), same M/ef, same run`,
        });
        rows.push({
          metric: `${label}: Postgres halfvec HNSW index size`,
          value: halfvec.indexMb.halfvec,
          unit: 'MB',
          baseline: halfvec.indexMb.vector,
          baselineLabel: 'vector',
          ratio: round(halfvec.indexMb.halfvec / halfvec.indexMb.vector, 2),
        });
        rows.push({
          metric: `${label}: Postgres halfvec dense query p50`,
          value: halfvec.p50Ms.halfvec,
          unit: 'ms',
          baseline: halfvec.p50Ms.vector,
          baselineLabel: 'vector',
        });
      }
      // answers in a fresh process, as the bot answers
      const base = await served(ctx, which);
      const viaPg = await served(ctx, which, undefined, undefined, server.url);
      const a = distribution(viaPg.total);
      const b = distribution(base.total);
      rows.push(...percentileRows(`${label}: Postgres answer`, a, b, (p) => `embedded ${p}`, { ps: ['p50', 'p99'] }));
      const pgStages = Object.fromEntries(Object.entries(viaPg.stages).map(([k, v]) => [k, distribution(v)]));
      rows.push({
        metric: `${label}: Postgres answer stages p50/p99 ms`,
        value: stagesText(pgStages, ['embed', 'lexical', 'dense', 'fusion', 'passages', 'fetch', 'answer']),
      });
      const serverMb = peakRssMb(server.pid);
      rows.push({
        metric: `${label}: memory per process, peak RSS`,
        value: `bot ${viaPg.peakRssMb} MB + PGlite server ${serverMb ?? '?'} MB`,
        baseline: `${base.peakRssMb} MB`,
        baselineLabel: 'embedded bot',
      });
      data[which] = {
        copy,
        recall: { postgres: hitPg / (qv.length * K), embedded: hitLocal / (qv.length * K) },
        halfvec,
        densePlan: plan,
        answer: { postgres: a, embedded: b, postgresStages: pgStages },
        memory: { bot: viaPg.peakRssMb, server: serverMb, embedded: base.peakRssMb },
      };
    } finally {
      await store.close();
      server.stop();
    }
  }
  return {
    rows,
    data,
    notes: [
      ...(large
        ? []
        : ['the ~100k index is left out of this part (BENCH_PG_LARGE=1 adds it; ~20 min to copy into PGlite)']),
      'PGlite (PostgreSQL 18 + pgvector 0.8 compiled to WebAssembly, one backend session: queries from all connections take turns) in its own process on this machine; a native PostgreSQL server is expected to be faster, and was not available here',
    ],
  };
}
