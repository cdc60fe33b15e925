// Re-index stage "chunk": the passages of the articles to embed, each fitted to the model window
// with its title (chunk texts are slices of the bodies, cheap to keep until they are embedded).
import type { Article } from '../archive/article.js';
import type { Embedder } from '../embed/types.js';
import { chunkArticle, type ChunkOptions } from './chunker.js';
import type { Chunk } from './types.js';

export interface WorkItem {
  chunk: Chunk;
  title: string;
}

/** Chunks every article; the title's tokens are taken out of the window it shares with each passage. */
export function chunkForEmbedding(
  articles: Article[],
  embedder: Pick<Embedder, 'maxTokens' | 'countTokens'>,
  opts: ChunkOptions,
  onProgress?: (done: number) => void,
): WorkItem[] {
  const work: WorkItem[] = [];
  const window = embedder.maxTokens - 2; // [CLS] and [SEP]
  for (let i = 0; i < articles.length; i++) {
    const a = articles[i];
    const titleTokens = embedder.countTokens(a.title);
    const maxTokens = Math.max(32, Math.min(opts.maxTokens, window - titleTokens));
    for (const c of chunkArticle(a, (s) => embedder.countTokens(s), { ...opts, maxTokens })) {
      work.push({ chunk: c, title: a.title });
    }
    if (i % 200 === 199) onProgress?.(i + 1);
  }
  return work;
}
