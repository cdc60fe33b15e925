// Builds the ONNX graph of a BERT encoder (sentence-transformers all-MiniLM-L6-v2 and friends) from
// its PyTorch weights: embeddings + LayerNorm, N × (self-attention, add & norm, GELU FFN, add & norm).
// Output `last_hidden_state`; transformers.js does the mean pooling and normalisation.
import { GraphBuilder } from './graph-builder.js';
import { DataType, type OnnxModel } from './onnx-proto.js';
import { LinearLayers } from './bert-linear.js';
import { quantizePerRow } from './quantize.js';
import type { Fp32Tensor } from './safetensors.js';

export interface BertConfig {
  hidden_size: number;
  num_attention_heads: number;
  num_hidden_layers: number;
  intermediate_size: number;
  layer_norm_eps: number;
}

export interface BertGraphOptions {
  /** int8 weights with dynamic activation quantisation (DynamicQuantizeLinear + MatMulInteger) */
  quantized: boolean;
  /** largest int8 weight magnitude (127, or 63 for CPUs without VNNI) */
  qmax?: number;
  /**
   * Data-free SmoothQuant for the layers fed by a LayerNorm (Q/K/V, FFN in): alpha splits the range
   * between activations and weights; spread is how many σ of the normalised value a channel spans.
   * Off when absent.
   */
  smoothing?: { alpha: number; spread: number };
  /** activation quantisation: per tensor (DynamicQuantizeLinear, uint8) or per token (uint8, own zero point) */
  activations?: 'per-tensor' | 'per-token';
  producerVersion: string;
}

const OPSET = 17; // LayerNormalization arrived in opset 17
const IR_VERSION = 8; // the IR version that goes with opset 17

export function buildBertModel(weights: Map<string, Fp32Tensor>, cfg: BertConfig, opts: BertGraphOptions): OnnxModel {
  const w = (name: string): Fp32Tensor => {
    const t = weights.get(name);
    if (!t) throw new Error(`Model weights are missing tensor "${name}": is this a BERT checkpoint?`);
    return t;
  };
  const H = cfg.hidden_size;
  const heads = cfg.num_attention_heads;
  const headDim = H / heads;
  const g = new GraphBuilder();

  const inputIds = g.input('input_ids', DataType.INT64, ['batch_size', 'sequence_length']);
  const attentionMask = g.input('attention_mask', DataType.INT64, ['batch_size', 'sequence_length']);
  const tokenTypeIds = g.input('token_type_ids', DataType.INT64, ['batch_size', 'sequence_length']);

  const batchSeq = g.op1('Shape', [inputIds], {}, 'input.');
  const param = (name: string, scaleBy = 1): string => {
    const t = w(name);
    const data = scaleBy === 1 ? t.data : t.data.map((v) => v * scaleBy);
    return g.floatTensor(name, t.shape, data);
  };

  const layers = new LinearLayers(g, w, param, batchSeq, opts);
  const smooth = layers.smooth.bind(layers);
  const lnRange = layers.lnRange.bind(layers);
  const linear = layers.linear.bind(layers);

  const layerNorm = (x: string, prefix: string): string =>
    g.op1(
      'LayerNormalization',
      [x, param(`${prefix}.weight`), param(`${prefix}.bias`)],
      { axis: -1, epsilon: { float: cfg.layer_norm_eps } },
      `${prefix}.`,
    );

  // embeddings: word + position + token type, then LayerNorm
  let words: string;
  if (opts.quantized) {
    // the word table is most of the file: int8 rows with one scale per token id, dequantised after the lookup
    const table = w('embeddings.word_embeddings.weight');
    const [vocab, dim] = table.shape;
    const { q, scale } = quantizePerRow(table.data, vocab, dim);
    const rows = g.op1(
      'Gather',
      [g.tensor('embeddings.word_embeddings.weight_quantized', [vocab, dim], DataType.INT8, q), inputIds],
      { axis: 0 },
      'embeddings.',
    );
    const scales = g.op1(
      'Gather',
      [g.floatTensor('embeddings.word_embeddings.weight_scale', [vocab, 1], scale), inputIds],
      { axis: 0 },
      'embeddings.',
    );
    words = g.op1('Mul', [g.op1('Cast', [rows], { to: DataType.FLOAT }, 'embeddings.'), scales], {}, 'embeddings.');
  } else {
    words = g.op1('Gather', [param('embeddings.word_embeddings.weight'), inputIds], { axis: 0 }, 'embeddings.');
  }
  const shape = g.op1('Shape', [inputIds], {}, 'embeddings.');
  const seqLen = g.op1('Gather', [shape, g.constInt64([1], [])], { axis: 0 }, 'embeddings.');
  const positionIds = g.op1('Range', [g.constInt64([0], []), seqLen, g.constInt64([1], [])], {}, 'embeddings.');
  const positions = g.op1(
    'Gather',
    [param('embeddings.position_embeddings.weight'), positionIds],
    { axis: 0 },
    'embeddings.',
  );
  const types = g.op1(
    'Gather',
    [param('embeddings.token_type_embeddings.weight'), tokenTypeIds],
    { axis: 0 },
    'embeddings.',
  );
  const sum = g.op1('Add', [g.op1('Add', [words, types], {}, 'embeddings.'), positions], {}, 'embeddings.');
  let hidden = layerNorm(sum, 'embeddings.LayerNorm');

  // attention bias [batch, 1, 1, seq]: 0 where attended, -10000 on padding (as BERT does)
  const maskF = g.op1('Cast', [attentionMask], { to: DataType.FLOAT }, 'mask.');
  const inverted = g.op1('Sub', [g.constFloat([1]), maskF], {}, 'mask.');
  const maskBias = g.op1(
    'Unsqueeze',
    [g.op1('Mul', [inverted, g.constFloat([-10000])], {}, 'mask.'), g.constInt64([1, 2])],
    {},
    'mask.',
  );

  const splitHeads = g.constInt64([0, 0, heads, headDim]);
  const mergeHeads = g.constInt64([0, 0, H]);
  for (let l = 0; l < cfg.num_hidden_layers; l++) {
    const p = `encoder.layer.${l}`;
    // 1/√d is folded into the query projection instead of scaling every score
    smooth(
      hidden,
      lnRange(l === 0 ? 'embeddings.LayerNorm' : `encoder.layer.${l - 1}.output.LayerNorm`),
      ['query', 'key', 'value'].map((n) => `${p}.attention.self.${n}`),
    );
    const q = linear(hidden, `${p}.attention.self.query`, 1 / Math.sqrt(headDim));
    const k = linear(hidden, `${p}.attention.self.key`);
    const v = linear(hidden, `${p}.attention.self.value`);
    const qh = g.op1('Transpose', [g.op1('Reshape', [q, splitHeads], {}, `${p}.`)], { perm: [0, 2, 1, 3] }, `${p}.`);
    const kh = g.op1('Transpose', [g.op1('Reshape', [k, splitHeads], {}, `${p}.`)], { perm: [0, 2, 3, 1] }, `${p}.`);
    const vh = g.op1('Transpose', [g.op1('Reshape', [v, splitHeads], {}, `${p}.`)], { perm: [0, 2, 1, 3] }, `${p}.`);
    const scores = g.op1('Add', [g.op1('MatMul', [qh, kh], {}, `${p}.`), maskBias], {}, `${p}.`);
    const probs = g.op1('Softmax', [scores], { axis: -1 }, `${p}.`);
    const ctx = g.op1('Transpose', [g.op1('MatMul', [probs, vh], {}, `${p}.`)], { perm: [0, 2, 1, 3] }, `${p}.`);
    const merged = g.op1('Reshape', [ctx, mergeHeads], {}, `${p}.`);
    const attnOut = linear(merged, `${p}.attention.output.dense`);
    hidden = layerNorm(g.op1('Add', [attnOut, hidden], {}, `${p}.`), `${p}.attention.output.LayerNorm`);

    // GELU(x) = x · ½(1 + erf(x/√2)), in the op order PyTorch exports so onnxruntime fuses it
    smooth(hidden, lnRange(`${p}.attention.output.LayerNorm`), [`${p}.intermediate.dense`]);
    const inter = linear(hidden, `${p}.intermediate.dense`);
    const erf = g.op1('Erf', [g.op1('Div', [inter, g.constFloat([Math.SQRT2])], {}, `${p}.`)], {}, `${p}.`);
    const gelu = g.op1(
      'Mul',
      [g.op1('Mul', [inter, g.op1('Add', [erf, g.constFloat([1])], {}, `${p}.`)], {}, `${p}.`), g.constFloat([0.5])],
      {},
      `${p}.`,
    );
    const ffOut = linear(gelu, `${p}.output.dense`);
    hidden = layerNorm(g.op1('Add', [ffOut, hidden], {}, `${p}.`), `${p}.output.LayerNorm`);
  }
  g.op('Identity', [hidden], {}, ['last_hidden_state']);
  g.output('last_hidden_state', DataType.FLOAT, ['batch_size', 'sequence_length', H]);

  return {
    irVersion: IR_VERSION,
    opsets: [{ domain: '', version: OPSET }],
    producer: { name: 'dossier-embed', version: opts.producerVersion },
    graph: { name: 'bert', nodes: g.nodes, initializers: g.initializers, inputs: g.inputs, outputs: g.outputs },
  };
}
