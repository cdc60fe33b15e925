// Part "incremental": re-indexing an unchanged archive, one changed article and 1% changed,
// against a full build of the same archive (same process, same embedder, medians of repeats).
import path from 'node:path';
import type { Article } from '../src/archive/article.js';
import { runReindex } from '../src/index/pipeline.js';
import type { ReindexSummary } from '../src/index/types.js';
import type { BenchContext } from './context.js';
import { embedder, reuters } from './fixtures.js';
import type { Row } from './report.js';
import { median, round } from './stats.js';

/** A copy of the archive where the articles at `which` have one sentence added (a real edit). */
function edited(archive: Article[], which: number[], tag: string): Article[] {
  const set = new Set(which);
  return archive.map((a, i) =>
    set.has(i)
      ? { ...a, body: `${a.body}\n\nCorrection (${tag}): an earlier version of this story misstated a figure.` }
      : a,
  );
}

export async function incremental(ctx: BenchContext) {
  const archive = (await reuters(ctx)).slice(0, ctx.sizes.incrementalArticles);
  const e = await embedder(ctx, 'q8');
  const dir = path.join(ctx.workDir, 'incremental');
  const hnsw = { M: ctx.hnsw.M, efConstruction: ctx.hnsw.efConstruction };
  const R = ctx.sizes.incrementalRepeats;
  const run = async (articles: Article[], full: boolean): Promise<{ ms: number; s: ReindexSummary }> => {
    const t = performance.now();
    const s = await runReindex({ indexDir: dir, embedder: e, articles, full, hnsw });
    return { ms: performance.now() - t, s };
  };

  const full: number[] = [];
  let fullChunks = 0;
  for (let r = 0; r < R; r++) {
    const { ms, s } = await run(archive, true);
    full.push(ms);
    fullChunks = s.chunksEmbedded;
  }
  ctx.log(`  full build: ${round(median(full) / 1000, 2)} s, ${fullChunks} chunks`);

  const cases: { name: string; ms: number[]; articles: number[]; chunks: number[] }[] = [];
  const measure = async (name: string, make: (r: number) => Article[]) => {
    const c = { name, ms: [] as number[], articles: [] as number[], chunks: [] as number[] };
    for (let r = 0; r < R; r++) {
      const { ms, s } = await run(make(r), false);
      c.ms.push(ms);
      c.articles.push(s.added + s.updated);
      c.chunks.push(s.chunksEmbedded);
      // back to the original archive (untimed), so each repeat changes only its own articles
      await run(archive, false);
    }
    cases.push(c);
    ctx.log(
      `  ${name}: ${round(median(c.ms), 1)} ms, ${median(c.articles)} articles / ${median(c.chunks)} chunks re-embedded`,
    );
  };
  await measure('unchanged archive', () => archive);
  await measure('one article changed', (r) => edited(archive, [(r * 37) % archive.length], `one-${r}`));
  const onePercent = Math.max(1, Math.round(archive.length / 100));
  await measure(`1% changed (${onePercent} articles)`, (r) =>
    edited(
      archive,
      Array.from({ length: onePercent }, (_, i) => (r * 7919 + i * 97) % archive.length),
      `pct-${r}`,
    ),
  );

  const fullMs = median(full);
  const rows: Row[] = [
    {
      metric: `full build (${archive.length} articles, ${fullChunks} chunks)`,
      value: round(fullMs / 1000, 2),
      unit: 's',
    },
  ];
  for (const c of cases) {
    const ms = median(c.ms);
    const speedup = fullMs / ms;
    rows.push({
      metric: `${c.name}: time (re-embedded ${median(c.articles)} art. / ${median(c.chunks)} chunks)`,
      value: round(ms, 1),
      unit: 'ms',
      baseline: round(fullMs, 0),
      baselineLabel: 'full',
      ratio: round(speedup, 1),
      ...(c.name.startsWith('unchanged') ? { goal: 'full/unchanged ≥ 50×', pass: speedup >= 50 } : {}),
    });
  }
  return {
    rows,
    data: { articles: archive.length, fullChunks, fullMs: full, cases },
    notes: [
      'incremental ratio = full-build time / incremental time (higher is better); an edit appends one sentence to the article body',
    ],
  };
}
