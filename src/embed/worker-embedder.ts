// The Embedder with the model in a worker thread: onnxruntime-node runs a batch synchronously, which
// would stall the event loop (a Discord heartbeat) for seconds. The tokenizer stays on this thread,
// since countTokens must be synchronous.
import { AutoTokenizer, type PreTrainedTokenizer } from '@huggingface/transformers';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { planBatches, splitRows } from './batching.js';
import { embedderShape, prepareModel, withModelEnv, type LocalEmbedderOptions } from './local-embedder.js';
import type { Embedder } from './types.js';

type Reply = { id: number; data?: Float32Array; error?: string };

export async function createWorkerEmbedder(opts: LocalEmbedderOptions): Promise<Embedder> {
  const build = await prepareModel(opts);
  const modelsDir = path.resolve(opts.modelsDir);
  const tokenizer = await withModelEnv(
    opts,
    () => AutoTokenizer.from_pretrained(opts.model) as Promise<PreTrainedTokenizer>,
  );
  const config = await withModelEnv(opts, async () => {
    const { AutoConfig } = await import('@huggingface/transformers');
    return (await AutoConfig.from_pretrained(opts.model)) as unknown as {
      hidden_size?: number;
      max_position_embeddings?: number;
    };
  });

  const worker = new Worker(new URL('./embed-worker.mjs', import.meta.url), {
    workerData: { model: opts.model, dtype: opts.dtype, modelsDir, allowRemote: opts.allowRemote },
  });
  const pending = new Map<number, { resolve: (d: Float32Array) => void; reject: (e: Error) => void }>();
  let failure: Error | undefined;
  const failAll = (err: Error) => {
    failure ??= err;
    for (const p of pending.values()) p.reject(err);
    pending.clear();
  };
  await new Promise<void>((resolve, reject) => {
    worker.once('message', (m: { type: string; message?: string }) => {
      if (m.type === 'ready') resolve();
      else
        reject(new Error(`Could not load embedding model "${opts.model}" (${opts.dtype}) in the worker: ${m.message}`));
    });
    worker.once('error', reject);
  }).catch(async (err) => {
    await worker.terminate();
    throw err;
  });
  worker.on('message', (m: Reply) => {
    const p = pending.get(m.id);
    if (!p) return;
    pending.delete(m.id);
    if (m.error !== undefined || !m.data) p.reject(new Error(`Embedding failed in the worker: ${m.error}`));
    else p.resolve(m.data);
  });
  worker.on('error', (err) => failAll(err));
  worker.on('exit', (code) => failAll(new Error(`The embedding worker stopped (exit code ${code}).`)));
  worker.unref(); // an idle model must not keep the process alive

  let nextId = 0;
  const call = (texts: string[]): Promise<Float32Array> => {
    if (failure) return Promise.reject(failure);
    const id = nextId++;
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject });
      worker.postMessage({ id, texts });
    });
  };

  const { batchSize, ...shape } = embedderShape(tokenizer, config, opts);
  const dims = shape.dims;
  return {
    ...shape,
    build,
    async embed(texts: string[]): Promise<Float32Array[]> {
      const out: Float32Array[] = new Array(texts.length);
      worker.ref(); // keep the process alive while work is in flight
      try {
        // all batches are queued at once: the worker never waits for the next message
        const batches = planBatches(
          texts.map((t) => t.length),
          batchSize,
        );
        const results = await Promise.all(batches.map((b) => call(b.map((i) => texts[i]))));
        batches.forEach((b, k) => {
          splitRows(results[k], b.length, dims).forEach((row, j) => {
            out[b[j]] = row;
          });
        });
      } finally {
        if (pending.size === 0) worker.unref();
      }
      return out;
    },
    async dispose(): Promise<void> {
      failure ??= new Error('This embedder was disposed: call loadEmbedder again.');
      await worker.terminate();
    },
  };
}
