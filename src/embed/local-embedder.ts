// The Embedder running in the current thread: a transformers.js feature-extraction pipeline
// (mean pooling + L2 normalisation) over the ONNX model, fed in length-sorted batches.
import { env, pipeline, type FeatureExtractionPipeline } from '@huggingface/transformers';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { BUNDLED_MODEL } from '../config.js';
import { planBatches, splitRows } from './batching.js';
import { bundledModelBuild, ensureBundledModel } from './build-model.js';
import type { Embedder, EmbedderOptions } from './types.js';

/** Texts per model call. On ~150-word passages 8, 32 and 64 embed equally fast per CPU-second, but onnxruntime
 * keeps its peak working memory: ~160 MB at 8 vs ~520 MB at 32 (see /work/notes/readme-embed.md). */
export const DEFAULT_BATCH_SIZE = 8;

export interface LocalEmbedderOptions extends EmbedderOptions {
  batchSize?: number;
}

const ONNX_FILE = { fp32: 'model.onnx', q8: 'model_quantized.onnx' } as const;

/** The error for a model that is neither bundled nor on disk while downloads are off. */
export function missingModelError(model: string, modelsDir: string): Error {
  return new Error(
    `Embedding model "${model}" is not in ${modelsDir} and downloads are off. ` +
      `Set ALLOW_REMOTE_MODELS=true to download it from the Hugging Face hub, ` +
      `or use the bundled model (EMBEDDING_MODEL=${BUNDLED_MODEL}).`,
  );
}

// transformers.js keeps its settings in one global `env`: loads are serialised so two loads with
// different folders or remote settings cannot interleave
let loadChain: Promise<unknown> = Promise.resolve();

/** Runs a transformers.js load with env set for these options; turns "not found offline" into missingModelError. */
export async function withModelEnv<T>(opts: EmbedderOptions, load: () => Promise<T>): Promise<T> {
  const modelsDir = path.resolve(opts.modelsDir);
  const run = loadChain.then(async () => {
    env.allowLocalModels = true;
    env.allowRemoteModels = opts.allowRemote;
    env.localModelPath = modelsDir;
    env.cacheDir = modelsDir;
    return load();
  });
  loadChain = run.catch(() => undefined);
  try {
    return await run;
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    if (!opts.allowRemote && /allowRemoteModels|local_files_only|not found locally/i.test(msg))
      throw missingModelError(opts.model, modelsDir);
    throw new Error(`Could not load embedding model "${opts.model}" (${opts.dtype}): ${msg}`);
  }
}

/** Builds the bundled model if needed; for other models with downloads off, checks they are on disk.
 * Returns the build fingerprint where one is known (the bundled model). */
export async function prepareModel(opts: EmbedderOptions): Promise<string | undefined> {
  const modelsDir = path.resolve(opts.modelsDir);
  if (opts.model === BUNDLED_MODEL) {
    await ensureBundledModel(modelsDir);
    return bundledModelBuild(modelsDir, opts.dtype);
  } else if (!opts.allowRemote) {
    const dir = path.join(modelsDir, ...opts.model.split('/'));
    if (!existsSync(path.join(dir, 'config.json')) || !existsSync(path.join(dir, 'onnx', ONNX_FILE[opts.dtype]))) {
      throw missingModelError(opts.model, modelsDir);
    }
  }
}

type ModelConfig = { hidden_size?: number; max_position_embeddings?: number };
type Tokenizer = { model_max_length: number; encode(text: string, o: { add_special_tokens: boolean }): number[] };

/** What both embedders (in-thread and worker) derive the same way from the tokenizer and model config. */
export function embedderShape(tokenizer: Tokenizer, config: ModelConfig, opts: LocalEmbedderOptions) {
  return {
    modelId: opts.model,
    dtype: opts.dtype,
    dims: config.hidden_size ?? 384,
    maxTokens: Math.min(tokenizer.model_max_length, config.max_position_embeddings ?? 512),
    batchSize: opts.batchSize ?? DEFAULT_BATCH_SIZE,
    countTokens: (text: string): number => tokenizer.encode(text, { add_special_tokens: false }).length,
  };
}

export async function createLocalEmbedder(opts: LocalEmbedderOptions): Promise<Embedder> {
  const build = await prepareModel(opts);
  const extractor = await withModelEnv(
    opts,
    async () =>
      (await pipeline('feature-extraction', opts.model, {
        dtype: opts.dtype,
        device: 'cpu',
      })) as FeatureExtractionPipeline,
  );

  const tokenizer = extractor.tokenizer;
  const { batchSize, ...shape } = embedderShape(tokenizer, extractor.model.config as unknown as ModelConfig, opts);
  const dims = shape.dims;

  return {
    ...shape,
    build,
    async embed(texts: string[]): Promise<Float32Array[]> {
      const out: Float32Array[] = new Array(texts.length);
      for (const batch of planBatches(
        texts.map((t) => t.length),
        batchSize,
      )) {
        const result = await extractor(
          batch.map((i) => texts[i]),
          { pooling: 'mean', normalize: true },
        );
        const rows = splitRows(result.data as Float32Array, batch.length, dims);
        batch.forEach((i, j) => {
          out[i] = rows[j];
        });
        result.dispose();
      }
      return out;
    },
    async dispose(): Promise<void> {
      await extractor.dispose();
    },
  };
}
