// What both kinds of `dossier eval` (BEIR folders, QA folders) share: the model as the settings name
// it, where benchmark indexes are cached and built, and the progress line while one is built.
import path from 'node:path';
import type { Config } from '../../config.js';
import type { Embedder } from '../../embed/types.js';
import type { Progress } from '../../index/types.js';

/** The embedding model the settings name (loaded only when measuring: `dossier --help` stays quick). */
export async function evalEmbedder(cfg: Config): Promise<Embedder> {
  const { loadEmbedder } = await import('../../embed/embedder.js');
  return loadEmbedder({
    model: cfg.EMBEDDING_MODEL,
    dtype: cfg.EMBEDDING_DTYPE,
    modelsDir: cfg.modelsDir,
    allowRemote: cfg.ALLOW_REMOTE_MODELS,
  });
}

/** Where benchmark indexes are cached (beside INDEX_DIR) and how they are built. */
export function evalIndexSettings(cfg: Config) {
  return {
    cacheDir: path.join(path.dirname(cfg.indexDir), 'eval-cache'),
    modelsDir: cfg.modelsDir,
    hnsw: { M: cfg.HNSW_M, efConstruction: cfg.HNSW_EF_CONSTRUCTION },
    ef: cfg.HNSW_EF,
  };
}

/** "indexing 1,341 documents: embed 256/26794, ~120 s left" */
export function indexingLine(what: string, p: Progress): string {
  return `indexing ${what}: ${p.stage} ${p.done}${p.total !== undefined ? `/${p.total}` : ''}${p.etaSeconds !== undefined ? `, ~${Math.ceil(p.etaSeconds)} s left` : ''}`;
}
