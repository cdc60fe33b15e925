// The Postgres store's write side as the re-index pipeline uses it: what is served (hashes, sources,
// stored articles) read from the served generation's schema, and a builder over PgGenerationWriter.
import type pg from 'pg';
import type { Article } from '../../archive/article.js';
import type { Embedder } from '../../embed/types.js';
import type { WorkItem } from '../../index/chunk-stage.js';
import { reusableWith } from '../../index/manifest.js';
import type { Served } from '../../index/served.js';
import type { BuildParams, Manifest } from '../../index/types.js';
import type { HnswParams } from '../../index/vectors.js';
import type { BuildChanges, GenerationBuilder } from '../types.js';
import type { PgGenerationWriter } from './writer.js';

/** What is served; anything unreadable means "rebuild from scratch", never an error. */
export async function readServedPg(
  pool: pg.Pool,
  current: { dir?: string; manifest?: Manifest },
  embedder: Embedder,
  chunkerVersion: string,
): Promise<Served> {
  const out: Served = { ...current, articles: new Map(), reusable: false, upgrade: false };
  if (!current.dir || !current.manifest) return out;
  try {
    const r = await pool.query(`SELECT id, hash, source FROM ${current.dir}.articles`);
    for (const x of r.rows) out.articles.set(x.id, { hash: x.hash, source: x.source });
    out.reusable = reusableWith(current.manifest, embedder, chunkerVersion);
  } catch {
    out.articles = new Map();
    out.reusable = false;
  }
  return out;
}

export async function servedOriginsPg(pool: pg.Pool, schema: string, ids: string[]) {
  if (!ids.length) return new Map<string, { file?: string; url?: string }>();
  const r = await pool.query(`SELECT id, origin FROM ${schema}.articles WHERE id = ANY($1::text[])`, [ids]);
  return new Map(r.rows.map((x) => [x.id as string, x.origin as { file?: string; url?: string }]));
}

export async function servedArticlesPg(pool: pg.Pool, schema: string, ids: string[]) {
  if (!ids.length) return [];
  const r = await pool.query(
    `SELECT id, title, author, date, url, body, tags, origin, hash, source FROM ${schema}.articles WHERE id = ANY($1::text[])`,
    [ids],
  );
  return r.rows.map((x) => ({
    article: {
      id: x.id,
      title: x.title,
      ...(x.author ? { author: x.author } : {}),
      ...(x.date ? { date: x.date } : {}),
      ...(x.url ? { url: x.url } : {}),
      body: x.body,
      tags: x.tags,
      origin: x.origin,
    } as Article,
    hash: x.hash as string,
    source: x.source as string | null,
  }));
}

export class PgBuilder implements GenerationBuilder {
  constructor(
    private readonly w: PgGenerationWriter,
    private readonly incremental: boolean,
    private readonly hnsw: HnswParams,
  ) {}

  get generation(): string {
    return this.w.generation;
  }

  async apply(changes: BuildChanges): Promise<void> {
    if (this.incremental) await this.w.removeArticles(changes.remove);
    await this.w.putArticles(changes.put);
    if (changes.relabel.length) await this.w.relabel(changes.relabel);
  }

  async addChunks(items: WorkItem[], vectors: Float32Array[]): Promise<void> {
    await this.w.putChunks(items.map((it, j) => ({ chunk: it.chunk, title: it.title, vector: vectors[j] })));
  }

  counts() {
    return this.w.counts();
  }

  finish(m: BuildParams): Promise<Manifest> {
    return this.w.finish({ ...m, hnsw: m.hnsw ?? this.hnsw });
  }

  publish(): Promise<void> {
    return this.w.publish();
  }

  discard(): Promise<void> {
    return this.w.discard();
  }
}
