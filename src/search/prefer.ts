// Sources of the previous turn weigh more in a follow-up (pure): their articles gain a fixed amount
// on the article ranking (scores are min-max normalised fusions, 0..1), so they come first among the
// relevant ones without pushing an article that answers the new question better out of the answer.
import type { ArticleScored } from './fusion.js';

/** Added to a preferred article's score: about the gap between a story's articles and the next story's. */
export const PREFER_WEIGHT = 0.1;

export function preferArticles(
  articles: ArticleScored[],
  prefer: readonly string[] | undefined,
  weight = PREFER_WEIGHT,
): ArticleScored[] {
  if (!prefer?.length || !articles.length || weight <= 0) return articles;
  const ids = new Set(prefer);
  return articles
    .map((a) => (ids.has(a.articleId) ? { articleId: a.articleId, score: a.score + weight } : a))
    .sort((a, b) => b.score - a.score || (a.articleId < b.articleId ? -1 : a.articleId > b.articleId ? 1 : 0));
}
