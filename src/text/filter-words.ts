// The author and date filters an answer used, in words, the same in the bot and the CLI: "by "Ian
// Allen"", "from Mar 2019", "from 1–7 Jun 2025", "since 2018", "up to 31 Dec 2018". Pure.

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export interface FilterWords {
  author?: string | null;
  /** ISO days, inclusive */
  from?: string | null;
  to?: string | null;
}

interface Day {
  y: number;
  m: number;
  d: number;
}

function day(iso: string | null | undefined): Day | undefined {
  const m = iso ? /^(\d{4})-(\d{2})-(\d{2})/.exec(iso) : null;
  return m ? { y: Number(m[1]), m: Number(m[2]), d: Number(m[3]) } : undefined;
}

const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();
const mon = (x: Day) => MONTHS[x.m - 1] ?? String(x.m);
const full = (x: Day) => `${x.d} ${mon(x)} ${x.y}`;

/**
 * A date range as short as it can be said: whole years ("2019", "2018–2019"), whole months
 * ("Mar 2019", "Mar–Jun 2019"), days ("1–7 Jun 2025", "28 Feb – 3 Mar 2019"); one open end:
 * "since …" / "up to …". Undefined without either end.
 */
export function rangeWords(fromIso?: string | null, toIso?: string | null): string | undefined {
  const a = day(fromIso);
  const b = day(toIso);
  const startOfYear = a && a.m === 1 && a.d === 1;
  const endOfYear = b && b.m === 12 && b.d === 31;
  const startOfMonth = a && a.d === 1;
  const endOfMonth = b && b.d === lastDay(b.y, b.m);
  if (a && b) {
    if (startOfYear && endOfYear) return a.y === b.y ? `${a.y}` : `${a.y}–${b.y}`;
    if (startOfMonth && endOfMonth) {
      if (a.y === b.y) return a.m === b.m ? `${mon(a)} ${a.y}` : `${mon(a)}–${mon(b)} ${a.y}`;
      return `${mon(a)} ${a.y} – ${mon(b)} ${b.y}`;
    }
    if (a.y === b.y && a.m === b.m) return a.d === b.d ? full(a) : `${a.d}–${b.d} ${mon(a)} ${a.y}`;
    if (a.y === b.y) return `${a.d} ${mon(a)} – ${full(b)}`;
    return `${full(a)} – ${full(b)}`;
  }
  if (a) return `since ${startOfYear ? a.y : startOfMonth ? `${mon(a)} ${a.y}` : full(a)}`;
  if (b) return `up to ${endOfYear ? b.y : endOfMonth ? `${mon(b)} ${b.y}` : full(b)}`;
  return undefined;
}

/** The filters as a phrase after "Articles" / "No articles": `by "Ian Allen" from Mar 2019`; '' without any. */
export function filterPhrase(f: FilterWords): string {
  const parts: string[] = [];
  const author = f.author?.replace(/\s+/g, ' ').trim();
  if (author) parts.push(`by "${author}"`);
  const range = rangeWords(f.from, f.to);
  if (range) parts.push(/^(since|up to) /.test(range) ? range : `from ${range}`);
  return parts.join(' ');
}

/** The note shown instead of "not covered" when the filters themselves match no article. */
export function noArticlesNote(f: FilterWords): string {
  const phrase = filterPhrase(f);
  return `No articles ${phrase ? `${phrase} ` : ''}in the archive: check the spelling, or widen the dates.`;
}
