// The 100k-chunk corpus without an hour of embedding, built honestly from real material: derived
// articles are real sentences of a real base article (shuffled, plus one sentence of another
// article), and their vectors are the base chunks' REAL vectors, averaged per sentence and pushed
// off by Gaussian noise. Labelled "derived" wherever a figure depends on it.
import { articleId, type Article } from '../src/archive/article.js';
import { splitSentences } from '../src/index/chunker.js';
import type { Embedder } from '../src/embed/types.js';
import { gaussian, rng } from './stats.js';

export const DERIVATION_NOTE =
  'derived: real Reuters sentences of one base article, shuffled, plus one sentence of another article; ' +
  'vector = length-weighted mean of the real vectors of the chunks those sentences came from, plus isotropic Gaussian noise ' +
  '(cosine ≈ 0.9 to that mean), re-normalised';

function sentencesOf(text: string): string[] {
  return splitSentences(text)
    .map((s) => text.slice(s.start, s.end).replace(/\s+/g, ' ').trim())
    .filter((s) => s.length > 0);
}

/**
 * `count` derived articles from `base` (deterministic for a seed). Copy v of article a gets the
 * title "<a.title> (v)" so every id is new; dates are kept so date filters still see real spreads.
 */
export function deriveArticles(base: Article[], count: number, seed = 7): Article[] {
  const rand = rng(seed);
  const pool = base.map((a) => sentencesOf(a.body));
  const out: Article[] = [];
  const seen = new Set(base.map((a) => a.id));
  for (let k = 0; out.length < count && k < count * 2; k++) {
    const i = k % base.length;
    const a = base[i];
    const copy = Math.floor(k / base.length) + 1;
    const sentences = [...pool[i]];
    // Fisher-Yates with the seeded generator: same corpus on every run
    for (let j = sentences.length - 1; j > 0; j--) {
      const r = Math.floor(rand() * (j + 1));
      [sentences[j], sentences[r]] = [sentences[r], sentences[j]];
    }
    const other = pool[Math.floor(rand() * pool.length)];
    if (other.length)
      sentences.splice(Math.floor(rand() * (sentences.length + 1)), 0, other[Math.floor(rand() * other.length)]);
    const paragraphs: string[] = [];
    for (let j = 0; j < sentences.length; j += 3) paragraphs.push(sentences.slice(j, j + 3).join(' '));
    const title = `${a.title} (${copy})`;
    const id = articleId({ title, date: a.date });
    if (seen.has(id)) continue;
    seen.add(id);
    out.push({ id, title, date: a.date, body: paragraphs.join('\n\n'), tags: a.tags, origin: { item: k } });
  }
  return out;
}

/** sentence text → the real vector of a chunk it appears in, from (chunk text, vector) pairs of a real index */
export function sentenceVectors(chunks: Iterable<{ text: string; vector: Float32Array }>): Map<string, Float32Array> {
  const map = new Map<string, Float32Array>();
  for (const c of chunks) for (const s of sentencesOf(c.text)) if (!map.has(s)) map.set(s, c.vector);
  return map;
}

function hashSeed(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

export interface DeriveStats {
  /** texts whose vector is the real one (from `real`) */
  real: number;
  /** texts whose vector was derived from the real vectors of their sentences */
  derived: number;
  /** texts with no known sentence (cut mid-sentence): a real vector picked by hash, plus noise */
  fallback: number;
  /** the first embed() call (the longest texts) runs the real model, so its memory is measured */
  embeddedForReal: number;
}

/**
 * An Embedder for building the derived index: real texts get their real (cached) vector; derived
 * texts get a vector derived from real ones. countTokens is the real tokenizer, so chunking is real.
 */
export function derivingEmbedder(
  inner: Embedder,
  real: (text: string) => Float32Array | undefined,
  bySentence: Map<string, Float32Array>,
  targetCos = 0.9,
): Embedder & { stats: DeriveStats } {
  const stats: DeriveStats = { real: 0, derived: 0, fallback: 0, embeddedForReal: 0 };
  let first = true;
  const dims = inner.dims;
  // per-dimension sigma so that |noise|² = dims·σ² gives cos = 1/sqrt(1 + dims·σ²) = targetCos
  const sigma = Math.sqrt((1 / (targetCos * targetCos) - 1) / dims);
  const all = [...bySentence.values()];
  const derive = (text: string): Float32Array => {
    const v = new Float32Array(dims);
    let found = 0;
    for (const s of sentencesOf(text)) {
      const sv = bySentence.get(s);
      if (!sv) continue;
      found++;
      for (let d = 0; d < dims; d++) v[d] += sv[d] * s.length;
    }
    const rand = rng(hashSeed(text));
    if (!found) {
      stats.fallback++;
      v.set(all[hashSeed(text) % all.length]);
    } else stats.derived++;
    let n = 0;
    for (let d = 0; d < dims; d++) n += v[d] * v[d];
    n = Math.sqrt(n) || 1;
    let m = 0;
    for (let d = 0; d < dims; d++) {
      v[d] = v[d] / n + sigma * gaussian(rand);
      m += v[d] * v[d];
    }
    m = Math.sqrt(m) || 1;
    for (let d = 0; d < dims; d++) v[d] /= m;
    return v;
  };
  return {
    modelId: inner.modelId,
    dtype: inner.dtype,
    dims,
    maxTokens: inner.maxTokens,
    stats,
    async embed(texts) {
      if (first) {
        // the pipeline embeds its longest texts first: running the model on them for real puts
        // the inference memory (the largest batch shapes) into the build's peak RSS
        first = false;
        stats.embeddedForReal += texts.length;
        return inner.embed(texts);
      }
      return texts.map((t) => {
        const r = real(t);
        if (r) {
          stats.real++;
          return r;
        }
        return derive(t);
      });
    },
    countTokens: (t) => inner.countTokens(t),
    dispose: () => inner.dispose(),
  };
}
