// Turns an article body into overlapping, sentence-aligned chunks that fit the embedding model's
// window, and says what text is embedded for each chunk (title + passage). Pure.
import type { Article } from '../archive/article.js';
import type { Chunk } from './types.js';
import { splitSentences, type Span } from './sentences.js';

export { splitSentences, type Span } from './sentences.js';

/** Bump when chunk boundaries or the embedded text change: an index built with another version is rebuilt. */
export const CHUNKER_VERSION = 'c1';

export type TitleMode = 'first' | 'every';

/** Title with every chunk: to be confirmed by the retrieval benchmarks (the search room measures both). */
export const DEFAULT_TITLE_MODE: TitleMode = 'every';

export interface ChunkOptions {
  /** most word pieces of body text in one chunk (the title prefix comes on top) */
  maxTokens: number;
  /** word pieces of trailing sentences repeated at the start of the next chunk */
  overlapTokens: number;
}

// all-MiniLM-L6-v2 was trained on 128 word pieces and truncates at 256: ~180 body pieces plus a
// title stays well inside the window while keeping a passage focused enough to cite.
export const DEFAULT_CHUNK_OPTIONS: ChunkOptions = { maxTokens: 180, overlapTokens: 40 };

/** What the manifest records: a different value means the stored vectors are not comparable. */
export function chunkerSignature(opts: ChunkOptions, titleMode: TitleMode): string {
  return `${CHUNKER_VERSION}/${titleMode}/${opts.maxTokens}/${opts.overlapTokens}`;
}

/** The title mode recorded in a manifest's chunker signature, if it has one. */
export function titleModeOf(manifest: { chunkerVersion: string } | undefined): TitleMode | undefined {
  const mode = manifest?.chunkerVersion.split('/')[1];
  return mode === 'first' || mode === 'every' ? mode : undefined;
}

interface Unit extends Span {
  tokens: number;
}

/** Splits a span that is too long at word boundaries (or, for one giant "word", at characters). */
function splitLongSpan(text: string, span: Span, countTokens: (s: string) => number, max: number): Unit[] {
  const words: Unit[] = [];
  const re = /\S+/g;
  re.lastIndex = span.start;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) && m.index < span.end) {
    const start = m.index;
    const end = Math.min(start + m[0].length, span.end);
    const tokens = countTokens(text.slice(start, end));
    if (tokens <= max) {
      words.push({ start, end, tokens });
      continue;
    }
    // a single "word" longer than the window (a URL, a run of symbols): cut it by characters
    let s = start;
    while (s < end) {
      let e = Math.min(end, s + max);
      while (e > s + 1 && countTokens(text.slice(s, e)) > max) e = s + Math.floor((e - s) / 2);
      words.push({ start: s, end: e, tokens: countTokens(text.slice(s, e)) });
      s = e;
    }
  }
  // pack words greedily into pieces of at most `max` tokens (word pieces are additive across words)
  const out: Unit[] = [];
  let cur: Unit | undefined;
  for (const w of words) {
    if (cur && cur.tokens + w.tokens <= max) {
      cur.end = w.end;
      cur.tokens += w.tokens;
    } else {
      if (cur) out.push(cur);
      cur = { ...w };
    }
  }
  if (cur) out.push(cur);
  return out;
}

/**
 * Sentence-aware chunks of the article body: each chunk is whole sentences (a sentence alone longer
 * than maxTokens is cut at words), at most maxTokens word pieces, and starts with the trailing
 * sentences of the previous chunk (up to overlapTokens) so an answer spanning a boundary is found.
 * body.slice(chunk.start, chunk.end) === chunk.text.
 */
export function chunkArticle(
  article: Pick<Article, 'id' | 'body'>,
  countTokens: (text: string) => number,
  opts: ChunkOptions = DEFAULT_CHUNK_OPTIONS,
): Chunk[] {
  const body = article.body;
  const max = Math.max(8, opts.maxTokens);
  const units: Unit[] = [];
  for (const s of splitSentences(body)) {
    const tokens = countTokens(body.slice(s.start, s.end));
    if (tokens <= max) units.push({ ...s, tokens });
    else units.push(...splitLongSpan(body, s, countTokens, max));
  }
  const chunks: Chunk[] = [];
  let first = 0;
  while (first < units.length) {
    let last = first;
    let tokens = units[first].tokens;
    while (last + 1 < units.length && tokens + units[last + 1].tokens <= max) {
      last++;
      tokens += units[last].tokens;
    }
    const start = units[first].start;
    const end = units[last].end;
    chunks.push({ articleId: article.id, ordinal: chunks.length, start, end, text: body.slice(start, end) });
    if (last === units.length - 1) break;
    // next chunk starts with the longest tail of this one that fits the overlap budget
    // (only as much as still leaves room for the next new sentence, so no chunk is all overlap)
    let next = last + 1;
    let tail = 0;
    const room = Math.min(opts.overlapTokens, max - units[last + 1].tokens);
    while (next - 1 > first && tail + units[next - 1].tokens <= room) {
      next--;
      tail += units[next].tokens;
    }
    first = next;
  }
  return chunks;
}

/** The text embedded for a chunk: the title gives the passage its subject (on every chunk, or the first only). */
export function embeddingText(
  chunk: Pick<Chunk, 'ordinal' | 'text'>,
  title: string,
  titleMode: TitleMode = 'every',
): string {
  if (titleMode === 'every' || chunk.ordinal === 0) return title ? `${title}\n\n${chunk.text}` : chunk.text;
  return chunk.text;
}
