// The PostgreSQL + pgvector store (INDEX_STORE=postgres://…): a connection pool, the served generation
// read from dossier.current, one re-index at a time across every process and machine by an advisory lock.
import os from 'node:os';
import pg from 'pg';
import { ReindexLockedError } from '../../index/lock.js';
import { manifestMismatch, parseManifest } from '../../index/manifest.js';
import { IndexOpenError } from '../../index/open.js';
import type { Embedder } from '../../embed/types.js';
import type { Manifest, ReindexStatus } from '../../index/types.js';
import type { HnswParams } from '../../index/vectors.js';
import type { IndexStore, OpenIndexOptions } from '../types.js';
import { PgBuilder, readServedPg, servedArticlesPg, servedOriginsPg } from './reindex.js';
import { describeUrl } from '../describe.js';
import type { WorkItem } from '../../index/chunk-stage.js';
import type { TitleMode } from '../../index/chunker.js';
import { embedShared } from './queue.js';
import { BASE_DDL, schemaOf } from './schema.js';
import { PgSnapshot } from './snapshot.js';
import { readStatusPg, writeStatusPg } from './status.js';
import { cleanupGenerations, PgGenerationWriter } from './writer.js';

/** the advisory lock's key: one re-index at a time per database */
const LOCK_KEY = 0x646f7373; // "doss"
const REBUILD_HINT = 'run `dossier index --full` to rebuild it';

export class PostgresStore implements IndexStore {
  readonly kind = 'postgres' as const;
  readonly location: string;
  readonly pool: pg.Pool;
  private ready: Promise<void> | undefined;
  /** locks this process holds (a second re-index here is refused even where the server cannot tell) */
  private locked = false;

  constructor(
    private readonly url: string,
    opts: { max?: number } = {},
  ) {
    this.location = describeUrl(url);
    this.pool = new pg.Pool({ connectionString: url, max: opts.max ?? 4 });
    // an idle connection dropped by the server must not crash the process; the next query reconnects
    this.pool.on('error', () => undefined);
  }

  /** Creates the pointer table, the text search configuration and the queue (once per process). */
  init(): Promise<void> {
    this.ready ??= this.pool
      .query(BASE_DDL)
      .then(() => undefined)
      .catch((err) => {
        this.ready = undefined;
        throw new IndexOpenError(
          `The index database ${this.location} cannot be used (${(err as Error).message}): check INDEX_STORE, and that the server has the pgvector extension.`,
        );
      });
    return this.ready;
  }

  async servedGeneration(): Promise<string | undefined> {
    await this.init();
    const r = await this.pool.query('SELECT generation FROM dossier.current');
    return r.rows[0]?.generation ?? undefined;
  }

  async stamp(): Promise<string> {
    await this.init();
    const r = await this.pool.query('SELECT generation, published_at FROM dossier.current');
    return r.rows[0] ? `${r.rows[0].generation}@${new Date(r.rows[0].published_at).getTime()}` : '';
  }

  async open(opts: OpenIndexOptions = {}): Promise<PgSnapshot> {
    const generation = await this.servedGeneration();
    if (!generation)
      throw new IndexOpenError(`There is no index in ${this.location} yet: run \`dossier index\` to build it.`);
    const schema = schemaOf(generation);
    let meta: Map<string, string>;
    try {
      const r = await this.pool.query(`SELECT key, value FROM ${schema}.meta`);
      meta = new Map(r.rows.map((x) => [x.key as string, x.value as string]));
    } catch (err) {
      throw new IndexOpenError(
        `The index generation ${generation} in ${this.location} cannot be read (${(err as Error).message}): ${REBUILD_HINT}.`,
      );
    }
    let manifest: ReturnType<typeof parseManifest>;
    try {
      manifest = parseManifest(meta.get('manifest') ?? '');
    } catch (err) {
      throw new IndexOpenError(
        `The index in ${this.location} has a missing or unreadable manifest (${(err as Error).message.split('\n')[0]}): ${REBUILD_HINT}.`,
      );
    }
    const why = manifestMismatch(manifest, opts.expect);
    if (why)
      throw new IndexOpenError(
        `The index in ${this.location} cannot be used: ${why}. Run \`dossier index --full\` to rebuild it.`,
      );
    // generations built before 2026-12-03 have no postings tables: bm25 then reads the tsvectors
    const postings = await this.pool.query(
      `SELECT to_regclass('${schema}.chunk_postings') IS NOT NULL AND to_regclass('${schema}.article_postings') IS NOT NULL AS ok`,
    );
    return new PgSnapshot(this.pool, generation, schema, manifest, opts.ef ?? 100, {
      chunks: Number(meta.get('chunk_avg_len') ?? 1),
      articles: Number(meta.get('article_avg_len') ?? 1),
      postings: postings.rows[0].ok === true,
    });
  }

  /** A new generation to write; `from`: the served generation's schema, copied first. */
  async writer(dims: number, from?: string): Promise<PgGenerationWriter> {
    await this.init();
    return PgGenerationWriter.begin(this.pool, dims, from);
  }

  async begin(opts: { from?: string; dims: number; hnsw: HnswParams }): Promise<PgBuilder> {
    return new PgBuilder(await this.writer(opts.dims, opts.from), opts.from !== undefined, opts.hnsw);
  }

  /** Drops builds left by a killed re-index and generations two publishes old (call under the lock). */
  async cleanup(): Promise<void> {
    await this.init();
    await cleanupGenerations(this.pool);
  }

  async servedManifest(): Promise<{ dir?: string; manifest?: Manifest }> {
    const generation = await this.servedGeneration();
    if (!generation) return {};
    const dir = schemaOf(generation);
    try {
      const r = await this.pool.query(`SELECT value FROM ${dir}.meta WHERE key = 'manifest'`);
      return { dir, manifest: parseManifest(r.rows[0]?.value ?? '') };
    } catch {
      return { dir }; // unreadable: rebuilt from scratch
    }
  }

  embedShared(
    build: string,
    work: WorkItem[],
    embedder: Embedder,
    titleMode: TitleMode,
    opts: { group: number; signal?: AbortSignal; onGroup: (items: WorkItem[], vectors: Float32Array[]) => unknown },
  ): Promise<number> {
    return embedShared(this.pool, build, work, embedder, titleMode, opts);
  }

  readServed(current: { dir?: string; manifest?: Manifest }, embedder: Embedder, chunkerVersion: string) {
    return readServedPg(this.pool, current, embedder, chunkerVersion);
  }

  servedOrigins(dir: string, ids: string[]) {
    return servedOriginsPg(this.pool, dir, ids);
  }

  servedArticles(dir: string, ids: string[]) {
    return servedArticlesPg(this.pool, dir, ids);
  }

  /**
   * Takes the re-index lock: a session advisory lock on its own connection, released when the lock is
   * released or the process dies (the server ends the session). Throws ReindexLockedError when held.
   */
  async lock(): Promise<() => Promise<void>> {
    await this.init();
    if (this.locked) throw new ReindexLockedError(process.pid, 'in this process');
    const client = new pg.Client({ connectionString: this.url });
    client.on('error', () => undefined);
    await client.connect();
    try {
      const r = await client.query('SELECT pg_try_advisory_lock($1) AS ok', [LOCK_KEY]);
      if (!r.rows[0].ok) {
        const h = await client.query('SELECT pid, host, started_at FROM dossier.lock_holder');
        const who = h.rows[0];
        throw new ReindexLockedError(Number(who?.pid ?? 0), who ? `${who.started_at} on ${who.host}` : 'elsewhere');
      }
      await client.query(
        `INSERT INTO dossier.lock_holder(one, pid, host, started_at) VALUES (true, $1, $2, now())
           ON CONFLICT (one) DO UPDATE SET pid = EXCLUDED.pid, host = EXCLUDED.host, started_at = EXCLUDED.started_at`,
        [process.pid, os.hostname()],
      );
    } catch (err) {
      await client.end().catch(() => undefined);
      throw err;
    }
    this.locked = true;
    return async () => {
      this.locked = false;
      await client.query('SELECT pg_advisory_unlock($1)', [LOCK_KEY]).catch(() => undefined);
      await client.end().catch(() => undefined);
    };
  }

  /** dossier.reindex_status; running while the advisory lock is held (src/store/postgres/status.ts). */
  async reindexStatus(): Promise<ReindexStatus> {
    try {
      await this.init();
      return await readStatusPg(this.pool, LOCK_KEY);
    } catch {
      return {}; // unreachable or unreadable: nothing known (the status is informational)
    }
  }

  async writeReindexStatus(status: ReindexStatus): Promise<void> {
    await this.init();
    await writeStatusPg(this.pool, status);
  }

  async close(): Promise<void> {
    await this.pool.end().catch(() => undefined);
  }
}
