// Loads every source (files, folders walked recursively, URLs) into one de-duplicated list of
// articles, with a report per source. Never throws on content: problems become warnings.
import { promises as fs, createReadStream, type Dirent } from 'node:fs';
import path from 'node:path';
import type { Article, IngestWarning } from './article.js';
import { declaredEncoding, decodeAs, decodeBytes } from './decode.js';
import { Deduper } from './dedupe.js';
import { detectFormat, FORMAT_NAMES, SUPPORTED_FORMATS, xmlFormat, type ArchiveFormat } from './detect.js';
import { parseJsonDocument, parseJsonLines, parseJsonLinesStream } from './formats/json.js';
import { parseScrapedText } from './formats/text.js';
import { parseFeed, parseFeedStream } from './formats/feed.js';
import { loadUrlSource, SourceFailedError, type RemoteOptions } from './remote/index.js';
import type { ProgressListener } from '../index/types.js';

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
  duplicates: number;
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
/** Larger files are streamed (XML, JSON Lines) or refused (text, JSON: a JS string cannot hold them). */
const MAX_WHOLE_FILE = 400 * 1024 * 1024;
const HEAD_BYTES = 64 * 1024;

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

async function readHead(file: string): Promise<Buffer> {
  const fh = await fs.open(file, 'r');
  try {
    const buf = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await fh.read(buf, 0, HEAD_BYTES, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

export interface FileResult {
  format?: ArchiveFormat;
  articles: Article[];
  warnings: IngestWarning[];
}

/** Reads one file in whatever supported format it holds; onArticle follows a large export as it streams. */
export async function loadFile(file: string, onArticle?: (a: Article) => void): Promise<FileResult> {
  let size: number;
  let head: Buffer;
  try {
    size = (await fs.stat(file)).size;
    head = await readHead(file);
  } catch (err) {
    return { articles: [], warnings: [{ source: file, message: `not readable: ${(err as Error).message}` }] };
  }
  if (size === 0 || !decodeBytes(head).text.trim()) {
    return { articles: [], warnings: [{ source: file, message: `empty file; ${SUPPORTED_FORMATS}` }] };
  }
  // the head may end inside a character: that is not a decoding problem of the file
  const format = detectFormat(file, decodeBytes(head).text);
  if (!format) {
    return { articles: [], warnings: [{ source: file, message: `unknown format; ${SUPPORTED_FORMATS}` }] };
  }
  const legacy = declaredEncoding(head);
  if (legacy && size <= MAX_WHOLE_FILE) {
    // UTF-16, or XML declaring a legacy encoding (old exports): decode the whole file with it
    const bytes = await fs.readFile(file);
    const text = decodeAs(legacy, legacy.startsWith('utf-16') ? bytes.subarray(2) : bytes).text;
    const r =
      format === 'rss' || format === 'atom' || format === 'wxr'
        ? parseFeed(text, file)
        : parseByFormat(format, text, file);
    r.articles.forEach((a) => {
      onArticle?.(a);
    });
    return {
      format: format === 'rss' || format === 'atom' || format === 'wxr' ? (xmlFormat(text) ?? format) : format,
      ...r,
    };
  }
  if (format === 'rss' || format === 'atom' || format === 'wxr') {
    const r = await parseFeedStream(createReadStream(file), file, onArticle);
    return { format: r.format ?? format, articles: r.articles, warnings: r.warnings };
  }
  if (format === 'jsonl') {
    const r = await parseJsonLinesStream(createReadStream(file), file, onArticle);
    if (!r.articles.length && !r.warnings.length)
      r.warnings.push({ source: file, message: `no articles found in this ${FORMAT_NAMES[format]} file` });
    return { format, articles: r.articles, warnings: r.warnings };
  }
  if (size > MAX_WHOLE_FILE) {
    return {
      format,
      articles: [],
      warnings: [
        {
          source: file,
          message: `too large to read at once (${Math.round(size / 1048576)} MB); split it into smaller files`,
        },
      ],
    };
  }
  const decoded = decodeBytes(await fs.readFile(file));
  const warnings: IngestWarning[] = [];
  if (decoded.replaced)
    warnings.push({ source: file, message: 'some bytes are not valid UTF-8; they were replaced with \uFFFD' });
  const r = parseByFormat(format, decoded.text, file);
  return { format, articles: r.articles, warnings: [...warnings, ...r.warnings] };
}

/** The whole-text parsers (text, JSON, JSON Lines). */
function parseByFormat(
  format: ArchiveFormat,
  text: string,
  file: string,
): { articles: Article[]; warnings: IngestWarning[] } {
  let r: { articles: Article[]; warnings: IngestWarning[] };
  try {
    if (format === 'text') r = parseScrapedText(text, file);
    else if (format === 'jsonl') r = parseJsonLines(text, file);
    else if (format === 'json') r = parseJsonDocument(text, file);
    else r = parseFeed(text, file);
  } catch (err) {
    // parsers are written not to throw; this is the last guard so one file never sinks the load
    r = { articles: [], warnings: [{ source: file, message: `could not be parsed: ${(err as Error).message}` }] };
  }
  if (!r.articles.length && !r.warnings.length)
    r.warnings.push({ source: file, message: `no articles found in this ${FORMAT_NAMES[format]} file` });
  return r;
}

function newReport(source: string, format: string): SourceReport {
  return {
    source,
    format,
    formats: {},
    files: 0,
    articles: 0,
    duplicates: 0,
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
    const take = (articles: Article[]) => {
      for (const a of articles) {
        from.set(a, source);
        if (dedupe.add(a)) kept.push(a);
        else report.duplicates++;
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
        take(r.articles);
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
          take(r.articles);
          report.warnings.push(...r.warnings);
          progress(file, true);
        }
      }
    }
    summarise(report, kept);
    warnings.push(...report.warnings);
  }
  // the richer copy of a duplicate may have replaced an earlier one: report on what is final
  return { articles: dedupe.articles, warnings, duplicates: dedupe.duplicates, reports, sourceOf: (a) => from.get(a) };
}
