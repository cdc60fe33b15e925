// Turns any user text into a safe FTS5 query: its words, each quoted, OR-ed. FTS5 syntax in the
// text (quotes, *, NEAR, OR, parentheses, column filters) is treated as plain words, never parsed.

// enough words for any real question; keeps a pasted essay from building a huge query
const MAX_TERMS = 64;
const MAX_TERM_CHARS = 100;

// Function words carry almost no bm25 weight but have the longest posting lists: dropping them
// (when the query has other words) keeps lexical search fast on a large archive.
const STOPWORDS = new Set(
  (
    'a an and are as at be but by did do does for from had has have he her his how i in into is it its of on or ' +
    'she so than that the their them then there these they this those to was were what when where which who whom ' +
    'why will with would you your about after before did does can could should'
  ).split(' '),
);

/**
 * The FTS5 MATCH expression for the text, or undefined when it has no searchable words. Function
 * words are left out (when others remain) unless keepStopwords: whole-article search keeps them, as
 * bm25's idf already weighs them near zero there and they cost little (measured: README, Retrieval).
 */
export function toFtsQuery(text: string, opts: { keepStopwords?: boolean } = {}): string | undefined {
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
  const content = opts.keepStopwords ? terms : terms.filter((t) => !STOPWORDS.has(t.slice(1, -1)));
  const use = content.length ? content : terms;
  return use.length ? use.join(' OR ') : undefined;
}
