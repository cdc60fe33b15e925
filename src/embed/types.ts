// The Embedder contract: what the index pipeline and search need from the embedding model.

export type EmbeddingDtype = 'q8' | 'fp32';

export interface Embedder {
  /** e.g. "sentence-transformers/all-MiniLM-L6-v2" (bundled) or a hub id */
  readonly modelId: string;
  readonly dtype: EmbeddingDtype;
  readonly dims: number;
  /** word pieces the model accepts before truncation (256 for all-MiniLM-L6-v2) */
  readonly maxTokens: number;
  /** which build of the weights made the vectors (bundled model: sha256 of its ONNX file); an index
   * embedded by another build must be re-embedded, not queried with this one */
  readonly build?: string;
  /** Mean-pooled, L2-normalised vectors, one per text, in order. Batches internally. */
  embed(texts: string[]): Promise<Float32Array[]>;
  /** Word pieces of a text, without [CLS]/[SEP]. Synchronous and cheap: used by the chunker. */
  countTokens(text: string): number;
  dispose(): Promise<void>;
}

export interface EmbedderOptions {
  model: string;
  dtype: EmbeddingDtype;
  /** where built/downloaded models live (index-data/models) */
  modelsDir: string;
  allowRemote: boolean;
}
