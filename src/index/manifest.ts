// The manifest of a generation: which model, dtype and chunker made its vectors, and what it holds.
// Read with zod; checked against what the caller expects so a mismatched index is never queried.
import fs from 'node:fs';
import { z } from 'zod';
import { CHUNKER_VERSION } from './chunker.js';
import type { Embedder } from '../embed/types.js';
import type { BuildParams, Manifest } from './types.js';

export const FORMAT_VERSION = 1;

const ManifestSchema = z.object({
  formatVersion: z.number().int(),
  modelId: z.string().min(1),
  dtype: z.string().min(1),
  dims: z.number().int().positive(),
  chunkerVersion: z.string().min(1),
  modelBuild: z.string().optional(),
  articles: z.number().int().nonnegative(),
  chunks: z.number().int().nonnegative(),
  builtAt: z.string(),
  hnsw: z.object({ M: z.number().int().positive(), efConstruction: z.number().int().positive() }),
});

/** The manifest of a finished build: its parameters (only those, whatever else `m` carries), counts and time. */
export function buildManifest(
  m: BuildParams,
  counts: { articles: number; chunks: number },
  builtAt = new Date().toISOString(),
): Manifest {
  return {
    formatVersion: FORMAT_VERSION,
    modelId: m.modelId,
    dtype: m.dtype,
    dims: m.dims,
    chunkerVersion: m.chunkerVersion,
    ...(m.modelBuild ? { modelBuild: m.modelBuild } : {}),
    articles: counts.articles,
    chunks: counts.chunks,
    builtAt,
    hnsw: { M: m.hnsw.M, efConstruction: m.hnsw.efConstruction },
  };
}

export function readManifest(file: string): Manifest {
  return parseManifest(fs.readFileSync(file, 'utf8'));
}

/** A manifest from its JSON text (e.g. as another store keeps it); throws when it is not one. */
export function parseManifest(text: string): Manifest {
  return ManifestSchema.parse(JSON.parse(text));
}

export function writeManifest(file: string, m: Manifest): void {
  fs.writeFileSync(file, `${JSON.stringify(m, null, 2)}\n`);
}

export interface Expectation {
  modelId?: string;
  dtype?: string;
  dims?: number;
  /** the embedder's build fingerprint; checked when both sides know it */
  modelBuild?: string;
  /** full chunker signature (chunkerSignature()); without it only the chunker algorithm version is checked */
  chunkerVersion?: string;
}

/** Why this manifest cannot be used as expected, or undefined when it can. */
export function manifestMismatch(m: Manifest, expect: Expectation = {}): string | undefined {
  if (m.formatVersion !== FORMAT_VERSION)
    return `its format version is ${m.formatVersion}, this version of Dossier reads ${FORMAT_VERSION}`;
  if (expect.modelId && m.modelId !== expect.modelId)
    return `it was built with the model ${m.modelId}, but EMBEDDING_MODEL is ${expect.modelId}`;
  if (expect.dtype && m.dtype !== expect.dtype)
    return `it was built with EMBEDDING_DTYPE=${m.dtype}, but the setting is now ${expect.dtype}`;
  if (expect.modelBuild && m.modelBuild && m.modelBuild !== expect.modelBuild)
    return `its vectors were made by another build of the model (${m.modelBuild}, this one is ${expect.modelBuild})`;
  if (expect.dims && m.dims !== expect.dims)
    return `its vectors have ${m.dims} dimensions, the model makes ${expect.dims}`;
  if (expect.chunkerVersion && m.chunkerVersion !== expect.chunkerVersion)
    return `it was chunked as ${m.chunkerVersion}, this run chunks as ${expect.chunkerVersion}`;
  if (m.chunkerVersion.split('/')[0] !== CHUNKER_VERSION)
    return `it was chunked by chunker ${m.chunkerVersion.split('/')[0]}, this version of Dossier uses ${CHUNKER_VERSION}`;
  return undefined;
}

/** Whether a published generation's vectors can be reused by a re-index with this embedder and chunker. */
export function reusableWith(m: Manifest, embedder: Embedder, chunkerVersion: string): boolean {
  return !manifestMismatch(m, {
    modelId: embedder.modelId,
    dtype: embedder.dtype,
    dims: embedder.dims,
    modelBuild: embedder.build,
    chunkerVersion,
  });
}
