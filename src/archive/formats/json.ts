// JSON Lines and JSON arrays of articles (also a WordPress REST API dump, or {"posts": [...]}).
// Each record is parsed on its own, so one malformed record is skipped and the rest still load.
import type { Article, IngestWarning } from '../article.js';
import { buildArticle, type BuildResult, type RawArticle } from '../build.js';
import { StreamDecoder } from '../decode.js';
import { bodyToText, inlineToText } from '../html.js';

const FIELDS = {
  title: ['title', 'headline', 'name', 'subject'],
  body: [
    'body',
    'content',
    'text',
    'content_html',
    'contentHtml',
    'html',
    'content_text',
    'articleBody',
    'description',
    'summary',
    'excerpt',
  ],
  // not guid: WordPress guids ("?p=123") are ids, not the permalink a citation should show
  url: ['url', 'link', 'permalink', 'href', 'canonical_url'],
  date: [
    'date',
    'published',
    'pubDate',
    'date_published',
    'published_at',
    'publishedAt',
    'datePublished',
    'post_date',
    'created_at',
    'created',
    'updated',
  ],
  author: ['author', 'creator', 'dc:creator', 'byline', 'author_name', 'authors'],
  tags: ['tags', 'categories', 'keywords', 'tag', 'category', 'labels'],
} as const;

const WRAPPERS = ['articles', 'posts', 'items', 'entries', 'data', 'results', 'documents'];

/** A WordPress REST value is {rendered: "..."}; a JSON Feed author is {name}; lists are joined. */
function asText(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  if (Array.isArray(v)) {
    const parts = v.map(asText).filter((s): s is string => !!s);
    return parts.length ? parts.join(', ') : undefined;
  }
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return asText(o.rendered ?? o.name ?? o.value ?? o.text ?? o.href ?? o.url);
  }
  return undefined;
}

function asList(v: unknown): string[] {
  if (typeof v === 'string')
    return v
      .split(/[,;]/)
      .map((s) => s.trim())
      .filter(Boolean);
  if (Array.isArray(v))
    return v
      .flatMap((x) => (typeof x === 'number' ? [] : (asText(x) ?? [])))
      .map((s) => s.trim())
      .filter(Boolean);
  return [];
}

function pick(o: Record<string, unknown>, names: readonly string[]): unknown {
  for (const n of names) if (o[n] !== undefined && o[n] !== null && o[n] !== '') return o[n];
  return undefined;
}

/** One JSON object → raw article fields (HTML bodies and titles turned into text). */
export function rawFromRecord(o: Record<string, unknown>): RawArticle {
  const title = asText(pick(o, FIELDS.title));
  const body = asText(pick(o, FIELDS.body));
  let url = asText(pick(o, FIELDS.url));
  if (url && !/^https?:\/\//i.test(url)) url = undefined; // guids are often not web addresses
  const dateRaw = pick(o, FIELDS.date);
  const authorRaw = pick(o, FIELDS.author);
  // the REST API gives author ids (numbers): not a name, so no author
  const author = typeof authorRaw === 'number' ? undefined : asText(authorRaw);
  return {
    title: title === undefined ? undefined : inlineToText(title),
    body: body === undefined ? undefined : bodyToText(body),
    url,
    date: typeof dateRaw === 'number' ? dateRaw : asText(dateRaw),
    author: author === undefined ? undefined : inlineToText(author),
    tags: asList(pick(o, FIELDS.tags)).map(inlineToText),
  };
}

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

function collect(records: Array<{ value: unknown; line?: number; item: number }>, source: string) {
  const articles: Article[] = [];
  const warnings: IngestWarning[] = [];
  for (const r of records) {
    const where = { source, line: r.line, item: r.item };
    if (!r.value || typeof r.value !== 'object' || Array.isArray(r.value)) {
      warnings.push({ ...where, message: 'record skipped: not a JSON object' });
      continue;
    }
    let built: BuildResult;
    try {
      built = buildArticle(rawFromRecord(r.value as Record<string, unknown>), {
        file: source,
        ...(r.line ? { line: r.line } : {}),
        item: r.item,
      });
    } catch (err) {
      built = { ok: false as const, reason: shortReason(err) };
    }
    if (built.ok) {
      articles.push(built.article);
      for (const n of built.notes) warnings.push({ ...where, message: n });
    } else warnings.push({ ...where, message: `record skipped: ${built.reason}` });
  }
  return { articles, warnings };
}

/** Reads JSON Lines incrementally: push() text as it arrives, end() for the result. */
export class JsonLinesReader {
  readonly articles: Article[] = [];
  readonly warnings: IngestWarning[] = [];
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
      });
      return;
    }
    const out = collect([{ value, line: this.line, item: this.item }], this.source);
    for (const a of out.articles) {
      this.articles.push(a);
      this.onArticle?.(a);
    }
    this.warnings.push(...out.warnings);
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

  end(): { articles: Article[]; warnings: IngestWarning[] } {
    if (this.rest) this.record(this.rest);
    this.rest = '';
    return { articles: this.articles, warnings: this.warnings };
  }
}

/** JSON Lines: one object per line. */
export function parseJsonLines(text: string, source: string): { articles: Article[]; warnings: IngestWarning[] } {
  const r = new JsonLinesReader(source);
  r.push(text);
  return r.end();
}

/** JSON Lines from a byte stream (a file of any size; memory holds only the articles). */
export async function parseJsonLinesStream(
  stream: AsyncIterable<Uint8Array | string>,
  source: string,
  onArticle?: (a: Article) => void,
): Promise<{ articles: Article[]; warnings: IngestWarning[] }> {
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
export function parseJsonDocument(text: string, source: string): { articles: Article[]; warnings: IngestWarning[] } {
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
        });
      }
    }
    if (truncated)
      warnings.push({
        source,
        message: 'the JSON array is not closed (file cut short?): the records before the end were read',
      });
    const out = collect(records, source);
    return {
      articles: out.articles,
      warnings: [...warnings, ...out.warnings].sort((a, b) => (a.item ?? 0) - (b.item ?? 0)),
    };
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
