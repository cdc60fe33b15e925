// `dossier archive inspect`: what the loader makes of files, folders and URLs, before indexing.
import type { Command } from 'commander';
import { action, config } from '../context.js';
import type { LoadResult, SourceReport } from '../../archive/load.js';
import { FORMAT_NAMES, SUPPORTED_FORMATS, type ArchiveFormat } from '../../archive/detect.js';
import type { IngestWarning } from '../../archive/article.js';
import { leftOutLine } from '../../archive/left-out.js';
import type { RemoteOptions } from '../../archive/remote/index.js';

function formatLabel(r: SourceReport): string {
  if (r.format === 'folder') {
    const parts = Object.entries(r.formats).map(([f, n]) => `${n} ${FORMAT_NAMES[f as ArchiveFormat] ?? f}`);
    return `folder, ${r.files} file${r.files === 1 ? '' : 's'}${parts.length ? ` (${parts.join(', ')})` : ''}`;
  }
  if (r.format === 'url') return 'URL';
  if (r.format === 'missing') return 'not found';
  return FORMAT_NAMES[r.format as ArchiveFormat] ?? r.format;
}

export function warningLine(w: IngestWarning): string {
  const where = w.line !== undefined ? `:${w.line}` : w.item !== undefined ? ` item ${w.item}` : '';
  return `${w.source}${where}: ${w.message}`;
}

const MAX_WARNINGS_SHOWN = 10;

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

const counts = (c: Record<string, number | undefined>) =>
  Object.entries(c)
    .filter(([, n]) => n)
    .map(([k, n]) => `${n} ${k}`)
    .join('; ');

/** The human report: one block per source, then a total line. Pure, for tests. */
export function renderInspect(r: LoadResult): string {
  const out: string[] = [];
  for (const s of r.reports) {
    out.push(`${s.source}  [${formatLabel(s)}]`);
    const range = s.firstDate
      ? s.firstDate === s.lastDate
        ? `, ${s.firstDate}`
        : `, ${s.firstDate} to ${s.lastDate}`
      : '';
    const titled = s.titledFromBody ? ` (${s.titledFromBody} titled from their first words)` : '';
    out.push(`  articles: ${s.articles}${range}${titled}`);
    const left = leftOutLine(s.leftOut);
    if (left) out.push(`  left out, never indexed: ${left}`);
    if (s.duplicates) out.push(`  merged:   ${plural(s.duplicates, 'duplicate')} (${counts(s.merged)})`);
    const skipped = Object.values(s.skipped).reduce((a, b) => a + b, 0);
    if (skipped) out.push(`  skipped:  ${skipped} (${counts(s.skipped)})`);
    if (s.authors.length)
      out.push(
        `  authors:  ${s.authors.slice(0, 8).join(', ')}${s.authors.length > 8 ? `, … (${s.authors.length})` : ''}`,
      );
    if (s.sampleTitles.length) {
      out.push('  sample:');
      for (const t of s.sampleTitles) out.push(`    - ${t}`);
    }
    if (s.warnings.length) {
      out.push(`  warnings: ${s.warnings.length}`);
      // the list of supported formats is said once per source, not after every unreadable file
      const long = `; ${SUPPORTED_FORMATS}`;
      let formatsNeeded = false;
      for (const w of s.warnings.slice(0, MAX_WARNINGS_SHOWN)) {
        if (w.message.endsWith(long)) formatsNeeded = true;
        out.push(`    ! ${warningLine({ ...w, message: w.message.replace(long, '') })}`);
      }
      if (s.warnings.length > MAX_WARNINGS_SHOWN)
        out.push(`    … ${s.warnings.length - MAX_WARNINGS_SHOWN} more (--json lists them all)`);
      if (formatsNeeded) out.push(`    (${SUPPORTED_FORMATS})`);
    }
    out.push('');
  }
  const n = r.articles.length;
  const leftOut = Object.values(r.leftOut).reduce((a, b) => a + b, 0);
  const skipped = Object.values(r.skipped).reduce((a, b) => a + b, 0);
  out.push(
    `${plural(n, 'article')} kept from ${plural(r.reports.length, 'source')}, ${plural(r.duplicates, 'duplicate')} merged, ` +
      `${leftOut} left out${leftOut ? ` (${leftOutLine(r.leftOut)})` : ''}, ${skipped} skipped, ${plural(r.warnings.length, 'warning')}`,
  );
  // the formats list only where a file's format was the problem (it is said with that source above);
  // a site that could not be reached or a path that does not exist needs its own fix, not a list
  if (!n) out.push('Nothing could be read: see the warnings above for what to fix in each source.');
  return `${out.join('\n')}\n`;
}

export function registerArchive(program: Command): void {
  const archive = program
    .command('archive')
    .description('Look at archive sources (files, folders, URLs) before indexing them.');
  archive
    .command('inspect')
    .description(
      'Show, per source, the format, the articles kept, what was left out (password-protected, private, drafts) and merged or skipped and why, date range, authors, warnings and a sample.',
    )
    .argument('<sources...>', 'files, folders (read recursively) or URLs')
    .option(
      '--json',
      'print one JSON object: every article with all its fields, the warnings, merges with their rule, what was left out and skipped, and a report per source',
    )
    .action(
      action(async (sources: string[], opts: { json?: boolean }) => {
        const { loadSources, isUrl } = await import('../../archive/load.js'); // the parsers: only when inspecting
        let remote: RemoteOptions | undefined;
        if (sources.some(isUrl)) {
          // settings only matter for URLs; inspecting is read-only, so no fetch state is written
          const { remoteOptionsFromConfig } = await import('../../archive/remote/index.js');
          remote = remoteOptionsFromConfig(config(), { stateDir: undefined, full: true });
        }
        const r = await loadSources(sources, { remote });
        if (opts.json) {
          process.stdout.write(
            `${JSON.stringify(
              {
                articles: r.articles,
                warnings: r.warnings,
                duplicates: r.duplicates,
                merges: r.merges,
                leftOut: r.leftOut,
                skipped: r.skipped,
                sources: r.reports,
              },
              null,
              2,
            )}\n`,
          );
        } else {
          process.stdout.write(renderInspect(r));
        }
        if (!r.articles.length) process.exitCode = 1;
      }),
    );
}
