// A PGlite server (PostgreSQL + pgvector in WebAssembly) on a loopback port, for measuring the Postgres
// store without installing a server: `npx tsx bench/pg-server.ts [port] [dataDir]` prints its URL
// and serves until stopped (Ctrl-C). The same engine the tests start (test/support/pglite-server.ts).
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

const port = Number(process.argv[2] ?? 55432);
const db = await PGlite.create({ dataDir: process.argv[3], extensions: { vector } });
const server = new PGLiteSocketServer({ db, port, host: '127.0.0.1', maxConnections: 64 });
await server.start();
process.stdout.write(`postgres://postgres@${server.getServerConn()}/postgres\n`);
const stop = async () => {
  await server.stop();
  await db.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
