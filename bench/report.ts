// What every bench part returns, and how the whole run is printed as a terminal table.
import { type Distribution, round } from './stats.js';

export interface Row {
  /** what was measured, e.g. "q8 chunks/s" */
  metric: string;
  value: number | string;
  unit?: string;
  /** the baseline measured in the same run, when the figure is a speed */
  baseline?: number | string;
  baselineLabel?: string;
  /** value / baseline (or the ratio the goal is stated in) */
  ratio?: number;
  goal?: string;
  /** undefined when there is no goal */
  pass?: boolean;
}

export interface PartResult {
  part: string;
  rows: Row[];
  /** every figure, for the JSON file (raw samples, parameters, sizes) */
  data: Record<string, unknown>;
  /** caveats that belong next to the figures (derived data, skipped peers, ...) */
  notes: string[];
  seconds: number;
  error?: string;
}

function fmt(v: number | string | undefined, unit?: string): string {
  if (v === undefined) return '';
  if (typeof v === 'string') return v;
  if (!Number.isFinite(v)) return String(v);
  const abs = Math.abs(v);
  const s =
    abs >= 1000
      ? Math.round(v).toLocaleString('en-US')
      : abs >= 100
        ? v.toFixed(0)
        : abs >= 10
          ? v.toFixed(1)
          : abs >= 1
            ? v.toFixed(2)
            : v.toFixed(3);
  return unit ? `${s} ${unit}` : s;
}

/** A plain-text table of every row of every part (also used for the README's Markdown via `markdown`). */
export function renderTable(results: PartResult[], markdown = false): string {
  const header = ['part', 'metric', 'value', 'baseline', 'ratio', 'goal', ''];
  const lines: string[][] = [];
  for (const r of results) {
    if (r.error) lines.push([r.part, 'FAILED', r.error.split('\n')[0].slice(0, 100), '', '', '', '✗']);
    for (const row of r.rows) {
      lines.push([
        r.part,
        row.metric,
        fmt(row.value, row.unit),
        row.baseline === undefined
          ? ''
          : `${fmt(row.baseline, row.unit)}${row.baselineLabel ? ` (${row.baselineLabel})` : ''}`,
        row.ratio === undefined ? '' : `${fmt(row.ratio)}×`,
        row.goal ?? '',
        row.pass === undefined ? '' : row.pass ? 'ok' : 'MISS',
      ]);
    }
  }
  if (markdown) {
    const esc = (s: string) => s.replace(/\|/g, '\\|');
    return [
      `| ${header.slice(0, 6).join(' | ')} | met |`,
      `|${header.map(() => ' --- ').join('|')}|`,
      ...lines.map((l) => `| ${l.map(esc).join(' | ')} |`),
    ].join('\n');
  }
  // a long text value with nothing after it (a list of stage timings, an ef table row) runs on
  // past its column instead of widening the whole table
  const spill = (l: string[]) => [...l[2]].length > 28 && l.slice(3).every((c) => c === '');
  const widths = header.map((h, i) =>
    Math.max(h.length, ...lines.filter((l) => !(i >= 2 && spill(l))).map((l) => [...l[i]].length)),
  );
  const pad = (s: string, w: number) => s + ' '.repeat(Math.max(0, w - [...s].length));
  const out = [header.map((h, i) => pad(h, widths[i])).join('  '), widths.map((w) => '-'.repeat(w)).join('  ')];
  let prev = '';
  for (const l of lines) {
    const cells = spill(l) ? l.slice(0, 3) : l;
    out.push(
      cells
        .map((c, i) => (i === cells.length - 1 ? c : pad(i === 0 && c === prev ? '' : c, widths[i])))
        .join('  ')
        .trimEnd(),
    );
    prev = l[0];
  }
  return out.join('\n');
}

export function renderNotes(results: PartResult[]): string {
  const out: string[] = [];
  for (const r of results) for (const n of r.notes) out.push(`- ${r.part}: ${n}`);
  return out.join('\n');
}

type Percentile = 'p50' | 'p95' | 'p99';

/** One row per percentile of `d` (ms), each against the same percentile of `base`, measured in the same run. */
export function percentileRows(
  metric: string,
  d: Distribution,
  base: Distribution,
  baselineLabel: (p: Percentile) => string,
  opts: { ps?: Percentile[]; goals?: Partial<Record<Percentile, number>> } = {},
): Row[] {
  return (opts.ps ?? ['p50', 'p95', 'p99']).map((p) => {
    const goal = opts.goals?.[p];
    return {
      metric: `${metric} ${p}`,
      value: round(d[p], 2),
      unit: 'ms',
      baseline: round(base[p], 2),
      baselineLabel: baselineLabel(p),
      ratio: round(d[p] / base[p], 2),
      ...(goal !== undefined ? { goal: `${p} ≤ ${goal} ms`, pass: d[p] <= goal } : {}),
    };
  });
}

/** "embed 3.1/5.2, lexical …": the p50 (and p99) in ms of each stage measured, in `order`. */
export function stagesText(stages: Record<string, Distribution>, order: string[], withP99 = true): string {
  return order
    .filter((k) => stages[k])
    .map((k) => `${k} ${round(stages[k].p50, 2)}${withP99 ? `/${round(stages[k].p99, 2)}` : ''}`)
    .join(', ');
}
