// The extractive answer: the one to three sentences of the top passages that best answer the
// question, each cited [n] to the passage it came from, and the numbered sources. Pure, no I/O.
import type { Passage, SearchResult } from '../search/types.js';
import { contentTerms, words } from '../search/terms.js';
import { splitSentences as sentenceSpans, type Span } from '../index/chunker.js';
import type { Answer, AnswerSentence, Source } from './types.js';

export interface AnswerOptions {
  /** at most this many answer sentences (1..3) */
  maxSentences?: number;
  /** sentences are taken from this many top passages */
  passages?: number;
  /** a further sentence must score at least this share of the best one */
  keepRatio?: number;
  /**
   * Optional extra evidence per sentence (e.g. cosine with the question, computed by the caller),
   * keyed `${chunkId}:${start}`, in 0..1; added to the lexical score with weight `semanticWeight`.
   */
  semantic?: Map<string, number>;
  semanticWeight?: number;
}

interface Candidate {
  passage: number; // index into passages
  span: Span;
  text: string;
  index: number; // sentence position in its passage
  terms: Set<string>;
  score: number;
}

// words that make a sentence lean on the one before it ("The group, known as ..."): when the
// best sentence is followed by one of these, the pair is the answer
const ANAPHORA = /^(the|this|these|that|those|he|she|it|they|his|her|its|their|such)\b/i;

function source(p: Passage, n: number): Source {
  return {
    n,
    articleId: p.articleId,
    title: p.title,
    author: p.author,
    date: p.date,
    url: p.url ?? null,
    passage: p.text,
    highlights: [],
    score: p.score,
    chunkId: p.chunkId,
  };
}

/** Scores each sentence of the top passages against the question. Exported for tests. */
export function scoreSentences(question: string, passages: Passage[], opts: AnswerOptions = {}): Candidate[] {
  const qTerms = contentTerms(question);
  const cands: Candidate[] = [];
  passages.forEach((p, pi) => {
    sentenceSpans(p.text).forEach((span, index) => {
      const text = p.text.slice(span.start, span.end);
      cands.push({ passage: pi, span, text, index, terms: new Set(contentTerms(text)), score: 0 });
    });
  });
  if (cands.length === 0) return cands;
  // rarer question terms (fewer candidate sentences hold them) say more: "cheollima" over "korea"
  const N = cands.length;
  const weight = new Map<string, number>();
  for (const t of qTerms) {
    const df = cands.filter((c) => c.terms.has(t)).length;
    weight.set(t, Math.log(1 + N / (1 + df)));
  }
  const total = [...weight.values()].reduce((a, b) => a + b, 0) || 1;
  const topScore = passages[0]?.score || 1;
  const semW = opts.semanticWeight ?? 0.5;
  for (const c of cands) {
    let overlap = 0;
    for (const t of qTerms) if (c.terms.has(t)) overlap += weight.get(t)!;
    const p = passages[c.passage];
    const n = words(c.text).length;
    let s = overlap / total;
    s += 0.15 * Math.max(0, p.score / topScore); // passage relevance
    if (p.ordinal === 0 && c.index === 0) s += 0.05; // a lede tends to say what the story is about
    if (n < 5)
      s -= 0.5; // headings, fragments
    else if (n > 70) s -= 0.1; // run-on scrape residue
    const sem = opts.semantic?.get(`${p.chunkId}:${c.span.start}`);
    if (sem !== undefined) s += semW * sem;
    c.score = s;
  }
  return cands;
}

/** buildAnswer(question, result): cited sentences and numbered sources (or the not-covered reply with related articles). */
export function buildAnswer(question: string, result: SearchResult, opts: AnswerOptions = {}): Answer {
  const related = result.related.map((p, i) => source(p, i + 1));
  if (!result.covered || result.passages.length === 0) {
    return { question, covered: false, sentences: [], sources: [], related };
  }
  const max = Math.max(1, Math.min(opts.maxSentences ?? 3, 3));
  const sources = result.passages.map((p, i) => source(p, i + 1));
  const considered = result.passages.slice(0, opts.passages ?? 3);
  const cands = scoreSentences(question, considered, opts);
  const ranked = [...cands].sort((a, b) => b.score - a.score || a.passage - b.passage || a.index - b.index);
  const best = ranked[0];
  const chosen: Candidate[] = [];
  if (best && best.score > 0) {
    chosen.push(best);
    const next = cands.find((c) => c.passage === best.passage && c.index === best.index + 1);
    if (next && ANAPHORA.test(next.text) && words(next.text).length >= 5) chosen.push(next);
    for (const c of ranked.slice(1)) {
      if (chosen.length >= max) break;
      if (c.score < (opts.keepRatio ?? 0.75) * best.score || chosen.includes(c)) continue;
      // near-duplicates (the same sentence in two overlapping chunks) add nothing
      if (chosen.some((x) => x.text === c.text || jaccard(x.terms, c.terms) > 0.7)) continue;
      chosen.push(c);
    }
  }
  // selection order: the best sentence, the sentence that continues it, then the next best
  chosen.splice(max);
  const sentences: AnswerSentence[] = [];
  for (const c of chosen) {
    sentences.push({ text: c.text, citation: c.passage + 1 });
    sources[c.passage].highlights.push({ start: c.span.start, end: c.span.end });
  }
  for (const s of sources) s.highlights.sort((a, b) => a.start - b.start);
  return { question, covered: true, sentences, sources, related };
}

function jaccard(a: Set<string>, b: Set<string>): number {
  let inter = 0;
  for (const t of a) if (b.has(t)) inter++;
  const union = a.size + b.size - inter;
  return union ? inter / union : 0;
}
