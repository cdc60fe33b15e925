// Exact nearest neighbours by brute force: the ground truth for HNSW recall and the ceiling in the
// peer comparison. Vectors are L2-normalised, so the dot product is the cosine.

export class ExactIndex {
  private readonly matrix: Float32Array;
  readonly ids: number[];
  constructor(
    items: { id: number; vector: Float32Array }[],
    readonly dims: number,
  ) {
    this.ids = items.map((i) => i.id);
    this.matrix = new Float32Array(items.length * dims);
    items.forEach((it, i) => {
      this.matrix.set(it.vector, i * dims);
    });
  }

  /** top k by cosine, best first */
  search(q: Float32Array, k: number): { id: number; score: number }[] {
    const n = this.ids.length;
    const d = this.dims;
    const m = this.matrix;
    // keep a small sorted buffer: k is tiny next to n
    const topS = new Float32Array(k).fill(-Infinity);
    const topI = new Int32Array(k).fill(-1);
    for (let i = 0; i < n; i++) {
      let s = 0;
      const off = i * d;
      for (let j = 0; j < d; j++) s += m[off + j] * q[j];
      if (s <= topS[k - 1]) continue;
      let p = k - 1;
      while (p > 0 && topS[p - 1] < s) {
        topS[p] = topS[p - 1];
        topI[p] = topI[p - 1];
        p--;
      }
      topS[p] = s;
      topI[p] = i;
    }
    const out: { id: number; score: number }[] = [];
    for (let p = 0; p < k && topI[p] >= 0; p++) out.push({ id: this.ids[topI[p]], score: topS[p] });
    return out;
  }
}
