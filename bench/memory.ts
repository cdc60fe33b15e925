// Part "memory": peak RSS of indexing and of serving at ~10k and ~100k chunks, each measured in
// its own process, and the index size on disk.
import type { BenchContext } from './context.js';
import { served } from './fixtures.js';
import type { Row } from './report.js';

export async function memory(ctx: BenchContext) {
  const rows: Row[] = [];
  const data: Record<string, unknown> = {};
  for (const which of ['small', 'large'] as const) {
    const s = await served(ctx, which);
    const b = s.index.build;
    const goal = which === 'large' && b.chunks >= 90_000; // the goal is stated at 100k chunks
    rows.push({
      metric: `${s.index.label}: peak RSS indexing`,
      value: b.peakRssMb,
      unit: 'MB',
      ...(goal ? { goal: '< 1024 MB', pass: b.peakRssMb < 1024 } : {}),
    });
    rows.push({
      metric: `${s.index.label}: peak RSS serving (${s.total.length} questions)`,
      value: s.peakRssMb,
      unit: 'MB',
      ...(goal ? { goal: '< 1024 MB', pass: s.peakRssMb < 1024 } : {}),
    });
    rows.push({ metric: `${s.index.label}: index size on disk`, value: Math.round(b.sizeBytes / 2 ** 20), unit: 'MB' });
    data[which] = {
      index: s.index.label,
      chunks: b.chunks,
      indexingPeakRssMb: b.peakRssMb,
      rssBeforeBuildMb: b.rssBeforeBuildMb,
      servingPeakRssMb: s.peakRssMb,
      servingRssAfterOpenMb: s.rssOpenMb,
      sizeBytes: b.sizeBytes,
      buildSeconds: b.seconds,
      vectorSources: b.vectorSources,
    };
  }
  return {
    rows,
    data,
    notes: [
      "peak RSS = the process's maxRSS (getrusage), one fresh process per figure; indexing processes hold the loaded model, the articles and the build; serving processes hold the model and the opened index",
    ],
  };
}
