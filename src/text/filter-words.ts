// The note shown instead of an answer when the filters themselves leave no article, worded once for
// the bot and the CLI ("No articles by "Nobody" in the archive: …"). Pure; the dates come described
// by the caller (search/time.ts's describeWindow), so both say them alike.

export interface NoArticles {
  author?: string | null;
  /** the dates searched, described ("from 1–7 Jun 2025", "up to 31 Dec 2018"), when any were set */
  dates?: string;
  /** those dates came from the question's words, not from the user's from/to */
  fromQuestion?: boolean;
  /** the day the question was asked at (articles dated after it are left out) */
  now?: string;
}

/** How the presenter names what the user can change: the from/to filters, and the day asked at (if it can be set). */
export interface NoArticlesNames {
  dates: string;
  now?: string;
}

export function noArticlesNote(n: NoArticles, names: NoArticlesNames): string {
  const author = n.author?.replace(/\s+/g, ' ').trim();
  const by = author ? `by "${author}"` : '';
  if (n.fromQuestion && n.dates)
    return `No articles in the archive${by ? ` ${by}` : ''} in the question's dates (${n.dates}): ask without the time words, or set ${names.dates}.`;
  const parts = [by, n.dates].filter(Boolean);
  // nothing the user set: the archive only holds articles dated after the day asked at
  if (!parts.length)
    return `No articles in the archive are dated up to ${n.now ?? 'today'}${names.now ? `: ask at a later ${names.now}` : ''}.`;
  return `No articles ${parts.join(' ')} in the archive: check the spelling, or widen the dates.`;
}
