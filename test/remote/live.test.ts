// End to end: a WordPress site URL as ARCHIVE_SOURCES, indexed by the real service (real model,
// SQLite, HNSW), refreshed on schedule, and a site that suddenly returns nothing must not empty it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, PROJECT_ROOT, type Config } from '../../src/config.js';
import { loadEmbedder } from '../../src/embed/embedder.js';
import type { Embedder } from '../../src/embed/types.js';
import type { Progress } from '../../src/index/types.js';
import { startRefresh, type RefreshLog } from '../../src/refresh.js';
import { createService } from '../../src/service.js';
import type { DossierService } from '../../src/service-types.js';
import { startServer, type TestServer } from '../support/http-server.js';
import { FakeWordPress, makePosts, type FakePost } from '../support/wp-fake.js';

const SUBJECTS = [
  'Spanish police arrested a diplomat accused of spying for Russia in Madrid.',
  'North Korean hackers stole cryptocurrency from exchanges in South Korea.',
  'A German intelligence officer was charged with passing secrets to China.',
  'The CIA station chief in Vienna was recalled after a leak to the press.',
  'Israeli agents were suspected of sabotage at an Iranian nuclear facility.',
];

/** Posts with distinct subjects, so a question has one right answer. */
function posts(n: number, from = 0): FakePost[] {
  return makePosts(n, from).map((p, k) => ({
    ...p,
    content: `<p>${SUBJECTS[(from + k) % SUBJECTS.length]} Report ${from + k} gives the details.</p>`,
  }));
}

let srv: TestServer;
let wp: FakeWordPress;
let dir: string;
let config: Config;
let embedder: Embedder;
let service: DossierService;

beforeAll(async () => {
  srv = await startServer();
  wp = new FakeWordPress(srv, posts(12));
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dossier-live-'));
  config = loadConfig(
    {
      INDEX_DIR: path.join(dir, 'index'),
      ARCHIVE_SOURCES: `${srv.base}/`,
      ALLOW_PRIVATE_URLS: 'true',
      FETCH_DELAY_MS: '0',
      FULL_SWEEP_INTERVAL: 'off',
      REFRESH_INTERVAL: '1h',
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

function memoryLog() {
  const lines: string[] = [];
  const log: RefreshLog = {
    info: (_o, m) => void lines.push(`info ${m}`),
    warn: (_o, m) => void lines.push(`warn ${m}`),
    error: (_o, m) => void lines.push(`error ${m}`),
  };
  return { log, lines };
}

describe('a WordPress site as the archive', () => {
  it('indexes the site by URL, showing fetch progress before embedding, with real permalinks', async () => {
    const progress: Progress[] = [];
    const s = await service.reindex({}, (p) => progress.push(p));
    expect(s).toMatchObject({ added: 12, removed: 0, published: true });
    const stages = progress.map((p) => p.stage);
    expect(stages.indexOf('fetch')).toBeGreaterThanOrEqual(0);
    expect(stages.indexOf('fetch')).toBeLessThan(stages.indexOf('embed'));
    expect(progress.filter((p) => p.stage === 'fetch').at(-1)?.message).toMatch(/12 articles found/);
    expect((await service.stats())?.articles).toBe(12);

    const r = await service.search({ text: 'German officer charged with passing secrets to China' });
    const top = r.passages[0] ?? r.related[0];
    expect(top.url).toMatch(/^https:\/\/intelnews\.org\/2019\/01\/\d\d\/01-24\d\d\/$/);
    expect(top.text).toContain('German intelligence officer');
    const post = wp.posts.find((p) => p.link === top.url)!;
    expect(top.author).toBe(post.author === 2 ? 'Ian Allen' : 'Joseph Fitsanakis');
  });

  it('a scheduled refresh picks up a new post, embedding only that one', async () => {
    wp.posts.push(...posts(1, 12));
    srv.log.length = 0;
    const { log, lines } = memoryLog();
    const h = startRefresh(service, config, log);
    const out = await h.runOnce();
    h.stop();
    expect(out.status).toBe('done');
    if (out.status !== 'done') return;
    expect(out.summary).toMatchObject({ added: 1, updated: 0, removed: 0, unchanged: 12, published: true });
    expect(srv.log.map((q) => q.path)).toEqual(['/wp-json/wp/v2/posts']); // incremental: one request
    expect(lines).toContain(
      'info refresh: 1 added, 0 updated, 0 removed, 12 unchanged; ' +
        `${out.summary.chunksEmbedded} passages embedded in ${out.summary.seconds.toFixed(1)} s`,
    );
    expect((await service.stats())?.articles).toBe(13);
  });

  it('keeps the good index when the site later returns nothing', async () => {
    const before = (await service.stats())!;
    wp.posts = [];
    (config as { FULL_SWEEP_INTERVAL: number }).FULL_SWEEP_INTERVAL = 1; // every fetch is now a full sweep, which is where emptiness shows
    const { log, lines } = memoryLog();
    const h = startRefresh(service, config, log);
    const out = await h.runOnce();
    h.stop();
    // either the run fails, or it completes with the source's cached posts and a warning: never a wipe
    const said =
      out.status === 'failed'
        ? out.error
        : out.status === 'done'
          ? out.summary.warnings.map((w) => w.message).join(' ')
          : '';
    expect(said + lines.join('\n')).toMatch(/returned no posts|yielded no articles/);
    if (out.status === 'done') expect(out.summary.removed).toBe(0);
    expect((await service.stats())?.articles).toBe(before.articles);
    expect((await service.stats())?.builtAt).toBe(before.builtAt);
    const r = await service.search({ text: 'North Korean hackers cryptocurrency' });
    expect((r.passages[0] ?? r.related[0]).url).toMatch(/^https:\/\/intelnews\.org\//);
  });
});
