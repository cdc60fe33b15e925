// The linear layers of the BERT graph (PyTorch Linear: y = x Wᵀ + b), in fp32 or int8: per-column
// int8 weights, dynamic activation quantisation (per tensor or per token), and data-free SmoothQuant.
import type { BertGraphOptions } from './bert-graph.js';
import type { GraphBuilder } from './graph-builder.js';
import { DataType } from './onnx-proto.js';
import { quantizePerColumn, transpose } from './quantize.js';
import type { Fp32Tensor } from './safetensors.js';

export class LinearLayers {
  /** per activation: the SmoothQuant scales its consumers' weights were multiplied by */
  private readonly smoothing = new Map<string, Float32Array>();
  /** one dynamic quantisation per activation, shared by the projections that read it */
  private readonly quantizedInputs = new Map<string, string[]>();
  private readonly spread: number;

  constructor(
    private readonly g: GraphBuilder,
    private readonly w: (name: string) => Fp32Tensor,
    private readonly param: (name: string, scaleBy?: number) => string,
    /** the input's [batch, sequence] shape, to give a per-token result its 3-D shape back */
    private readonly batchSeq: string,
    private readonly opts: BertGraphOptions,
  ) {
    this.spread = opts.smoothing?.spread ?? 2;
  }

  // SmoothQuant without calibration data: a LayerNorm output's channel k spans about |γk|·c + |βk|, so a
  // few channels dwarf the rest and waste the int8 range of the whole tensor. Dividing channel k by sk
  // before quantising, and multiplying row k of the consuming weights by sk, leaves the product unchanged
  // and evens out the ranges (α = 0.5 splits the difficulty between activations and weights).
  smooth(x: string, actRange: Float32Array, consumers: string[]): void {
    if (!this.opts.quantized || !this.opts.smoothing) return;
    const K = actRange.length;
    const wMax = new Float32Array(K);
    for (const c of consumers) {
      const t = this.w(`${c}.weight`); // [out, in]
      const [out, inp] = t.shape;
      for (let o = 0; o < out; o++) {
        for (let k = 0; k < inp; k++) {
          const v = t.data[o * inp + k];
          const a = v < 0 ? -v : v;
          if (a > wMax[k]) wMax[k] = a;
        }
      }
    }
    const a = this.opts.smoothing.alpha;
    const sk = new Float32Array(K);
    for (let k = 0; k < K; k++) {
      const act = actRange[k];
      sk[k] = act > 0 && wMax[k] > 0 ? Math.max(1e-2, Math.min(1e2, act ** a / wMax[k] ** (1 - a))) : 1;
    }
    this.smoothing.set(x, sk);
  }

  // LayerNorm output channel k: γk·z + βk with z roughly standard normal
  lnRange(lnPrefix: string): Float32Array {
    const gamma = this.w(`${lnPrefix}.weight`).data;
    const beta = this.w(`${lnPrefix}.bias`).data;
    return gamma.map((gk, k) => Math.abs(gk) * this.spread + Math.abs(beta[k]));
  }

  // uint8 per token: each row gets its own scale and zero point, so a token's quantisation does not
  // depend on the other texts in the batch. Rows are flattened to [tokens, features] so one per-axis
  // QuantizeLinear does the rounding. MatMulInteger only takes a scalar zero point for A, so the zero
  // point is taken out afterwards: Σk (q−z)·w = Σk q·w − z·Σk w.
  private rowsShape(n: number): string {
    return this.g.constInt64([-1, n]);
  }

  private quantizeRows(x: string, prefix: string, K: number): string[] {
    const hi = this.g.op1(
      'Max',
      [this.g.op1('ReduceMax', [x], { axes: [-1], keepdims: 1 }, prefix), this.g.constFloat([0])],
      {},
      prefix,
    );
    const lo = this.g.op1(
      'Min',
      [this.g.op1('ReduceMin', [x], { axes: [-1], keepdims: 1 }, prefix), this.g.constFloat([0])],
      {},
      prefix,
    );
    const scale = this.g.op1(
      'Div',
      [
        this.g.op1('Max', [this.g.op1('Sub', [hi, lo], {}, prefix), this.g.constFloat([1e-8])], {}, prefix),
        this.g.constFloat([255]),
      ],
      {},
      prefix,
    );
    const zero = this.g.op1(
      'Round',
      [this.g.op1('Div', [this.g.op1('Neg', [lo], {}, prefix), scale], {}, prefix)],
      {},
      prefix,
    );
    const flat = this.g.constInt64([-1]);
    const scaleRows = this.g.op1('Reshape', [scale, flat], {}, prefix);
    const zeroRows = this.g.op1(
      'Cast',
      [this.g.op1('Reshape', [zero, flat], {}, prefix)],
      { to: DataType.UINT8 },
      prefix,
    );
    const q = this.g.op1(
      'QuantizeLinear',
      [this.g.op1('Reshape', [x, this.rowsShape(K)], {}, prefix), scaleRows, zeroRows],
      { axis: 0 },
      prefix,
    );
    // z·scale per row, [tokens, 1]: the zero-point correction in float units
    const zs = this.g.op1('Reshape', [this.g.op1('Mul', [zero, scale], {}, prefix), this.rowsShape(1)], {}, prefix);
    // [tokens, 2] = [z·scale, 1]: a Gemm with [−Σk w; bias] then applies the correction and the bias in one pass
    const ones = this.g.op1(
      'Add',
      [this.g.op1('Mul', [zs, this.g.constFloat([0])], {}, prefix), this.g.constFloat([1])],
      {},
      prefix,
    );
    return [q, scaleRows, this.g.op1('Concat', [zs, ones], { axis: 1 }, prefix)];
  }

  // PyTorch Linear: y = x Wᵀ + b, with W [out, in]
  linear(x: string, prefix: string, scaleBy = 1): string {
    const wt = this.w(`${prefix}.weight`);
    const [out, inp] = wt.shape;
    const wT = transpose(wt.data, out, inp, scaleBy);
    const sk = this.opts.quantized ? this.smoothing.get(x) : undefined;
    if (sk) for (let k = 0; k < inp; k++) for (let o = 0; o < out; o++) wT[k * out + o] *= sk[k];
    const bias = () => this.param(`${prefix}.bias`, scaleBy);
    let y: string;
    if (!this.opts.quantized) {
      y = this.g.op1('MatMul', [x, this.g.floatTensor(`${prefix}.weight_T`, [inp, out], wT)], {}, `${prefix}.`);
    } else {
      // one dynamic quantisation per activation, shared by the Q/K/V projections that read it
      let xq = this.quantizedInputs.get(x);
      if (!xq) {
        const xs = sk
          ? this.g.op1(
              'Mul',
              [
                x,
                this.g.floatTensor(
                  `${prefix}.smooth_inv`,
                  [inp],
                  sk.map((v) => 1 / v),
                ),
              ],
              {},
              `${prefix}.`,
            )
          : x;
        xq =
          this.opts.activations === 'per-token'
            ? this.quantizeRows(xs, `${prefix}.`, inp)
            : this.g.op('DynamicQuantizeLinear', [xs], {}, 3, `${prefix}.`);
        this.quantizedInputs.set(x, xq);
      }
      const { q, scale } = quantizePerColumn(wT, inp, out, this.opts.qmax ?? 127);
      const wQ = this.g.tensor(`${prefix}.weight_quantized`, [inp, out], DataType.INT8, q);
      const wScale = this.g.floatTensor(`${prefix}.weight_scale`, [out], scale);
      if (this.opts.activations === 'per-token') {
        const [xQ, rowScale, zsOnes] = xq;
        const correction = new Float32Array(2 * out); // row 0: −Σk w (in float units), row 1: the bias
        for (let k = 0; k < inp; k++) for (let o = 0; o < out; o++) correction[o] -= q[k * out + o] * scale[o];
        const b = this.w(`${prefix}.bias`).data;
        for (let o = 0; o < out; o++) correction[out + o] = b[o] * scaleBy;
        const acc = this.g.op1(
          'DequantizeLinear',
          [this.g.op1('MatMulInteger', [xQ, wQ], {}, `${prefix}.`), rowScale],
          { axis: 0 },
          `${prefix}.`,
        );
        const scaled = this.g.op1('Mul', [acc, wScale], {}, `${prefix}.`);
        const withBias = this.g.op1(
          'Gemm',
          [zsOnes, this.g.floatTensor(`${prefix}.zero_point_correction_and_bias`, [2, out], correction), scaled],
          { alpha: { float: 1 }, beta: { float: 1 } },
          `${prefix}.`,
        );
        return this.g.op1(
          'Reshape',
          [withBias, this.g.op1('Concat', [this.batchSeq, this.g.constInt64([out])], { axis: 0 }, `${prefix}.`)],
          {},
          `${prefix}.`,
        );
      } else {
        const [xQ, xScale, xZero] = xq;
        const wZero = this.g.tensor(`${prefix}.weight_zero_point`, [out], DataType.INT8, new Int8Array(out));
        const acc = this.g.op1('MatMulInteger', [xQ, wQ, xZero, wZero], {}, `${prefix}.`);
        const accF = this.g.op1('Cast', [acc], { to: DataType.FLOAT }, `${prefix}.`);
        const s = this.g.op1('Mul', [xScale, wScale], {}, `${prefix}.`);
        y = this.g.op1('Mul', [accF, s], {}, `${prefix}.`);
      }
    }
    return this.g.op1('Add', [y, bias()], {}, `${prefix}.`);
  }
}
