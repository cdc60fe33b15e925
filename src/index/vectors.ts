// The HNSW half of a generation: cosine nearest neighbours over chunk vectors (labels = chunk ids),
// with filtered search that does not starve when a filter leaves few candidates.
import hnswlib from 'hnswlib-node';

const { HierarchicalNSW } = hnswlib;
type Hnsw = InstanceType<typeof HierarchicalNSW>;

export interface HnswParams {
  M: number;
  efConstruction: number;
}

// Below this many allowed chunks an exact scan is both faster and exact.
const EXACT_SCAN_LIMIT = 2000;

export class VectorIndex {
  private constructor(
    private readonly index: Hnsw,
    readonly dims: number,
  ) {}

  static create(dims: number, capacity: number, params: HnswParams): VectorIndex {
    const index = new HierarchicalNSW('cosine', dims);
    // fixed seed: the same input gives the same graph
    index.initIndex({
      maxElements: Math.max(16, capacity),
      m: params.M,
      efConstruction: params.efConstruction,
      randomSeed: 100,
    });
    return new VectorIndex(index, dims);
  }

  /** Loads a saved graph; throws when the file is missing, truncated or of other dimensions. */
  static read(file: string, dims: number): VectorIndex {
    const index = new HierarchicalNSW('cosine', dims);
    index.readIndexSync(file);
    if (index.getNumDimensions() !== dims)
      throw new Error(`vector file has ${index.getNumDimensions()} dimensions, expected ${dims}`);
    return new VectorIndex(index, dims);
  }

  /** Builds a graph from stored vectors (no re-embedding). */
  static fromVectors(
    dims: number,
    count: number,
    params: HnswParams,
    vectors: Iterable<{ id: number; vector: Float32Array }>,
  ): VectorIndex {
    const vi = VectorIndex.create(dims, count, params);
    for (const { id, vector } of vectors) vi.add(id, vector);
    return vi;
  }

  /** Elements in the graph, including ones marked deleted. */
  get slots(): number {
    return this.index.getCurrentCount();
  }

  add(id: number, vector: Float32Array): void {
    if (vector.length !== this.dims) throw new Error(`vector has ${vector.length} dimensions, expected ${this.dims}`);
    const max = this.index.getMaxElements();
    if (this.index.getCurrentCount() >= max) this.index.resizeIndex(Math.ceil(max * 1.5) + 16);
    this.index.addPoint(Array.from(vector), id);
  }

  /** Marks a chunk deleted; unknown ids are ignored (already gone). */
  remove(id: number): void {
    try {
      this.index.markDelete(id);
    } catch {
      // not in the graph: nothing to remove
    }
  }

  write(file: string): void {
    this.index.writeIndexSync(file);
  }

  /**
   * The k nearest chunks by cosine similarity (1 = same direction), best first. With `allowed`, only
   * those chunk ids: a small set is scanned exactly; a larger one is searched with a widened ef so the
   * filter does not leave fewer than k results.
   */
  search(
    query: Float32Array,
    k: number,
    opts: { ef?: number; allowed?: Set<number> } = {},
  ): { chunkId: number; score: number }[] {
    const count = this.index.getCurrentCount();
    if (k <= 0 || count === 0) return [];
    const q = Array.from(query);
    const allowed = opts.allowed;
    const baseEf = Math.max(opts.ef ?? 100, k);
    if (!allowed) {
      this.index.setEf(baseEf);
      return toHits(this.index.searchKnn(q, Math.min(k, count)));
    }
    if (allowed.size === 0) return [];
    const want = Math.min(k, allowed.size);
    if (allowed.size <= EXACT_SCAN_LIMIT) return this.exact(query, want, allowed);
    // the rarer the allowed ids, the more candidates the graph must visit to find k of them
    const widen = Math.min(20, Math.ceil(count / allowed.size));
    this.index.setEf(Math.min(count, baseEf * widen));
    const hits = toHits(this.index.searchKnn(q, Math.min(want, count), (label) => allowed.has(label)));
    if (hits.length >= want) return hits;
    return this.exact(query, want, allowed);
  }

  private exact(query: Float32Array, k: number, allowed: Set<number>): { chunkId: number; score: number }[] {
    let norm = 0;
    for (let i = 0; i < query.length; i++) norm += query[i] * query[i];
    norm = Math.sqrt(norm) || 1;
    const hits: { chunkId: number; score: number }[] = [];
    for (const id of allowed) {
      let p: number[];
      try {
        p = this.index.getPoint(id); // stored normalised (cosine space)
      } catch {
        continue;
      }
      let dot = 0;
      for (let i = 0; i < p.length; i++) dot += p[i] * query[i];
      hits.push({ chunkId: id, score: dot / norm });
    }
    hits.sort((a, b) => b.score - a.score);
    return hits.slice(0, k);
  }
}

function toHits(r: { distances: number[]; neighbors: number[] }): { chunkId: number; score: number }[] {
  const out = r.neighbors.map((id, i) => ({ chunkId: id, score: 1 - r.distances[i] }));
  out.sort((a, b) => b.score - a.score);
  return out;
}
