// One table of parsers, format → function, used for local files (load.ts) and fetched files
// (remote/) alike, so both read a format the same way.
import type { Article, ParseResult } from './article.js';
import { FORMAT_NAMES, type ArchiveFormat } from './detect.js';
import { parseFeed, parseFeedStream } from './formats/feed.js';
import { parseJsonDocument, parseJsonLines, parseJsonLinesStream } from './formats/json.js';
import { parseScrapedText } from './formats/text.js';

export type TextParser = (text: string, source: string) => ParseResult;
export type StreamParser = (
  stream: AsyncIterable<Uint8Array | string>,
  source: string,
  onArticle?: (a: Article) => void,
) => Promise<ParseResult & { format?: string }>;

/** Whole-text parsers: every format. */
export const PARSERS: Record<ArchiveFormat, TextParser> = {
  text: parseScrapedText,
  jsonl: parseJsonLines,
  json: parseJsonDocument, // arrays, wrapped arrays, saved WordPress REST answers
  rss: parseFeed,
  atom: parseFeed,
  wxr: parseFeed,
};

/** Streaming parsers: the formats a file of any size can be read in (memory bounded by one record). */
export const STREAM_PARSERS: Partial<Record<ArchiveFormat, StreamParser>> = {
  jsonl: parseJsonLinesStream,
  rss: parseFeedStream,
  atom: parseFeedStream,
  wxr: parseFeedStream,
};

export const isFeedFormat = (f: ArchiveFormat): boolean => f === 'rss' || f === 'atom' || f === 'wxr';

/** Parses a whole text; never throws (one file must never sink a load) and says when nothing was found. */
export function parseText(format: ArchiveFormat, text: string, source: string): ParseResult {
  let r: ParseResult;
  try {
    r = PARSERS[format](text, source);
  } catch (err) {
    // parsers are written not to throw; this is the last guard
    r = { articles: [], warnings: [{ source, message: `could not be parsed: ${(err as Error).message}` }] };
  }
  return withNothingFound(r, format, source);
}

export function withNothingFound<R extends ParseResult>(r: R, format: ArchiveFormat, source: string): R {
  const leftOut = r.leftOut ? Object.values(r.leftOut).some((n) => n > 0) : false;
  if (!r.articles.length && !r.warnings.length && !leftOut)
    r.warnings.push({ source, message: `no articles found in this ${FORMAT_NAMES[format]} file` });
  return r;
}
