// The baseline for indexing throughput: the same ONNX file called directly with onnxruntime-node,
// tokenised by the same tokenizer, in the same length-sorted batches as the Embedder, mean-pooled
// and L2-normalised by hand. What the Embedder costs on top of the bare model is the ratio.
import path from 'node:path';
import { AutoTokenizer, env, type PreTrainedTokenizer } from '@huggingface/transformers';
import * as ort from 'onnxruntime-node';
import { planBatches } from '../src/embed/batching.js';
import { DEFAULT_BATCH_SIZE } from '../src/embed/embedder.js';
import type { EmbeddingDtype } from '../src/embed/types.js';

const ONNX_FILE = { fp32: 'model.onnx', q8: 'model_quantized.onnx' } as const;

export interface RawModel {
  embed(texts: string[]): Promise<Float32Array[]>;
  dispose(): Promise<void>;
}

/** Opens `<modelsDir>/<model>/onnx/<file>` with default onnxruntime session options (what a developer gets). */
export async function openRawModel(
  modelsDir: string,
  model: string,
  dtype: EmbeddingDtype,
  batchSize = DEFAULT_BATCH_SIZE,
): Promise<RawModel> {
  env.allowLocalModels = true;
  env.allowRemoteModels = false;
  env.localModelPath = modelsDir;
  const tokenizer: PreTrainedTokenizer = await AutoTokenizer.from_pretrained(model);
  const file = path.join(modelsDir, ...model.split('/'), 'onnx', ONNX_FILE[dtype]);
  const session = await ort.InferenceSession.create(file, { executionProviders: ['cpu'] });
  const wantsTypeIds = session.inputNames.includes('token_type_ids');

  async function embedBatch(texts: string[]): Promise<Float32Array[]> {
    const enc = tokenizer(texts, { padding: true, truncation: true }) as unknown as Record<
      string,
      { data: BigInt64Array; dims: number[] }
    >;
    const [b, t] = enc.input_ids.dims;
    const feeds: Record<string, ort.Tensor> = {
      input_ids: new ort.Tensor('int64', enc.input_ids.data, [b, t]),
      attention_mask: new ort.Tensor('int64', enc.attention_mask.data, [b, t]),
    };
    if (wantsTypeIds)
      feeds.token_type_ids = new ort.Tensor('int64', enc.token_type_ids?.data ?? new BigInt64Array(b * t), [b, t]);
    const out = await session.run(feeds);
    const hidden = out[session.outputNames[0]];
    const data = hidden.data as Float32Array;
    const dims = hidden.dims[2];
    const mask = enc.attention_mask.data;
    const rows: Float32Array[] = [];
    for (let i = 0; i < b; i++) {
      const v = new Float32Array(dims);
      let n = 0;
      for (let j = 0; j < t; j++) {
        if (mask[i * t + j] === 0n) continue;
        n++;
        const off = (i * t + j) * dims;
        for (let d = 0; d < dims; d++) v[d] += data[off + d];
      }
      let norm = 0;
      for (let d = 0; d < dims; d++) {
        v[d] /= Math.max(n, 1);
        norm += v[d] * v[d];
      }
      norm = Math.sqrt(norm) || 1;
      for (let d = 0; d < dims; d++) v[d] /= norm;
      rows.push(v);
    }
    return rows;
  }

  return {
    async embed(texts) {
      const out: Float32Array[] = new Array(texts.length);
      for (const batch of planBatches(
        texts.map((x) => x.length),
        batchSize,
      )) {
        const rows = await embedBatch(batch.map((i) => texts[i]));
        batch.forEach((i, j) => {
          out[i] = rows[j];
        });
      }
      return out;
    },
    async dispose() {
      await session.release();
    },
  };
}
