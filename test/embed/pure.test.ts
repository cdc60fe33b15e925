// The pure pieces of the model builder and the embedder: fp16 decoding, int8 weights, batch planning.
import { describe, expect, it } from 'vitest';
import { planBatches, splitRows } from '../../src/embed/batching.js';
import { quantizePerColumn, quantizePerRow, transpose } from '../../src/embed/quantize.js';
import { readSafetensors } from '../../src/embed/safetensors.js';

function safetensors(header: object, data: Uint8Array): Uint8Array {
  const json = new TextEncoder().encode(JSON.stringify(header));
  const out = new Uint8Array(8 + json.length + data.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  out.set(data, 8 + json.length);
  return out;
}

describe('readSafetensors', () => {
  it('decodes fp16 (normal, subnormal, negative, zero) to fp32 and skips integer tensors', () => {
    const halves = new Uint16Array([0x3c00, 0xc000, 0x3555, 0x0001, 0x0000, 0x7bff]);
    const ints = new BigInt64Array([7n]);
    const data = new Uint8Array([...new Uint8Array(halves.buffer), ...new Uint8Array(ints.buffer)]);
    const t = readSafetensors(
      safetensors(
        {
          __metadata__: { format: 'pt' },
          w: { dtype: 'F16', shape: [2, 3], data_offsets: [0, 12] },
          ids: { dtype: 'I64', shape: [1], data_offsets: [12, 20] },
        },
        data,
      ),
    );
    expect(t.get('w')!.shape).toEqual([2, 3]);
    const v = Array.from(t.get('w')!.data);
    expect(v[0]).toBe(1);
    expect(v[1]).toBe(-2);
    expect(v[2]).toBeCloseTo(0.333, 3);
    expect(v[3]).toBeCloseTo(5.96e-8, 10);
    expect(v[4]).toBe(0);
    expect(v[5]).toBe(65504);
    expect(t.has('ids')).toBe(false);
  });

  it('rejects a file whose header runs past its end', () => {
    const bad = new Uint8Array(16);
    new DataView(bad.buffer).setBigUint64(0, 1000n, true);
    expect(() => readSafetensors(bad)).toThrow(/header length/);
  });
});

describe('int8 weights', () => {
  it('quantises per output column, symmetric, within half a step', () => {
    // K=2 inputs × N=3 outputs; the middle column is ten times larger than the others
    const w = Float32Array.from([0.1, 1.0, -0.05, -0.2, 0.5, 0.02]);
    const { q, scale } = quantizePerColumn(w, 2, 3);
    expect(scale[1]).toBeCloseTo(1 / 127, 6);
    expect(q[1]).toBe(127);
    expect(q[3]).toBe(-127); // the column maximum maps to the end of the range
    for (let i = 0; i < w.length; i++)
      expect(Math.abs(q[i] * scale[i % 3] - w[i])).toBeLessThanOrEqual(scale[i % 3] / 2 + 1e-9);
  });

  it('quantises an embedding table per row, so a small row keeps its precision', () => {
    const w = Float32Array.from([0.0015, -0.002, 10, 4]);
    const { q, scale } = quantizePerRow(w, 2, 2);
    expect(Array.from(q)).toEqual([95, -127, 127, 51]);
    expect(Math.abs(q[0] * scale[0] - 0.0015)).toBeLessThan(0.002 / 127);
    expect(Math.abs(q[3] * scale[1] - 4)).toBeLessThan(10 / 127);
  });

  it('transposes PyTorch [out, in] weights to [in, out]', () => {
    expect(Array.from(transpose(Float32Array.from([1, 2, 3, 4, 5, 6]), 2, 3))).toEqual([1, 4, 2, 5, 3, 6]);
  });
});

describe('batching', () => {
  it('groups by length, longest first, and covers every index once', () => {
    const batches = planBatches([5, 50, 10, 40, 1], 2);
    expect(batches).toEqual([[1, 3], [2, 0], [4]]);
    expect(planBatches([], 4)).toEqual([]);
  });

  it('splits a flat output into independent rows', () => {
    const rows = splitRows(Float32Array.from([1, 2, 3, 4]), 2, 2);
    rows[0][0] = 9;
    expect(Array.from(rows[1])).toEqual([3, 4]);
    expect(() => splitRows(new Float32Array(3), 2, 2)).toThrow(/expected 2 × 2/);
  });
});
