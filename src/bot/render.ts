// Pure rendering of engine results into Discord embeds: search pages, the article view, and the
// pieces answers share (source lines, passage snippets). The answer message is render-answer.ts;
// what the bot says about itself (stats, help, re-index, errors) is render-status.ts.
// Archive text always goes through safe(); links only where the archive has a real URL.
import type { APIEmbed } from 'discord.js';
import type { ArticleRecord } from '../index/types.js';
import type { Passage, SearchResult } from '../search/types.js';
import { noArticlesLine } from '../search/no-articles.js';
import { BOT_NAMES } from './filter-line.js';
import { fitEmbed, LIMITS } from './limits.js';
import { formatDate, link, linkable, safe, safeLine, truncate, truncateStart } from './text.js';

export const RESULTS_PER_PAGE = 5;
/** a search result's excerpt: enough to recognise the story, short enough for five on a phone */
const EXCERPT = 200;

export const COLOR = {
  answer: 0x2b6cb0,
  notCovered: 0x718096,
  search: 0x2f855a,
  article: 0x4a5568,
  admin: 0xb7791f,
  error: 0xc53030,
} as const;

export function pageCount(items: number, perPage: number): number {
  return Math.max(1, Math.ceil(items / perPage));
}

export function clampPage(page: number, items: number, perPage: number): number {
  return Math.min(Math.max(0, Math.floor(page) || 0), pageCount(items, perPage) - 1);
}

/** "intelnews.org/2019/03/18/01-2514" — short, readable link text for a permalink. */
export function shortUrl(url: string): string {
  return url.replace(/^https?:\/\/(www\.)?/, '').replace(/\/$/, '');
}

function byline(author: string | null, date: string | null): string {
  return `${author ? safeLine(author) : 'author unknown'} · ${formatDate(date)}`;
}

/** A title that stands out from its byline: a link when the archive has a permalink, else bold. */
export function titleText(title: string, url: string | null | undefined): string {
  const t = safeLine(title) || 'untitled';
  return linkable(url) ? link(t, url) : `**${t}**`;
}

/** One compact line per source: "**[1]** [Title](permalink) · *Author · 18 Mar 2019*". */
export function sourceLine(
  tag: string,
  s: { title: string; url: string | null; author: string | null; date: string | null },
): string {
  return `**${tag}** ${titleText(s.title, s.url)} · *${byline(s.author, s.date)}*`;
}

function permalinkLine(url: string | null): string {
  const u = linkable(url);
  return u ? link(safeLine(shortUrl(u)), u) : '*no permalink in the archive*';
}

/** Highlight ranges sorted, valid, and merged when only whitespace separates them. */
function mergeHighlights(
  passage: string,
  highlights: { start: number; end: number }[],
): { start: number; end: number }[] {
  const hs = highlights
    .filter((r) => r.start >= 0 && r.end > r.start && r.end <= passage.length)
    .sort((a, b) => a.start - b.start);
  const out: { start: number; end: number }[] = [];
  for (const h of hs) {
    const last = out.at(-1);
    if (last && (h.start <= last.end || passage.slice(last.end, h.start).trim() === ''))
      last.end = Math.max(last.end, h.end);
    else out.push({ ...h });
  }
  return out;
}

/**
 * The passage around the answering sentences, those in bold, within `budget` characters: a little
 * context before the first one, then the text in order until the room runs out. Each piece is
 * escaped on its own so the bold markers are ours and never the archive's.
 */
export function snippet(passage: string, highlights: { start: number; end: number }[], budget: number): string {
  const flat = (t: string) => t.replace(/\s+/g, ' ');
  const hs = mergeHighlights(passage, highlights);
  if (!hs.length) return truncate(safe(flat(passage).trim()), budget);
  const segments: { text: string; bold: boolean }[] = [];
  let at = hs[0].start;
  for (const h of hs) {
    if (h.start > at) segments.push({ text: passage.slice(at, h.start), bold: false });
    segments.push({ text: passage.slice(h.start, h.end), bold: true });
    at = h.end;
  }
  if (at < passage.length) segments.push({ text: passage.slice(at), bold: false });
  const pre = safe(flat(passage.slice(0, hs[0].start)).trimStart());
  let out = truncateStart(pre, Math.min(pre.length, Math.floor(budget * 0.2)));
  for (const seg of segments) {
    const room = budget - out.length;
    if (seg.bold) {
      const lead = /^\s/.test(seg.text) || (out !== '' && !/\s$/.test(out)) ? ' ' : '';
      const inner = safe(flat(seg.text).trim());
      const piece = `${lead}**${inner}**`;
      if (piece.length <= room) out += piece;
      else {
        if (room - lead.length - 4 > 20) out += `${lead}**${truncate(inner, room - lead.length - 4)}**`;
        break;
      }
    } else {
      const piece = safe(flat(seg.text));
      if (piece.length <= room) out += piece;
      else {
        if (room > 20) out += truncate(piece.trimEnd(), room);
        break;
      }
    }
  }
  return out.replace(/ {2,}/g, ' ').trim();
}

/** Joins whole lines while they fit; a line that would overflow is left out rather than cut. */
export function joinWithin(lines: string[], max: number, sep = '\n'): string {
  let out = '';
  for (const l of lines) {
    const next = out ? out + sep + l : l;
    if (next.length > max) break;
    out = next;
  }
  return out || truncate(lines[0] ?? '', max);
}

/** Search results, a page at a time: the title (linked, or bold without a permalink), byline, excerpt. */
export function renderSearchPage(query: string, passages: Passage[], page: number): APIEmbed {
  const p = clampPage(page, passages.length, RESULTS_PER_PAGE);
  const pages = pageCount(passages.length, RESULTS_PER_PAGE);
  const shown = passages.slice(p * RESULTS_PER_PAGE, (p + 1) * RESULTS_PER_PAGE);
  const entries = shown.map((r, i) => {
    const n = p * RESULTS_PER_PAGE + i + 1;
    const excerpt = truncate(safe(r.text.replace(/\s+/g, ' ').trim()), EXCERPT);
    return `**${n}.** ${titleText(r.title, r.url)}\n*${byline(r.author, r.date)}*\n> ${excerpt}`;
  });
  return fitEmbed({
    title: truncate(`Search: ${safeLine(query)}`, LIMITS.embedTitle),
    description: passages.length
      ? joinWithin(entries, LIMITS.embedDescription, '\n\n')
      : 'No matching articles. Try fewer or other words, or drop the filters.',
    color: COLOR.search,
    footer: passages.length
      ? {
          text:
            `Results ${p * RESULTS_PER_PAGE + 1}–${p * RESULTS_PER_PAGE + shown.length} of ${passages.length}` +
            (pages > 1 ? ` · page ${p + 1} of ${pages}` : ''),
        }
      : undefined,
  });
}

/** A search that found nothing close (as the CLI says it), with the closest articles labelled as such. */
export function renderSearchMiss(query: string, result: SearchResult): APIEmbed {
  const head = truncate(`Search: ${safeLine(query)}`, LIMITS.embedTitle);
  const none = noArticlesLine(result, BOT_NAMES);
  if (none) return fitEmbed({ title: head, description: safe(none), color: COLOR.notCovered });
  const seen = new Set<string>();
  const closest = result.related
    .filter((r) => !seen.has(r.articleId) && seen.add(r.articleId))
    .map((r) => `• ${titleText(r.title, r.url)} · *${formatDate(r.date)}*`);
  return fitEmbed({
    title: head,
    description:
      'Nothing in the archive matches this closely. Try other words, a name or a place, or drop the filters.',
    color: COLOR.notCovered,
    fields: closest.length ? [{ name: 'Closest articles', value: joinWithin(closest, LIMITS.fieldValue) }] : [],
  });
}

export function renderArticle(a: ArticleRecord): APIEmbed {
  const url = linkable(a.url);
  const opening = a.body
    .split(/\n\s*\n/)
    .filter((p) => p.trim())
    .slice(0, 4)
    .join('\n\n');
  return fitEmbed({
    title: truncate(safeLine(a.title), LIMITS.embedTitle),
    url,
    description: truncate(safe(opening.trim()), 1500) || '*This article has no text in the archive.*',
    color: COLOR.article,
    fields: [
      { name: 'Author', value: a.author ? safeLine(a.author) : 'unknown', inline: true },
      { name: 'Date', value: formatDate(a.date), inline: true },
      { name: 'Permalink', value: permalinkLine(a.url), inline: false },
      ...(a.tags.length
        ? [{ name: 'Tags', value: truncate(a.tags.map(safeLine).join(', '), LIMITS.fieldValue), inline: false }]
        : []),
    ],
  });
}
