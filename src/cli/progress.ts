// Re-index output on a terminal: one progress bar per stage (one line per stage in logs and CI),
// and the summary printed at the end. Shared by `dossier index` and `npm start`'s first build.
import cliProgress from 'cli-progress';
import type { Progress, ReindexSummary, Stage } from '../index/types.js';
import { leftOutLine, mergedLine } from '../archive/left-out.js';

const STAGE_LABEL: Record<Stage, string> = {
  fetch: 'Fetching',
  parse: 'Reading sources',
  chunk: 'Chunking',
  embed: 'Embedding',
  write: 'Writing',
  publish: 'Publishing',
  done: 'Done',
};

/** One bar per stage on a terminal; one line per stage otherwise (logs, CI). */
export function progressPrinter(): { onProgress: (p: Progress) => void; stop: () => void } {
  const tty = Boolean(process.stderr.isTTY);
  let bar: cliProgress.SingleBar | undefined;
  let stage: Stage | undefined;
  const stop = () => {
    bar?.stop();
    bar = undefined;
  };
  const onProgress = (p: Progress) => {
    if (p.stage === 'done') return stop();
    if (p.stage !== stage) {
      stop();
      stage = p.stage;
      if (!tty) {
        process.stderr.write(`${STAGE_LABEL[p.stage]}${p.total !== undefined ? ` (${p.total})` : ''}…\n`);
        return;
      }
      bar = new cliProgress.SingleBar(
        {
          format: `${STAGE_LABEL[p.stage].padEnd(16)} {bar} {value}/{total} {rate} ETA {eta_formatted}`,
          stream: process.stderr,
          hideCursor: true,
          clearOnComplete: false,
        },
        cliProgress.Presets.shades_classic,
      );
      bar.start(p.total ?? 0, p.done, { rate: '' });
    }
    if (!bar) return;
    if (p.total !== undefined && p.total !== bar.getTotal()) bar.setTotal(p.total);
    // a rate means something only where there is real work per item
    bar.update(p.done, { rate: p.rate && p.stage === 'embed' ? `${p.rate.toFixed(1)} chunks/s` : '' });
  };
  return { onProgress, stop };
}

export function formatSummary(s: ReindexSummary): string {
  const lines: string[] = [];
  if (!s.published) {
    lines.push(`Index unchanged: ${s.unchanged} articles, nothing to embed (${s.seconds.toFixed(1)} s).`);
  } else {
    lines.push(`Index updated in ${s.seconds.toFixed(1)} s.`);
    lines.push(
      `  articles: ${s.added} added, ${s.updated} updated, ${s.removed} removed, ${s.unchanged} unchanged, ${s.duplicates} duplicates skipped`,
    );
    lines.push(`  chunks embedded: ${s.chunksEmbedded} (${s.throughput.toFixed(1)} chunks/s)`);
    if (s.upgraded)
      lines.push('  the index now also has whole-article search (added from the stored articles, nothing re-embedded)');
  }
  if (s.kept) lines.push(`  kept: ${s.kept} articles of sources not named (--add)`);
  const left = s.leftOut ? leftOutLine(s.leftOut) : '';
  if (left) lines.push(`  left out, never indexed: ${left}`);
  const merged = mergedLine(s.merged);
  if (merged) lines.push(`  merged as duplicates: ${merged}`);
  if (s.warnings.length) {
    lines.push(`  warnings (${s.warnings.length}):`);
    for (const w of s.warnings.slice(0, 50)) {
      const where =
        w.line !== undefined ? `${w.source}:${w.line}` : w.item !== undefined ? `${w.source} item ${w.item}` : w.source;
      lines.push(`    ${where}: ${w.message}`);
    }
    if (s.warnings.length > 50) lines.push(`    … and ${s.warnings.length - 50} more`);
  }
  return lines.join('\n');
}
