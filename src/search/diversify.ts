// Diversification: at most N passages per article in the top results, so five sources are
// (usually) five different articles. Pure.

/**
 * Keeps the rank order, taking at most `perArticle` items of any one article, until `limit`
 * items are chosen. With `fill`, when fewer than `limit` items pass (a tiny archive), the skipped
 * items fill the remaining places, still in rank order.
 */
export function diversify<T extends { articleId: string }>(
  ranked: T[],
  limit: number,
  perArticle = 2,
  fill = false,
): T[] {
  const chosen: T[] = [];
  const skipped: T[] = [];
  const count = new Map<string, number>();
  for (const item of ranked) {
    if (chosen.length >= limit) break;
    const c = count.get(item.articleId) ?? 0;
    if (c < perArticle) {
      chosen.push(item);
      count.set(item.articleId, c + 1);
    } else skipped.push(item);
  }
  if (fill && chosen.length < limit && skipped.length > 0) {
    // fill, then restore rank order among everything chosen
    const order = new Map(ranked.map((r, i) => [r, i]));
    chosen.push(...skipped.slice(0, limit - chosen.length));
    chosen.sort((a, b) => order.get(a)! - order.get(b)!);
  }
  return chosen;
}
