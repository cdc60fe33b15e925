// Loads every source (files, folders walked recursively, URLs) into one de-duplicated list of
// articles, with a report per source. Never throws on content: problems become warnings.
import { promises as fs, type Dirent } from 'node:fs';
import path from 'node:path';
import type { ProgressListener } from '../progress.js';
import { addLeftOut, type Article, type IngestWarning, type LeftOut, noneLeftOut } from './article.js';
import { Deduper, type Merge, type MergeRule } from './dedupe.js';
import { loadFile } from './file.js';
import { loadUrlSource, SourceFailedError, type RemoteOptions } from './remote/index.js';

export { type FileResult, loadFile } from './file.js';

export interface LoadOptions {
  /** passed through to URL sources */
  remote?: RemoteOptions;
  onProgress?: ProgressListener;
  signal?: AbortSignal;
}

export interface SourceReport {
  /** the source as given (file, folder or URL) */
  source: string;
  /** "text", "jsonl", "json", "rss", "atom", "wxr", "url", "folder", "missing" or "unknown" */
  format: string;
  /** for a folder: how many files of each format were read */
  formats: Record<string, number>;
  files: number;
  /** articles kept from this source (after de-duplication) */
  articles: number;
  /** copies of articles already read (from this source or an earlier one), merged */
  duplicates: number;
  /** the duplicates by the rule that merged them */
  merged: Partial<Record<MergeRule, number>>;
  /** posts left out on purpose: password-protected, private, drafts, non-posts (never indexed) */
  leftOut: LeftOut;
  /** records that could not be read, by reason ("no body text": 2); each also has a warning */
  skipped: Record<string, number>;
  /** articles kept whose title was made from their first words (the source gave none) */
  titledFromBody: number;
  firstDate?: string;
  lastDate?: string;
  authors: string[];
  warnings: IngestWarning[];
  sampleTitles: string[];
}

export interface LoadResult {
  articles: Article[];
  warnings: IngestWarning[];
  duplicates: number;
  /** every duplicate merged, with the rule (same permalink, same guid, same title and date + why) */
  merges: Merge[];
  /** over all sources: posts left out on purpose, by reason (for the re-index summary) */
  leftOut: LeftOut;
  /** over all sources: records skipped because they could not be read, by reason */
  skipped: Record<string, number>;
  reports: SourceReport[];
  /** the source (as given) an article was read from; a duplicate's kept copy names the source it came from */
  sourceOf(a: Article): string | undefined;
}

const DEFAULT_REMOTE: RemoteOptions = {
  allowPrivate: false,
  concurrency: 2,
  delayMs: 250,
  timeoutMs: 30_000,
  maxBytes: 20_000_000,
};
export const isUrl = (s: string): boolean => /^https?:\/\//i.test(s.trim());

/** Files under a folder, recursively, sorted; hidden entries skipped; symlink loops visited once. */
export async function walkFolder(root: string, warnings: IngestWarning[]): Promise<string[]> {
  const out: string[] = [];
  const seen = new Set<string>();
  const visit = async (dir: string): Promise<void> => {
    let real: string;
    try {
      real = await fs.realpath(dir);
    } catch {
      return;
    }
    if (seen.has(real)) return; // a symlink back up the tree
    seen.add(real);
    let entries: Dirent[];
    try {
      entries = await fs.readdir(dir, { withFileTypes: true });
    } catch (err) {
      warnings.push({ source: dir, message: `folder not readable: ${(err as Error).message}` });
      return;
    }
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const e of entries) {
      if (e.name.startsWith('.')) continue;
      const p = path.join(dir, e.name);
      let isDir = e.isDirectory();
      let isFile = e.isFile();
      if (e.isSymbolicLink()) {
        const st = await fs.stat(p).catch(() => undefined);
        if (!st) {
          warnings.push({ source: p, message: 'broken symbolic link skipped' });
          continue;
        }
        isDir = st.isDirectory();
        isFile = st.isFile();
      }
      if (isDir) await visit(p);
      else if (isFile) out.push(p);
    }
  };
  await visit(root);
  return out;
}

function newReport(source: string, format: string): SourceReport {
  return {
    source,
    format,
    formats: {},
    files: 0,
    articles: 0,
    duplicates: 0,
    merged: {},
    leftOut: noneLeftOut(),
    skipped: {},
    titledFromBody: 0,
    authors: [],
    warnings: [],
    sampleTitles: [],
  };
}

function summarise(report: SourceReport, kept: Article[]): void {
  const dates = kept
    .map((a) => a.date)
    .filter((d): d is string => !!d)
    .sort();
  report.firstDate = dates[0];
  report.lastDate = dates.at(-1);
  const counts = new Map<string, number>();
  for (const a of kept) if (a.author) counts.set(a.author, (counts.get(a.author) ?? 0) + 1);
  report.authors = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([n]) => n);
  report.sampleTitles = kept.slice(0, 3).map((a) => a.title);
  report.articles = kept.length;
  report.titledFromBody = kept.filter((a) => a.titleFromBody).length;
  for (const w of report.warnings) if (w.skipped) report.skipped[w.skipped] = (report.skipped[w.skipped] ?? 0) + 1;
}

/**
 * Loads files, folders and URLs. A missing path, an unknown format or a bad record is a warning;
 * the result holds everything that could be read, de-duplicated across all sources.
 */
export async function loadSources(sources: string[], opts: LoadOptions = {}): Promise<LoadResult> {
  const dedupe = new Deduper();
  const reports: SourceReport[] = [];
  const warnings: IngestWarning[] = [];
  const from = new Map<Article, string>();
  // progress counts articles read so far (a single 100 MB export would otherwise sit at 0 files)
  let done = 0;
  let lastReport = 0;
  const progress = (message: string, force = false) => {
    if (!opts.onProgress || (!force && done - lastReport < 500)) return;
    lastReport = done;
    opts.onProgress({ stage: 'parse', done, message });
  };

  for (const source of sources) {
    if (opts.signal?.aborted) break;
    const report = newReport(source, 'unknown');
    reports.push(report);
    const kept: Article[] = [];
    const take = (articles: Article[], leftOut?: LeftOut) => {
      addLeftOut(report.leftOut, leftOut);
      for (const a of articles) {
        from.set(a, source);
        if (dedupe.add(a)) {
          // the Deduper may store a richer copy: the stored copy names the source too
          const stored = dedupe.articles[dedupe.articles.length - 1];
          from.set(stored, source);
          kept.push(stored);
        } else {
          report.duplicates++;
          const rule = dedupe.merges[dedupe.merges.length - 1].rule;
          report.merged[rule] = (report.merged[rule] ?? 0) + 1;
        }
      }
    };

    if (isUrl(source)) {
      report.format = 'url';
      try {
        const remote = opts.remote ?? DEFAULT_REMOTE;
        const r = await loadUrlSource(source.trim(), {
          ...remote,
          signal: remote.signal ?? opts.signal,
          onProgress: remote.onProgress ?? opts.onProgress,
        });
        take(r.articles, r.leftOut);
        report.warnings.push(...r.warnings);
      } catch (err) {
        // a site that fails (or suddenly returns nothing) keeps what it had last time: never a wipe
        if (err instanceof SourceFailedError) take(err.articles);
        report.warnings.push({ source, message: `could not read ${source}: ${(err as Error).message}` });
      }
    } else {
      const st = await fs.stat(source).catch(() => undefined);
      if (!st) {
        report.format = 'missing';
        report.warnings.push({ source, message: `no such file or folder: ${source}` });
      } else {
        const files = st.isDirectory() ? await walkFolder(source, report.warnings) : [source];
        if (st.isDirectory()) report.format = 'folder';
        for (const file of files) {
          if (opts.signal?.aborted) break;
          let streamed = 0;
          const r = await loadFile(file, () => {
            done++;
            streamed++;
            progress(file);
          });
          done += r.articles.length - streamed;
          report.files++;
          if (r.format) report.formats[r.format] = (report.formats[r.format] ?? 0) + 1;
          if (!st.isDirectory()) report.format = r.format ?? 'unknown';
          take(r.articles, r.leftOut);
          report.warnings.push(...r.warnings);
          progress(file, true);
        }
      }
    }
    summarise(report, kept);
    warnings.push(...report.warnings);
  }
  const leftOut = noneLeftOut();
  const skipped: Record<string, number> = {};
  for (const r of reports) {
    addLeftOut(leftOut, r.leftOut);
    for (const [k, n] of Object.entries(r.skipped)) skipped[k] = (skipped[k] ?? 0) + n;
  }
  // the richer copy of a duplicate may have replaced an earlier one: report on what is final
  return {
    articles: dedupe.articles,
    warnings,
    duplicates: dedupe.duplicates,
    merges: dedupe.merges,
    leftOut,
    skipped,
    reports,
    sourceOf: (a) => from.get(a),
  };
}
