// One file, in whatever supported format it holds: detected from its name and first bytes, decoded
// (UTF-8, UTF-16/32, or the legacy encoding its XML declares), streamed when the format allows.
import { promises as fs, createReadStream } from 'node:fs';
import type { Article, IngestWarning, LeftOut } from './article.js';
import { declaredEncoding, decodeAs, decodeBytes } from './decode.js';
import { detectFormat, SUPPORTED_FORMATS, xmlFormat, type ArchiveFormat } from './detect.js';
import { isFeedFormat, parseText, STREAM_PARSERS, withNothingFound } from './parsers.js';

/** Larger files are streamed (XML, JSON Lines) or refused (text, JSON: a JS string cannot hold them). */
const MAX_WHOLE_FILE = 400 * 1024 * 1024;
const HEAD_BYTES = 64 * 1024;

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
  leftOut?: LeftOut;
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
    // UTF-16/32, or XML declaring a legacy encoding (old exports): decode the whole file with it
    const text = decodeAs(legacy, await fs.readFile(file)).text;
    const r = parseText(format, text, file);
    for (const a of r.articles) onArticle?.(a);
    return { ...r, format: isFeedFormat(format) ? (xmlFormat(text) ?? format) : format };
  }
  const stream = STREAM_PARSERS[format];
  if (stream) {
    const r = withNothingFound(await stream(createReadStream(file), file, onArticle), format, file);
    return { ...r, format: (r.format as ArchiveFormat | undefined) ?? format };
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
  const r = parseText(format, decoded.text, file);
  return { ...r, format, warnings: [...warnings, ...r.warnings] };
}
