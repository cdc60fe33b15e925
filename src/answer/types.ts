// Contracts of answers: the extractive answer with numbered citations.
import type { AnswerWindow } from '../search/time.js';

export interface AnswerSentence {
  text: string;
  /** 1-based citation number into sources */
  citation: number;
}

export interface Source {
  n: number;
  articleId: string;
  title: string;
  author: string | null;
  date: string | null;
  /** null when the archive has no permalink: never invented */
  url: string | null;
  /** the full passage (chunk text) */
  passage: string;
  /** character ranges inside `passage` of the answering sentence(s) to highlight */
  highlights: { start: number; end: number }[];
  score: number;
  chunkId: number;
}

export interface Answer {
  question: string;
  covered: boolean;
  sentences: AnswerSentence[];
  sources: Source[];
  /** when not covered: closest articles, "possibly related" */
  related: Source[];
  /** the date window the answer was searched in (from the question's words or the from/to options) */
  window?: AnswerWindow;
}

export const NOT_COVERED = "The archive doesn't seem to cover this.";
