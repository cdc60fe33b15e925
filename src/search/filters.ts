// Author and date filters from user input: a year ("2019"), a month ("2019-03") or a day
// ("2019-03-18"), inclusive at both ends, turned into the ISO-day range the index filters on.
import { DossierError } from '../errors.js';
import type { SearchFilter } from '../index/types.js';
import { MONTH_NAMES } from './days.js';

export class FilterError extends DossierError {}

/** How a presenter names the two date filters in its messages: "--from" in the CLI, "/from" in the chat. */
export interface FilterNames {
  from: string;
  to: string;
}

export const CLI_FILTER_NAMES: FilterNames = { from: '--from', to: '--to' };

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

/** What is wrong with a period, in words: the day the month lacks, the month out of range, or the form. */
export function periodProblem(input: string, problem: PeriodProblem): string {
  if (problem.kind === 'day') {
    const m = /^(\d{4})-(\d{1,2})/.exec(input.trim().replace(/[/.]/g, '-'));
    const month = m ? `${MONTH_NAMES[Number(m[2]) - 1]} ${m[1]}` : 'that month';
    return `${month} has no day ${problem.day}`;
  }
  if (problem.kind === 'month') return 'the month must be 1 to 12';
  return 'use a year (2019), a month (2019-03) or a day (2019-03-18)';
}

/** The first or last ISO day of a period (see parsePeriod); throws FilterError saying what to type. */
export function periodBound(input: string, end: 'from' | 'to', names: FilterNames = CLI_FILTER_NAMES): string {
  const r = parsePeriod(input, end);
  if ('day' in r) return r.day;
  throw new FilterError(`${names[end]} "${input}": ${periodProblem(input, r.problem)}`);
}

/** The filter the index understands, or throws FilterError with what to type instead. */
export function normalizeFilter(q: SearchFilter, names: FilterNames = CLI_FILTER_NAMES): SearchFilter {
  const out: SearchFilter = {};
  const author = q.author?.trim();
  if (author) out.author = author;
  if (q.from?.trim()) out.from = periodBound(q.from, 'from', names);
  if (q.to?.trim()) out.to = periodBound(q.to, 'to', names);
  if (out.from && out.to && out.from > out.to)
    throw new FilterError(`${names.from} ${q.from} is after ${names.to} ${q.to}: swap them`);
  return out;
}

export function isEmptyFilter(f: SearchFilter): boolean {
  return !f.author && !f.from && !f.to;
}
