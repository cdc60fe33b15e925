// Sources of an answer: one per article, its leading passages together (in article order; adjacent
// or overlapping passages joined into one text, gaps marked with "…"), so no article is cited twice. Pure.
import type { Passage } from '../search/types.js';
import type { Source } from './types.js';

// passages of one article that are not adjacent: a paragraph of its own, so no sentence spans the gap
export const GAP = '\n\n…\n\n';

function single(p: Passage, n: number): Source {
  return {
    n,
    articleId: p.articleId,
    title: p.title,
    author: p.author,
    date: p.date,
    url: p.url ?? null,
    passage: p.text,
    highlights: [],
    score: p.score,
    chunkId: p.chunkId,
  };
}

/** One passage, one source (the not-covered "related" list, and answers grouped the old way). */
export function passageSource(p: Passage, n: number): Source {
  return single(p, n);
}

/**
 * One source per article in rank order of its best passage: the article's passages merged by their
 * offsets in the article body (chunks overlap; the overlap is kept once). Score and chunk are the best
 * passage's.
 */
export function articleSources(passages: Passage[]): Source[] {
  const byArticle = new Map<string, Passage[]>();
  for (const p of passages) {
    const list = byArticle.get(p.articleId);
    if (list) list.push(p);
    else byArticle.set(p.articleId, [p]);
  }
  const out: Source[] = [];
  for (const list of byArticle.values()) {
    const best = list[0];
    const s = single(best, out.length + 1);
    if (list.length > 1) s.passage = merge(list);
    out.push(s);
  }
  return out;
}

/** The passages' text in article order; an overlap with the text so far is not repeated. */
export function merge(list: Passage[]): string {
  const sorted = [...list].sort((a, b) => a.start - b.start);
  let text = sorted[0].text;
  let end = sorted[0].end;
  for (const p of sorted.slice(1)) {
    if (p.end <= end) continue; // contained in what we have
    if (p.start <= end && p.end - p.start === p.text.length) text += p.text.slice(end - p.start);
    else text += GAP + p.text;
    end = p.end;
  }
  return text;
}
