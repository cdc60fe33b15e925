// What an answer message cites, by article: one source per article however many of its passages
// the answer used, numbered in the order the answer first cites them; the sentences once each, in
// runs cited together. Pure (presentation only: the answer itself is not changed).
import type { Answer, Source } from '../answer/types.js';

export interface ArticleSource {
  /** the number shown: [1], [2] … in order of first citation */
  n: number;
  articleId: string;
  title: string;
  author: string | null;
  date: string | null;
  url: string | null;
  /** its passages the answer used, the answer's own order (best first) */
  passages: Source[];
}

export interface CitedRun {
  /** the sentences of one run, in answer order */
  sentences: string[];
  /** the article number they cite */
  n: number;
}

export interface CitedAnswer {
  runs: CitedRun[];
  sources: ArticleSource[];
}

const norm = (s: string) => s.replace(/\s+/g, ' ').trim().toLowerCase();

/** Groups an answer's citations by article; a sentence said twice (overlapping chunks) is kept once. */
export function citedAnswer(answer: Pick<Answer, 'sentences' | 'sources'>): CitedAnswer {
  const byNumber = new Map(answer.sources.map((s) => [s.n, s]));
  const sources: ArticleSource[] = [];
  const byArticle = new Map<string, ArticleSource>();
  const runs: CitedRun[] = [];
  const said = new Set<string>();
  for (const sentence of answer.sentences) {
    const src = byNumber.get(sentence.citation);
    const key = norm(sentence.text);
    if (!src || !key || said.has(key)) continue;
    said.add(key);
    let article = byArticle.get(src.articleId);
    if (!article) {
      article = {
        n: sources.length + 1,
        articleId: src.articleId,
        title: src.title,
        author: src.author,
        date: src.date,
        url: src.url,
        passages: [],
      };
      byArticle.set(src.articleId, article);
      sources.push(article);
    }
    if (!article.passages.includes(src)) article.passages.push(src);
    const last = runs.at(-1);
    if (last && last.n === article.n) last.sentences.push(sentence.text);
    else runs.push({ sentences: [sentence.text], n: article.n });
  }
  return { runs, sources };
}
