// The re-index stages one by one, with the real model: chunk (fits the window with the title), embed
// (longest first, in groups, every vector handed over once) and write (a complete generation that no
// reader sees until it is published).
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { contentHash } from '../../src/archive/article.js';
import { chunkForEmbedding, type WorkItem } from '../../src/index/chunk-stage.js';
import { DEFAULT_CHUNK_OPTIONS, chunkerSignature, embeddingText } from '../../src/index/chunker.js';
import { embedInGroups, embeddingOrder } from '../../src/index/embed-stage.js';
import { CURRENT_FILE, publish, readPointer } from '../../src/index/generations.js';
import { openIndex } from '../../src/index/open.js';
import { GenerationBuild } from '../../src/index/write-stage.js';
import { article, sampleArticles } from '../support/articles.js';
import { HNSW, tempDir } from '../support/env.js';
import { type CountingEmbedder, realEmbedder } from '../support/model.js';

let emb: CountingEmbedder;
beforeAll(async () => {
  emb = await realEmbedder();
});
afterAll(async () => {
  await emb?.dispose();
});

const long = article(
  'A very long report on the intelligence services of several countries and their rivalries',
  Array.from({ length: 30 }, (_, i) => `Sentence ${i} says that officers of the service met a source in a café.`).join(
    ' ',
  ),
);

describe('stage chunk', () => {
  test('every passage with its title fits the model window; texts are slices of the body', () => {
    const work = chunkForEmbedding([long, ...sampleArticles()], emb, DEFAULT_CHUNK_OPTIONS);
    expect(work.filter((w) => w.chunk.articleId === long.id).length).toBeGreaterThan(1);
    for (const w of work) {
      const text = embeddingText(w.chunk, w.title, 'every');
      expect(emb.countTokens(text)).toBeLessThanOrEqual(emb.maxTokens - 2);
      const body = [long, ...sampleArticles()].find((a) => a.id === w.chunk.articleId)!.body;
      expect(body.slice(w.chunk.start, w.chunk.end)).toBe(w.chunk.text);
    }
  });
});

describe('stage embed', () => {
  test('longest first, in groups of the given size, each item once with its own vector', async () => {
    const work = chunkForEmbedding([long, ...sampleArticles()], emb, DEFAULT_CHUNK_OPTIONS);
    const order = embeddingOrder(work, 'every');
    const lengths = order.map((i) => embeddingText(work[i].chunk, work[i].title, 'every').length);
    expect(lengths).toEqual([...lengths].sort((a, b) => b - a));

    const groups: { items: WorkItem[]; vectors: Float32Array[] }[] = [];
    emb.texts.length = 0;
    const done = await embedInGroups(work, emb, 'every', {
      group: 3,
      onGroup: (items, vectors) => groups.push({ items, vectors }),
    });
    expect(done).toBe(work.length);
    expect(groups.map((g) => g.items.length)).toEqual(
      Array.from({ length: Math.ceil(work.length / 3) }, (_, i) => Math.min(3, work.length - 3 * i)),
    );
    expect(new Set(groups.flatMap((g) => g.items))).toEqual(new Set(work));
    expect(emb.texts).toHaveLength(work.length);
    // a vector belongs to its own text: it is nearest to a fresh embedding of that text
    const g = groups[0];
    const [again] = await emb.embed([embeddingText(g.items[1].chunk, g.items[1].title, 'every')]);
    const dot = (a: Float32Array, b: Float32Array) => a.reduce((s, v, i) => s + v * b[i], 0);
    expect(dot(again, g.vectors[1])).toBeGreaterThan(0.999);
    expect(dot(again, g.vectors[0])).toBeLessThan(0.999);
  });

  test('a cancelled signal stops before the next group', async () => {
    const work = chunkForEmbedding(sampleArticles(), emb, DEFAULT_CHUNK_OPTIONS);
    const ac = new AbortController();
    let groups = 0;
    const run = embedInGroups(work, emb, 'every', {
      group: 1,
      signal: ac.signal,
      onGroup: () => {
        groups++;
        ac.abort();
      },
    });
    await expect(run).rejects.toThrow(/cancelled/);
    expect(groups).toBe(1);
  });
});

describe('stage write', () => {
  test('builds a complete generation beside the served one; readers see it only once published', async () => {
    const dir = tempDir();
    const arts = sampleArticles();
    const work = chunkForEmbedding(arts, emb, DEFAULT_CHUNK_OPTIONS);
    const build = new GenerationBuild(dir, undefined);
    try {
      build.apply(
        {
          remove: [],
          put: arts.map((a) => ({ article: a, hash: contentHash(a), source: '/archive/x' })),
          relabel: [],
          adding: work.length,
        },
        undefined,
        emb.dims,
        HNSW,
      );
      await embedInGroups(work, emb, 'every', { group: 8, onGroup: (i, v) => build.addChunks(i, v) });
      expect(build.counts()).toEqual({ articles: arts.length, chunks: work.length });
      const m = build.finish({
        modelId: emb.modelId,
        dtype: emb.dtype,
        dims: emb.dims,
        modelBuild: emb.build,
        chunkerVersion: chunkerSignature(DEFAULT_CHUNK_OPTIONS, 'every'),
        hnsw: HNSW,
      });
      expect(m).toMatchObject({ articles: arts.length, chunks: work.length, dims: 384 });
    } finally {
      build.close();
    }
    expect(fs.existsSync(path.join(dir, CURRENT_FILE))).toBe(false);
    expect(readPointer(dir)).toBeUndefined();
    publish(dir, build.tmpDir, build.name);
    const idx = openIndex(dir);
    try {
      expect(idx.stats().articles).toBe(arts.length);
      expect(idx.lexical('Madrid embassy', 1).length).toBe(1);
      const [q] = await emb.embed(['Which group raided the embassy in Madrid?']);
      expect(idx.chunks(idx.dense(q, 1).map((h) => h.chunkId))[0].articleId).toBe(arts[0].id);
    } finally {
      idx.close();
    }
  });
});
