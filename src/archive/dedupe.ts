// The same article seen twice (same normalised URL, or same title and date) is kept once.
// A copy without a date (a cut-off scrape) matches a dated copy of the same title.
import { normalizeTitle, normalizeUrl, type Article } from './article.js';

/** Keys to look an article up by, and keys to register it under (they differ for undated copies). */
function keys(a: Article): { lookup: string[]; register: string[] } {
  const t = normalizeTitle(a.title);
  const common = [`i:${a.id}`, ...(a.url ? [`u:${normalizeUrl(a.url)}`] : [])];
  if (a.date)
    return { lookup: [...common, `t:${t}|${a.date}`, `x:${t}`], register: [...common, `t:${t}|${a.date}`, `n:${t}`] };
  return { lookup: [...common, `n:${t}`, `x:${t}`], register: [...common, `x:${t}`] };
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
    const { lookup, register } = keys(a);
    const at = lookup.map((k) => this.index.get(k)).find((i) => i !== undefined);
    if (at === undefined) {
      const i = this.articles.push(a) - 1;
      for (const k of register) this.index.set(k, i);
      return true;
    }
    this.duplicates++;
    if (richness(a) > richness(this.articles[at])) {
      this.articles[at] = a;
      for (const k of register) this.index.set(k, at);
    }
    return false;
  }
}
