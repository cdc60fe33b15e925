// Raw fields from any parser → a validated Article (or the reason it cannot be one).
import { ArticleSchema, articleId, type Article, type ArticleOrigin } from './article.js';
import { toIsoDay } from './dates.js';

export interface RawArticle {
  title?: string;
  author?: string;
  /** any date form toIsoDay understands */
  date?: unknown;
  url?: string;
  body?: string;
  tags?: string[];
}

export type BuildResult = { ok: true; article: Article; notes: string[] } | { ok: false; reason: string };

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

/** Builds the Article; a missing title or body is a reason to skip, a bad date or URL only a note. */
export function buildArticle(raw: RawArticle, origin: ArticleOrigin): BuildResult {
  const notes: string[] = [];
  const title = clean(raw.title);
  if (!title) return { ok: false, reason: 'no title' };
  const body = (raw.body ?? '').trim();
  if (!body) return { ok: false, reason: `no body text (title "${title.slice(0, 60)}")` };
  let date: string | undefined;
  if (raw.date !== undefined && raw.date !== null && raw.date !== '') {
    date = toIsoDay(raw.date);
    if (!date && !/^0000-00-00/.test(String(raw.date)))
      notes.push(`unreadable date ${JSON.stringify(String(raw.date).slice(0, 40))} ignored`);
  }
  const url = httpUrl(raw.url);
  if (raw.url?.trim() && !url) notes.push(`not a web address ${JSON.stringify(raw.url.slice(0, 80))} ignored`);
  const tags = [...new Set((raw.tags ?? []).map((t) => clean(t)).filter((t): t is string => !!t))];
  const fields = { title, author: clean(raw.author), date, url, body, tags, origin };
  const candidate = { id: articleId(fields), ...fields };
  for (const k of ['author', 'date', 'url'] as const) if (candidate[k] === undefined) delete candidate[k];
  const parsed = ArticleSchema.safeParse(candidate);
  if (!parsed.success)
    return { ok: false, reason: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') };
  return { ok: true, article: parsed.data, notes };
}
