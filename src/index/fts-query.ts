// Turns any user text into a safe FTS5 query: its words, each quoted, OR-ed. FTS5 syntax in the
// text (quotes, *, NEAR, OR, parentheses, column filters) is treated as plain words, never parsed.

// enough words for any real question; keeps a pasted essay from building a huge query
const MAX_TERMS = 64;
const MAX_TERM_CHARS = 100;

/** The FTS5 MATCH expression for the text, or undefined when it has no searchable words. */
export function toFtsQuery(text: string): string | undefined {
  const words = text.normalize('NFKC').match(/[\p{L}\p{N}\p{M}\p{Co}]+/gu) ?? [];
  const seen = new Set<string>();
  const terms: string[] = [];
  for (const w of words) {
    const lc = w.toLowerCase().slice(0, MAX_TERM_CHARS);
    if (seen.has(lc)) continue;
    seen.add(lc);
    // inside double quotes everything is a literal token; our words contain no quote characters
    terms.push(`"${lc}"`);
    if (terms.length >= MAX_TERMS) break;
  }
  return terms.length ? terms.join(' OR ') : undefined;
}
