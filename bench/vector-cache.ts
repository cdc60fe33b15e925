// Real embeddings, computed once and kept on disk (bench/.cache): the latency, memory and
// quality parts reuse them instead of re-embedding tens of thousands of chunks on every run.
// A vector is only ever stored as the real model produced it for exactly that text.
import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import type { Embedder } from '../src/embed/types.js';

const KEY_BYTES = 16;

function keyOf(text: string): string {
  return createHash('sha256')
    .update(text)
    .digest('hex')
    .slice(0, KEY_BYTES * 2);
}

/**
 * Identity of the model file the vectors come from: a rebuilt or re-quantised model gives other
 * vectors for the same text, so caches are keyed by it (the builder's stamp records a sha256).
 */
export function modelFingerprint(modelsDir: string, modelId: string, dtype: string): string {
  const dir = path.join(modelsDir, ...modelId.split('/'));
  const file = `onnx/${dtype === 'fp32' ? 'model.onnx' : 'model_quantized.onnx'}`;
  try {
    const stamp = JSON.parse(fs.readFileSync(path.join(dir, 'dossier-build.json'), 'utf8')) as {
      files?: Record<string, { sha256?: string }>;
    };
    const sha = stamp.files?.[file]?.sha256;
    if (sha) return sha.slice(0, 12);
  } catch {
    /* no stamp: fall back to the file itself */
  }
  const st = fs.statSync(path.join(dir, file));
  return createHash('sha256').update(`${st.size}:${st.mtimeMs}`).digest('hex').slice(0, 12);
}

export class VectorCache {
  private readonly map = new Map<string, Float32Array>();
  private pending: [string, Float32Array][] = [];

  private constructor(
    readonly file: string,
    readonly dims: number,
  ) {}

  /** One file per model file: `<dir>/vectors-<model>-<dtype>-<fingerprint>.bin` of (16-byte key, dims × float32) records. */
  static open(dir: string, modelId: string, dtype: string, fingerprint: string, dims: number): VectorCache {
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `vectors-${modelId.replace(/[^\w.-]+/g, '_')}-${dtype}-${fingerprint}.bin`);
    const cache = new VectorCache(file, dims);
    if (fs.existsSync(file)) {
      const buf = fs.readFileSync(file);
      const rec = KEY_BYTES + dims * 4;
      // a torn last record (killed mid-write) is ignored rather than trusted
      for (let off = 0; off + rec <= buf.length; off += rec) {
        const key = buf.subarray(off, off + KEY_BYTES).toString('hex');
        const v = new Float32Array(dims);
        Buffer.from(v.buffer).set(buf.subarray(off + KEY_BYTES, off + rec));
        cache.map.set(key, v);
      }
    }
    return cache;
  }

  get size(): number {
    return this.map.size;
  }

  get(text: string): Float32Array | undefined {
    return this.map.get(keyOf(text));
  }

  set(text: string, v: Float32Array): void {
    const key = keyOf(text);
    if (this.map.has(key)) return;
    this.map.set(key, v);
    this.pending.push([key, v]);
  }

  /** Appends the vectors added since the last flush. */
  flush(): void {
    if (!this.pending.length) return;
    const rec = KEY_BYTES + this.dims * 4;
    const buf = Buffer.alloc(rec * this.pending.length);
    this.pending.forEach(([key, v], i) => {
      Buffer.from(key, 'hex').copy(buf, i * rec);
      Buffer.from(v.buffer, v.byteOffset, v.byteLength).copy(buf, i * rec + KEY_BYTES);
    });
    fs.appendFileSync(this.file, buf);
    this.pending = [];
  }
}

export interface CacheStats {
  hits: number;
  misses: number;
}

/** The real Embedder with a memory: texts seen before get their stored vector, the rest are embedded for real. */
export function cachingEmbedder(inner: Embedder, cache: VectorCache): Embedder & { stats: CacheStats } {
  const stats: CacheStats = { hits: 0, misses: 0 };
  return {
    modelId: inner.modelId,
    dtype: inner.dtype,
    dims: inner.dims,
    maxTokens: inner.maxTokens,
    stats,
    async embed(texts) {
      const out: Float32Array[] = new Array(texts.length);
      const missing: number[] = [];
      texts.forEach((t, i) => {
        const v = cache.get(t);
        if (v) out[i] = v;
        else missing.push(i);
      });
      stats.hits += texts.length - missing.length;
      stats.misses += missing.length;
      if (missing.length) {
        const vs = await inner.embed(missing.map((i) => texts[i]));
        missing.forEach((i, j) => {
          out[i] = vs[j];
          cache.set(texts[i], vs[j]);
        });
        cache.flush();
      }
      return out;
    },
    countTokens: (t) => inner.countTokens(t),
    dispose: () => inner.dispose(),
  };
}
