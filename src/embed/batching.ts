// Pure helpers for batched embedding: group texts of similar length so a batch pads little,
// then put the vectors back in the caller's order.

/** Indices of texts, longest first, cut into batches of at most `size`. */
export function planBatches(lengths: number[], size: number): number[][] {
  if (size < 1) throw new Error('batch size must be at least 1');
  const order = lengths.map((_, i) => i).sort((a, b) => lengths[b] - lengths[a] || a - b);
  const batches: number[][] = [];
  for (let i = 0; i < order.length; i += size) batches.push(order.slice(i, i + size));
  return batches;
}

/** Splits a flat [n × dims] output into one vector per row, each its own copy. */
export function splitRows(data: Float32Array, n: number, dims: number): Float32Array[] {
  if (data.length !== n * dims) throw new Error(`embedding output has ${data.length} values, expected ${n} × ${dims}`);
  const rows: Float32Array[] = [];
  for (let i = 0; i < n; i++) rows.push(data.slice(i * dims, (i + 1) * dims));
  return rows;
}
