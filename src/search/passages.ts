// Passages of the leading articles: once articles are ranked (article-first retrieval), each leading
// article's passages are scored against the question — bm25 among those passages plus exact cosine
// to the question — and placed in the ranking under their article. Pure.
import { DEFAULT_LEXICAL_WEIGHT, minMax, sortScored, type ArticleScored, type Scored } from './fusion.js';
import { fold } from '../text/fold.js';
import { contentTerms, stem } from './terms.js';

export interface HeadPassage {
  chunkId: number;
  articleId: string;
  text: string;
  vector: Float32Array;
}

const K1 = 1.2;
const B = 0.75;
/**
 * bm25 of each passage for the question's content terms, with document frequencies counted over the
 * given passages (the passages of the leading articles): what a passage says that its neighbours do
 * not is what singles it out. 0 for a passage without any question term.
 */
export function passageBm25(question: string, passages: { chunkId: number; text: string }[]): Map<number, number> {
  const terms = contentTerms(question);
  const out = new Map<number, number>();
  if (!terms.length || !passages.length) {
    for (const p of passages) out.set(p.chunkId, 0);
    return out;
  }
  const wanted = new Set(terms);
  // stem() only strips suffixes and keeps at least two letters, so a word can only match a term that
  // starts with the same two letters: one regex finds those words, the rest of the text is not split
  const prefixes = [...new Set(terms.map((t) => t.slice(0, 2)))].map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const candidate = new RegExp(`(?<![\\p{L}\\p{N}])(?:${prefixes.join('|')})[\\p{L}\\p{N}]*`, 'gu');
  const tfs = passages.map((p) => {
    const tf = new Map<string, number>();
    for (const [w] of fold(p.text).matchAll(candidate)) {
      const s = stem(w);
      if (wanted.has(s)) tf.set(s, (tf.get(s) ?? 0) + 1);
    }
    // length in characters: bm25 only compares it with the average
    return { tf, len: p.text.length };
  });
  const n = passages.length;
  const avg = tfs.reduce((s, x) => s + x.len, 0) / n || 1;
  const df = new Map<string, number>();
  for (const { tf } of tfs) for (const t of tf.keys()) df.set(t, (df.get(t) ?? 0) + 1);
  passages.forEach((p, i) => {
    const { tf, len } = tfs[i];
    let score = 0;
    for (const [t, f] of tf) {
      const idf = Math.log(1 + (n - df.get(t)! + 0.5) / (df.get(t)! + 0.5));
      score += (idf * f * (K1 + 1)) / (f + K1 * (1 - B + (B * len) / avg));
    }
    out.set(p.chunkId, score);
  });
  return out;
}

export function cosine(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/**
 * The passage ranking under article-first retrieval. Within the leading articles, a passage's own
 * score is w·bm25 + (1 − w)·cosine (each min-max normalised over these passages); it is placed at
 * its article's score minus how far it falls behind the article's best passage, so the best passage
 * carries the article's score and the others follow where their own evidence puts them.
 */
export function placePassages(
  question: string,
  queryVector: Float32Array,
  head: ArticleScored[],
  passages: HeadPassage[],
  lexicalWeight = DEFAULT_LEXICAL_WEIGHT,
): Scored[] {
  const w = lexicalWeight;
  const lex = minMax([...passageBm25(question, passages)].map(([chunkId, score]) => ({ chunkId, score })));
  const cos = minMax(passages.map((p) => ({ chunkId: p.chunkId, score: cosine(queryVector, p.vector) })));
  const byArticle = new Map<string, { chunkId: number; p: number }[]>();
  for (const x of passages) {
    const p = w * (lex.get(x.chunkId) ?? 0) + (1 - w) * (cos.get(x.chunkId) ?? 0);
    const list = byArticle.get(x.articleId);
    if (list) list.push({ chunkId: x.chunkId, p });
    else byArticle.set(x.articleId, [{ chunkId: x.chunkId, p }]);
  }
  const out: Scored[] = [];
  for (const a of head) {
    const list = byArticle.get(a.articleId);
    if (!list) continue;
    const best = Math.max(...list.map((x) => x.p));
    for (const { chunkId, p } of list) out.push({ chunkId, score: a.score - (best - p) });
  }
  return sortScored(out);
}
