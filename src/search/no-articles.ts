// When the filters themselves leave no article (author, dates from the options or the question's
// words, the day asked at): the note both presenters show instead of "not covered", dates described
// as the answer's window line describes them.
import { noArticlesNote, type NoArticlesNames } from '../text/filter-words.js';
import { parsePeriod } from './filters.js';
import { describeWindow } from './time.js';
import type { SearchResult } from './types.js';

/** The note, or undefined when some article passed the filters (a timeline passes the same fields). */
export function noArticlesLine(
  result: Pick<SearchResult, 'query' | 'window' | 'now'> & { signals?: { filterMatches?: number } },
  names: NoArticlesNames,
): string | undefined {
  if (result.signals?.filterMatches !== 0) return undefined;
  const q = result.query;
  // the window the engine searched, else the typed dates made whole days
  const day = (v: string | undefined, end: 'from' | 'to') => {
    const r = v ? parsePeriod(v, end) : undefined;
    return r && 'day' in r ? r.day : null;
  };
  const w = result.window ?? { from: day(q.from, 'from'), to: day(q.to, 'to'), source: 'options' as const };
  const dates = w.from || w.to ? describeWindow(w).replace(/^Articles /, '') : undefined;
  return noArticlesNote({ author: q.author, dates, fromQuestion: w.source === 'question', now: result.now }, names);
}
