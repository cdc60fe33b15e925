// RSS 2.0, Atom and WordPress export (WXR) files, parsed with saxes as a stream: items are turned
// into articles as they complete, so a 100+ MB export never sits in memory as one string.
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import type { Article, IngestWarning } from '../article.js';
import { buildArticle, type BuildResult, type RawArticle } from '../build.js';
import { StreamDecoder } from '../decode.js';
import { htmlToPlainText, inlineToText, tidyText } from '../html.js';

export type FeedFormat = 'rss' | 'atom' | 'wxr';

export interface FeedResult {
  format?: FeedFormat;
  articles: Article[];
  warnings: IngestWarning[];
}

/** HTML entities that leak into feeds written by hand or by old plugins; XML itself only knows five. */
const HTML_ENTITIES: Record<string, string> = {
  nbsp: '\u00a0',
  rsquo: '’',
  lsquo: '‘',
  rdquo: '”',
  ldquo: '“',
  mdash: '—',
  ndash: '–',
  hellip: '…',
  copy: '©',
  reg: '®',
  trade: '™',
  laquo: '«',
  raquo: '»',
  middot: '·',
  bull: '•',
  euro: '€',
  pound: '£',
  deg: '°',
  times: '×',
  eacute: 'é',
  egrave: 'è',
  ecirc: 'ê',
  agrave: 'à',
  aacute: 'á',
  acirc: 'â',
  auml: 'ä',
  ouml: 'ö',
  uuml: 'ü',
  iacute: 'í',
  oacute: 'ó',
  uacute: 'ú',
  ntilde: 'ñ',
  ccedil: 'ç',
  szlig: 'ß',
  shy: '\u00ad',
  thinsp: '\u2009',
  ensp: '\u2002',
  emsp: '\u2003',
  Eacute: 'É',
  Ouml: 'Ö',
  Uuml: 'Ü',
  Auml: 'Ä',
  oslash: 'ø',
  aring: 'å',
  atilde: 'ã',
  otilde: 'õ',
};

const MAX_XML_WARNINGS = 20;
/** HTML elements without a closing tag: "<br></br>" would read as two line breaks */
const VOID_ELEMENTS = new Set([
  'br',
  'img',
  'hr',
  'input',
  'meta',
  'link',
  'wbr',
  'source',
  'area',
  'col',
  'embed',
  'param',
  'track',
]);

interface ItemState {
  number: number;
  line: number;
  depth: number;
  fields: Map<string, string[]>;
  attrs: Map<string, Record<string, string>[]>;
  /** text of the direct child being read, with nested markup kept as HTML (Atom xhtml content) */
  field?: string;
  buffer: string;
  nested: number;
  /** Atom <author>: only the text of its <name> child is the author */
  inAuthor: boolean;
  inName: boolean;
  authorName: string;
  /** Atom type="xhtml": the field holds markup, so its text must be escaped again to stay text */
  xhtml: boolean;
  error?: string;
}

function first(item: ItemState, ...names: string[]): string | undefined {
  for (const n of names) {
    const v = item.fields.get(n)?.find((s) => s.trim());
    if (v !== undefined) return v;
  }
  return undefined;
}

function escapeAttr(v: string): string {
  return v.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

/** RSS <author> is an e-mail address, often "editor@example.com (Jane Doe)": keep the name. */
function rssAuthor(s: string | undefined): string | undefined {
  if (!s) return undefined;
  const m = /\(([^)]+)\)/.exec(s);
  if (m) return m[1];
  return /@/.test(s) && !/\s/.test(s.trim()) ? undefined : s;
}

/** Turns one completed <item>/<entry> into raw article fields; undefined when it is not a published post. */
function itemToRaw(item: ItemState, format: FeedFormat): RawArticle | undefined {
  if (format === 'wxr') {
    const type = first(item, 'wp:post_type')?.trim();
    const status = first(item, 'wp:status')?.trim();
    if (type !== 'post' || status !== 'publish') return undefined;
  }
  let url: string | undefined;
  let body: string | undefined;
  const tags: string[] = [];
  if (format === 'atom') {
    const links = item.attrs.get('link') ?? [];
    const alt = links.find((l) => !l.rel || l.rel === 'alternate') ?? links[0];
    url = alt?.href ?? (/^https?:/.test(first(item, 'id') ?? '') ? first(item, 'id') : undefined);
    const contentType = item.attrs.get('content')?.[0]?.type ?? item.attrs.get('summary')?.[0]?.type ?? 'text';
    const content = first(item, 'content', 'summary');
    body = content === undefined ? undefined : contentType === 'text' ? tidyText(content) : htmlToPlainText(content);
    for (const c of item.attrs.get('category') ?? []) if (c.term) tags.push(c.term);
  } else {
    url = first(item, 'link')?.trim();
    const guid = first(item, 'guid')?.trim();
    const guidIsLink = item.attrs.get('guid')?.[0]?.ispermalink !== 'false';
    if (!url && guid && guidIsLink && /^https?:\/\//.test(guid)) url = guid;
    const content = first(item, 'content:encoded', 'description');
    body = content === undefined ? undefined : htmlToPlainText(content);
    const cats = item.fields.get('category') ?? [];
    const catAttrs = item.attrs.get('category') ?? [];
    cats.forEach((c, i) => {
      if (catAttrs[i]?.domain === 'post_format') return; // "post-format-aside" is layout, not a topic
      tags.push(inlineToText(c));
    });
  }
  const title = first(item, 'title');
  const author =
    format === 'atom' ? first(item, 'author') : (first(item, 'dc:creator') ?? rssAuthor(first(item, 'author')));
  const date =
    format === 'wxr'
      ? first(item, 'wp:post_date', 'pubdate', 'wp:post_date_gmt')
      : format === 'atom'
        ? first(item, 'published', 'updated')
        : first(item, 'pubdate', 'dc:date');
  return {
    title: title === undefined ? undefined : inlineToText(title),
    author: author === undefined ? undefined : inlineToText(author),
    date: date?.trim().startsWith('0000-00-00') ? first(item, 'pubdate') : date,
    url,
    body,
    tags,
  };
}

/** Incremental feed reader: write() text as it arrives, end() when done. */
export class FeedReader {
  format?: FeedFormat;
  readonly articles: Article[] = [];
  readonly warnings: IngestWarning[] = [];
  private readonly parser = new SaxesParser({ position: true });
  private depth = 0;
  private items = 0;
  private item?: ItemState;
  private rootSeen = false;
  private xmlErrors = 0;
  private ended = false;
  /** WXR: dc:creator holds the login; the channel's <wp:author> entries give the display name */
  private readonly authorNames = new Map<string, string>();
  private wpAuthor?: { field?: string; buffer: string; login?: string; display?: string };

  constructor(
    private readonly source: string,
    /** called as each article completes (progress for large exports) */
    private readonly onArticle?: (a: Article) => void,
  ) {
    Object.assign(this.parser.ENTITIES, HTML_ENTITIES);
    this.parser.on('opentag', (t) => this.open(t as SaxesTagPlain)); // xmlns off: attributes are plain strings
    this.parser.on('closetag', (t) => this.close(t as SaxesTagPlain));
    this.parser.on('text', (t) => this.text(t));
    this.parser.on('cdata', (t) => this.text(t));
    this.parser.on('error', (e) => this.error(e));
  }

  private open(tag: SaxesTagPlain): void {
    this.depth++;
    const name = tag.name.toLowerCase();
    if (!this.rootSeen) {
      this.rootSeen = true;
      if (name === 'feed') this.format = 'atom';
      else if (name === 'rss' || name === 'rdf:rdf') {
        const wp = Object.entries(tag.attributes).some(
          ([k, v]) => k === 'xmlns:wp' && /wordpress\.org\/export/.test(String(v)),
        );
        this.format = wp ? 'wxr' : 'rss';
      } else {
        this.warnings.push({
          source: this.source,
          message: `not a feed: the document is <${tag.name}>, expected <rss> (RSS, WordPress export) or <feed> (Atom)`,
        });
      }
      return;
    }
    if (!this.format) return;
    const item = this.item;
    if (!item) {
      if (name === 'wp:author') this.wpAuthor = { buffer: '' };
      else if (this.wpAuthor) {
        this.wpAuthor.field = name;
        this.wpAuthor.buffer = '';
      }
      if (name === 'item' || name === 'entry') {
        this.items++;
        this.item = {
          number: this.items,
          line: this.parser.line,
          depth: this.depth,
          fields: new Map(),
          attrs: new Map(),
          buffer: '',
          nested: 0,
          inAuthor: false,
          inName: false,
          authorName: '',
          xhtml: false,
        };
      }
      return;
    }
    if (item.field !== undefined) {
      // markup inside a field (Atom type="xhtml" content): keep it as HTML for the converter
      item.nested++;
      if (item.inAuthor) {
        if (name === 'name') item.inName = true;
        return;
      }
      const attrs = Object.entries(tag.attributes)
        .map(([k, v]) => ` ${k}="${escapeAttr(String(v))}"`)
        .join('');
      item.buffer += `<${tag.name}${attrs}>`;
      return;
    }
    if (this.depth === item.depth + 1) {
      const attrs: Record<string, string> = {};
      for (const [k, v] of Object.entries(tag.attributes)) attrs[k.toLowerCase()] = String(v);
      const list = item.attrs.get(name) ?? [];
      list.push(attrs);
      item.attrs.set(name, list);
      item.field = name;
      item.buffer = '';
      item.nested = 0;
      item.inAuthor = this.format === 'atom' && name === 'author';
      item.xhtml = this.format === 'atom' && attrs.type === 'xhtml';
      if (name === 'wp:post_type' && this.format === 'rss') this.format = 'wxr'; // a WXR without the namespace on <rss>
    }
  }

  private close(tag: SaxesTagPlain): void {
    const item = this.item;
    const wa = this.wpAuthor;
    if (!item && wa) {
      const name = tag.name.toLowerCase();
      if (name === 'wp:author') {
        if (wa.login && wa.display) this.authorNames.set(wa.login.trim(), wa.display.trim());
        this.wpAuthor = undefined;
      } else if (name === 'wp:author_login') wa.login = wa.buffer;
      else if (name === 'wp:author_display_name') wa.display = wa.buffer;
    }
    if (item) {
      if (item.field !== undefined && this.depth > item.depth + 1) {
        item.nested--;
        if (item.inAuthor) item.inName = false;
        else if (!VOID_ELEMENTS.has(tag.name.toLowerCase().replace(/^.*:/, ''))) item.buffer += `</${tag.name}>`;
      } else if (item.field !== undefined && this.depth === item.depth + 1) {
        const list = item.fields.get(item.field) ?? [];
        list.push(item.inAuthor ? item.authorName || item.buffer : item.buffer);
        item.fields.set(item.field, list);
        item.inAuthor = false;
        item.authorName = '';
        item.field = undefined;
        item.buffer = '';
      } else if (this.depth === item.depth) {
        this.finishItem(item);
        this.item = undefined;
      }
    }
    this.depth--;
  }

  private text(t: string): void {
    const item = this.item;
    if (!item && this.wpAuthor?.field) this.wpAuthor.buffer += t;
    if (item?.field === undefined) return;
    if (item.inAuthor) {
      if (item.inName) item.authorName += t;
      else if (item.nested === 0) item.buffer += t; // <author>Name</author> without a <name> child
    } else item.buffer += item.xhtml ? t.replace(/&/g, '&amp;').replace(/</g, '&lt;') : t;
  }

  private error(e: Error): void {
    if (this.ended) return; // unclosed tags at the end are reported as a cut-off item instead
    const reason = e.message.replace(/^[^:]*:\d+:\d+:\s*/, '').slice(0, 160);
    if (this.item) {
      this.item.error ??= reason;
      return;
    }
    this.xmlErrors++;
    if (this.xmlErrors <= MAX_XML_WARNINGS) {
      this.warnings.push({ source: this.source, line: this.parser.line, message: `malformed XML: ${reason}` });
    }
  }

  private finishItem(item: ItemState): void {
    const where = { source: this.source, line: item.line, item: item.number };
    if (item.error) {
      this.warnings.push({ ...where, message: `item ${item.number} skipped: malformed XML (${item.error})` });
      return;
    }
    let built: BuildResult;
    try {
      const raw = itemToRaw(item, this.format ?? 'rss');
      if (!raw) return; // a page, draft or attachment in a WordPress export: not an article
      if (raw.author) raw.author = this.authorNames.get(raw.author) ?? raw.author;
      built = buildArticle(raw, { file: this.source, line: item.line, item: item.number });
    } catch (err) {
      built = { ok: false as const, reason: (err as Error).message };
    }
    if (built.ok) {
      this.articles.push(built.article);
      this.onArticle?.(built.article);
      for (const n of built.notes) this.warnings.push({ ...where, message: `item ${item.number}: ${n}` });
    } else this.warnings.push({ ...where, message: `item ${item.number} skipped: ${built.reason}` });
  }

  write(chunk: string): void {
    if (this.ended || !chunk) return;
    try {
      this.parser.write(chunk);
    } catch (err) {
      this.error(err as Error);
    }
  }

  end(): FeedResult {
    if (!this.ended) {
      if (this.item) {
        this.warnings.push({
          source: this.source,
          line: this.item.line,
          item: this.item.number,
          message: `item ${this.item.number} skipped: the file ends inside it (cut short?)`,
        });
        this.item = undefined;
      }
      this.ended = true;
      try {
        this.parser.close();
      } catch {
        // close() re-checks well-formedness; the cut-off item was reported above
      }
      if (this.xmlErrors > MAX_XML_WARNINGS)
        this.warnings.push({
          source: this.source,
          message: `… and ${this.xmlErrors - MAX_XML_WARNINGS} more XML errors`,
        });
      if (!this.rootSeen) this.warnings.push({ source: this.source, message: 'no XML document found' });
    }
    return { format: this.format, articles: this.articles, warnings: this.warnings };
  }
}

/** RSS, Atom or WXR from a string (the live-sources room fetches feeds and calls this). */
export function parseFeed(xml: string, source: string): { articles: Article[]; warnings: IngestWarning[] } {
  const r = new FeedReader(source);
  r.write(xml);
  const { articles, warnings } = r.end();
  return { articles, warnings };
}

/** Same, from a byte stream (a file): memory stays bounded by the largest single item. */
export async function parseFeedStream(
  stream: AsyncIterable<Uint8Array | string>,
  source: string,
  onArticle?: (a: Article) => void,
): Promise<FeedResult> {
  const reader = new FeedReader(source, onArticle);
  const decoder = new StreamDecoder();
  try {
    for await (const chunk of stream) reader.write(typeof chunk === 'string' ? chunk : decoder.write(chunk));
    reader.write(decoder.end());
  } catch (err) {
    reader.warnings.push({ source, message: `reading stopped: ${(err as Error).message}` });
  }
  const result = reader.end();
  if (decoder.replaced)
    result.warnings.unshift({ source, message: 'some bytes are not valid UTF-8; they were replaced with \uFFFD' });
  return result;
}
