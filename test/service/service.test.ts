// The service: unavailable until an index exists and then recovers without restart; one re-index at
// a time; questions use the old snapshot during a re-index and the new one after; a generation
// published by another writer is picked up; an in-flight question survives the swap.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, PROJECT_ROOT, type Config } from '../../src/config.js';
import { loadEmbedder } from '../../src/embed/embedder.js';
import type { Embedder } from '../../src/embed/types.js';
import { runReindex } from '../../src/index/pipeline.js';
import { createService } from '../../src/service.js';
import { IndexUnavailableError, ReindexBusyError } from '../../src/service-types.js';

const HNSW = { M: 16, efConstruction: 200 };
let embedder: Embedder;
let root: string;
let cfg: Config;

function writeArchive(dir: string, records: object[]): void {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'archive.jsonl'), `${records.map((r) => JSON.stringify(r)).join('\n')}\n`);
}

const base = [
  {
    title: 'Dissidents suspected in raid on embassy in Madrid',
    author: 'Joseph Fitsanakis',
    date: '2019-03-18',
    url: 'https://intelnews.org/2019/03/18/01-2514/',
    tags: [],
    body: 'An obscure dissident group was most likely behind a violent raid on the embassy in Madrid. Ten assailants tied up the staff.',
  },
  {
    title: 'Russian military hackers targeted chemical weapons watchdog',
    author: 'Ian Allen',
    date: '2018-10-05',
    tags: [],
    body: 'Dutch counterintelligence expelled four officers of the GRU who tried to hack the chemical weapons watchdog in The Hague.',
  },
];
const added = {
  title: 'Lighthouse keepers trained as coastal observers',
  author: 'Ian Allen',
  date: '2019-05-01',
  tags: [],
  body: 'Lighthouse keepers on remote islands were trained by naval intelligence to report submarine sightings along the coast.',
};
const lighthouse = 'Who trained the lighthouse keepers to report submarines?';
const hasLighthouse = (titles: string[]) => titles.some((t) => t.startsWith('Lighthouse'));

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'dossier-service-'));
  const c = loadConfig({}, PROJECT_ROOT);
  embedder = await loadEmbedder({
    model: c.EMBEDDING_MODEL,
    dtype: c.EMBEDDING_DTYPE,
    modelsDir: c.modelsDir,
    allowRemote: false,
  });
  writeArchive(path.join(root, 'v1'), base);
  writeArchive(path.join(root, 'v2'), [...base, added]);
  cfg = { ...c, indexDir: path.join(root, 'index'), ARCHIVE_SOURCES: [path.join(root, 'v1')] };
});

afterAll(async () => {
  await embedder?.dispose();
  fs.rmSync(root, { recursive: true, force: true });
});

describe('service', () => {
  it('stays up without an index, says how to fix it, and recovers once one is built', async () => {
    const service = await createService(cfg, { embedder });
    try {
      expect(await service.ready()).toBe(false);
      expect(await service.unavailableReason()).toMatch(/dossier index/);
      await expect(service.ask({ text: 'raid in Madrid' })).rejects.toBeInstanceOf(IndexUnavailableError);
      expect(await service.stats()).toBeUndefined();

      const first = service.reindex({});
      // one at a time
      await expect(service.reindex({})).rejects.toBeInstanceOf(ReindexBusyError);
      expect(await service.reindexRunning()).toBe(true);
      const summary = await first;
      expect(summary).toMatchObject({ added: 2, published: true });
      expect(await service.reindexRunning()).toBe(false);
      expect(await service.ready()).toBe(true);
      expect((await service.stats())?.articles).toBe(2);
      const { answer } = await service.ask({ text: 'Who was behind the raid on the embassy in Madrid?' });
      expect(answer.covered).toBe(true);
      expect(answer.sources[0].url).toBe('https://intelnews.org/2019/03/18/01-2514/');
    } finally {
      await service.close();
    }
  });

  it('answers from the old snapshot during a re-index and from the new one after', async () => {
    const service = await createService(cfg, { embedder });
    try {
      const before = await service.search({ text: lighthouse });
      expect(hasLighthouse(before.passages.map((p) => p.title))).toBe(false);
      const running = service.reindex({ sources: [path.join(root, 'v2')] });
      const during = await service.search({ text: lighthouse });
      expect(await service.reindexRunning()).toBe(true);
      expect(hasLighthouse(during.passages.map((p) => p.title))).toBe(false);
      expect((await running).added).toBe(1);
      const after = await service.search({ text: lighthouse });
      expect(hasLighthouse(after.passages.map((p) => p.title))).toBe(true);
      expect((await service.stats())?.articles).toBe(3);
    } finally {
      await service.close();
    }
  });

  it('picks up a generation published by another writer; a question in flight finishes on the old snapshot', async () => {
    // the question's embedding waits on a gate, holding the old snapshot while a new one is published
    let open!: () => void;
    const gate = new Promise<void>((r) => (open = r));
    let gated = false;
    const slow: Embedder = {
      ...embedder,
      modelId: embedder.modelId,
      dtype: embedder.dtype,
      dims: embedder.dims,
      maxTokens: embedder.maxTokens,
      countTokens: (t) => embedder.countTokens(t),
      embed: async (texts) => {
        if (gated) await gate;
        return embedder.embed(texts);
      },
      dispose: async () => {},
    };
    const service = await createService(cfg, { embedder: slow });
    try {
      expect((await service.stats())?.articles).toBe(3);
      gated = true;
      const inFlight = service.search({ text: 'chemical weapons watchdog hackers' });
      // another writer (e.g. `dossier index` in a second process) publishes v1 again: the lighthouse article goes
      await runReindex({ indexDir: cfg.indexDir, embedder, sources: [path.join(root, 'v1')], hnsw: HNSW });
      expect((await service.stats())?.articles).toBe(2); // swapped on the next call
      open();
      const r = await inFlight; // the retired snapshot was not closed under it
      expect(r.passages[0].title).toMatch(/chemical weapons/);
      gated = false;
      const now = await service.search({ text: lighthouse });
      expect(hasLighthouse([...now.passages, ...now.related].map((p) => p.title))).toBe(false);
    } finally {
      await service.close();
    }
  });
});
