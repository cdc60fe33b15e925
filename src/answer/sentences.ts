// Candidate answer sentences of the leading sources and their scores: the question's words they
// share (rarer words count more), their meaning (cosine with the question, computed by the caller) and
// whether they hold the kind of answer asked for (answer-type.ts). Pure.
import { splitSentences, type Span } from '../index/chunker.js';
import { contentTerms, words } from '../search/terms.js';
import { answerType, fitsType, fitsTypeNlp, type AnswerType } from './answer-type.js';
import { sentenceVotes } from './votes.js';
import type { Source } from './types.js';

export interface SentenceScoring {
  /** cosine of each sentence with the question, keyed by the sentence's text; missing ones get none */
  semantic?: Map<string, number>;
  /** weight of the cosine (0..1) in a sentence's score */
  semanticWeight?: number;
  /** added when the sentence holds an answer of the asked type that the question does not */
  typeWeight?: number;
  typeModel?: 'surface' | 'nlp';
  /** the answer type is checked on this many best sentences by words (the tagger costs ~1 ms a sentence) */
  typeCandidates?: number;
  /** weight of answer redundancy (votes.ts): a sentence holding the name the leading articles agree on */
  voteWeight?: number;
  /** votes count only the sentences this close to the best by words (share of the best word score) */
  voteFloor?: number;
  /** …and only the best this many by words (the tagger costs ~1 ms a sentence) */
  voteSentences?: number;
}

// Measured on the news dev set (README, Evaluation): the tagger's answer type at 0.3 on the 16 best
// sentences by words adds +2.3 points strict and +2.3 wrong (as many wrong answers as right ones) for
// ~17 ms a question, so it is off by default (typeWeight 0.3 turns it on); 8 or 12 sentences gain less,
// the surface cues alone nothing. Sentence cosine lowered strict at every weight tried (0.25–1): off.
// Answer votes (votes.ts) at 0.35 over the 16 best sentences with the tagger's names: +2.3 points strict
// on each half of the ids, wrong unchanged, for ~80 ms a question on a loaded machine: off by default
// (voteWeight 0.35 turns it on); the surface names alone lowered strict.
export const DEFAULT_SCORING: Required<Omit<SentenceScoring, 'semantic'>> = {
  semanticWeight: 0,
  typeWeight: 0,
  typeModel: 'nlp',
  typeCandidates: 16,
  voteWeight: 0,
  voteFloor: 0,
  voteSentences: 16,
};

export interface Candidate {
  /** index into the sources considered */
  source: number;
  span: Span;
  text: string;
  /** sentence position in its source */
  index: number;
  terms: Set<string>;
  /** words (a heading or fragment has few) */
  length: number;
  score: number;
}

/** The sentences of the sources, unscored. */
export function candidates(sources: Source[]): Candidate[] {
  const out: Candidate[] = [];
  sources.forEach((s, si) => {
    splitSentences(s.passage).forEach((span, index) => {
      const text = s.passage.slice(span.start, span.end);
      out.push({
        source: si,
        span,
        text,
        index,
        terms: new Set(contentTerms(text)),
        length: words(text).length,
        score: 0,
      });
    });
  });
  return out;
}

/**
 * Word evidence of each candidate: the share of the question's term weight it holds (a term's weight
 * is its rarity among the candidates: "cheollima" over "korea"), its source's relevance, a small lede
 * bonus, and penalties for fragments and run-on scrape residue.
 */
export function lexicalScores(question: string, sources: Source[], cands: Candidate[], ledes: Set<number>): number[] {
  const qTerms = contentTerms(question);
  const N = cands.length;
  const weight = new Map<string, number>();
  for (const t of qTerms) {
    const df = cands.filter((c) => c.terms.has(t)).length;
    weight.set(t, Math.log(1 + N / (1 + df)));
  }
  const total = [...weight.values()].reduce((a, b) => a + b, 0) || 1;
  const topScore = sources[0]?.score || 1;
  return cands.map((c) => {
    let overlap = 0;
    for (const t of qTerms) if (c.terms.has(t)) overlap += weight.get(t)!;
    let s = overlap / total;
    s += 0.15 * Math.max(0, sources[c.source].score / topScore); // source relevance
    if (c.index === 0 && ledes.has(c.source)) s += 0.05; // a lede tends to say what the story is about
    if (c.length < 5)
      s -= 0.5; // headings, fragments
    else if (c.length > 70) s -= 0.1; // run-on scrape residue
    return s;
  });
}

/** Each candidate's vote (votes.ts), counting only the best sentences by words (`voteFloor`, `voteSentences`). */
function voteScores(
  question: string,
  type: AnswerType,
  cands: Candidate[],
  lex: number[],
  o: Required<Omit<SentenceScoring, 'semantic'>>,
): number[] {
  const topLex = Math.max(0, ...lex);
  const voters = new Set(
    cands
      .map((c, i) => ({ i, s: lex[i], ok: c.length >= 5 && lex[i] >= o.voteFloor * topLex }))
      .filter((x) => x.ok)
      .sort((a, b) => b.s - a.s)
      .slice(0, o.voteSentences)
      .map((x) => x.i),
  );
  const sentences = cands.map((c, i) => ({ source: c.source, text: c.text, score: voters.has(i) ? lex[i] : 0 }));
  return sentenceVotes(sentences, type, question, o.typeModel === 'nlp');
}

/** Scores every candidate (in place) and returns them. */
export function scoreCandidates(
  question: string,
  sources: Source[],
  cands: Candidate[],
  ledes: Set<number>,
  opts: SentenceScoring = {},
): Candidate[] {
  const o = { ...DEFAULT_SCORING, ...opts };
  const lex = lexicalScores(question, sources, cands, ledes);
  const type = o.typeWeight > 0 || o.voteWeight > 0 ? answerType(question) : undefined;
  const votes = type && o.voteWeight > 0 ? voteScores(question, type, cands, lex, o) : undefined;
  const fits = o.typeModel === 'nlp' ? fitsTypeNlp : fitsType;
  const checked = new Set(
    cands
      .map((c, i) => ({ c, s: lex[i] }))
      .filter((x) => x.c.length >= 5)
      .sort((a, b) => b.s - a.s)
      .slice(0, o.typeCandidates)
      .map((x) => x.c),
  );
  cands.forEach((c, i) => {
    let s = lex[i];
    const cos = opts.semantic?.get(c.text);
    if (cos !== undefined && c.length >= 5) s += o.semanticWeight * cos;
    if (type && o.typeWeight > 0 && checked.has(c) && fits(c.text, type, question)) s += o.typeWeight;
    if (votes && c.length >= 5) s += o.voteWeight * votes[i];
    c.score = s;
  });
  return cands;
}
