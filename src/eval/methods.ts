// What `dossier eval` can measure: kept apart from the runner so the command line can list the
// choices without loading the index and model code.
import type { AskOptions } from '../answer/ask.js';
import { DEFAULT_SEARCH } from '../search/search.js';
import type { FusionOptions } from '../search/fusion.js';
import type { SearchMethod } from '../search/types.js';

/** A row of the report: a retrieval method, optionally with its own fusion. */
export interface EvalMethod {
  name: string;
  method: SearchMethod;
  fusion?: FusionOptions;
}

export const METHODS: Record<string, EvalMethod[]> = {
  lexical: [{ name: 'lexical', method: 'lexical' }],
  dense: [{ name: 'dense', method: 'dense' }],
  hybrid: [{ name: 'hybrid', method: 'hybrid' }],
  all: [
    { name: 'lexical', method: 'lexical' },
    { name: 'dense', method: 'dense' },
    { name: 'hybrid', method: 'hybrid' },
    { name: 'hybrid-rrf', method: 'hybrid', fusion: { method: 'rrf' } },
  ],
};

/** Candidate depth per list; documents are ranked from these (≥ 100 documents needed for Recall@100). */
export const EVAL_DEPTH = DEFAULT_SEARCH.lexicalK;

/** A row of the QA report (`dossier eval <qa-folder>`): a way of asking, named. */
export interface QaMethod {
  name: string;
  method?: SearchMethod;
  ask: AskOptions;
  /** ask without the question's date as "now" (the clock decides, as before "now" existed) */
  noNow?: boolean;
}

/** Everything time- and sentence-aware switched off: answers as before issue 14. */
export const BEFORE_NOW: AskOptions = {
  search: { time: { fromQuestion: false, recency: 0, recencyPrefer: 0, hideFuture: false } },
  answer: { groupByArticle: false, semanticWeight: 0, typeWeight: 0 },
  embedSentences: 0,
  perArticle: 2,
};

/** The shipped defaults with one signal off (or, for the cosine, on): what each adds (README, Evaluation). */
export const QA_ABLATIONS: QaMethod[] = [
  { name: '− windows', ask: { search: { time: { fromQuestion: false } } } },
  { name: '− recency prior', ask: { search: { time: { recency: 0, recencyPrefer: 0 } } } },
  { name: '− hide after now', ask: { search: { time: { hideFuture: false } } } },
  { name: '+ answer type 0.3', ask: { answer: { typeWeight: 0.3 } } },
  { name: '+ answer votes 0.35', ask: { answer: { voteWeight: 0.35 } } },
  { name: '− one source/article', ask: { answer: { groupByArticle: false }, perArticle: 2 } },
  { name: '+ sentence cosine 0.25', ask: { answer: { semanticWeight: 0.25 }, embedSentences: 16 } },
];

export const QA_METHODS: Record<string, QaMethod[]> = {
  lexical: [{ name: 'lexical', method: 'lexical', ask: {} }],
  dense: [{ name: 'dense', method: 'dense', ask: {} }],
  hybrid: [{ name: 'hybrid', ask: {} }],
  all: [
    { name: 'hybrid, before', ask: BEFORE_NOW, noNow: true },
    { name: 'lexical', method: 'lexical', ask: {} },
    { name: 'dense', method: 'dense', ask: {} },
    { name: 'hybrid', ask: {} },
  ],
};
