// The answerability decision: is anything in the archive relevant enough to answer from?
// Calibrated on the benchmarks (see README "Answerability"): a benchmark's own judged queries
// are answerable, the other benchmark's queries run against this corpus are not.
import { contentTerms } from './terms.js';

export interface CoverageSignals {
  /** cosine similarity of the closest chunk to the question (dense top-1) */
  bestDense: number;
  /** share (0..1) of the question's content terms found in the best passage */
  termCoverage: number;
}

export interface Thresholds {
  /** covered when the closest chunk is at least this similar */
  dense: number;
  /** ...or when it is at least `denseWithTerms` similar and the best passage holds this share of the question's terms */
  denseWithTerms: number;
  terms: number;
}

// Calibrated with `dossier eval <a> --calibrate <b>` on TIME and SciFact (each benchmark's judged
// queries answerable, the other's queries unanswerable), choosing the thresholds with the best mean
// balanced accuracy over both pairs (re-done for article-first retrieval, which changes the best
// passage the terms rule looks at): TIME 100% covered / 99.3% rejected, SciFact 97.7% / 95.1%. The
// terms rule lets a short question naming something rare ("Who is Benoit Quennedey?") through when
// half its words are in the best passage.
export const DEFAULT_THRESHOLDS: Thresholds = { dense: 0.41, denseWithTerms: 0.32, terms: 0.5 };

export function isCovered(s: CoverageSignals, t: Thresholds = DEFAULT_THRESHOLDS): boolean {
  if (s.bestDense >= t.dense) return true;
  return s.bestDense >= t.denseWithTerms && s.termCoverage >= t.terms;
}

/** Share of the question's content terms that occur in the text (0 when the question has none). */
export function termCoverage(question: string, text: string): number {
  const q = contentTerms(question);
  if (q.length === 0) return 0;
  const have = new Set(contentTerms(text));
  return q.filter((t) => have.has(t)).length / q.length;
}
