// One JSON record → raw article fields, or why it is left out. Field names vary between exporters
// (JSON Feed, WordPress REST, CMS dumps): the first present name of each list wins.
import type { LeftOutReason } from '../article.js';
import type { RawArticle } from '../build.js';
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

/** keys of an object that wraps the list of articles ({"posts": [...]}) */
export const WRAPPERS = ['articles', 'posts', 'items', 'entries', 'data', 'results', 'documents'];

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

const UNPUBLISHED = new Set(['draft', 'pending', 'future', 'auto-draft', 'trash', 'inherit', 'unpublished']);

/**
 * Records that must not be indexed: a password (WordPress post_password, REST content/excerpt
 * "protected"), status private, or a status that is not published.
 */
export function recordLeftOut(o: Record<string, unknown>): LeftOutReason | undefined {
  const password = o.post_password ?? o.password;
  if (typeof password === 'string' && password.trim()) return 'passwordProtected';
  for (const k of ['content', 'excerpt']) {
    const v = o[k];
    if (v && typeof v === 'object' && (v as { protected?: unknown }).protected === true) return 'passwordProtected';
  }
  if (o.protected === true || o.password_protected === true) return 'passwordProtected';
  const status = o.status ?? o.post_status;
  if (typeof status !== 'string') return undefined;
  const st = status.trim().toLowerCase();
  if (st === 'private') return 'private';
  return UNPUBLISHED.has(st) ? 'drafts' : undefined;
}
