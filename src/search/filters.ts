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

/** "2019" | "2019-03" | "2019-03-18" → first or last ISO day of that period; throws FilterError on anything else. */
export function toIsoDay(input: string, end: 'from' | 'to'): string {
  const s = input.trim();
  const m = /^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$/.exec(s);
  const bad = () => new FilterError(`--${end} "${input}": use a year (2019), a month (2019-03) or a day (2019-03-18)`);
  if (!m) throw bad();
  const y = Number(m[1]);
  if (m[2] === undefined) return end === 'from' ? `${y}-01-01` : `${y}-12-31`;
  const mo = Number(m[2]);
  if (mo < 1 || mo > 12) throw bad();
  if (m[3] === undefined) return end === 'from' ? `${y}-${pad(mo)}-01` : `${y}-${pad(mo)}-${pad(daysInMonth(y, mo))}`;
  const d = Number(m[3]);
  if (d < 1 || d > daysInMonth(y, mo)) throw bad();
  return `${y}-${pad(mo)}-${pad(d)}`;
}

/** The filter the index understands, or throws FilterError with what to type instead. */
export function normalizeFilter(q: SearchFilter): SearchFilter {
  const out: SearchFilter = {};
  const author = q.author?.trim();
  if (author) out.author = author;
  if (q.from?.trim()) out.from = toIsoDay(q.from, 'from');
  if (q.to?.trim()) out.to = toIsoDay(q.to, 'to');
  if (out.from && out.to && out.from > out.to)
    throw new FilterError(`--from ${q.from} is after --to ${q.to}: swap them`);
  return out;
}

export function isEmptyFilter(f: SearchFilter): boolean {
  return !f.author && !f.from && !f.to;
}
