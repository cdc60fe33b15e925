// Symmetric per-output-channel int8 weight quantisation, as onnxruntime's quantize_dynamic does with
// per_channel=True: w ≈ scale[n] * q[k][n], zero point 0. Pure.

export interface QuantizedMatrix {
  /** [K, N] row-major, int8 */
  q: Int8Array;
  /** [N] one scale per output column */
  scale: Float32Array;
}

/**
 * w is [K, N] row-major (input features × output features).
 * qmax 127 uses the full int8 range; 63 (onnxruntime's reduce_range) avoids int16 saturation in
 * the u8×s8 kernels of CPUs without VNNI.
 */
export function quantizePerColumn(w: Float32Array, K: number, N: number, qmax = 127): QuantizedMatrix {
  const maxAbs = new Float32Array(N);
  for (let k = 0; k < K; k++) {
    const row = k * N;
    for (let n = 0; n < N; n++) {
      const v = w[row + n];
      const a = v < 0 ? -v : v;
      if (a > maxAbs[n]) maxAbs[n] = a;
    }
  }
  const scale = new Float32Array(N);
  for (let n = 0; n < N; n++) scale[n] = maxAbs[n] > 0 ? maxAbs[n] / qmax : 1;
  const inv = scale.map((s) => 1 / s);
  const q = new Int8Array(K * N);
  for (let k = 0; k < K; k++) {
    const row = k * N;
    for (let n = 0; n < N; n++) {
      const v = Math.round(w[row + n] * inv[n]);
      q[row + n] = v > qmax ? qmax : Math.max(v, -qmax);
    }
  }
  return { q, scale };
}

/** PyTorch Linear weights are [out, in]; ONNX MatMul wants [in, out]. */
export function transpose(w: Float32Array, rows: number, cols: number, scaleBy = 1): Float32Array {
  const t = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) t[c * rows + r] = w[r * cols + c] * scaleBy;
  return t;
}

/** Symmetric int8 per row (an embedding table: one scale per token id), [R, C] row-major. */
export function quantizePerRow(w: Float32Array, R: number, C: number): QuantizedMatrix {
  const q = new Int8Array(R * C);
  const scale = new Float32Array(R);
  for (let r = 0; r < R; r++) {
    let max = 0;
    for (let c = 0; c < C; c++) {
      const v = w[r * C + c];
      const a = v < 0 ? -v : v;
      if (a > max) max = a;
    }
    const s = max > 0 ? max / 127 : 1;
    scale[r] = s;
    const inv = 1 / s;
    for (let c = 0; c < C; c++) q[r * C + c] = Math.round(w[r * C + c] * inv);
  }
  return { q, scale };
}
