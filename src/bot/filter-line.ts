// The one short line saying which filters an answer used: the author option, and the dates it was
// searched in, from the question's words or the from/to options ("Articles from 1–7 Jun 2025 (the
// question's dates)"), in the words the CLI uses. Plain text, for the answer's footer.
import { describeWindow, type AnswerWindow } from '../search/time.js';

export type { AnswerWindow };

/** The filters a question was asked with (the command's options). */
export interface AnswerFilter {
  author?: string | null;
  from?: string | null;
  to?: string | null;
}

/** How the bot names what a user can change, in the notes it shares with the CLI. */
export const BOT_NAMES = { dates: 'the from and to options' };

/** "Articles from 1 Mar – 31 Dec 2019 by "Ian Allen" (your from/to)"; undefined when nothing narrowed the search. */
export function filterLine(filter: AnswerFilter, window?: AnswerWindow): string | undefined {
  const dates =
    window ??
    (filter.from || filter.to
      ? { from: filter.from ?? null, to: filter.to ?? null, source: 'options' as const }
      : undefined);
  const author = filter.author?.replace(/\s+/g, ' ').trim();
  const by = author ? `by "${author}"` : '';
  if (!dates || (!dates.from && !dates.to)) return by ? `Articles ${by}` : undefined;
  const source = dates.source === 'question' ? "the question's dates" : 'your from/to';
  return `${describeWindow(dates)}${by ? ` ${by}` : ''} (${source})`;
}
