// Pure rendering of engine results into Discord embeds: answers with inline citations and paged
// sources, "not covered" with possibly related articles, search pages, the article view, passages.
// What the bot says about itself (stats, help, re-index, errors) is in render-status.ts.
// Archive text always goes through safe(); links only where the archive has a real URL.
import type { APIEmbed, APIEmbedField } from 'discord.js';
import type { Answer, Source } from '../answer/types.js';
import { NOT_COVERED } from '../answer/types.js';
import type { ArticleRecord } from '../index/types.js';
import { describeWindow } from '../search/time.js';
import type { Passage } from '../search/types.js';
import { fitEmbed, LIMITS } from './limits.js';
import { formatDate, link, linkable, safe, safeLine, truncate, truncateStart } from './text.js';

export const SOURCES_PER_PAGE = 3;
export const RESULTS_PER_PAGE = 5;

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

/**
 * The description: answering sentences, each run of sentences from one source followed by its
 * citation, linked when the source has a URL. Whole runs only: a cut would part a claim from its source.
 */
export function answerDescription(answer: Answer): string {
  const urlOf = new Map(answer.sources.map((s) => [s.n, s.url]));
  const runs: { citation: number; texts: string[] }[] = [];
  for (const s of answer.sentences) {
    const last = runs.at(-1);
    if (last && last.citation === s.citation) last.texts.push(s.text);
    else runs.push({ citation: s.citation, texts: [s.text] });
  }
  const parts: string[] = [];
  let used = 0;
  for (const run of runs) {
    const u = linkable(urlOf.get(run.citation));
    const cite = u ? `[[${run.citation}]](${u})` : `[${run.citation}]`;
    const text = safe(run.texts.join(' ').replace(/\s+/g, ' ').trim());
    const piece = `${text} ${cite}`;
    if (used + piece.length + 1 > LIMITS.embedDescription - 2) {
      if (parts.length === 0) parts.push(`${truncate(text, LIMITS.embedDescription - cite.length - 2)} ${cite}`);
      else parts.push('…');
      break;
    }
    parts.push(piece);
    used += piece.length + 1;
  }
  return parts.join(' ');
}

export function sourceField(s: Source): APIEmbedField {
  const head = `${byline(s.author, s.date)} · ${permalinkLine(s.url)}`;
  const budget = LIMITS.fieldValue - head.length - 4;
  const body = snippet(s.passage, s.highlights, Math.min(budget, 600));
  return {
    name: truncate(`[${s.n}] ${safeLine(s.title)}`, LIMITS.fieldName),
    value: truncate(`${head}\n> ${body}`, LIMITS.fieldValue),
  };
}

export interface AnswerView {
  answer: Answer;
  page: number;
}

export function renderAnswer({ answer, page }: AnswerView): APIEmbed {
  if (!answer.covered || answer.sentences.length === 0) return renderNotCovered(answer);
  const pages = pageCount(answer.sources.length, SOURCES_PER_PAGE);
  const p = clampPage(page, answer.sources.length, SOURCES_PER_PAGE);
  const shown = answer.sources.slice(p * SOURCES_PER_PAGE, (p + 1) * SOURCES_PER_PAGE);
  const first = p * SOURCES_PER_PAGE + 1;
  const last = p * SOURCES_PER_PAGE + shown.length;
  return fitEmbed({
    title: truncate(safeLine(answer.question), LIMITS.embedTitle),
    description: answerDescription(answer),
    color: COLOR.answer,
    fields: shown.map(sourceField),
    footer: {
      text:
        // which dates were searched ("Articles from 1–7 Jun 2025"), when the question or options set them
        (answer.window ? `${describeWindow(answer.window)} · ` : '') +
        (answer.sources.length === 0
          ? 'No sources'
          : (answer.sources.length === 1 ? '1 source' : `Sources ${first}–${last} of ${answer.sources.length}`) +
            (pages > 1 ? ` · page ${p + 1} of ${pages}` : '') +
            ' · 👍/👎 tell us if this helped'),
    },
  });
}

export function renderNotCovered(answer: Pick<Answer, 'question' | 'related'>): APIEmbed {
  const lines = answer.related.map((r) => `• ${link(safeLine(r.title), r.url)} — ${formatDate(r.date)}`);
  const fields: APIEmbedField[] = [];
  if (lines.length) fields.push({ name: 'Possibly related', value: joinWithin(lines, LIMITS.fieldValue) });
  return fitEmbed({
    title: truncate(safeLine(answer.question), LIMITS.embedTitle),
    description: `${NOT_COVERED} Try other words, a name or a place from the story, or \`/search\`.`,
    color: COLOR.notCovered,
    fields,
  });
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

export function renderSearchPage(query: string, passages: Passage[], page: number): APIEmbed {
  const p = clampPage(page, passages.length, RESULTS_PER_PAGE);
  const pages = pageCount(passages.length, RESULTS_PER_PAGE);
  const shown = passages.slice(p * RESULTS_PER_PAGE, (p + 1) * RESULTS_PER_PAGE);
  const entries = shown.map((r, i) => {
    const n = p * RESULTS_PER_PAGE + i + 1;
    return `**${n}.** ${link(safeLine(r.title), r.url)}\n${byline(r.author, r.date)}\n> ${truncate(safe(r.text.replace(/\s+/g, ' ').trim()), 300)}`;
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

/** The full passage behind a citation (shown ephemerally), answering sentence in bold. */
export function renderPassage(s: Source): APIEmbed {
  return fitEmbed({
    title: truncate(`[${s.n}] ${safeLine(s.title)}`, LIMITS.embedTitle),
    url: linkable(s.url),
    description: snippet(s.passage, s.highlights, LIMITS.embedDescription - 10),
    color: COLOR.article,
    fields: [{ name: 'Source', value: `${byline(s.author, s.date)} · ${permalinkLine(s.url)}` }],
  });
}
