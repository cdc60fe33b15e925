// `npm run bench`: speed, memory and quality figures, each next to a baseline from the same run.
// Options: --only <part>[,<part>]  --quick  --out <file>  --verbose. Not part of npm test or CI.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../src/config.js';
import { SIZES, type BenchContext } from './context.js';
import { describeMachine } from './machine.js';
import { renderNotes, renderTable, type PartResult } from './report.js';
import { indexing } from './indexing.js';
import { workers } from './workers.js';
import { incremental } from './incremental.js';
import { latency } from './latency.js';
import { timeline } from './timeline.js';
import { recall } from './recall.js';
import { memory } from './memory.js';
import { coldStart } from './coldstart.js';
import { quality } from './quality.js';
import { peersPart } from './peers.js';
import { postgresPart } from './postgres.js';

type Part = (ctx: BenchContext) => Promise<Omit<PartResult, 'part' | 'seconds'>>;

/** In run order: later parts reuse the indexes earlier ones built. */
export const PARTS: Record<string, Part> = {
  indexing,
  workers,
  incremental,
  latency,
  timeline,
  recall,
  memory,
  'cold-start': coldStart,
  quality,
  peers: peersPart,
  postgres: postgresPart,
};

const USAGE = `usage: npm run bench -- [--quick] [--only ${Object.keys(PARTS).join(',')}] [--out bench/results/latest.json] [--articles N] [--verbose]`;

function parseArgs(argv: string[]): {
  quick: boolean;
  only: string[];
  out: string;
  verbose: boolean;
  articles?: number;
} {
  const o: { quick: boolean; only: string[]; out: string; verbose: boolean; articles?: number } = {
    quick: false,
    only: [],
    out: '',
    verbose: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--quick') o.quick = true;
    else if (a === '--verbose') o.verbose = true;
    else if (a === '--articles' || a.startsWith('--articles=')) {
      o.articles = Number(a.includes('=') ? a.split('=')[1] : argv[++i]);
      if (!Number.isInteger(o.articles) || o.articles < 1) {
        console.error(`--articles needs a whole number of Reuters articles for the indexing part\n${USAGE}`);
        process.exit(2);
      }
    } else if (a === '--only' || a.startsWith('--only='))
      o.only.push(
        ...(a.includes('=') ? a.split('=')[1] : (argv[++i] ?? ''))
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
      );
    else if (a === '--out' || a.startsWith('--out=')) o.out = a.includes('=') ? a.split('=')[1] : (argv[++i] ?? '');
    else if (a === '--help' || a === '-h') {
      console.log(USAGE);
      process.exit(0);
    } else {
      console.error(`unknown option ${a}\n${USAGE}`);
      process.exit(2);
    }
  }
  const unknown = o.only.filter((p) => !(p in PARTS));
  if (unknown.length) {
    console.error(`unknown part ${unknown.join(', ')}: choose from ${Object.keys(PARTS).join(', ')}`);
    process.exit(2);
  }
  return o;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const config = loadConfig({ ...process.env, INDEX_DIR: undefined, MODELS_DIR: process.env.MODELS_DIR }, repoRoot);
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dossier-bench-'));
  const started = new Date();
  const t0 = performance.now();
  const ctx: BenchContext = {
    repoRoot,
    sharedDir: path.resolve(repoRoot, '../shared'),
    modelsDir: config.modelsDir,
    cacheDir: path.join(repoRoot, 'bench', '.cache'),
    workDir,
    quick: args.quick,
    sizes: { ...SIZES[args.quick ? 'quick' : 'full'], ...(args.articles ? { indexingArticles: args.articles } : {}) },
    hnsw: { M: config.HNSW_M, efConstruction: config.HNSW_EF_CONSTRUCTION, ef: config.HNSW_EF },
    verbose: args.verbose,
    log: (m) => process.stderr.write(`[${((performance.now() - t0) / 1000).toFixed(0).padStart(4)} s] ${m}\n`),
    memo: new Map(),
  };
  const machine = describeMachine();
  ctx.log(
    `Dossier bench (${args.quick ? 'quick' : 'full'}) on ${machine.cpuModel}, ${machine.cores} cores, Node ${machine.node}; load ${machine.loadAverageAtStart.join(' ')}`,
  );
  const selected = args.only.length ? Object.keys(PARTS).filter((p) => args.only.includes(p)) : Object.keys(PARTS);
  const results: PartResult[] = [];
  try {
    for (const name of selected) {
      ctx.log(`— ${name}`);
      const t = performance.now();
      try {
        const r = await PARTS[name](ctx);
        results.push({ part: name, ...r, seconds: (performance.now() - t) / 1000 });
      } catch (err) {
        // one broken part must not hide the others' figures
        const e = err as Error;
        ctx.log(`${name} failed: ${e.stack ?? e.message}`);
        results.push({
          part: name,
          rows: [],
          data: {},
          notes: [],
          seconds: (performance.now() - t) / 1000,
          error: e.message,
        });
      }
    }
  } finally {
    for (const p of ctx.memo.values()) {
      const v = (await (p as Promise<unknown>).catch(() => undefined)) as { dispose?: () => Promise<void> } | undefined;
      if (v && typeof v.dispose === 'function') await v.dispose().catch(() => undefined);
    }
    // BENCH_KEEP=1 keeps the built indexes for a closer look (e.g. `dossier ask` with INDEX_DIR=<dir>/index-large)
    if (process.env.BENCH_KEEP === '1') ctx.log(`kept the work folder ${workDir}`);
    else fs.rmSync(workDir, { recursive: true, force: true });
  }

  let commit = 'unknown';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: repoRoot, encoding: 'utf8' }).trim();
  } catch {
    /* not a git checkout */
  }
  const report = {
    date: started.toISOString(),
    commit,
    mode: args.quick ? 'quick' : 'full',
    parts: selected,
    seconds: Math.round((performance.now() - t0) / 100) / 10,
    machine: { ...machine, loadAverageAtEnd: os.loadavg().map((x) => Math.round(x * 100) / 100) },
    settings: { hnsw: ctx.hnsw, sizes: ctx.sizes },
    results,
  };
  const out = path.resolve(repoRoot, args.out || path.join('bench', 'results', 'latest.json'));
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
  fs.writeFileSync(`${out.replace(/\.json$/, '')}.md`, markdownReport(report, results));

  console.log(
    `\nDossier bench, ${report.date} (${report.mode}), ${machine.cpuModel}, ${machine.cores} cores, Node ${machine.node}, ${report.seconds} s\n`,
  );
  console.log(renderTable(results));
  const notes = renderNotes(results);
  if (notes) console.log(`\nNotes:\n${notes}`);
  console.log(`\nEvery figure: ${path.relative(process.cwd(), out)}`);
  if (results.some((r) => r.error)) process.exitCode = 1;
}

function markdownReport(
  report: { date: string; mode: string; seconds: number; machine: ReturnType<typeof describeMachine> },
  results: PartResult[],
): string {
  const m = report.machine;
  return [
    `# Dossier bench results`,
    '',
    `${report.date} · ${report.mode} run · ${report.seconds} s · ${m.cpuModel}, ${m.cores} cores, ${m.memoryGb} GB, Node ${m.node}, ${m.platform}`,
    '',
    renderTable(results, true),
    '',
    '## Notes',
    '',
    renderNotes(results),
    '',
  ].join('\n');
}

await main();
