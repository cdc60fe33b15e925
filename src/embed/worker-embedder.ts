// The Embedder with the model in worker threads: onnxruntime-node runs a batch synchronously, which
// would stall the event loop (a Discord heartbeat) for seconds. One worker by default; `workers: N`
// is a pool of N (one model copy each) fed batch by batch, the least busy first (`dossier index
// --workers N`). The tokenizer stays on this thread, since countTokens must be synchronous.
import { AutoTokenizer, type PreTrainedTokenizer } from '@huggingface/transformers';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { planBatches, splitRows } from './batching.js';
import { embedderShape, prepareModel, withModelEnv, type LocalEmbedderOptions } from './local-embedder.js';
import type { Embedder } from './types.js';

type Reply = { id: number; data?: Float32Array; error?: string };

export interface WorkerEmbedderOptions extends LocalEmbedderOptions {
  /** worker threads, each with its own copy of the model (default 1) */
  workers?: number;
  /** onnxruntime intra-op threads per worker (default: threadsPerWorker) */
  threads?: number;
}

/** onnxruntime threads per worker: its default (all cores) for one worker; with a pool the cores are
 * shared out, so N workers do not each start a thread per core and fight over them. */
export function threadsPerWorker(workers: number, cores = os.availableParallelism()): number {
  return workers <= 1 ? 0 : Math.max(1, Math.floor(cores / workers));
}

interface Slot {
  worker: Worker;
  pending: Map<number, { resolve: (d: Float32Array) => void; reject: (e: Error) => void }>;
}

async function startWorker(opts: WorkerEmbedderOptions, threads: number, onFailure: (e: Error) => void): Promise<Slot> {
  const worker = new Worker(new URL('./embed-worker.mjs', import.meta.url), {
    workerData: {
      model: opts.model,
      dtype: opts.dtype,
      modelsDir: path.resolve(opts.modelsDir),
      allowRemote: opts.allowRemote,
      threads,
    },
  });
  const slot: Slot = { worker, pending: new Map() };
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
    const p = slot.pending.get(m.id);
    if (!p) return;
    slot.pending.delete(m.id);
    if (m.error !== undefined || !m.data) p.reject(new Error(`Embedding failed in the worker: ${m.error}`));
    else p.resolve(m.data);
  });
  worker.on('error', (err) => onFailure(err));
  worker.on('exit', (code) => onFailure(new Error(`The embedding worker stopped (exit code ${code}).`)));
  worker.unref(); // an idle model must not keep the process alive
  return slot;
}

export async function createWorkerEmbedder(opts: WorkerEmbedderOptions): Promise<Embedder> {
  const workers = Math.max(1, Math.floor(opts.workers ?? 1));
  const build = await prepareModel(opts);
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

  let failure: Error | undefined;
  const slots: Slot[] = [];
  const failAll = (err: Error) => {
    failure ??= err;
    for (const s of slots) {
      for (const p of s.pending.values()) p.reject(err);
      s.pending.clear();
    }
  };
  const threads = opts.threads ?? threadsPerWorker(workers);
  const started = await Promise.allSettled(Array.from({ length: workers }, () => startWorker(opts, threads, failAll)));
  for (const r of started) if (r.status === 'fulfilled') slots.push(r.value);
  const failed = started.find((r) => r.status === 'rejected');
  if (failed) {
    failure = new Error('stopped');
    await Promise.all(slots.map((s) => s.worker.terminate()));
    throw failed.reason;
  }

  let nextId = 0;
  let inFlight = 0;
  const call = (texts: string[]): Promise<Float32Array> => {
    if (failure) return Promise.reject(failure);
    const id = nextId++;
    // the least busy worker; ties to the first, so one worker behaves exactly as before
    const slot = slots.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
    return new Promise((resolve, reject) => {
      slot.pending.set(id, { resolve, reject });
      slot.worker.postMessage({ id, texts });
    });
  };

  const { batchSize, ...shape } = embedderShape(tokenizer, config, opts);
  const dims = shape.dims;
  return {
    ...shape,
    build,
    async embed(texts: string[]): Promise<Float32Array[]> {
      const out: Float32Array[] = new Array(texts.length);
      // keep the process alive while work is in flight
      if (inFlight++ === 0) for (const s of slots) s.worker.ref();
      try {
        // all batches are queued at once: no worker waits for the next message
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
        if (--inFlight === 0) for (const s of slots) s.worker.unref();
      }
      return out;
    },
    async dispose(): Promise<void> {
      failure ??= new Error('This embedder was disposed: call loadEmbedder again.');
      await Promise.all(slots.map((s) => s.worker.terminate()));
    },
  };
}
