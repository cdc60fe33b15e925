// What `dossier eval` can measure: kept apart from the runner so the command line can list the
// choices without loading the index and model code.
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
