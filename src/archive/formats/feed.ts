// RSS 2.0, Atom and WordPress export (WXR) files, parsed with saxes as a stream: items are turned
// into articles as they complete, so a 100+ MB export never sits in memory as one string.
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { noneLeftOut, type Article, type IngestWarning, type LeftOut, type ParseResult } from '../article.js';
import { buildArticle, type BuildResult } from '../build.js';
import { StreamDecoder } from '../decode.js';
import { type FeedContext, itemToRaw } from './feed-fields.js';
import { FeedItem, type FeedFormat } from './feed-item.js';
import { EntityRepair, type RepairKind, repairWarnings } from './xml-repair.js';

export type { FeedFormat } from './feed-item.js';

export interface FeedResult extends ParseResult {
  format?: FeedFormat;
  leftOut: LeftOut;
  leftOutIds: string[];
}

const MAX_XML_WARNINGS = 20;
const HTTP = /^https?:\/\//i;

/** Incremental feed reader: write() text as it arrives, end() when done. */
export class FeedReader {
  format?: FeedFormat;
  readonly articles: Article[] = [];
  readonly warnings: IngestWarning[] = [];
  readonly leftOut = noneLeftOut();
  readonly leftOutIds: string[] = [];
  private readonly parser = new SaxesParser({ position: true });
  private readonly repair = new EntityRepair();
  /** where each repair kind was first needed, for the one warning per file */
  private readonly firstRepair: Partial<Record<RepairKind, { line: number; text: string }>> = {};
  private depth = 0;
  private items = 0;
  private item?: FeedItem;
  private rootSeen = false;
  private xmlErrors = 0;
  private ended = false;
  /** xml:base in force at each open element (index = depth) */
  private readonly bases: (string | undefined)[] = [undefined];
  private readonly ctx: FeedContext;
  /** the channel's own <link> (RSS) being read: the site's address, not a post's */
  private channelLink?: string;
  /** WXR: dc:creator holds the login; the channel's <wp:author> entries give the display name */
  private readonly authorNames = new Map<string, string>();
  private wpAuthor?: { field?: string; buffer: string; login?: string; display?: string };

  constructor(
    private readonly source: string,
    /** called as each article completes (progress for large exports) */
    private readonly onArticle?: (a: Article) => void,
  ) {
    this.ctx = { feedUrl: HTTP.test(source) ? source : undefined };
    this.parser.on('opentag', (t) => this.open(t as SaxesTagPlain)); // xmlns off: attributes are plain strings
    this.parser.on('closetag', (t) => this.close(t as SaxesTagPlain));
    this.parser.on('text', (t) => this.text(t));
    this.parser.on('cdata', (t) => this.text(t));
    this.parser.on('error', (e) => this.error(e));
  }

  private root(tag: SaxesTagPlain, name: string): void {
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
  }

  private open(tag: SaxesTagPlain): void {
    this.depth++;
    const name = tag.name.toLowerCase();
    const xmlBase = tag.attributes['xml:base'];
    const parentBase = this.bases[this.depth - 1];
    const base =
      typeof xmlBase === 'string' && xmlBase.trim()
        ? parentBase && HTTP.test(parentBase)
          ? safeResolve(xmlBase.trim(), parentBase)
          : xmlBase.trim()
        : parentBase;
    this.bases[this.depth] = base;
    if (!this.rootSeen) {
      this.root(tag, name);
      return;
    }
    if (!this.format) return;
    if (this.item) {
      this.item.start(tag.name, tag.attributes, this.depth, base);
      if (name === 'wp:post_type' && this.format === 'rss') this.format = 'wxr'; // a WXR without the namespace on <rss>
      return;
    }
    this.channel(tag, name);
    if (name === 'item' || name === 'entry') {
      this.items++;
      this.item = new FeedItem(this.items, this.parser.line, this.depth, this.format, base);
    }
  }

  /** Outside items: the channel's link and WordPress's author table. */
  private channel(tag: SaxesTagPlain, name: string): void {
    if (name === 'wp:author') this.wpAuthor = { buffer: '' };
    else if (this.wpAuthor) {
      this.wpAuthor.field = name;
      this.wpAuthor.buffer = '';
    }
    if (name !== 'link' || this.ctx.channelLink) return;
    if (this.format === 'atom' && this.depth === 2) {
      const rel = String(tag.attributes.rel ?? 'alternate');
      const href = String(tag.attributes.href ?? '');
      if (/(^|\/)alternate$/i.test(rel) && href)
        this.ctx.channelLink = safeResolve(href, this.bases[2] ?? this.ctx.feedUrl);
    } else if (this.format !== 'atom' && this.depth === 3) this.channelLink = '';
  }

  private close(tag: SaxesTagPlain): void {
    const item = this.item;
    if (item) {
      if (item.end(tag.name, this.depth)) {
        this.finishItem(item);
        this.item = undefined;
      }
    } else {
      const name = tag.name.toLowerCase();
      if (this.channelLink !== undefined && name === 'link') {
        const link = this.channelLink.trim();
        this.ctx.channelLink = link ? safeResolve(link, this.bases[this.depth] ?? this.ctx.feedUrl) : undefined;
        this.channelLink = undefined;
      }
      const wa = this.wpAuthor;
      if (wa && name === 'wp:author') {
        if (wa.login && wa.display) this.authorNames.set(wa.login.trim(), wa.display.trim());
        this.wpAuthor = undefined;
      } else if (wa && name === 'wp:author_login') wa.login = wa.buffer;
      else if (wa && name === 'wp:author_display_name') wa.display = wa.buffer;
    }
    this.depth--;
  }

  private text(t: string): void {
    if (this.item) this.item.text(t);
    else if (this.channelLink !== undefined) this.channelLink += t;
    else if (this.wpAuthor?.field) this.wpAuthor.buffer += t;
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

  private finishItem(item: FeedItem): void {
    const where = { source: this.source, line: item.line, item: item.number };
    if (item.error) {
      this.warnings.push({
        ...where,
        message: `item ${item.number} skipped: malformed XML (${item.error})`,
        skipped: 'malformed XML',
      });
      return;
    }
    let built: BuildResult;
    try {
      const outcome = itemToRaw(item, this.ctx);
      if ('leftOut' in outcome) {
        // a page, draft, private or password-protected post: counted, its text never kept
        this.leftOut[outcome.leftOut]++;
        if (outcome.id) this.leftOutIds.push(outcome.id);
        return;
      }
      const raw = outcome.raw;
      if (raw.author) raw.author = this.authorNames.get(raw.author) ?? raw.author;
      built = buildArticle(raw, { file: this.source, line: item.line, item: item.number });
    } catch (err) {
      built = { ok: false as const, reason: (err as Error).message, kind: 'could not be read' };
    }
    if (built.ok) {
      this.articles.push(built.article);
      this.onArticle?.(built.article);
      for (const n of built.notes) this.warnings.push({ ...where, message: `item ${item.number}: ${n}` });
    } else
      this.warnings.push({ ...where, message: `item ${item.number} skipped: ${built.reason}`, skipped: built.kind });
  }

  write(chunk: string): void {
    if (this.ended || !chunk) return;
    this.feed(this.repair.push(chunk));
  }

  /** Hands repaired text to saxes, noting the line of the first repair of each kind. */
  private feed(text: string): void {
    for (const f of this.repair.firsts) {
      let line = this.parser.line;
      for (let k = text.indexOf('\n'); k >= 0 && k < f.offset; k = text.indexOf('\n', k + 1)) line++;
      this.firstRepair[f.kind] ??= { line, text: f.text };
    }
    if (!text) return;
    try {
      this.parser.write(text);
    } catch (err) {
      this.error(err as Error);
    }
  }

  end(): FeedResult {
    if (!this.ended) {
      this.feed(this.repair.end());
      for (const w of repairWarnings(this.repair, this.firstRepair)) this.warnings.push({ source: this.source, ...w });
      if (this.item) {
        this.warnings.push({
          source: this.source,
          line: this.item.line,
          item: this.item.number,
          message: `item ${this.item.number} skipped: the file ends inside it (cut short?)`,
          skipped: 'cut short',
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
    const { format, articles, warnings, leftOut, leftOutIds } = this;
    return { format, articles, warnings, leftOut, leftOutIds };
  }
}

function safeResolve(ref: string, base: string | undefined): string | undefined {
  try {
    return new URL(ref, base).toString();
  } catch {
    return base ? undefined : ref;
  }
}

/** RSS, Atom or WXR from a string (a fetched feed, or a file in a legacy encoding). */
export function parseFeed(xml: string, source: string): FeedResult {
  const r = new FeedReader(source);
  r.write(xml);
  return r.end();
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
