// A timeline for the terminal (pure): one entry per article in date order, the date and the article's
// sentence that says what happened, cited [n], then its title and permalink (the link opens the page at
// that sentence). "Not covered" names the closest articles. The --json shape is timelineJson.
import type { Timeline, TimelineLine } from '../answer/timeline.js';
import { noArticlesLine } from '../search/no-articles.js';
import type { SearchResult } from '../search/types.js';
import { passageUrl } from '../text/fragment.js';
import { clean, formatDate, hyperlink, paint, PLAIN, windowLine, wrap, type Style } from './render.js';

export const TIMELINE_NOT_COVERED = "The archive doesn't seem to cover this topic.";

/** The filters left no article: the same note `ask` and the bot show. */
export function timelineEmptyNote(t: Timeline): string | undefined {
  if (t.filterMatches !== 0) return undefined;
  const asResult: SearchResult = {
    query: t.query,
    now: t.now,
    window: t.window,
    covered: false,
    passages: [],
    related: [],
    timings: {},
    signals: { bestDense: 0, termCoverage: 0, filterMatches: 0 },
  };
  return noArticlesLine(asResult, { dates: '--from/--to', now: '--now' });
}

/** "4 articles", "1 article", "the 50 most relevant of 73 articles". */
export function timelineCount(t: Pick<Timeline, 'lines' | 'total'>): string {
  const n = Math.max(t.total, t.lines.length);
  const noun = n === 1 ? 'article' : 'articles';
  return t.lines.length < n ? `the ${t.lines.length} most relevant of ${n} ${noun}` : `${n} ${noun}`;
}

function entry(st: Style, l: TimelineLine): string[] {
  const head = `${formatDate(l.date)} — ${clean(l.sentence)} [${l.n}]`;
  const lines = wrap(head, st.width, '').map((x, i) => (i === 0 ? x : `    ${x}`));
  const out = lines.map((x) => x.replace(/\[(\d+)\]$/, (m) => paint(st, m, 'bold', 'green')));
  out[0] = out[0].replace(formatDate(l.date), (d) => paint(st, d, 'bold'));
  const target = passageUrl(l.url, l.sentence);
  const where = l.url
    ? hyperlink(st, l.url, target ?? l.url)
    : paint(st, 'no permalink in the archive', 'italic', 'dim');
  out.push(`    ${paint(st, clean(l.title) || 'untitled', 'dim')} · ${where}`);
  return out;
}

/** The whole timeline as the CLI prints it. */
export function renderTimeline(t: Timeline, st: Style = PLAIN): string {
  const none = timelineEmptyNote(t);
  if (none) return paint(st, none, 'bold');
  if (!t.covered) {
    const out = [paint(st, TIMELINE_NOT_COVERED, 'bold')];
    if (t.related.length) {
      out.push('', paint(st, 'Closest articles:', 'dim'));
      for (const r of t.related) {
        const where = r.url ? hyperlink(st, r.url) : paint(st, 'no permalink in the archive', 'italic', 'dim');
        out.push(`• ${clean(r.title) || 'untitled'} (${formatDate(r.date)})`, `    ${where}`);
      }
    }
    return out.join('\n');
  }
  const out = [
    `${paint(st, `Timeline: ${clean(t.topic)}`, 'bold', 'under')} ${paint(st, `(${timelineCount(t)}, ${t.order} first)`, 'dim')}`,
  ];
  if (t.window) out.push(paint(st, windowLine(t.window), 'dim'));
  out.push('');
  for (const l of t.lines) out.push(...entry(st, l), '');
  return out.join('\n').trimEnd();
}
