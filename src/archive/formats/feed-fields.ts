// A completed feed item → raw article fields, or why it is left out (a WordPress page, draft,
// private or password-protected post). Which element holds what differs between RSS, Atom, the
// WordPress export and the podcast and media extensions; this is where those rules live.
import { normalizeUrl, type LeftOutReason } from '../article.js';
import { rawArticleId, type RawArticle } from '../build.js';
import { bodyToText, htmlToPlainText, inlineToText, tidyText } from '../html.js';
import type { FeedItem, FieldAttrs } from './feed-item.js';

export interface FeedContext {
  /** the feed's own address, when it was fetched (relative links resolve against it) */
  feedUrl?: string;
  /** the channel's <link> (RSS) or the feed's alternate link (Atom): the site, not a post */
  channelLink?: string;
}

export type ItemOutcome = { raw: RawArticle } | { leftOut: LeftOutReason; id?: string };

const HTTP = /^https?:\/\//i;

/** A link as an absolute http(s) address: xml:base of its element first, then the feed URL or channel link. */
export function resolveLink(ref: string | undefined, base: string | undefined, ctx: FeedContext): string | undefined {
  const r = ref?.trim();
  if (!r) return undefined;
  if (HTTP.test(r)) return r;
  const doc = ctx.feedUrl ?? ctx.channelLink;
  try {
    const b = base && HTTP.test(base) ? base : base && doc ? new URL(base, doc).toString() : doc;
    if (!b) return undefined;
    const u = new URL(r, b);
    return /^https?:$/.test(u.protocol) ? u.toString() : undefined;
  } catch {
    return undefined;
  }
}

/** A podcast's episodes all link to the show's home page: a link equal to the channel's is no permalink. */
function notTheSite(url: string | undefined, ctx: FeedContext, format: string): string | undefined {
  if (!url || !ctx.channelLink || format === 'wxr') return url;
  return normalizeUrl(url) === normalizeUrl(ctx.channelLink) ? undefined : url;
}

/** Only rel="alternate" (or no rel) links are permalinks; an HTML one is preferred. */
function atomPermalink(links: FieldAttrs[]): FieldAttrs | undefined {
  const alternates = links.filter((l) => !l.rel || /(^|\/)alternate$/i.test(l.rel.trim()));
  return alternates.find((l) => !l.type || /html/i.test(l.type)) ?? alternates[0];
}

/** Atom text constructs: "text" (the default) stays text, "html" is converted, "xhtml" is markup. */
function atomText(value: string, attrs: FieldAttrs, inline: boolean): string {
  const type = (attrs.type ?? (attrs.mode === 'escaped' ? 'html' : 'text')).toLowerCase();
  const html = type === 'html' || type === 'xhtml' || /html|xml/.test(type);
  if (!html) return inline ? value.replace(/\s+/g, ' ').trim() : tidyText(value);
  return inline ? inlineToText(value) : htmlToPlainText(value);
}

/** Bodies outside content: the podcast and media extensions' descriptions, plain text or HTML. */
function extensionBody(item: FeedItem): string | undefined {
  const f = item.firstWith('itunes:summary', 'media:description', 'dc:description', 'itunes:subtitle');
  if (!f) return undefined;
  if (f.name === 'media:description' && f.attrs.type !== 'html') return tidyText(f.value);
  return bodyToText(f.value);
}

/** WordPress shows this form instead of a protected post's text (in its feeds too). */
const PASSWORD_FORM = /wp-login\.php\?action=postpass/i;

function wxrStatus(item: FeedItem): LeftOutReason | undefined {
  if (item.first('wp:post_type')?.trim() !== 'post') return 'notPosts';
  if (item.first('wp:post_password')?.trim()) return 'passwordProtected';
  const status = item.first('wp:status')?.trim();
  if (status === 'private') return 'private';
  return status === 'publish' ? undefined : 'drafts';
}

export function itemToRaw(item: FeedItem, ctx: FeedContext): ItemOutcome {
  const format = item.format;
  if (format === 'wxr') {
    const reason = wxrStatus(item);
    if (reason) return { leftOut: reason };
  }
  let url: string | undefined;
  let key: string | undefined;
  let body: string | undefined;
  let content: string | undefined;
  const tags: string[] = [];
  if (format === 'atom') {
    const link = atomPermalink(item.attrs.get('link') ?? []);
    url = notTheSite(resolveLink(link?.href, link?.['@base'] ?? item.base, ctx), ctx, format);
    const id = item.first('id')?.trim();
    if (!url && id && HTTP.test(id)) url = id;
    key = id;
    // out-of-line content (<content src=…>) has no text here: the summary is the body then
    const c = item.firstWith('content', 'summary');
    if (c && !c.attrs.src) {
      content = c.value;
      body = atomText(c.value, c.attrs, false);
    }
    for (const cat of item.attrs.get('category') ?? []) if (cat.term) tags.push(cat.term);
  } else {
    const link = item.firstWith('link');
    url = notTheSite(resolveLink(link?.value, link?.attrs['@base'] ?? item.base, ctx), ctx, format);
    const guid = item.firstWith('guid');
    const guidText = guid?.value.trim();
    if (!url && guidText && guid?.attrs.ispermalink?.toLowerCase() !== 'false' && HTTP.test(guidText)) url = guidText;
    key = guidText || item.attrs.get('enclosure')?.[0]?.url || item.attrs.get('media:content')?.[0]?.url;
    content = item.first('content:encoded', 'description');
    if (content !== undefined) body = htmlToPlainText(content);
    const cats = item.fields.get('category') ?? [];
    const catAttrs = item.attrs.get('category') ?? [];
    cats.forEach((c, i) => {
      if (catAttrs[i]?.domain === 'post_format') return; // "post-format-aside" is layout, not a topic
      tags.push(inlineToText(c));
    });
  }
  if (!body?.trim()) body = extensionBody(item);

  const title = item.firstWith('title');
  const author =
    format === 'atom'
      ? (item.first('author') ?? item.first('dc:creator'))
      : // RSS <author> is an address, often "editor@example.com (Jane Doe)": build.ts keeps only the name
        item.first('dc:creator', 'author', 'itunes:author');
  const date =
    format === 'wxr'
      ? item.first('wp:post_date', 'pubdate', 'wp:post_date_gmt')
      : format === 'atom'
        ? item.first(
            'published',
            'issued',
            'created',
            'updated',
            'modified',
            'dc:date',
            'dcterms:created',
            'dcterms:issued',
            'dcterms:modified',
          )
        : item.first('pubdate', 'dc:date', 'dcterms:created', 'dcterms:issued', 'dcterms:modified');
  const raw: RawArticle = {
    title:
      title === undefined
        ? undefined
        : format === 'atom'
          ? atomText(title.value, title.attrs, true)
          : inlineToText(title.value),
    author: author === undefined ? undefined : inlineToText(author),
    date: date?.trim().startsWith('0000-00-00') ? item.first('pubdate') : date,
    url,
    key,
    body,
    tags,
  };
  if (content?.includes('postpass') && PASSWORD_FORM.test(content)) {
    return {
      leftOut: 'passwordProtected',
      id: rawArticleId({ ...raw, title: raw.title?.replace(/^Protected:\s*/, '') }),
    };
  }
  return { raw };
}
