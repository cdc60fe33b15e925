// With several sources, one site failing or suddenly empty must not delete that site's articles
// while the other sources still load (the pipeline's "empty index" guard does not cover this case).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadConfig, PROJECT_ROOT, SAMPLE_ARCHIVE } from '../../src/config.js';
import { loadEmbedder } from '../../src/embed/embedder.js';
import type { Embedder } from '../../src/embed/types.js';
import { createService } from '../../src/service.js';
import type { DossierService } from '../../src/service-types.js';
import { startServer, type TestServer } from '../support/http-server.js';
import { FakeWordPress, makePosts } from '../support/wp-fake.js';

let srv: TestServer;
let wp: FakeWordPress;
let dir: string;
let embedder: Embedder;
let service: DossierService;

beforeAll(async () => {
  srv = await startServer();
  wp = new FakeWordPress(srv, makePosts(5));
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dossier-multi-'));
  const config = loadConfig(
    {
      INDEX_DIR: path.join(dir, 'index'),
      ARCHIVE_SOURCES: `${SAMPLE_ARCHIVE},${srv.base}/`,
      ALLOW_PRIVATE_URLS: 'true',
      FETCH_DELAY_MS: '0',
      FULL_SWEEP_INTERVAL: '1ms',
    },
    PROJECT_ROOT,
  );
  embedder = await loadEmbedder({
    model: config.EMBEDDING_MODEL,
    dtype: config.EMBEDDING_DTYPE,
    modelsDir: config.modelsDir,
    allowRemote: false,
  });
  service = await createService(config, { embedder, watch: false });
});

afterAll(async () => {
  await service?.close();
  await embedder?.dispose();
  await srv?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

it('keeps a failed site’s articles while the other sources are re-indexed', async () => {
  const first = await service.reindex({});
  expect(first.added).toBe(12); // 7 sample posts + 5 site posts
  wp.posts = []; // the site now answers with nothing at all
  const second = await service.reindex({});
  expect(second.removed).toBe(0);
  expect(second.warnings.map((w) => w.message).join('\n')).toMatch(/returned no posts/);
  expect((await service.stats())?.articles).toBe(12);
});
