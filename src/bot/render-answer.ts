// The answer message, made to fit a phone screen: the answering sentences once, each run followed by
// its citation (a link that opens the article at the sentence), one line per source article, and the
// filters in the footer. Passages stay behind the "Passage n" buttons (renderPassage). Pure.
import type { APIEmbed } from 'discord.js';
import type { Answer } from '../answer/types.js';
import { NOT_COVERED } from '../answer/types.js';
import { passageUrl } from '../text/fragment.js';
import { type AnswerFilter, type AnswerWindow, filterLine } from './filter-line.js';
import { fitEmbed, LIMITS } from './limits.js';
import { COLOR, joinWithin, sourceLine, snippet } from './render.js';
import { type ArticleSource, citedAnswer } from './sources.js';
import { formatDate, link, linkable, plain, safe, safeLine, truncate } from './text.js';

/** A question is a title on a phone too: long ones are cut (the whole text is the user's own message). */
const TITLE_MAX = 150;

export interface AnswerView {
  answer: Answer;
  /** the author/from/to options it was asked with */
  filter?: AnswerFilter;
  /** the date window the engine used, when it reports one */
  window?: AnswerWindow;
  /** what a follow-up carried over from the conversation */
  about?: string;
}

function title(question: string): string {
  return truncate(safeLine(question), TITLE_MAX) || '…';
}

function footer(view: AnswerView): { text: string } | undefined {
  let line = filterLine(view.filter ?? {}, view.window);
  // a follow-up's dates came from the conversation (a mention has no from/to options)
  if (view.about && line) line = line.replace('(your from/to)', '(the conversation’s dates)');
  const parts = [view.about ? `about: ${view.about} (follow-up)` : '', line ?? ''].filter(Boolean);
  return parts.length ? { text: truncate(plain(parts.join(' · ')), LIMITS.footer) } : undefined;
}

/**
 * The answer text: each run of sentences citing one article, then its citation, linked to the
 * article opened at the run's first sentence. Whole runs only: a cut would part a claim from its source.
 */
export function answerDescription(answer: Pick<Answer, 'sentences' | 'sources'>): string {
  const { runs, sources } = citedAnswer(answer);
  const byN = new Map(sources.map((s) => [s.n, s]));
  const parts: string[] = [];
  let used = 0;
  for (const run of runs) {
    const u = linkable(passageUrl(byN.get(run.n)?.url, run.sentences[0]));
    const cite = u ? `[[${run.n}]](${u})` : `[${run.n}]`;
    const text = safe(run.sentences.join(' ').replace(/\s+/g, ' ').trim());
    const piece = `${text} ${cite}`;
    if (used + piece.length + 1 > LIMITS.embedDescription - 2) {
      if (parts.length === 0) parts.push(`${truncate(text, LIMITS.embedDescription - cite.length - 2)} ${cite}`);
      else parts.push('…');
      break;
    }
    parts.push(piece);
    used += piece.length + 1;
  }
  return parts.join(' ');
}

export function renderAnswer(view: AnswerView): APIEmbed {
  const { answer } = view;
  if (!answer.covered || answer.sentences.length === 0) return renderNotCovered(answer, view);
  const { sources } = citedAnswer(answer);
  const lines = sources.map((s) => sourceLine(`[${s.n}]`, s));
  return fitEmbed({
    title: title(answer.question),
    description: answerDescription(answer),
    color: COLOR.answer,
    fields: lines.length ? [{ name: 'Sources', value: joinWithin(lines, LIMITS.fieldValue) }] : [],
    footer: footer(view),
  });
}

export function renderNotCovered(
  answer: Pick<Answer, 'question' | 'related'>,
  view: Partial<AnswerView> = {},
): APIEmbed {
  const seen = new Set<string>();
  const lines = answer.related
    .filter((r) => !seen.has(r.articleId) && seen.add(r.articleId))
    .map((r) => `• ${link(safeLine(r.title), r.url)} · ${formatDate(r.date)}`);
  return fitEmbed({
    title: title(answer.question),
    description: `${NOT_COVERED} Try other words, a name or a place from the story, or \`/search\`.`,
    color: COLOR.notCovered,
    fields: lines.length ? [{ name: 'Possibly related', value: joinWithin(lines, LIMITS.fieldValue) }] : [],
    footer: footer({ answer: answer as Answer, ...view }),
  });
}

/** The filters matched no article at all: say that (the CLI's words, search/no-articles.ts), not "not covered". */
export function renderNoArticles(question: string, note: string): APIEmbed {
  return fitEmbed({ title: title(question), description: safe(note), color: COLOR.notCovered });
}

/** One source article's passages behind "Passage n" (shown to the clicker only), the answering sentences in bold. */
export function renderPassage(s: ArticleSource): APIEmbed {
  const first = s.passages[0];
  const opening = first?.highlights[0] ? first.passage.slice(first.highlights[0].start, first.highlights[0].end) : '';
  const room = Math.floor((LIMITS.embedDescription - 20) / Math.max(1, s.passages.length));
  const body = s.passages.map((p) => snippet(p.passage, p.highlights, Math.min(room, 1800))).join('\n\n…\n\n');
  return fitEmbed({
    title: truncate(`[${s.n}] ${safeLine(s.title)}`, LIMITS.embedTitle),
    url: linkable(passageUrl(s.url, opening)),
    description: body || '*This passage has no text.*',
    color: COLOR.article,
    footer: { text: truncate(plain(`${s.author ?? 'author unknown'} · ${formatDate(s.date)}`), LIMITS.footer) },
  });
}
