// Answering one question on an index snapshot: search, the meaning of the most promising sentences
// (embedded in one batch), then the extractive answer. The one path the service, `dossier eval` and
// the bench share, so what is measured is what users get.
import type { Embedder } from '../embed/types.js';
import type { IndexSnapshot } from '../index/types.js';
import { cosine } from '../search/passages.js';
import { search, type SearchOptions } from '../search/search.js';
import type { SearchQuery, SearchResult } from '../search/types.js';
import { loadTagger } from './answer-type.js';
import { buildAnswer, scoreSentences, type AnswerOptions } from './build.js';
import { DEFAULT_SCORING } from './sentences.js';
import type { Answer } from './types.js';

export interface AskOptions {
  search?: SearchOptions;
  answer?: AnswerOptions;
  /** sentences embedded per question, the best by words and answer type (0: no sentence cosine) */
  embedSentences?: number;
  /** leading passages of one article an answer may use (its source shows them together) */
  perArticle?: number;
}

export const DEFAULT_EMBED_SENTENCES = 0;
// one source per article with up to 4 of its passages: top-3 sources hold the answer 44.7% → 51.5% (2: 48.5%)
export const DEFAULT_PER_ARTICLE = 4;

/** Cosine with the question of the `limit` best sentences by words and answer type, keyed by text. */
export async function sentenceMeaning(
  embedder: Embedder,
  question: string,
  result: SearchResult,
  opts: AnswerOptions,
  limit: number,
): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  if (limit <= 0 || !result.covered || !result.vector) return out;
  const texts: string[] = [];
  const ranked = scoreSentences(question, result, { ...opts, semantic: undefined })
    .filter((c) => c.length >= 5)
    .sort((a, b) => b.score - a.score);
  for (const c of ranked) {
    if (texts.length >= limit) break;
    if (!texts.includes(c.text)) texts.push(c.text);
  }
  if (!texts.length) return out;
  const vectors = await embedder.embed(texts);
  texts.forEach((t, i) => {
    out.set(t, cosine(result.vector!, vectors[i]));
  });
  return out;
}

export async function answerQuestion(
  snap: IndexSnapshot,
  embedder: Embedder,
  q: SearchQuery,
  o: AskOptions = {},
): Promise<{ answer: Answer; result: SearchResult }> {
  const scoring = { ...DEFAULT_SCORING, ...o.answer };
  if ((scoring.typeWeight > 0 || scoring.voteWeight > 0) && scoring.typeModel === 'nlp') await loadTagger();
  const perArticle = o.perArticle ?? DEFAULT_PER_ARTICLE;
  const grouped = o.answer?.groupByArticle ?? true;
  const sources = q.limit ?? 5;
  // one source per article: room for `sources` articles with up to perArticle passages each
  const result = await search(snap, embedder, grouped ? { ...q, limit: Math.min(50, sources * perArticle) } : q, {
    perArticle,
    ...o.search,
  });
  if (grouped) result.query = q;
  let t = performance.now();
  const semantic = await sentenceMeaning(
    embedder,
    q.text,
    result,
    o.answer ?? {},
    o.embedSentences ?? DEFAULT_EMBED_SENTENCES,
  );
  if (semantic.size) result.timings.sentences = Math.round((performance.now() - t) * 100) / 100;
  t = performance.now();
  const answer = buildAnswer(q.text, result, { ...o.answer, semantic, maxSources: grouped ? sources : undefined });
  result.timings.answer = Math.round((performance.now() - t) * 100) / 100;
  return { answer, result };
}
