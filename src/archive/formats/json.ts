// JSON Lines and JSON arrays of articles (also a WordPress REST API dump, or {"posts": [...]}).
// Each record is parsed on its own, so one malformed record is skipped and the rest still load.
import { type Article, type IngestWarning, type LeftOut, noneLeftOut, type ParseResult } from '../article.js';
import { buildArticle, type BuildResult, rawArticleId } from '../build.js';
import { StreamDecoder } from '../decode.js';
import { rawFromRecord, recordLeftOut, WRAPPERS } from './json-record.js';
import { WpPost, wpPostToArticle } from './wp-rest.js';

interface Piece {
  text: string;
  line: number;
  item: number;
}

/**
 * Splits a top-level JSON array into its element texts with their line numbers, without parsing
 * them, so a broken element does not take the whole file down. `truncated` when the file ends early.
 */
export function splitJsonArray(text: string, from: number): { pieces: Piece[]; truncated: boolean } {
  const pieces: Piece[] = [];
  let depth = 0;
  let inString = false;
  let escaped = false;
  let line = 1;
  for (let k = 0; k < from; k++) if (text.charCodeAt(k) === 10) line++;
  let start = -1;
  let startLine = line;
  for (let i = from; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\n') line++;
    if (inString) {
      if (escaped) escaped = false;
      else if (ch === '\\') escaped = true;
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') inString = true;
    if (depth === 1 && start < 0 && !/[\s,\]]/.test(ch)) {
      start = i;
      startLine = line;
    }
    if (ch === '[' || ch === '{') depth++;
    else if (ch === ']' || ch === '}') {
      depth--;
      if (depth === 0) {
        if (start >= 0) pieces.push({ text: text.slice(start, i).trimEnd(), line: startLine, item: pieces.length + 1 });
        return { pieces, truncated: false };
      }
    } else if (ch === ',' && depth === 1 && start >= 0) {
      pieces.push({ text: text.slice(start, i).trimEnd(), line: startLine, item: pieces.length + 1 });
      start = -1;
    }
  }
  if (start >= 0) pieces.push({ text: text.slice(start), line: startLine, item: pieces.length + 1 });
  return { pieces, truncated: true };
}

function shortReason(err: unknown): string {
  return String((err as Error)?.message ?? err)
    .replace(/\s+/g, ' ')
    .slice(0, 120);
}

type JsonRecord = { value: unknown; line?: number; item: number };

function collect(records: JsonRecord[], source: string, into?: Required<ParseResult>): Required<ParseResult> {
  const out = into ?? { articles: [], warnings: [], leftOut: noneLeftOut(), leftOutIds: [] };
  for (const r of records) {
    const where = { source, line: r.line, item: r.item };
    if (!r.value || typeof r.value !== 'object' || Array.isArray(r.value)) {
      out.warnings.push({ ...where, message: 'record skipped: not a JSON object', skipped: 'not a JSON object' });
      continue;
    }
    const o = r.value as Record<string, unknown>;
    const origin = { file: source, ...(r.line ? { line: r.line } : {}), item: r.item };
    // a saved WordPress REST answer: its own mapping (embedded author and terms, "protected")
    const wp = WpPost.safeParse(o);
    if (wp.success) {
      const w = wpPostToArticle(wp.data, new Map(), source, origin);
      if (w.article) out.articles.push(w.article);
      if (w.warning) out.warnings.push({ ...w.warning, ...where });
      if (w.leftOut) leftOutOne(out, w.leftOut.reason, w.leftOut.id);
      continue;
    }
    let built: BuildResult;
    try {
      const raw = rawFromRecord(o);
      const reason = recordLeftOut(o);
      if (reason) {
        leftOutOne(out, reason, rawArticleId({ ...raw, body: undefined }));
        continue;
      }
      built = buildArticle(raw, origin);
    } catch (err) {
      built = { ok: false as const, reason: shortReason(err), kind: 'could not be read' };
    }
    if (built.ok) {
      out.articles.push(built.article);
      for (const n of built.notes) out.warnings.push({ ...where, message: n });
    } else out.warnings.push({ ...where, message: `record skipped: ${built.reason}`, skipped: built.kind });
  }
  return out;
}

function leftOutOne(out: { leftOut: LeftOut; leftOutIds: string[] }, reason: keyof LeftOut, id?: string): void {
  out.leftOut[reason]++;
  if (id) out.leftOutIds.push(id);
}

/** Reads JSON Lines incrementally: push() text as it arrives, end() for the result. */
export class JsonLinesReader {
  readonly articles: Article[] = [];
  readonly warnings: IngestWarning[] = [];
  readonly leftOut = noneLeftOut();
  readonly leftOutIds: string[] = [];
  private rest = '';
  private line = 0;
  private item = 0;

  constructor(
    private readonly source: string,
    private readonly onArticle?: (a: Article) => void,
  ) {}

  private record(text: string): void {
    this.line++;
    const t = text.trim();
    if (!t) return;
    this.item++;
    let value: unknown;
    try {
      value = JSON.parse(t);
    } catch (err) {
      this.warnings.push({
        source: this.source,
        line: this.line,
        item: this.item,
        message: `record skipped: malformed JSON (${shortReason(err)})`,
        skipped: 'malformed JSON',
      });
      return;
    }
    const before = this.articles.length;
    collect([{ value, line: this.line, item: this.item }], this.source, this);
    for (let i = before; i < this.articles.length; i++) this.onArticle?.(this.articles[i]);
  }

  push(chunk: string): void {
    const text = this.rest + chunk;
    let from = 0;
    for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', from)) {
      this.record(text.slice(from, nl));
      from = nl + 1;
    }
    this.rest = text.slice(from);
  }

  end(): Required<ParseResult> {
    if (this.rest) this.record(this.rest);
    this.rest = '';
    const { articles, warnings, leftOut, leftOutIds } = this;
    return { articles, warnings, leftOut, leftOutIds };
  }
}

/** JSON Lines: one object per line. */
export function parseJsonLines(text: string, source: string): Required<ParseResult> {
  const r = new JsonLinesReader(source);
  r.push(text);
  return r.end();
}

/** JSON Lines from a byte stream (a file of any size; memory holds only the articles). */
export async function parseJsonLinesStream(
  stream: AsyncIterable<Uint8Array | string>,
  source: string,
  onArticle?: (a: Article) => void,
): Promise<Required<ParseResult>> {
  const reader = new JsonLinesReader(source, onArticle);
  const decoder = new StreamDecoder();
  try {
    for await (const chunk of stream) reader.push(typeof chunk === 'string' ? chunk : decoder.write(chunk));
    reader.push(decoder.end());
  } catch (err) {
    reader.warnings.push({ source, message: `reading stopped: ${shortReason(err)}` });
  }
  const r = reader.end();
  if (decoder.replaced)
    r.warnings.unshift({ source, message: 'some bytes are not valid UTF-8; they were replaced with \uFFFD' });
  return r;
}

/** A JSON document: an array of articles, an object wrapping one ({"posts": [...]}), or one article. */
export function parseJsonDocument(text: string, source: string): ParseResult {
  const first = text.search(/\S/);
  if (first >= 0 && text[first] === '[') {
    const { pieces, truncated } = splitJsonArray(text, first);
    const records: Array<{ value: unknown; line?: number; item: number }> = [];
    const warnings: IngestWarning[] = [];
    for (const p of pieces) {
      try {
        records.push({ value: JSON.parse(p.text), line: p.line, item: p.item });
      } catch (err) {
        warnings.push({
          source,
          line: p.line,
          item: p.item,
          message: `record skipped: malformed JSON (${shortReason(err)})`,
          skipped: 'malformed JSON',
        });
      }
    }
    if (truncated)
      warnings.push({
        source,
        message: 'the JSON array is not closed (file cut short?): the records before the end were read',
      });
    const out = collect(records, source);
    return { ...out, warnings: [...warnings, ...out.warnings].sort((a, b) => (a.item ?? 0) - (b.item ?? 0)) };
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    return {
      articles: [],
      warnings: [
        {
          source,
          message: `not valid JSON (${shortReason(err)}); expected an array of articles or one object per line`,
        },
      ],
    };
  }
  if (doc && typeof doc === 'object' && !Array.isArray(doc)) {
    const o = doc as Record<string, unknown>;
    const key = WRAPPERS.find((k) => Array.isArray(o[k]));
    if (key)
      return collect(
        (o[key] as unknown[]).map((value, i) => ({ value, item: i + 1 })),
        source,
      );
    return collect([{ value: doc, item: 1, line: 1 }], source);
  }
  return { articles: [], warnings: [{ source, message: 'JSON holds no articles (expected an array of objects)' }] };
}
