// Part "timeline": `dossier timeline` on the ~100k-chunk index (real + derived), each held-out title
// as a topic, timed in a fresh process next to the bare embedding of the same text and to answering
// the same titles as questions (the same run's baseline).
import type { BenchContext } from './context.js';
import { served } from './fixtures.js';
import type { Row } from './report.js';
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
    {
      metric: `${label}: timeline p50`,
      value: round(d.p50, 2),
      unit: 'ms',
      baseline: round(answer.p50, 2),
      baselineLabel: 'answer p50, same titles',
      ratio: round(d.p50 / answer.p50, 2),
      ...(goal ? { goal: 'p50 ≤ 100 ms', pass: d.p50 <= 100 } : {}),
    },
    {
      metric: `${label}: timeline p95`,
      value: round(d.p95, 2),
      unit: 'ms',
      baseline: round(answer.p95, 2),
      baselineLabel: 'answer p95, same titles',
      ratio: round(d.p95 / answer.p95, 2),
    },
    {
      metric: `${label}: timeline p99`,
      value: round(d.p99, 2),
      unit: 'ms',
      baseline: round(answer.p99, 2),
      baselineLabel: 'answer p99, same titles',
      ratio: round(d.p99 / answer.p99, 2),
      ...(goal ? { goal: 'p99 ≤ 300 ms', pass: d.p99 <= 300 } : {}),
    },
    {
      metric: `${label}: timeline stages p50/p99 ms`,
      value: ['filter', 'embed', 'lexical', 'dense', 'fusion', 'passages']
        .filter((k) => stages[k])
        .map((k) => `${k} ${round(stages[k].p50, 2)}/${round(stages[k].p99, 2)}`)
        .join(', '),
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
