// Author and date filters from user input: a year ("2019"), a month ("2019-03") or a day
// ("2019-03-18"), inclusive at both ends, turned into the ISO-day range the index filters on.
import type { SearchFilter } from '../index/types.js';

export class FilterError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FilterError';
  }
}

function daysInMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

const pad = (n: number) => String(n).padStart(2, '0');

/** Why a period was not understood: not a period at all, a month outside 1–12, or a day the month lacks. */
export type PeriodProblem = { kind: 'form' } | { kind: 'month' } | { kind: 'day'; day: number };

/**
 * The one rule for dates typed by a user (CLI --from/--to, Discord's from/to, the chat's /from):
 * "2019" | "2019-03" | "2019-03-18" (also with / or . between) → the first ('from') or last ('to')
 * ISO day of that period, or the problem, which each presenter words its own way.
 */
export function parsePeriod(input: string, end: 'from' | 'to'): { day: string } | { problem: PeriodProblem } {
  const m = /^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$/.exec(input.trim().replace(/[/.]/g, '-'));
  if (!m) return { problem: { kind: 'form' } };
  const y = Number(m[1]);
  const mo = m[2] === undefined ? (end === 'from' ? 1 : 12) : Number(m[2]);
  if (mo < 1 || mo > 12) return { problem: { kind: 'month' } };
  const last = daysInMonth(y, mo);
  const d = m[3] === undefined ? (end === 'from' ? 1 : last) : Number(m[3]);
  if (d < 1 || d > last) return { problem: { kind: 'day', day: d } };
  return { day: `${y}-${pad(mo)}-${pad(d)}` };
}

/** The first or last ISO day of a period (see parsePeriod); throws FilterError saying what to type. */
export function periodBound(input: string, end: 'from' | 'to'): string {
  const r = parsePeriod(input, end);
  if ('day' in r) return r.day;
  throw new FilterError(`--${end} "${input}": use a year (2019), a month (2019-03) or a day (2019-03-18)`);
}

/** The filter the index understands, or throws FilterError with what to type instead. */
export function normalizeFilter(q: SearchFilter): SearchFilter {
  const out: SearchFilter = {};
  const author = q.author?.trim();
  if (author) out.author = author;
  if (q.from?.trim()) out.from = periodBound(q.from, 'from');
  if (q.to?.trim()) out.to = periodBound(q.to, 'to');
  if (out.from && out.to && out.from > out.to)
    throw new FilterError(`--from ${q.from} is after --to ${q.to}: swap them`);
  return out;
}

export function isEmptyFilter(f: SearchFilter): boolean {
  return !f.author && !f.from && !f.to;
}
