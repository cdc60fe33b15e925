// A timeline in Discord (pure): ten lines a page, each "**date** — the sentence · [Title](link)"
// within its share of the embed (the sentence is shortened first, then the title; the link opens the
// article at that sentence, or is the plain permalink when that is too long). Archive text escaped.
import type { APIEmbed } from 'discord.js';
import type { Timeline, TimelineLine } from '../answer/timeline.js';
import { noArticlesLine } from '../search/no-articles.js';
import { passageUrl } from '../text/fragment.js';
import { BOT_NAMES, filterLine } from './filter-line.js';
import { fitEmbed, LIMITS } from './limits.js';
import { clampPage, COLOR, joinWithin, pageCount } from './render.js';
import { formatDate, link, linkable, plain, safeLine, truncate } from './text.js';

export const TIMELINE_PER_PAGE = 10;
/** one line's share of the description: ten of them and their line breaks fit in 4,096 characters */
export const TIMELINE_LINE_MAX = Math.floor(LIMITS.embedDescription / TIMELINE_PER_PAGE) - 1;
/** a title link's text, at most (the rest of the line is the date and the sentence) */
const TITLE_MAX = 90;

export const TIMELINE_NOT_COVERED = "The archive doesn't seem to cover this topic.";

/** What a page shows of a timeline; cached for the ◀ ▶ buttons. */
export interface TimelineView {
  topic: string;
  lines: TimelineLine[];
  total: number;
  order: Timeline['order'];
  /** the filter line of the footer, when the author or dates narrowed it */
  filter?: string;
}

export function timelineView(t: Timeline): TimelineView {
  const filter = filterLine({ author: t.query.author }, t.window);
  return { topic: t.topic, lines: t.lines, total: t.total, order: t.order, ...(filter ? { filter } : {}) };
}

/** One timeline line within `max` characters: the sentence gives way first, then the link's length. */
export function timelineLine(l: TimelineLine, max = TIMELINE_LINE_MAX): string {
  const date = `**${formatDate(l.date)}** — `;
  const title = truncate(safeLine(l.title) || 'untitled', TITLE_MAX);
  const cited = passageUrl(l.url, l.sentence);
  const sentence = safeLine(l.sentence);
  const build = (url: string | undefined, s: string) =>
    `${date}${s} · ${linkable(url) ? link(title, url) : `**${title}**`}`;
  for (const url of [cited, linkable(l.url)]) {
    const bare = build(url, '');
    const room = max - bare.length;
    if (room >= 40 || !url) return build(url, truncate(sentence, Math.max(0, room)));
  }
  return truncate(build(undefined, sentence), max);
}

/** The page `page` (0-based, clamped) of a timeline. */
export function renderTimelinePage(v: TimelineView, page: number): APIEmbed {
  const p = clampPage(page, v.lines.length, TIMELINE_PER_PAGE);
  const pages = pageCount(v.lines.length, TIMELINE_PER_PAGE);
  const shown = v.lines.slice(p * TIMELINE_PER_PAGE, (p + 1) * TIMELINE_PER_PAGE);
  const count =
    v.lines.length < v.total
      ? `the ${v.lines.length} most relevant of ${v.total} articles`
      : `${v.lines.length} articles`;
  const footer = [
    `Articles ${p * TIMELINE_PER_PAGE + 1}–${p * TIMELINE_PER_PAGE + shown.length} of ${count}, ${v.order} first`,
    pages > 1 ? `page ${p + 1} of ${pages}` : '',
    v.filter ?? '',
  ]
    .filter(Boolean)
    .join(' · ');
  return fitEmbed({
    title: truncate(`Timeline: ${safeLine(v.topic)}`, LIMITS.embedTitle),
    description: joinWithin(
      shown.map((l) => timelineLine(l)),
      LIMITS.embedDescription,
    ),
    color: COLOR.search,
    footer: { text: plain(footer) },
  });
}

/** A topic the archive does not cover (or filters no article passes), with the closest articles. */
export function renderTimelineMiss(t: Timeline): APIEmbed {
  const head = truncate(`Timeline: ${safeLine(t.topic)}`, LIMITS.embedTitle);
  const none = noArticlesLine(
    { query: t.query, window: t.window, now: t.now, signals: { filterMatches: t.filterMatches } },
    BOT_NAMES,
  );
  if (none) return fitEmbed({ title: head, description: safeLine(none), color: COLOR.notCovered });
  const closest = t.related.map((r) => `• ${link(safeLine(r.title) || 'untitled', r.url)} · *${formatDate(r.date)}*`);
  return fitEmbed({
    title: head,
    description: `${TIMELINE_NOT_COVERED} Try other words, a name or a place, or drop the filters.`,
    color: COLOR.notCovered,
    fields: closest.length ? [{ name: 'Closest articles', value: joinWithin(closest, LIMITS.fieldValue) }] : [],
  });
}
