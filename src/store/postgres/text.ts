// The lexical side's words, as the embedded store's FTS5 tokenizer sees them (unicode61 with
// diacritics removed): the text sent to Postgres is these words joined by spaces, so its parser finds
// the same tokens and only stems them (snowball english, no stop words). Pure.

const WORD = /[\p{L}\p{N}\p{Co}]+/gu;

/** The words of a text, lower case, without diacritics. */
export function words(text: string): string[] {
  return (
    String(text ?? '')
      .normalize('NFKD')
      .replace(/\p{M}/gu, '')
      .toLowerCase()
      .match(WORD) ?? []
  );
}

/** Text for to_tsvector: its words joined by spaces, and how many there are (the bm25 length). */
export function searchText(...parts: string[]): { text: string; len: number } {
  const all = parts.flatMap(words);
  return { text: all.join(' '), len: all.length };
}

/** The words of an FTS5 expression built by toFtsQuery ("a" OR "b"), for the same query on Postgres. */
export function ftsWords(fts: string): string[] {
  return fts.split(' OR ').flatMap((t) => words(t.replace(/^"|"$/g, '')));
}

/** bm25's idf as FTS5 computes it (never below a tiny positive weight). */
export function idf(total: number, df: number): number {
  const v = Math.log((total - df + 0.5) / (df + 0.5));
  return v > 0 ? v : 1e-6;
}

export const BM25 = { k1: 1.2, b: 0.75 };

/** A vector as pgvector's text form. */
export function vectorText(v: Float32Array | number[]): string {
  return `[${Array.from(v).join(',')}]`;
}

/** pgvector's text form back to a vector. */
export function parseVector(s: string): Float32Array {
  return Float32Array.from(s.slice(1, -1).split(','), Number);
}
