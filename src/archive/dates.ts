// Turns the date forms archives use into an ISO day (YYYY-MM-DD), or undefined when unsure.
// The day is taken as written (the author's local day), never shifted to UTC, so
// "Tue, 05 Mar 2019 23:30:00 -0500" stays 2019-03-05 like the post's own page says.

const MONTHS: Record<string, number> = {
  jan: 1,
  january: 1,
  feb: 2,
  february: 2,
  mar: 3,
  march: 3,
  apr: 4,
  april: 4,
  may: 5,
  jun: 6,
  june: 6,
  jul: 7,
  july: 7,
  aug: 8,
  august: 8,
  sep: 9,
  sept: 9,
  september: 9,
  oct: 10,
  october: 10,
  nov: 11,
  november: 11,
  dec: 12,
  december: 12,
};

function isoDay(y: number, m: number, d: number): string | undefined {
  if (!Number.isInteger(y) || !Number.isInteger(m) || !Number.isInteger(d)) return undefined;
  if (y < 1000 || y > 9999 || m < 1 || m > 12 || d < 1) return undefined;
  const daysInMonth = new Date(Date.UTC(y, m, 0)).getUTCDate();
  if (d > daysInMonth) return undefined;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** A two-digit year as RFC 2822 reads it: 00–49 are 2000–2049, 50–99 are 1950–1999. */
function fullYear(y: string): number {
  if (y.length === 4) return +y;
  return +y < 50 ? 2000 + +y : 1900 + +y;
}

function month(name: string): number | undefined {
  return MONTHS[name.toLowerCase().replace(/\.$/, '')];
}

/**
 * Accepts "05 March 2019", "March 5, 2019", RFC 822 ("Tue, 05 Mar 2019 10:00:00 +0000", also with a
 * two-digit year or no space after the comma), asctime ("Sun Nov  6 08:49:37 1994"), ISO 8601
 * ("2019-03-05T10:00:00Z") and WordPress ("2019-03-05 10:00:00").
 * WordPress writes "0000-00-00 00:00:00" for "no date": that is undefined, not an error.
 */
export function toIsoDay(input: unknown): string | undefined {
  if (typeof input === 'number' && Number.isFinite(input)) {
    // epoch seconds or milliseconds (JSON exports sometimes carry these)
    const ms = input < 1e11 ? input * 1000 : input;
    const d = new Date(ms);
    return Number.isNaN(d.getTime()) ? undefined : isoDay(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
  }
  if (typeof input !== 'string') return undefined;
  const s = input.trim();
  if (!s) return undefined;

  // ISO 8601 / WordPress: the date part as written
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:$|[T\s])/.exec(s);
  if (m) return isoDay(+m[1], +m[2], +m[3]);
  m = /^(\d{4})\/(\d{1,2})\/(\d{1,2})(?:$|[T\s])/.exec(s);
  if (m) return isoDay(+m[1], +m[2], +m[3]);

  // optional weekday ("Tue, ", "Fri," with no space, "Sun "), then "05 March 2019" / "5 Mar. 2019"
  // (RFC 822 is this form; its obsolete two-digit year, "01 Jan 04", is 2004, as RFC 2822 reads it)
  const noWeekday = s.replace(/^([A-Za-z]{3,9})\.?(?:,\s*|\s+)/, (w, name: string) => (month(name) ? w : ''));
  m = /^(\d{1,2})(?:st|nd|rd|th)?[\s-]+([A-Za-z]{3,9}\.?),?[\s-]+(\d{4}|\d{2})(?=$|[\s,T])/.exec(noWeekday);
  if (m && month(m[2])) return isoDay(fullYear(m[3]), month(m[2])!, +m[1]);
  // "March 5, 2019" / "Mar 5 2019"
  m = /^([A-Za-z]{3,9}\.?)\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b/.exec(noWeekday);
  if (m && month(m[1])) return isoDay(+m[3], month(m[1])!, +m[2]);
  // asctime: "Sun Nov  6 08:49:37 1994" (the year after the time)
  m = /^([A-Za-z]{3,9})\s+(\d{1,2})\s+\d{1,2}:\d{2}(?::\d{2})?(?:\s+[A-Z]{2,5})?\s+(\d{4})$/.exec(noWeekday);
  if (m && month(m[1])) return isoDay(+m[3], month(m[1])!, +m[2]);
  return undefined;
}
