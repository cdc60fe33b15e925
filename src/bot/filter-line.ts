// The one short line saying which filters an answer used: the author and date options, or the time
// window the engine took from the question's words when it reports one ("Articles from 1–7 Jun 2025").
import { filterPhrase, type FilterWords } from '../text/filter-words.js';

/** A date window an answer or search result may carry (the engine sets it once it reads dates from questions). */
export interface AnswerWindow {
  from?: string | null;
  to?: string | null;
  source: 'question' | 'options';
}

function isWindow(v: unknown): v is AnswerWindow {
  const w = v as AnswerWindow | null | undefined;
  return !!w && typeof w === 'object' && (w.source === 'question' || w.source === 'options');
}

/** The first `window` the given objects (the answer, the search result) carry, if any. */
export function windowOf(...holders: unknown[]): AnswerWindow | undefined {
  for (const h of holders) {
    const w = (h as { window?: unknown } | null | undefined)?.window;
    if (isWindow(w)) return w;
  }
  return undefined;
}

/** "Articles by "Ian Allen" from Mar 2019"; undefined when nothing narrowed the search. Plain text (for a footer). */
export function filterLine(filter: FilterWords, window?: AnswerWindow): string | undefined {
  const dates = window ?? filter;
  const phrase = filterPhrase({ author: filter.author, from: dates.from, to: dates.to });
  if (!phrase) return undefined;
  return `Articles ${phrase}${window?.source === 'question' ? ' (from the question)' : ''}`;
}
