// Child process for the kill -9 stress run: a full re-index of a JSONL file plus a loopback feed,
// printing every progress event; with PAUSE=stage:done it freezes there (printing PAUSED) to be killed.
// usage: node --import tsx reindex-child.ts <indexDir> <jsonlFile> <feedUrl>
import { runReindex } from '../../src/index/pipeline.js';
import { PostgresStore } from '../../src/store/postgres/store.js';
import { HNSW } from '../support/env.js';
import { realEmbedder } from '../support/model.js';

const [indexDir, file, feed] = process.argv.slice(2);
const [pauseStage, pauseDone] = (process.env.PAUSE ?? '').split(':');

const embedder = await realEmbedder();
// STORE_URL: re-index into that Postgres instead of the embedded store in indexDir
const store = process.env.STORE_URL ? new PostgresStore(process.env.STORE_URL) : undefined;
process.stdout.write('LOADED\n');
const summary = await runReindex({
  indexDir,
  store,
  embedder,
  sources: [file, feed],
  full: true,
  hnsw: HNSW,
  embedBatch: 4,
  remote: {
    allowPrivate: (a) => a === '127.0.0.1',
    concurrency: 1,
    delayMs: 0,
    timeoutMs: 10_000,
    maxBytes: 5_000_000,
    retries: 0,
  },
  onProgress: (p) => {
    process.stdout.write(`PROGRESS ${p.stage} ${p.done}\n`);
    if (p.stage === pauseStage && String(p.done) === pauseDone) {
      process.stdout.write(`PAUSED ${p.stage}\n`);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 120_000);
    }
  },
});
process.stdout.write(`SUMMARY ${JSON.stringify({ ...summary, warnings: summary.warnings.length })}\n`);
await embedder.dispose();
await store?.close();
