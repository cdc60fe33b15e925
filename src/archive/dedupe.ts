// The same article seen twice (same normalised URL, or same title and date) is kept once.
import { normalizeTitle, normalizeUrl, type Article } from './article.js';

function keys(a: Article): string[] {
  const k: string[] = [];
  if (a.url) k.push('u:' + normalizeUrl(a.url));
  if (a.date) k.push('t:' + normalizeTitle(a.title) + '|' + a.date);
  k.push('i:' + a.id);
  return k;
}

/** How much a copy tells: a permalink matters most (citations), then the date, then the author. */
function richness(a: Article): number {
  return (a.url ? 4 : 0) + (a.date ? 2 : 0) + (a.author ? 1 : 0);
}

export class Deduper {
  readonly articles: Article[] = [];
  duplicates = 0;
  private readonly index = new Map<string, number>();

  /** Adds an article; false when it duplicates one already seen (the richer copy is kept, in place). */
  add(a: Article): boolean {
    const ks = keys(a);
    const at = ks.map((k) => this.index.get(k)).find((i) => i !== undefined);
    if (at === undefined) {
      const i = this.articles.push(a) - 1;
      for (const k of ks) this.index.set(k, i);
      return true;
    }
    this.duplicates++;
    if (richness(a) > richness(this.articles[at])) {
      this.articles[at] = a;
      for (const k of ks) this.index.set(k, at);
    }
    return false;
  }
}
