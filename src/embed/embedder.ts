// loadEmbedder: the one entry point for the embedding model. One loaded model per (folder, model,
// dtype) per process, shared by every caller and released when the last one disposes it.
import path from 'node:path';
import { createLocalEmbedder } from './local-embedder.js';
import { createWorkerEmbedder } from './worker-embedder.js';
import type { Embedder, EmbedderOptions } from './types.js';

export { missingModelError, DEFAULT_BATCH_SIZE } from './local-embedder.js';
export { ensureBundledModel, bundledModelDir } from './build-model.js';

export interface LoadEmbedderOptions extends EmbedderOptions {
  /** texts per model call (default DEFAULT_BATCH_SIZE) */
  batchSize?: number;
  /** run the model in a worker thread so the event loop stays free (see /work/notes/readme-embed.md) */
  worker?: boolean;
  /** with worker: this many worker threads, each with its own copy of the model (default 1) */
  workers?: number;
  /** with worker: onnxruntime threads per worker (default: the cores shared out; the bench compares) */
  threads?: number;
}

interface Shared {
  embedder: Promise<Embedder>;
  users: number;
}

const cache = new Map<string, Shared>();

export async function loadEmbedder(opts: LoadEmbedderOptions): Promise<Embedder> {
  const key = JSON.stringify([
    path.resolve(opts.modelsDir),
    opts.model,
    opts.dtype,
    opts.batchSize ?? 0,
    opts.worker ?? false,
    opts.worker ? Math.max(1, opts.workers ?? 1) : 1,
    opts.threads ?? 0,
  ]);
  let shared = cache.get(key);
  if (!shared) {
    const s: Shared = { embedder: opts.worker ? createWorkerEmbedder(opts) : createLocalEmbedder(opts), users: 0 };
    s.embedder.catch(() => cache.delete(key)); // a failed load is retried by the next call
    cache.set(key, s);
    shared = s;
  }
  shared.users++;
  let inner: Embedder;
  try {
    inner = await shared.embedder;
  } catch (err) {
    shared.users--;
    throw err;
  }
  const s = shared;
  let disposed = false;
  return {
    modelId: inner.modelId,
    dtype: inner.dtype,
    dims: inner.dims,
    maxTokens: inner.maxTokens,
    build: inner.build,
    embed: (texts) => {
      if (disposed) return Promise.reject(new Error('This embedder was disposed: call loadEmbedder again.'));
      return inner.embed(texts);
    },
    countTokens: (text) => inner.countTokens(text),
    async dispose() {
      if (disposed) return;
      disposed = true;
      if (--s.users === 0 && cache.get(key) === s) {
        cache.delete(key);
        await inner.dispose();
      }
    },
  };
}
