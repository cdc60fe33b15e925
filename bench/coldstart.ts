// Part "cold-start": a new `dossier ask` process against an existing index, from spawn to the
// answer on stdout, next to `dossier --help` (the same runtime and CLI without the engine).
import path from 'node:path';
import { buildDistIfStale } from '../test/support/build-dist.js';
import type { BenchContext } from './context.js';
import { heldOutQuestions, largeIndex, smallIndex } from './fixtures.js';
import { BENCH_DIR, runNode } from './proc.js';
import type { Row } from './report.js';
import { median, round } from './stats.js';

interface Breakdown {
  runtimeUp: number;
  imported: number;
  modelLoaded: number;
  indexOpened: number;
  answered: number;
}

export async function coldStart(ctx: BenchContext) {
  buildDistIfStale(); // bin/dossier.js runs dist/: measure what the sources say now
  const cli = path.join(ctx.repoRoot, 'bin', 'dossier.js');
  const [question] = await heldOutQuestions(ctx, 1);
  const R = ctx.sizes.coldStartRepeats;
  const rows: Row[] = [];
  const data: Record<string, unknown> = { question, repeats: R };
  const env = (indexDir: string) => ({
    INDEX_DIR: indexDir,
    MODELS_DIR: ctx.modelsDir,
    EMBEDDING_DTYPE: 'q8',
    LOG_LEVEL: 'silent',
    NO_COLOR: '1',
  });
  // bin/dossier.js runs the compiled dist/, exactly as a user runs it
  const help: number[] = [];
  for (let r = 0; r < R; r++)
    help.push((await runNode<string>(cli, ['--help'], { parse: 'raw', tsx: false, env: env(ctx.workDir) })).wallMs);
  const baseline = median(help);
  for (const index of [await smallIndex(ctx), await largeIndex(ctx)]) {
    const first: number[] = [];
    const exit: number[] = [];
    for (let r = 0; r < R; r++) {
      const run = await runNode<string>(cli, ['ask', '--json', question], {
        parse: 'raw',
        tsx: false,
        env: env(index.dir),
      });
      if (!run.result.includes('"question"'))
        throw new Error(`dossier ask printed no answer: ${run.result.slice(0, 200)}`);
      first.push(run.firstOutputMs ?? run.wallMs);
      exit.push(run.wallMs);
    }
    const f = median(first);
    rows.push({
      metric: `${index.label}: spawn → answer printed`,
      value: round(f, 0),
      unit: 'ms',
      baseline: round(baseline, 0),
      baselineLabel: 'dossier --help',
      ratio: round(f / baseline, 2),
      goal: '< 2000 ms',
      pass: f < 2000,
    });
    // where the time goes: the same steps in a script that stamps each one
    const parts = await runNode<Breakdown>(
      path.join(BENCH_DIR, 'coldstart-child.mjs'),
      [index.dir, ctx.modelsDir, question],
      { tsx: false },
    );
    const b = parts.result;
    rows.push({
      metric: `${index.label}: cold start by step (ms)`,
      value: `runtime ${round(b.runtimeUp, 0)}, imports ${round(b.imported - b.runtimeUp, 0)}, model ${round(b.modelLoaded - b.imported, 0)}, index open ${round(b.indexOpened - b.modelLoaded, 0)}, first answer ${round(b.answered - b.indexOpened, 0)}`,
    });
    data[index.label] = { firstOutputMs: first, exitMs: exit, breakdown: b };
  }
  data.helpMs = help;
  return {
    rows,
    data,
    notes: [
      `cold start = \`node bin/dossier.js ask --json "<question>"\` (the compiled dist/: runtime, imports, model load, index open, one answer), median of ${R}; OS file cache warm (the index was just built)`,
    ],
  };
}
