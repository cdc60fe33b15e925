// Contracts of search: a query in, ranked passages (grouped by article) out.
import type { ChunkRecord, SearchFilter } from '../index/types.js';
import type { AnswerWindow } from './time.js';

export type SearchMethod = 'hybrid' | 'lexical' | 'dense';

export interface SearchQuery extends SearchFilter {
  text: string;
  /** how many passages to return (default 5) */
  limit?: number;
  method?: SearchMethod;
  /** the day the question is asked (ISO day); default: today on the clock */
  now?: string;
  /** articles to weigh higher (a follow-up's previous sources: search/prefer.ts) */
  prefer?: string[];
}

/** A chunk with its article's fields (what the index returns), scored for one query. */
export interface Passage extends ChunkRecord {
  /** fused relevance score, higher is better */
  score: number;
}

export interface SearchResult {
  query: SearchQuery;
  /** the day the question was asked at */
  now?: string;
  /** the date window searched in, when the from/to options or the question's words set one */
  window?: AnswerWindow;
  /** the question's embedding (not part of --json) */
  vector?: Float32Array;
  /** false when nothing clears the answerability threshold */
  covered: boolean;
  /** when covered: the ranked passages, at most two per article */
  passages: Passage[];
  /** when not covered: the closest articles, offered as "possibly related" */
  related: Passage[];
  timings: Record<string, number>; // ms per stage: embed, lexical, dense, fusion, total
  /** what the answerability decision was based on (for --json, logs and calibration) */
  signals?: { bestDense: number; termCoverage: number; filterMatches?: number };
}
