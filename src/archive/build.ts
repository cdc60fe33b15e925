// Raw fields from any parser → a validated Article (or the reason it cannot be one).
import { ArticleSchema, articleId, type Article, type ArticleOrigin } from './article.js';
import { toIsoDay } from './dates.js';

export interface RawArticle {
  title?: string;
  author?: string;
  /** any date form toIsoDay understands */
  date?: unknown;
  url?: string;
  /** the source's own stable key for the post when it has no permalink (RSS guid, podcast enclosure) */
  key?: string;
  body?: string;
  tags?: string[];
}

export type BuildResult =
  | { ok: true; article: Article; notes: string[] }
  | { ok: false; reason: string /** the reason in a few words, for the counts */; kind: string };

function clean(s: string | undefined): string | undefined {
  const t = s?.replace(/\s+/g, ' ').trim();
  return t ? t : undefined;
}

function httpUrl(s: string | undefined): string | undefined {
  const t = s?.trim();
  if (!t) return undefined;
  try {
    const u = new URL(t);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.toString() : undefined;
  } catch {
    return undefined;
  }
}

const EMAIL = /[^\s()<>@,;:"[\]]+@[^\s()<>@,;:"[\]]+\.[A-Za-z]{2,}/g;

/**
 * An author as a name, never an address (it would be shown in Discord): "Jane Doe (jane@example.org)",
 * "jane@example.org (Jane Doe)" and "Jane Doe <jane@example.org>" are "Jane Doe"; an address alone is no author.
 */
export function authorName(s: string | undefined): string | undefined {
  const t = clean(s);
  if (!t?.includes('@')) return t;
  const name = t
    .replace(/mailto:/gi, '')
    .replace(EMAIL, ' ')
    .replace(/[()<>[\]]/g, ' ')
    .replace(/^[\s,;:|-]+|[\s,;:|-]+$/g, '');
  return clean(name);
}

/** A title for a post that has none: its first sentence or first words, cut at a word. */
export function titleFromText(body: string): string {
  const firstPara = body.split(/\n/, 1)[0].replace(/\s+/g, ' ').trim();
  const sentence = /^(.{12,}?[.!?…])(?=\s|$)/u.exec(firstPara)?.[1] ?? firstPara;
  if (sentence.length <= 80) return sentence;
  const cut = sentence.slice(0, 80);
  const space = cut.lastIndexOf(' ');
  return `${(space > 40 ? cut.slice(0, space) : cut).replace(/[\s,;:–—-]+$/, '')}…`;
}

/** Builds the Article; a missing body is a reason to skip, a bad date or URL only a note. */
export function buildArticle(raw: RawArticle, origin: ArticleOrigin): BuildResult {
  const notes: string[] = [];
  const body = (raw.body ?? '').trim();
  let title = clean(raw.title);
  if (!body) {
    const what = title ? ` (title "${title.slice(0, 60)}")` : '';
    return { ok: false, reason: `no body text${what}`, kind: 'no body text' };
  }
  // microblogs and some feeds have untitled posts: their text is still worth finding
  const titleFromBody = !title;
  title ??= titleFromText(body);
  let date: string | undefined;
  if (raw.date !== undefined && raw.date !== null && raw.date !== '') {
    date = toIsoDay(raw.date);
    if (!date && !/^0000-00-00/.test(String(raw.date)))
      notes.push(`unreadable date ${JSON.stringify(String(raw.date).slice(0, 40))} ignored`);
  }
  const url = httpUrl(raw.url);
  if (raw.url?.trim() && !url) notes.push(`not a web address ${JSON.stringify(raw.url.slice(0, 80))} ignored`);
  const tags = [...new Set((raw.tags ?? []).map((t) => clean(t)).filter((t): t is string => !!t))];
  const fields = { title, author: authorName(raw.author), date, url, body, tags, origin };
  const candidate = {
    id: articleId({ ...fields, key: clean(raw.key) }),
    ...fields,
    ...(titleFromBody ? { titleFromBody: true as const } : {}),
  };
  for (const k of ['author', 'date', 'url'] as const) if (candidate[k] === undefined) delete candidate[k];
  const parsed = ArticleSchema.safeParse(candidate);
  if (!parsed.success)
    return {
      ok: false,
      reason: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
      kind: 'invalid fields',
    };
  return { ok: true, article: parsed.data, notes };
}

/** The id an article built from these fields would get (to forget a cached copy of a post now left out). */
export function rawArticleId(raw: RawArticle): string | undefined {
  const body = raw.body?.trim();
  const title = clean(raw.title) ?? (body ? titleFromText(body) : undefined);
  const url = httpUrl(raw.url);
  const key = clean(raw.key);
  if (!title && !url && !key) return undefined;
  const date = raw.date === undefined || raw.date === null || raw.date === '' ? undefined : toIsoDay(raw.date);
  return articleId({ url, key, title: title ?? '', date });
}
