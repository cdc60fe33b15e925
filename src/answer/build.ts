// The extractive answer: the one to three sentences of the leading sources that best answer the
// question, each cited [n] to the article it came from, and the numbered sources (one per article). Pure.
import type { Passage, SearchResult } from '../search/types.js';
import { articleSources, passageSource } from './sources.js';
import { candidates, scoreCandidates, type Candidate, type SentenceScoring } from './sentences.js';
import type { Answer, AnswerSentence, Source } from './types.js';

export interface AnswerOptions extends SentenceScoring {
  /** at most this many answer sentences (1..3) */
  maxSentences?: number;
  /** sentences are taken from this many leading sources */
  passages?: number;
  /** a further sentence must score at least this share of the best one */
  keepRatio?: number;
  /** one source per article, its passages together (default); false: one source per passage */
  groupByArticle?: boolean;
  /** at most this many sources (articles) */
  maxSources?: number;
  /** further sentences come from articles not quoted yet (each article's best sentence) */
  spread?: boolean;
}

// words that make a sentence lean on the one before it ("The group, known as ..."): when the
// best sentence is followed by one of these, the pair is the answer
const ANAPHORA = /^(the|this|these|that|those|he|she|it|they|his|her|its|their|such)\b/i;

/** The numbered sources of a result, and which of them open with their article's first passage. */
export function answerSources(
  result: SearchResult,
  opts: AnswerOptions = {},
): { sources: Source[]; ledes: Set<number> } {
  const grouped = opts.groupByArticle ?? true;
  const all = grouped ? articleSources(result.passages) : result.passages.map((p, i) => passageSource(p, i + 1));
  const sources = opts.maxSources ? all.slice(0, opts.maxSources) : all;
  const ledes = new Set<number>();
  sources.forEach((s, i) => {
    const first = grouped
      ? result.passages.filter((p) => p.articleId === s.articleId).sort((a, b) => a.start - b.start)[0]
      : result.passages[i];
    if (first?.ordinal === 0) ledes.add(i);
  });
  return { sources, ledes };
}

/** Scores each sentence of the leading sources against the question. Exported for tests and for the
 * caller that embeds the best of them (answer/ask.ts). */
export function scoreSentences(question: string, result: SearchResult, opts: AnswerOptions = {}): Candidate[] {
  const { sources, ledes } = answerSources(result, opts);
  const considered = sources.slice(0, opts.passages ?? 3);
  return scoreCandidates(question, considered, candidates(considered), ledes, opts);
}

/** buildAnswer(question, result): cited sentences and numbered sources (or the not-covered reply with related articles). */
export function buildAnswer(question: string, result: SearchResult, opts: AnswerOptions = {}): Answer {
  const related = result.related.map((p: Passage, i) => passageSource(p, i + 1));
  const window = result.window ? { window: result.window } : {};
  if (!result.covered || result.passages.length === 0) {
    return { question, covered: false, sentences: [], sources: [], related, ...window };
  }
  const max = Math.max(1, Math.min(opts.maxSentences ?? 3, 3));
  const { sources, ledes } = answerSources(result, opts);
  const considered = sources.slice(0, opts.passages ?? 3);
  const cands = scoreCandidates(question, considered, candidates(considered), ledes, opts);
  const ranked = [...cands].sort((a, b) => b.score - a.score || a.source - b.source || a.index - b.index);
  const best = ranked[0];
  const chosen: Candidate[] = [];
  if (best && best.score > 0) {
    chosen.push(best);
    const next = cands.find((c) => c.source === best.source && c.index === best.index + 1);
    if (next && ANAPHORA.test(next.text) && next.length >= 5) chosen.push(next);
    for (const c of ranked.slice(1)) {
      if (chosen.length >= max) break;
      if (c.score < (opts.keepRatio ?? 0.75) * best.score || chosen.includes(c)) continue;
      // near-duplicates (the same sentence in two copies of a story) add nothing
      if (chosen.some((x) => x.text === c.text || jaccard(x.terms, c.terms) > 0.7)) continue;
      if (opts.spread && chosen.some((x) => x.source === c.source)) continue;
      chosen.push(c);
    }
  }
  // selection order: the best sentence, the sentence that continues it, then the next best
  chosen.splice(max);
  const sentences: AnswerSentence[] = [];
  for (const c of chosen) {
    sentences.push({ text: c.text, citation: c.source + 1 });
    sources[c.source].highlights.push({ start: c.span.start, end: c.span.end });
  }
  for (const s of sources) s.highlights.sort((a, b) => a.start - b.start);
  return { question, covered: true, sentences, sources, related, ...window };
}

function jaccard(a: Set<string>, b: Set<string>): number {
  let inter = 0;
  for (const t of a) if (b.has(t)) inter++;
  const union = a.size + b.size - inter;
  return union ? inter / union : 0;
}
