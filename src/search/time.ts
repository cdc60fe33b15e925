// "Now" and time in the question (pure): English time expressions become an inclusive ISO-day window
// relative to the day the question is asked; vague words ("recently", "latest") ask for recency instead.
import { DossierError } from '../errors.js';
import {
  addDays,
  addMonths,
  dayOfWeek,
  endOfMonth,
  formatDay,
  formatDayRange,
  isIsoDay,
  MONTHS,
  startOfWeek,
  type IsoDay,
} from './days.js';

export type { IsoDay } from './days.js';

/** How a question weighs recency: `prefer` (recently, lately) boosts newer articles, `latest` ranks the relevant ones by date. */
export type Recency = 'prefer' | 'latest';

export interface TimeReading {
  /** the window the question names (inclusive ISO days), when it names one that does not lie after now */
  from?: IsoDay;
  to?: IsoDay;
  recency?: Recency;
  /** the words that said so, in question order (for explaining the window) */
  phrases: string[];
}

/** Today on the local clock, as an ISO day. */
export function today(clock: Date = new Date()): IsoDay {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${clock.getFullYear()}-${p(clock.getMonth() + 1)}-${p(clock.getDate())}`;
}

/** A --now the user typed wrong: a DossierError, so every presenter renders it as it is. */
export class NowError extends DossierError {
  constructor(value: string) {
    super(`--now "${value}": use a day like 2025-06-07`);
  }
}

/** A valid ISO day (a real calendar day), or throws NowError. */
export function parseNow(value: string): IsoDay {
  const v = value.trim();
  if (!isIsoDay(v)) throw new NowError(value);
  return v;
}

const NUMBER_WORDS: Record<string, number> = {
  a: 1,
  an: 1,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  few: 3,
  several: 3,
};
const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const MONTH_RE = `(${MONTHS.map((m) => `${m}|${m.slice(0, 3)}\\.?`).join('|')}|sept\\.?)`;
const NUM_RE = `(\\d{1,3}|${Object.keys(NUMBER_WORDS).join('|')})`;
const UNIT_RE = '(day|week|month|year)s?';

/** 0-based month of a month name, −1 for a lower-case word ("a march", "it may"). */
function monthIndex(word: string): number {
  if (!/^[A-Z]/.test(word)) return -1;
  const w = word.toLowerCase().replace(/\.$/, '');
  return MONTHS.findIndex((m) => m === w || m.slice(0, 3) === w || (w === 'sept' && m === 'september'));
}

const count = (s: string): number => NUMBER_WORDS[s.toLowerCase()] ?? Number(s);

interface Range {
  from?: IsoDay;
  to?: IsoDay;
}

/** The span of a named period: a year, a month of a year, or a day. */
function yearRange(y: number): Required<Range> {
  return { from: `${y}-01-01`, to: `${y}-12-31` };
}
function monthRange(y: number, m: number): Required<Range> {
  const from = `${y}-${String(m + 1).padStart(2, '0')}-01`;
  return { from, to: endOfMonth(from) };
}

/** A day-scale event is reported that day or the next: the window is the day and the day after (never past now). */
function dayWindow(d: IsoDay, now: IsoDay): Required<Range> {
  const next = addDays(d, 1);
  return { from: d, to: next < now ? next : now };
}

/** A unit back from now: the past N days/weeks/months/years, now included. */
function pastSpan(now: IsoDay, n: number, unit: string): Required<Range> {
  const from =
    unit === 'day'
      ? addDays(now, -n)
      : unit === 'week'
        ? addDays(now, -7 * n)
        : unit === 'month'
          ? addMonths(now, -n)
          : addMonths(now, -12 * n);
  return { from, to: now };
}

/** The period N units before now: the day, the calendar week or month, the year. */
function agoSpan(now: IsoDay, n: number, unit: string): Required<Range> {
  if (unit === 'day') return dayWindow(addDays(now, -n), now);
  if (unit === 'week') {
    const start = startOfWeek(addDays(now, -7 * n));
    return { from: start, to: addDays(start, 6) };
  }
  if (unit === 'month') {
    const d = addMonths(now, -n);
    return monthRange(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1);
  }
  return yearRange(Number(now.slice(0, 4)) - n);
}

interface Rule {
  re: RegExp;
  /** the window the match names, or 'prefer'/'latest' for a recency word; undefined to ignore the match */
  read: (m: RegExpExecArray, now: IsoDay) => Range | Recency | undefined;
}

const year = (s: string) => Number(s);
/** A month name with an optional year; without one, this year's (a month still to come is a window
 * after now, which readTime ignores: "the concert in December" is a plan, not a time to search). */
function monthOf(m: string, y: string | undefined, now: IsoDay): Required<Range> | undefined {
  const mi = monthIndex(m);
  return mi < 0 ? undefined : monthRange(y ? year(y) : Number(now.slice(0, 4)), mi);
}

// Order matters only for overlapping phrases: the first rule to claim a span keeps it.
const RULES: Rule[] = [
  // "over the past 3 weeks", "in the last two months", "the past few days", "past 24 hours"
  {
    re: new RegExp(`\\b(?:over |in |during |within )?the (?:past|last) ${NUM_RE} ${UNIT_RE}\\b`, 'gi'),
    read: (m, now) => pastSpan(now, count(m[1]), m[2].toLowerCase()),
  },
  { re: /\b(?:(?:over|in|during|within) )?the (?:past|last) 24 hours\b/gi, read: (_m, now) => pastSpan(now, 1, 'day') },
  {
    re: new RegExp(`\\b(?:over |in |during |within )?the (?:past|last) ${UNIT_RE}\\b`, 'gi'),
    read: (m, now) => pastSpan(now, 1, m[1].toLowerCase()),
  },
  { re: new RegExp(`\\b${NUM_RE} ${UNIT_RE} ago\\b`, 'gi'), read: (m, now) => agoSpan(now, count(m[1]), m[2]) },
  {
    re: /\b(?:today|tonight|this (?:morning|afternoon|evening))(?:'s)?\b/gi,
    read: (_m, now) => ({ from: now, to: now }),
  },
  { re: /\b(?:yesterday|last night)(?:'s)?\b/gi, read: (_m, now) => dayWindow(addDays(now, -1), now) },
  // this week: the last seven days, today included (asked on a Monday, it still means the past days)
  { re: /\bthis (?:past )?week(?:'s)?\b/gi, read: (_m, now) => ({ from: addDays(now, -6), to: now }) },
  {
    re: /\blast week(?:'s)?\b/gi,
    read: (_m, now) => {
      const start = addDays(startOfWeek(now), -7);
      return { from: start, to: addDays(start, 6) };
    },
  },
  { re: /\bthis month(?:'s)?\b/gi, read: (_m, now) => ({ from: `${now.slice(0, 7)}-01`, to: now }) },
  { re: /\blast month(?:'s)?\b/gi, read: (_m, now) => agoSpan(now, 1, 'month') },
  { re: /\bthis year(?:'s)?\b/gi, read: (_m, now) => ({ from: `${now.slice(0, 4)}-01-01`, to: now }) },
  { re: /\blast year(?:'s)?\b/gi, read: (_m, now) => agoSpan(now, 1, 'year') },
  // "since March 2019", "since 2019", "since March"
  {
    re: new RegExp(`\\bsince (?:${MONTH_RE}(?: (\\d{4}))?|(\\d{4}))\\b`, 'gi'),
    read: (m, now) => {
      const r = m[1] ? monthOf(m[1], m[2], now) : yearRange(year(m[3]));
      return r && { from: r.from, to: now };
    },
  },
  // "before 2019", "after March 2019"
  {
    re: new RegExp(`\\b(before|after) (?:${MONTH_RE}(?: (\\d{4}))?|(\\d{4}))\\b`, 'gi'),
    read: (m, now) => {
      const r = m[2] ? monthOf(m[2], m[3], now) : yearRange(year(m[4]));
      if (!r) return undefined;
      return m[1].toLowerCase() === 'before' ? { to: addDays(r.from, -1) } : { from: addDays(r.to, 1) };
    },
  },
  // "on September 29, 2024", "on Sept. 29", "on 29 September 2024"
  {
    re: new RegExp(
      `\\bon (?:${MONTH_RE} (\\d{1,2})(?:st|nd|rd|th)?(?:,? (\\d{4}))?|(\\d{1,2}) ${MONTH_RE}(?: (\\d{4}))?)\\b`,
      'gi',
    ),
    read: (m, now) => {
      const mi = monthIndex(m[1] ?? m[5]);
      if (mi < 0) return undefined;
      const d = Number(m[2] ?? m[4]);
      const y = m[3] ?? m[6]; // without a year: this year's (a day still to come is ignored, as a plan)
      const day = `${y ?? now.slice(0, 4)}-${String(mi + 1).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
      return isIsoDay(day) ? dayWindow(day, now) : undefined;
    },
  },
  // "in March 2019", "during May 2020", "in March" (the latest March)
  {
    re: new RegExp(`\\b(?:in|during|of|throughout) ${MONTH_RE}(?: (\\d{4}))?\\b`, 'gi'),
    read: (m, now) => monthOf(m[1], m[2], now),
  },
  // "in 2018" (not "in 2024 Paris Olympics": a capitalised word after the year makes it a name)
  {
    re: /\b(?:in|during|throughout) (\d{4})\b(?! [A-Z])/g,
    read: (m) => (year(m[1]) >= 1800 ? yearRange(year(m[1])) : undefined),
  },
  // weekdays: "on Monday", "Sunday's game", "revealed Tuesday": the latest such day, today included
  {
    re: new RegExp(`\\b(?:(?:on|last|this) )?(${WEEKDAYS.join('|')})(?:'s)?\\b`, 'gi'),
    read: (m, now) => {
      const want = WEEKDAYS.indexOf(m[1].toLowerCase());
      const back = (dayOfWeek(now) - want + 7) % 7;
      return dayWindow(addDays(now, -back), now);
    },
  },
  { re: /\b(?:latest|newest|most recent(?:ly)?|last time)\b/gi, read: () => 'latest' },
  { re: /\b(?:recent(?:ly)?|lately|these days|nowadays|currently|current)\b/gi, read: () => 'prefer' },
];

/**
 * Reads the time expressions of a question asked on `now`. Several windows are intersected; a window
 * that lies wholly after now (a scheduled event: "opens on October 13") is not a window to search.
 */
export function readTime(question: string, now: IsoDay): TimeReading {
  const taken: [number, number][] = [];
  const found: { at: number; phrase: string; value: Range | Recency }[] = [];
  for (const rule of RULES) {
    rule.re.lastIndex = 0;
    for (let m = rule.re.exec(question); m; m = rule.re.exec(question)) {
      const start = m.index;
      const end = start + m[0].length;
      if (taken.some(([a, b]) => start < b && end > a)) continue;
      const value = rule.read(m, now);
      taken.push([start, end]);
      if (value === undefined) continue;
      if (typeof value === 'object' && value.from && value.from > now) continue;
      found.push({ at: start, phrase: m[0], value });
    }
  }
  found.sort((a, b) => a.at - b.at);
  const out: TimeReading = { phrases: found.map((f) => f.phrase) };
  let from: IsoDay | undefined;
  let to: IsoDay | undefined;
  for (const { value } of found) {
    if (typeof value === 'string') {
      if (out.recency !== 'latest') out.recency = value;
      continue;
    }
    if (value.from && (!from || value.from > from)) from = value.from;
    if (value.to && (!to || value.to < to)) to = value.to;
  }
  // contradictory expressions ("in 2018 ... since 2020"): no window rather than an empty one
  if (to && to > now) to = now; // nothing is published after now
  if (!(from && to && from > to)) {
    if (from) out.from = from;
    if (to) out.to = to;
  }
  return out;
}

/** Recency prior: 2^(−age/halfLife) for an article `age` days before now (future counts as now), 0 undated. */
export function recencyWeight(date: string | null | undefined, now: IsoDay, halfLifeDays: number): number {
  if (!date || !isIsoDay(date)) return 0;
  const age = Math.max(0, (Date.parse(`${now}T00:00:00Z`) - Date.parse(`${date}T00:00:00Z`)) / 86_400_000);
  return 2 ** (-age / halfLifeDays);
}

/** The window an answer was searched in, and where it came from (the question's words or the from/to options). */
export interface AnswerWindow {
  from: IsoDay | null;
  to: IsoDay | null;
  source: 'question' | 'options';
}

/** "Articles from 1–7 Jun 2025", "Articles from 1 Jan 2019 on", "Articles up to 31 Dec 2018". */
export function describeWindow(w: Pick<AnswerWindow, 'from' | 'to'>): string {
  if (w.from && w.to) return `Articles from ${formatDayRange(w.from, w.to)}`;
  if (w.from) return `Articles from ${formatDay(w.from)} on`;
  if (w.to) return `Articles up to ${formatDay(w.to)}`;
  return 'Articles from any date';
}
