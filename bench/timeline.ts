// Part "timeline": `dossier timeline` on the ~100k-chunk index (real + derived), each held-out title
// as a topic, timed in a fresh process next to the bare embedding of the same text and to answering
// the same titles as questions (the same run's baseline).
import type { BenchContext } from './context.js';
import { served } from './fixtures.js';
import { percentileRows, type Row, stagesText } from './report.js';
import { distribution, round } from './stats.js';

export async function timeline(ctx: BenchContext) {
  const t = await served(ctx, 'large', undefined, 'timeline');
  const a = await served(ctx, 'large');
  const d = distribution(t.total);
  const answer = distribution(a.total);
  const bare = distribution(t.bareEmbed);
  const label = t.index.label;
  const goal = t.chunks >= 90_000; // the goals are stated at the 106k index
  const stages = Object.fromEntries(Object.entries(t.stages).map(([k, v]) => [k, distribution(v)]));
  const kept = distribution(t.lines ?? []);
  const rows: Row[] = [
    ...percentileRows(`${label}: timeline`, d, answer, (p) => `answer ${p}, same titles`, {
      goals: goal ? { p50: 100, p99: 300 } : {},
    }),
    {
      metric: `${label}: timeline stages p50/p99 ms`,
      value: stagesText(stages, ['filter', 'embed', 'lexical', 'dense', 'fusion', 'passages']),
      baseline: round(bare.p50, 2),
      baselineLabel: 'bare embed p50',
    },
    {
      metric: `${label}: articles on a timeline (passing the cut) p50 / p95`,
      value: `${round(kept.p50, 0)} / ${round(kept.p95, 0)}`,
    },
  ];
  return {
    rows,
    data: {
      index: label,
      chunks: t.chunks,
      topics: t.total.length,
      covered: t.covered,
      timeline: d,
      answer,
      bareEmbed: bare,
      stages,
      articlesKept: kept,
    },
    notes: [
      'timeline: topics = the held-out Reuters titles the latency part asks; each timed once after the warm-up, in a fresh process; baseline = answering the same titles in another fresh process',
    ],
  };
}
