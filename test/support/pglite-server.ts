// A real Postgres engine with pgvector for tests, offline: PGlite (PostgreSQL compiled to WebAssembly)
// served over the Postgres wire protocol, so the store is reached through the same `pg` client and SQL
// as in production. PGlite runs one backend session: connections take turns query by query, and a
// transaction holds the engine until it ends.
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { afterAll, beforeAll } from 'vitest';
import { type CountingEmbedder, realEmbedder } from './model.js';

export interface PgServer {
  url: string;
  stop(): Promise<void>;
}

/** Starts an empty database with the vector extension available, on a free loopback port. */
export async function startPg(dataDir?: string): Promise<PgServer> {
  const db = await PGlite.create({ dataDir, extensions: { vector } });
  const server = new PGLiteSocketServer({ db, port: 0, host: '127.0.0.1', maxConnections: 32 });
  await server.start();
  const url = `postgres://postgres@${server.getServerConn()}/postgres`;
  return {
    url,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}

/** The real model and a PGlite server for one test file: started before its tests, stopped after. */
export interface PgWithModel {
  readonly emb: CountingEmbedder;
  readonly server: PgServer;
}

/** Registers the file's beforeAll/afterAll; read `emb` and `server` inside tests (set once started). */
export function pgWithModel(): PgWithModel {
  const env = {} as { emb: CountingEmbedder; server: PgServer };
  beforeAll(async () => {
    env.emb = await realEmbedder();
    env.server = await startPg();
  }, 120_000);
  afterAll(async () => {
    await env.server?.stop();
    await env.emb?.dispose();
  });
  return env;
}
