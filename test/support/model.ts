// The real embedding model for tests (built offline on first use, one per process through
// loadEmbedder's cache), wrapped to count what it is asked to embed.
import { loadConfig } from '../../src/config.js';
import { loadEmbedder } from '../../src/embed/embedder.js';
import type { Embedder } from '../../src/embed/types.js';
import { ROOT } from './env.js';

export type CountingEmbedder = Embedder & { texts: string[] };

/** The real bundled model, counting every text it embeds (dispose releases this user of the shared model). */

export async function realEmbedder(): Promise<CountingEmbedder> {
  const cfg = loadConfig({}, ROOT);
  const inner = await loadEmbedder({
    model: cfg.EMBEDDING_MODEL,
    dtype: cfg.EMBEDDING_DTYPE,
    modelsDir: cfg.modelsDir,
    allowRemote: false,
  });
  const texts: string[] = [];
  return {
    modelId: inner.modelId,
    dtype: inner.dtype,
    dims: inner.dims,
    maxTokens: inner.maxTokens,
    build: inner.build,
    texts,
    countTokens: (t) => inner.countTokens(t),
    embed: async (batch) => {
      texts.push(...batch);
      return inner.embed(batch);
    },
    dispose: () => inner.dispose(),
  };
}
