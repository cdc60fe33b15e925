// Calendar arithmetic on ISO days ("2025-06-07"), in UTC so a day never shifts with the time zone. Pure.

export type IsoDay = string;

export const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];

/** The month names as written in a sentence: "January" … "December". */
export const MONTH_NAMES = MONTHS.map((m) => `${m[0].toUpperCase()}${m.slice(1)}`);

const toDate = (d: IsoDay) => new Date(`${d}T00:00:00Z`);
const toDay = (d: Date): IsoDay => d.toISOString().slice(0, 10);

/** A real calendar day written YYYY-MM-DD (not 2025-02-30). */
export function isIsoDay(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = toDate(s);
  return !Number.isNaN(d.getTime()) && toDay(d) === s;
}

export function addDays(d: IsoDay, n: number): IsoDay {
  const t = toDate(d);
  t.setUTCDate(t.getUTCDate() + n);
  return toDay(t);
}

/** The same day n months later (or earlier), clamped to the month's end (31 March − 1 month = 28/29 February). */
export function addMonths(d: IsoDay, n: number): IsoDay {
  const y = Number(d.slice(0, 4));
  const m = Number(d.slice(5, 7)) - 1 + n;
  const ty = y + Math.floor(m / 12);
  const tm = ((m % 12) + 12) % 12;
  const last = new Date(Date.UTC(ty, tm + 1, 0)).getUTCDate();
  return toDay(new Date(Date.UTC(ty, tm, Math.min(Number(d.slice(8, 10)), last))));
}

export function endOfMonth(d: IsoDay): IsoDay {
  const t = toDate(d);
  return toDay(new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth() + 1, 0)));
}

/** 0 = Sunday … 6 = Saturday */
export function dayOfWeek(d: IsoDay): number {
  return toDate(d).getUTCDay();
}

/** The Monday of the day's week (ISO weeks start on Monday). */
export function startOfWeek(d: IsoDay): IsoDay {
  return addDays(d, -((dayOfWeek(d) + 6) % 7));
}

/** Whole days from a to b (b − a). */
export function daysBetween(a: IsoDay, b: IsoDay): number {
  return Math.round((toDate(b).getTime() - toDate(a).getTime()) / 86_400_000);
}

const SHORT = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const short = (d: IsoDay) => ({
  day: Number(d.slice(8, 10)),
  month: SHORT[Number(d.slice(5, 7)) - 1],
  year: d.slice(0, 4),
});

/** "1–7 Jun 2025", "28 May – 3 Jun 2025", "28 Dec 2024 – 3 Jan 2025", "5 Jun 2025". */
export function formatDayRange(from: IsoDay, to: IsoDay): string {
  const a = short(from);
  const b = short(to);
  if (from === to) return `${a.day} ${a.month} ${a.year}`;
  if (a.year !== b.year) return `${a.day} ${a.month} ${a.year} – ${b.day} ${b.month} ${b.year}`;
  if (a.month !== b.month) return `${a.day} ${a.month} – ${b.day} ${b.month} ${b.year}`;
  return `${a.day}–${b.day} ${b.month} ${b.year}`;
}

export function formatDay(d: IsoDay): string {
  const a = short(d);
  return `${a.day} ${a.month} ${a.year}`;
}
