// Building, querying and incrementally updating an index with the real model, real SQLite and HNSW.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import Database from 'better-sqlite3';
import { runReindex, EmptySourcesError, ReindexAbortedError } from '../../src/index/pipeline.js';
import { openIndex, IndexOpenError, LEXICAL_PRUNING } from '../../src/index/open.js';
import { currentGeneration } from '../../src/index/generations.js';
import { chunkArticle, DEFAULT_CHUNK_OPTIONS, embeddingText } from '../../src/index/chunker.js';
import type { Progress } from '../../src/index/types.js';
import { VectorIndex } from '../../src/index/vectors.js';
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

async function build(dir: string, articles = sampleArticles(), extra: Partial<Parameters<typeof runReindex>[0]> = {}) {
  emb.texts.length = 0;
  return runReindex({ indexDir: dir, embedder: emb, articles, hnsw: HNSW, ...extra });
}

async function vec(text: string): Promise<Float32Array> {
  return (await emb.embed([text]))[0];
}

describe('building an index', () => {
  let dir: string;
  const progress: Progress[] = [];
  beforeAll(async () => {
    dir = tempDir();
    const s = await build(dir, sampleArticles(), { onProgress: (p) => progress.push(p) });
    expect(s).toMatchObject({ added: 4, updated: 0, removed: 0, unchanged: 0, published: true });
    expect(s.chunksEmbedded).toBe(emb.texts.length);
  });

  test('manifest and stats describe what was built', () => {
    const idx = openIndex(dir, { expect: { modelId: emb.modelId, dtype: emb.dtype } });
    try {
      expect(idx.manifest).toMatchObject({
        modelId: emb.modelId,
        dtype: emb.dtype,
        dims: 384,
        articles: 4,
        hnsw: HNSW,
      });
      const st = idx.stats();
      expect(st).toMatchObject({ articles: 4, firstDate: '2018-10-05', lastDate: '2019-03-18', modelId: emb.modelId });
      expect(st.chunks).toBe(idx.manifest.chunks);
      expect(st.sizeBytes).toBeGreaterThan(10_000);
    } finally {
      idx.close();
    }
  });

  test('progress reports every stage in order with counts', () => {
    const stages = [...new Set(progress.map((p) => p.stage))];
    expect(stages).toEqual(['parse', 'chunk', 'embed', 'write', 'publish', 'done']);
    const lastEmbed = progress.filter((p) => p.stage === 'embed').at(-1)!;
    expect(lastEmbed.done).toBe(lastEmbed.total);
    expect(lastEmbed.total).toBeGreaterThanOrEqual(4);
  });

  test('dense search finds the passage by meaning', async () => {
    const idx = openIndex(dir);
    try {
      const hits = idx.dense(await vec('attack on a diplomatic mission in Spain'), 3);
      expect(hits).toHaveLength(3);
      expect(hits[0].score).toBeGreaterThan(hits[2].score);
      const [top] = idx.chunks([hits[0].chunkId]);
      expect(top.title).toContain('Madrid');
      expect(top.url).toBe('https://intelnews.org/2019/03/18/01-2530/');
    } finally {
      idx.close();
    }
  });

  test('lexical search ranks by bm25 with stemming', () => {
    const idx = openIndex(dir);
    try {
      const hits = idx.lexical('hacking the chemical weapons watchdog', 5);
      expect(hits.length).toBeGreaterThan(0);
      expect(idx.chunks([hits[0].chunkId])[0].title).toContain('chemical weapons');
      expect(hits.every((h, i) => i === 0 || hits[i - 1].score >= h.score)).toBe(true);
    } finally {
      idx.close();
    }
  });

  test('lexical never throws on hostile text', () => {
    const idx = openIndex(dir);
    try {
      const hostile = [
        '"',
        '"unbalanced quote',
        'embassy*',
        '*',
        'NEAR(embassy raid, 2)',
        'embassy OR',
        'AND OR NOT',
        '(((',
        ')',
        'title:embassy',
        '^embassy',
        'embassy - raid + "x"',
        '{title text}: spy',
        '',
        '   ',
        '\u0000\u0001',
        'Посольство КНДР в Мадриде',
        '北朝鮮 大使館',
        'سفارة',
        '🕵️‍♂️ spy',
        'embassy '.repeat(1500),
        'x'.repeat(10_000),
      ];
      for (const q of hostile) {
        const r = idx.lexical(q, 5);
        // at most k real chunks, best first (or none): the text never reached FTS5 as syntax
        expect(r.length).toBeLessThanOrEqual(5);
        expect(idx.chunks(r.map((h) => h.chunkId))).toHaveLength(r.length);
        const scores = r.map((h) => h.score);
        expect(scores).toEqual([...scores].sort((a, b) => b - a));
        if (!/[\p{L}\p{N}]/u.test(q)) expect(r, JSON.stringify(q.slice(0, 20))).toEqual([]);
      }
      expect(idx.lexical('NEAR(embassy raid)', 5).length).toBeGreaterThan(0); // treated as the words
      expect(idx.lexical('"*"', 5)).toEqual([]);
    } finally {
      idx.close();
    }
  });

  test('filters by author (case-insensitive, part of the name) and by date, in both searches', async () => {
    const idx = openIndex(dir);
    try {
      expect(idx.allowedChunks({})).toBeNull();
      const ian = idx.allowedChunks({ author: 'ian allen' })!;
      const ianTitles = new Set(idx.chunks([...ian]).map((c) => c.author));
      expect(ianTitles).toEqual(new Set(['Ian Allen']));
      expect(idx.allowedChunks({ author: 'fitsanakis' })!.size).toBeGreaterThan(0);
      expect(idx.allowedChunks({ author: 'nobody at all' })!.size).toBe(0);
      const in2019 = idx.allowedChunks({ from: '2019-01-01', to: '2019-12-31' })!;
      expect(new Set(idx.chunks([...in2019]).map((c) => c.date!.slice(0, 4)))).toEqual(new Set(['2019']));

      const dense = idx.dense(await vec('North Korea'), 5, { allowed: ian });
      expect(dense.length).toBeGreaterThan(0);
      expect(dense.every((h) => ian.has(h.chunkId))).toBe(true);
      const lex = idx.lexical('North Korea spying', 5, { filter: { author: 'Ian Allen' } });
      expect(lex.every((h) => ian.has(h.chunkId))).toBe(true);
      expect(
        idx.lexical('North Korea', 5, { filter: { from: '2019-01-01' } }).every((h) => in2019.has(h.chunkId)),
      ).toBe(true);
      expect(idx.dense(await vec('spy'), 5, { allowed: new Set() })).toEqual([]);
    } finally {
      idx.close();
    }
  });

  test('chunks(), article() and findTitles()', () => {
    const idx = openIndex(dir);
    try {
      const ids = idx.lexical('Mossad', 1).map((h) => h.chunkId);
      const all = idx.dense(new Float32Array(384).fill(0.05), 10).map((h) => h.chunkId);
      expect(idx.chunks([...all].reverse()).map((c) => c.chunkId)).toEqual([...all].reverse());
      const c = idx.chunks(ids)[0];
      const a = idx.article(c.articleId)!;
      expect(a.body.slice(c.start, c.end)).toBe(c.text);
      expect(a.tags).toEqual([]);
      expect(idx.article('no-such-id')).toBeUndefined();
      const titles = idx.findTitles('NORTH korea', 10);
      expect(titles.map((t) => t.date)).toEqual(['2019-03-18', '2018-11-27']); // most recent first
      expect(idx.findTitles('', 2)).toHaveLength(2);
      expect(idx.findTitles('zzz-none', 5)).toEqual([]);
      expect(idx.findTitles('  french   SENATE ', 5).map((t) => t.title)).toEqual([
        'French Senate official arrested for spying for North Korea',
      ]);
      expect(idx.findTitles('el pais', 5).map((t) => t.title)).toEqual([
        'Israeli spy agency recruited informants through fake job ads, El País says',
      ]);
    } finally {
      idx.close();
    }
  });

  test('chunks fit the real model window, title included', () => {
    const body = fs.readFileSync(path.resolve(import.meta.dirname, 'fixtures/long-article.txt'), 'utf8');
    const title = 'Analysis: Who was behind the raid on the North Korean embassy in Madrid?';
    const chunks = chunkArticle({ id: 'long', body }, emb.countTokens, DEFAULT_CHUNK_OPTIONS);
    expect(chunks.length).toBeGreaterThan(3);
    for (const c of chunks) {
      expect(emb.countTokens(c.text)).toBeLessThanOrEqual(DEFAULT_CHUNK_OPTIONS.maxTokens);
      expect(emb.countTokens(embeddingText(c, title, 'every')) + 2).toBeLessThanOrEqual(emb.maxTokens);
      expect(body.slice(c.start, c.end)).toBe(c.text);
    }
  });
});

describe('incremental re-index', () => {
  test('unchanged → nothing embedded, nothing published; changed → only its chunks; removed → gone everywhere', async () => {
    const dir = tempDir();
    const arts = sampleArticles();
    await build(dir, arts);
    const gen1 = currentGeneration(dir);

    const same = await build(dir, arts);
    expect(same).toMatchObject({ added: 0, updated: 0, removed: 0, unchanged: 4, chunksEmbedded: 0, published: false });
    expect(emb.texts).toEqual([]);
    expect(currentGeneration(dir)).toBe(gen1);

    // one article edited, one removed, one added
    const edited = { ...arts[0], body: `${arts[0].body} A zebra-striped getaway van was later found abandoned.` };
    const added = article(
      'Canadian navy officer jailed',
      'A Canadian naval intelligence officer was sentenced for selling secrets to Russia.',
      { date: '2013-02-08' },
    );
    const next = [edited, arts[1], arts[3], added];
    const s = await build(dir, next);
    expect(s).toMatchObject({ added: 1, updated: 1, removed: 1, unchanged: 2, published: true });
    expect(s.upgraded).toBeUndefined(); // already the current schema
    expect(emb.texts.length).toBe(s.chunksEmbedded);
    expect(emb.texts.every((t) => t.startsWith(edited.title) || t.startsWith(added.title))).toBe(true);

    const idx = openIndex(dir);
    try {
      expect(idx.stats().articles).toBe(4);
      // removed: not in SQLite, not in FTS, not in HNSW
      expect(idx.article(arts[2].id)).toBeUndefined();
      expect(idx.lexical('GRU Hague chemical', 10).map((h) => idx.chunks([h.chunkId])[0]?.articleId)).not.toContain(
        arts[2].id,
      );
      const denseIds = idx
        .dense(await vec('Russian military hackers targeted chemical weapons watchdog'), 50)
        .map((h) => h.chunkId);
      expect(idx.chunks(denseIds).map((c) => c.articleId)).not.toContain(arts[2].id);
      expect(denseIds.length).toBe(idx.stats().chunks); // every live chunk, no dead label returned
      // changed: the new text is searchable, lexically and densely
      const z = idx.lexical('zebra', 5);
      expect(z).toHaveLength(1);
      expect(idx.chunks([z[0].chunkId])[0].articleId).toBe(edited.id);
      expect(idx.article(added.id)!.title).toBe(added.title);
      // whole-article search follows the same edits
      expect(idx.lexicalArticles('zebra', 5)!.map((h) => h.articleId)).toEqual([edited.id]);
      expect(idx.lexicalArticles('GRU Hague chemical', 10)!.map((h) => h.articleId)).not.toContain(arts[2].id);
      expect(idx.lexicalArticles('naval secrets', 10)!.map((h) => h.articleId)).toEqual([added.id]);
      const top = idx.dense(await vec('naval officer sold secrets to Moscow'), 1);
      expect(idx.chunks([top[0].chunkId])[0].articleId).toBe(added.id);
    } finally {
      idx.close();
    }
    // the database of the new generation has no rows of the removed article
    const db = new Database(path.join(currentGeneration(dir)!, 'index.sqlite'), { readonly: true });
    expect(db.prepare('SELECT count(*) FROM chunks WHERE article_id = ?').pluck().get(arts[2].id)).toBe(0);
    expect(db.prepare("SELECT count(*) FROM chunks_fts WHERE chunks_fts MATCH 'gru'").pluck().get()).toBe(0);
    db.close();
  });

  test('full: true re-embeds everything; a different model or chunking rebuilds by itself', async () => {
    const dir = tempDir();
    const first = await build(dir);
    const full = await build(dir, sampleArticles(), { full: true });
    expect(full).toMatchObject({ added: 0, updated: 4, unchanged: 0, published: true });
    expect(full.chunksEmbedded).toBe(first.chunksEmbedded);
    const titleFirst = await build(dir, sampleArticles(), { titleMode: 'first' });
    expect(titleFirst.chunksEmbedded).toBe(first.chunksEmbedded);
    expect(openIndex(dir).manifest.chunkerVersion).toContain('/first/');
    // a later re-index that does not name a title mode keeps the index's own: nothing to redo
    const plain = await build(dir);
    expect(plain).toMatchObject({ unchanged: 4, chunksEmbedded: 0, published: false });
  });

  test('the graph is patched for small changes and rebuilt (compacted) when many chunks are gone', async () => {
    const dir = tempDir();
    const arts = sampleArticles();
    const first = await build(dir, arts);
    const slots = () => VectorIndex.read(path.join(currentGeneration(dir)!, 'vectors.hnsw'), 384).slots;
    expect(slots()).toBe(first.chunksEmbedded);
    // one article edited: its old vectors are marked deleted in the loaded graph, new ones added
    const edited = await build(dir, [{ ...arts[0], body: `${arts[0].body} Later, more.` }, ...arts.slice(1)]);
    expect(edited.chunksEmbedded).toBe(1);
    const idx = openIndex(dir);
    const live = idx.stats().chunks;
    expect(slots()).toBe(live + 1);
    expect(idx.dense(await vec('embassy raid'), 50)).toHaveLength(live);
    idx.close();
    // most articles removed: the graph is rebuilt from the vectors kept in SQLite, no dead slots
    const few = await build(dir, [arts[1]]);
    expect(few).toMatchObject({ removed: 3, chunksEmbedded: 0 });
    const after = openIndex(dir);
    expect(slots()).toBe(after.stats().chunks);
    expect(after.dense(await vec('French Senate'), 5).map((h) => after.chunks([h.chunkId])[0].articleId)).toEqual([
      arts[1].id,
    ]);
    after.close();
  });

  test('an empty source set is refused while the index holds articles, unless full and allowed', async () => {
    const dir = tempDir();
    await build(dir);
    const gen = currentGeneration(dir);
    await expect(build(dir, [])).rejects.toBeInstanceOf(EmptySourcesError);
    await expect(build(dir, [], { full: true })).rejects.toThrow(/no articles/);
    expect(currentGeneration(dir)).toBe(gen);
    const s = await build(dir, [], { full: true, allowEmpty: true });
    expect(s).toMatchObject({ removed: 4, published: true });
    const idx = openIndex(dir);
    expect(idx.stats().articles).toBe(0);
    expect(idx.dense(await vec('spy'), 5)).toEqual([]);
    expect(idx.lexical('spy', 5)).toEqual([]);
    idx.close();
  });
});

describe('whole-article search', () => {
  test('ranks articles by bm25 over title and body, honours filters, and maps passages to articles', async () => {
    const dir = tempDir();
    const arts = sampleArticles();
    await build(dir, arts);
    const idx = openIndex(dir);
    try {
      const hits = idx.lexicalArticles('North Korea embassy Madrid', 5)!;
      expect(hits[0].articleId).toBe(arts[0].id);
      expect(hits.map((h) => h.articleId)).toContain(arts[1].id); // "North Korea" in its title
      expect(hits[0].score).toBeGreaterThan(hits[1].score);
      expect(idx.lexicalArticles('North Korea', 5, { filter: { author: 'Ian Allen' } })).toEqual([]);
      expect(idx.lexicalArticles('North Korea', 5, { filter: { to: '2018-12-31' } })!.map((h) => h.articleId)).toEqual([
        arts[1].id,
      ]);
      expect(idx.lexicalArticles('"*" OR NEAR(', 5)).toEqual([]);
      // a filter's id set is collected once per snapshot and reused (the snapshot never changes)
      const early = idx.allowedChunks({ to: '2018-12-31' })!;
      expect(idx.allowedChunks({ to: '2018-12-31' })).toBe(early);
      expect(idx.allowedChunks({ from: '2019-01-01' })).not.toBe(early);
      expect(idx.chunks([...early]).every((c) => c.date! <= '2018-12-31')).toBe(true);
      expect(idx.chunks([...idx.allowedChunks({ from: '2019-01-01' })!]).every((c) => c.date! >= '2019-01-01')).toBe(
        true,
      );
      const chunkIds = idx.dense(await vec('embassy raid'), 50).map((h) => h.chunkId);
      const of = idx.articleOf([...chunkIds, 999_999]);
      expect(of.size).toBe(chunkIds.length);
      for (const id of chunkIds) expect(of.get(id)).toBe(idx.chunks([id])[0].articleId);
      const ps = idx.passagesOf([arts[2].id, 'no-such-article']);
      expect(ps.map((p) => p.articleId)).toEqual(idx.chunks(ps.map((p) => p.chunkId)).map(() => arts[2].id));
      expect(ps.map((p) => p.text).join(' ')).toContain('Organisation for the Prohibition of Chemical Weapons');
      expect(ps[0].vector).toHaveLength(384);
      const again = (await emb.embed([embeddingText(idx.chunks([ps[0].chunkId])[0], arts[2].title, 'every')]))[0];
      expect(ps[0].vector.reduce((s, x, i) => s + x * again[i], 0)).toBeGreaterThan(0.999); // the stored vector of that passage
    } finally {
      idx.close();
    }
  });

  test('a removed article leaves no words behind, even when a new article takes its row', async () => {
    const dir = tempDir();
    const arts = sampleArticles();
    await build(dir, arts);
    // the last-inserted article goes and a new one comes: SQLite hands the newcomer the freed rowid
    const added = article(
      'Canadian navy officer jailed',
      'A Canadian naval intelligence officer was sentenced for selling secrets to Russia.',
    );
    await build(dir, [...arts.slice(0, 3), added]);
    const idx = openIndex(dir);
    try {
      expect(idx.lexicalArticles('Mossad Lebanon', 5)).toEqual([]);
      expect(idx.lexicalArticles('naval secrets', 5)!.map((h) => h.articleId)).toEqual([added.id]);
    } finally {
      idx.close();
    }
  });

  test('an index written before article search still answers, and the next re-index adds it without re-embedding', async () => {
    const dir = tempDir();
    const arts = sampleArticles();
    await build(dir, arts);
    // make the served generation look like one written by the previous version (schema 1)
    const db = new Database(path.join(currentGeneration(dir)!, 'index.sqlite'));
    db.exec("DROP TABLE articles_fts; UPDATE meta SET value = '1' WHERE key = 'schema'");
    db.close();
    const old = openIndex(dir);
    expect(old.lexicalArticles('Madrid', 5)).toBeNull();
    expect(old.notices.join('\n')).toMatch(/before whole-article search.*`dossier index`/);
    const { search } = await import('../../src/search/search.js');
    const before = await search(old, emb, { text: 'Which group raided the embassy in Madrid?' });
    expect(before.passages[0].articleId).toBe(arts[0].id);
    old.close();

    const gen = currentGeneration(dir);
    const s = await build(dir, arts);
    expect(s).toMatchObject({ unchanged: 4, chunksEmbedded: 0, published: true, upgraded: true });
    expect(emb.texts).toEqual([]);
    expect(currentGeneration(dir)).not.toBe(gen);
    const idx = openIndex(dir);
    expect(idx.lexicalArticles('Madrid', 5)!.map((h) => h.articleId)).toEqual([arts[0].id]);
    expect(idx.notices).toEqual([]);
    idx.close();
    // upgraded once: the next unchanged re-index publishes nothing
    expect(await build(dir, arts)).toMatchObject({ chunksEmbedded: 0, published: false });
  });
});

describe('lexical pruning on a large archive', () => {
  test('a word found in most passages is left out of the lexical query when rarer words remain; small archives keep it', async () => {
    const dir = tempDir();
    const articles = Array.from({ length: 6 }, (_, i) =>
      article(
        `Dispatch ${i}`,
        i === 4 ? 'The report names a zeppelin over the harbour.' : `The report covers harbour number ${i}.`,
        { date: `2019-01-0${i + 1}` },
      ),
    );
    await build(dir, articles);
    const idx = openIndex(dir);
    const saved = { ...LEXICAL_PRUNING };
    try {
      // below the size gate: exact bm25 over every word, so every passage with "report" comes back
      expect(idx.lexical('report zeppelin', 10).length).toBe(6);
      Object.assign(LEXICAL_PRUNING, { minChunks: 0, commonShare: 0.5 });
      const pruned = openIndex(dir);
      const hits = pruned.lexical('report zeppelin', 10);
      expect(hits).toHaveLength(1);
      expect(pruned.chunks([hits[0].chunkId])[0].text).toContain('zeppelin');
      // a query of common words only is kept whole rather than emptied
      expect(pruned.lexical('report', 10).length).toBe(6);
      pruned.close();
    } finally {
      Object.assign(LEXICAL_PRUNING, saved);
      idx.close();
    }
  });
});

describe('cancelling', () => {
  test('an aborted re-index publishes nothing and leaves no build folder', async () => {
    const dir = tempDir();
    await build(dir);
    const gen = currentGeneration(dir);
    const ac = new AbortController();
    const edited = sampleArticles().map((a) => ({ ...a, body: `${a.body} Updated.` }));
    const run = build(dir, edited, {
      signal: ac.signal,
      embedBatch: 1,
      onProgress: (p) => p.stage === 'embed' && p.done === 1 && ac.abort(),
    });
    await expect(run).rejects.toBeInstanceOf(ReindexAbortedError);
    expect(currentGeneration(dir)).toBe(gen);
    expect(fs.readdirSync(dir).filter((e) => e.startsWith('.tmp-'))).toEqual([]);
    expect(fs.existsSync(path.join(dir, 'reindex.lock'))).toBe(false);
    await expect(build(dir, edited)).resolves.toMatchObject({ updated: 4, published: true });
  });
});

describe('opening', () => {
  test('no index yet: says to run dossier index', () => {
    expect(() => openIndex(tempDir())).toThrow(/no index .*run `dossier index`/i);
  });

  test('another model, dtype or chunker: IndexOpenError naming the difference and the fix', async () => {
    const dir = tempDir();
    await build(dir);
    expect(() => openIndex(dir, { expect: { modelId: 'Xenova/bge-small-en-v1.5', dtype: emb.dtype } })).toThrow(
      IndexOpenError,
    );
    expect(() => openIndex(dir, { expect: { modelId: 'Xenova/bge-small-en-v1.5' } })).toThrow(
      /bge-small-en-v1\.5.*dossier index --full/,
    );
    expect(() => openIndex(dir, { expect: { modelId: emb.modelId, dtype: 'fp32' } })).toThrow(
      /EMBEDDING_DTYPE=q8.*fp32.*dossier index --full/,
    );
    const mf = path.join(currentGeneration(dir)!, 'manifest.json');
    const m = JSON.parse(fs.readFileSync(mf, 'utf8'));
    fs.writeFileSync(mf, JSON.stringify({ ...m, chunkerVersion: 'c0/every/180/40' }));
    expect(() => openIndex(dir)).toThrow(/chunker c0.*dossier index --full/);
    fs.writeFileSync(mf, '{ not json');
    expect(() => openIndex(dir)).toThrow(/manifest.*dossier index --full/);
  });

  test('vectors from another build of the model: refused at open, and the next re-index re-embeds everything', async () => {
    const dir = tempDir();
    const first = await build(dir);
    expect(emb.build).toMatch(/^[0-9a-f]{16}$/);
    expect(openIndex(dir).manifest.modelBuild).toBe(emb.build);
    expect(() => openIndex(dir, { expect: { modelId: emb.modelId, modelBuild: '0123456789abcdef' } })).toThrow(
      /another build of the model.*dossier index --full/,
    );
    // an index from before builds were recorded is still accepted
    const mf = path.join(currentGeneration(dir)!, 'manifest.json');
    const { modelBuild: _dropped, ...old } = JSON.parse(fs.readFileSync(mf, 'utf8'));
    fs.writeFileSync(mf, JSON.stringify(old));
    expect(() => openIndex(dir, { expect: { modelBuild: '0123456789abcdef' } })).not.toThrow();
    fs.writeFileSync(mf, JSON.stringify({ ...old, modelBuild: 'ffffffffffffffff' }));
    const again = await build(dir);
    expect(again.chunksEmbedded).toBe(first.chunksEmbedded);
    expect(openIndex(dir).manifest.modelBuild).toBe(emb.build);
  });

  test('a missing or corrupt HNSW file is rebuilt from the vectors in SQLite, and said so', async () => {
    const dir = tempDir();
    await build(dir);
    const q = await vec('spies recruited with job advertisements');
    const before = openIndex(dir);
    const expected = before.dense(q, 4);
    before.close();
    const hnswFile = path.join(currentGeneration(dir)!, 'vectors.hnsw');
    for (const damage of [() => fs.rmSync(hnswFile), () => fs.writeFileSync(hnswFile, 'garbage')]) {
      damage();
      const notices: string[] = [];
      const embeddedBefore = emb.texts.length;
      const idx = openIndex(dir, { onNotice: (n) => notices.push(n) });
      expect(emb.texts.length).toBe(embeddedBefore); // rebuilt without calling the model
      expect(notices.join()).toMatch(/rebuilt it from the \d+ vectors stored in SQLite/);
      expect(idx.notices).toEqual(notices);
      const got = idx.dense(q, 4);
      expect(got.map((h) => h.chunkId)).toEqual(expected.map((h) => h.chunkId));
      got.forEach((h, i) => {
        expect(h.score).toBeCloseTo(expected[i].score, 5);
      });
      idx.close();
    }
    // written back: the next open needs no repair
    const again = openIndex(dir);
    expect(again.notices).toEqual([]);
    again.close();
  });
});
