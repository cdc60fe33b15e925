// The same article seen twice is kept once, and each merge records the rule that made it. Two posts
// with one title on one day ("Daily briefing", "Open thread") are different articles unless one
// copy has no permalink (a scrape of the other) or their texts are near-identical.
import { distinctId, normalizeTitle, normalizeUrl, type Article, type ArticleOrigin } from './article.js';

export type MergeRule =
  | 'same permalink'
  | 'same guid'
  | 'same title and date, one copy without a permalink'
  | 'same title and date, near-identical text';

/** One copy left out as a duplicate of another, and why. */
export interface Merge {
  rule: MergeRule;
  kept: { id: string; title: string; url?: string; origin: ArticleOrigin };
  dropped: { title: string; url?: string; origin: ArticleOrigin };
}

/** Share of word 3-grams two bodies must have in common (Jaccard) to be one text. */
export const NEAR_IDENTICAL = 0.9;

/** How much a copy tells: a permalink matters most (citations), then the date, then the author. */
function richness(a: Article): number {
  return (a.url ? 4 : 0) + (a.date ? 2 : 0) + (a.author ? 1 : 0);
}

/** FNV-1a: word 3-grams as numbers, so a body's shingles cost a few bytes each. */
function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

export function shingles(body: string): Set<number> {
  const words = body.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  const out = new Set<number>();
  if (words.length < 3) out.add(hash(words.join(' ')));
  for (let i = 0; i + 3 <= words.length; i++) out.add(hash(`${words[i]} ${words[i + 1]} ${words[i + 2]}`));
  return out;
}

export function similarity(a: Set<number>, b: Set<number>): number {
  if (!a.size && !b.size) return 1;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let common = 0;
  for (const x of small) if (large.has(x)) common++;
  return common / (a.size + b.size - common);
}

const summary = (a: Article) => ({ title: a.title, ...(a.url ? { url: a.url } : {}), origin: a.origin });

export class Deduper {
  readonly articles: Article[] = [];
  duplicates = 0;
  readonly merges: Merge[] = [];
  private readonly byUrl = new Map<string, number>();
  private readonly byId = new Map<string, number>();
  private readonly byTitle = new Map<string, number[]>();
  private readonly texts = new Map<number, Set<number>>();

  private textOf(i: number): Set<number> {
    let t = this.texts.get(i);
    if (!t) {
      t = shingles(this.articles[i].body);
      this.texts.set(i, t);
    }
    return t;
  }

  private find(a: Article, key: string | undefined): { at: number; rule: MergeRule } | undefined {
    const url = key ? this.byUrl.get(key) : undefined;
    if (url !== undefined) return { at: url, rule: 'same permalink' };
    if (a.id.startsWith('g:') && this.byId.has(a.id)) return { at: this.byId.get(a.id)!, rule: 'same guid' };
    // same title, same day (or one copy undated): the closest text among the copies that qualify
    let best: { at: number; rule: MergeRule; sim: number } | undefined;
    let mine: Set<number> | undefined;
    for (const i of this.byTitle.get(normalizeTitle(a.title)) ?? []) {
      const b = this.articles[i];
      if (a.date && b.date && a.date !== b.date) continue;
      mine ??= shingles(a.body);
      const sim = similarity(mine, this.textOf(i));
      const rule: MergeRule | undefined =
        !!a.url !== !!b.url
          ? 'same title and date, one copy without a permalink'
          : sim >= NEAR_IDENTICAL
            ? 'same title and date, near-identical text'
            : undefined;
      if (rule && (!best || sim > best.sim)) best = { at: i, rule, sim };
    }
    return best && { at: best.at, rule: best.rule };
  }

  private register(a: Article, i: number, key: string | undefined): void {
    if (key) this.byUrl.set(key, i);
    this.byId.set(a.id, i);
    const t = normalizeTitle(a.title);
    const list = this.byTitle.get(t) ?? [];
    if (!list.includes(i)) list.push(i);
    this.byTitle.set(t, list);
  }

  /** Adds an article; false when it duplicates one already seen (the richer copy is kept, in place). */
  add(article: Article): boolean {
    let a = article;
    const key = a.url ? normalizeUrl(a.url) : undefined;
    const found = this.find(a, key);
    if (!found) {
      // a different post that would get the same title-and-date id: its text tells it apart
      if (this.byId.has(a.id)) a = { ...a, id: distinctId(a) };
      this.register(a, this.articles.push(a) - 1, key);
      return true;
    }
    const { at, rule } = found;
    this.duplicates++;
    const old = this.articles[at];
    const keep = richness(a) > richness(old) ? a : old;
    const drop = keep === a ? old : a;
    this.merges.push({ rule, kept: { id: keep.id, ...summary(keep) }, dropped: summary(drop) });
    if (keep === a) {
      this.articles[at] = a;
      this.texts.delete(at);
      this.register(a, at, key);
    }
    return false;
  }
}
