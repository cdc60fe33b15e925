// Reads a .safetensors file (8-byte header length, JSON header, raw little-endian tensors)
// into fp32 arrays: the ONNX graph is built in fp32 and quantised from there. Assumes a little-endian host.
import { z } from 'zod';

const headerEntry = z.object({
  dtype: z.string(),
  shape: z.array(z.number().int().nonnegative()),
  data_offsets: z.tuple([z.number().int().nonnegative(), z.number().int().nonnegative()]),
});

export interface Fp32Tensor {
  shape: number[];
  data: Float32Array;
}

// every fp16 bit pattern mapped once to its fp32 value: converting 22M weights is then a table lookup
let fp16Table: Float32Array | undefined;
function fp16ToFp32Table(): Float32Array {
  if (fp16Table) return fp16Table;
  const t = new Float32Array(65536);
  for (let h = 0; h < 65536; h++) {
    const sign = h & 0x8000 ? -1 : 1;
    const exp = (h >> 10) & 0x1f;
    const frac = h & 0x3ff;
    if (exp === 0) t[h] = sign * frac * 2 ** -24;
    else if (exp === 31) t[h] = frac ? NaN : sign * Infinity;
    else t[h] = sign * (1 + frac / 1024) * 2 ** (exp - 15);
  }
  fp16Table = t;
  return t;
}

/** Float tensors (F16, F32) of a safetensors buffer, keyed by name; integer tensors are skipped. */
export function readSafetensors(buf: Uint8Array): Map<string, Fp32Tensor> {
  if (buf.byteLength < 8) throw new Error('Not a safetensors file: shorter than its 8-byte header length.');
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const headerLen = Number(view.getBigUint64(0, true));
  if (8 + headerLen > buf.byteLength) throw new Error('Not a safetensors file: header length exceeds file size.');
  const header = JSON.parse(new TextDecoder().decode(buf.subarray(8, 8 + headerLen))) as Record<string, unknown>;
  const dataStart = 8 + headerLen;
  const table = fp16ToFp32Table();
  const out = new Map<string, Fp32Tensor>();
  for (const [name, raw] of Object.entries(header)) {
    if (name === '__metadata__') continue;
    const e = headerEntry.parse(raw);
    const [begin, end] = e.data_offsets;
    const count = e.shape.reduce((a, b) => a * b, 1);
    const bytes = buf.subarray(dataStart + begin, dataStart + end);
    let data: Float32Array;
    if (e.dtype === 'F16') {
      if (bytes.byteLength !== count * 2)
        throw new Error(`safetensors: ${name} has ${bytes.byteLength} bytes, expected ${count * 2}`);
      data = new Float32Array(count);
      // a Uint16Array view needs an even offset; copy the (rare) misaligned tensor first
      const halves =
        bytes.byteOffset % 2 === 0
          ? new Uint16Array(bytes.buffer, bytes.byteOffset, count)
          : new Uint16Array(new Uint8Array(bytes).buffer);
      for (let i = 0; i < count; i++) data[i] = table[halves[i]];
    } else if (e.dtype === 'F32') {
      if (bytes.byteLength !== count * 4)
        throw new Error(`safetensors: ${name} has ${bytes.byteLength} bytes, expected ${count * 4}`);
      data = new Float32Array(count);
      new Uint8Array(data.buffer).set(bytes);
    } else {
      continue;
    }
    out.set(name, { shape: e.shape, data });
  }
  return out;
}
