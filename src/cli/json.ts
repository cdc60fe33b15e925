// The --json shapes of `dossier ask`, `dossier search` and `dossier timeline` (also one line each of `ask --batch`): what
// scripts read, documented in README "Asking questions". Pure.
import type { Timeline, TimelineLine } from '../answer/timeline.js';
import type { Answer, Source } from '../answer/types.js';
import { NOT_COVERED } from '../answer/types.js';
import type { AnswerWindow } from '../search/time.js';
import type { Passage, SearchResult } from '../search/types.js';

/** The --json shape of the window: `{ from, to, source }`, or null when no dates were set. */
function windowJson(w: AnswerWindow | undefined) {
  return w ? { from: w.from, to: w.to, source: w.source } : null;
}

/** `dossier ask --json`: the structured answer for scripts. */
export function answerJson(answer: Answer, result: SearchResult) {
  const src = (s: Source) => ({
    n: s.n,
    articleId: s.articleId,
    title: s.title,
    author: s.author,
    date: s.date,
    url: s.url ?? null,
    passage: s.passage,
    highlights: s.highlights,
    score: s.score,
  });
  return {
    question: answer.question,
    now: result.now ?? null,
    window: windowJson(answer.window),
    covered: answer.covered,
    answer: answer.covered ? answer.sentences.map((s) => `${s.text} [${s.citation}]`).join(' ') : NOT_COVERED,
    sentences: answer.sentences.map((s) => ({ text: s.text, citation: s.citation })),
    sources: answer.sources.map(src),
    related: answer.related.map(src),
    signals: result.signals,
    timings: result.timings,
  };
}

/** `dossier search --json`: ranked passages for scripts. */
export function searchJson(result: SearchResult) {
  const p = (x: Passage, i: number) => ({
    n: i + 1,
    articleId: x.articleId,
    title: x.title,
    author: x.author,
    date: x.date,
    url: x.url ?? null,
    passage: x.text,
    score: x.score,
  });
  return {
    query: result.query.text,
    now: result.now ?? null,
    window: windowJson(result.window),
    covered: result.covered,
    sources: result.passages.map(p),
    related: result.related.map(p),
    signals: result.signals,
    timings: result.timings,
  };
}

/** `dossier timeline --json`: the timeline's lines (date order) for scripts. */
export function timelineJson(t: Timeline) {
  const line = (l: TimelineLine) => ({
    n: l.n,
    date: l.date,
    sentence: l.sentence,
    articleId: l.articleId,
    title: l.title,
    author: l.author,
    url: l.url,
    score: l.score,
  });
  return {
    topic: t.topic,
    now: t.now,
    window: windowJson(t.window),
    order: t.order,
    covered: t.covered,
    total: t.total,
    lines: t.lines.map(line),
    related: t.related.map(line),
    timings: t.timings,
  };
}
