// Progress events every stage reports through (fetching, parsing, chunking, embedding, writing,
// publishing). Below archive and index, so both can report without importing each other.

export type Stage = 'fetch' | 'parse' | 'chunk' | 'embed' | 'write' | 'publish' | 'done';

export interface Progress {
  stage: Stage;
  done: number;
  total?: number;
  /** items per second in this stage */
  rate?: number;
  /** seconds left in this stage */
  etaSeconds?: number;
  message?: string;
}
export type ProgressListener = (p: Progress) => void;
