// Re-index safety: a re-index that names other sources than the index was built from would remove
// the articles of the sources not named. More than a fifth of the index going that way is refused
// (saying --replace or --add); a source that itself dropped posts is not; the configured sources
// (/reindex, the refresh timer) are the archive and never refused.
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { currentGeneration } from '../../src/index/generations.js';
import { openIndex } from '../../src/index/open.js';
import { SourcesChangedError, runReindex, type ReindexOptions } from '../../src/index/pipeline.js';
import { HNSW, tempDir } from '../support/env.js';
import { type CountingEmbedder, realEmbedder } from '../support/model.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
let emb: CountingEmbedder;
beforeAll(async () => {
  emb = await realEmbedder();
});
afterAll(async () => {
  await emb?.dispose();
});

const post = (n: number, subject: string) => ({
  title: `Report ${n}: ${subject}`,
  date: `2019-02-${String(n).padStart(2, '0')}`,
  url: `https://intelnews.org/2019/02/${n}/01-${n}/`,
  tags: [],
  body: `Officials said on day ${n} that ${subject} had been under surveillance for months.`,
});
const writeJsonl = (file: string, records: object[]) =>
  fs.writeFileSync(file, `${records.map((r) => JSON.stringify(r)).join('\n')}\n`);

/** A folder source with four posts and a feed-like file with one. */
function archives(dir: string) {
  const folder = path.join(dir, 'archive');
  fs.mkdirSync(folder);
  writeJsonl(path.join(folder, 'posts.jsonl'), [
    post(1, 'a retired colonel'),
    post(2, 'a defector in Rome'),
    post(3, 'a trade attaché'),
    post(4, 'a cyber unit'),
  ]);
  const feed = path.join(dir, 'feed.jsonl');
  writeJsonl(feed, [post(9, 'a navy officer')]);
  return { folder, feed };
}

const reindex = (indexDir: string, sources: string[], extra: Partial<ReindexOptions> = {}) =>
  runReindex({ indexDir, embedder: emb, sources, hnsw: HNSW, ...extra });
const articles = (indexDir: string) => {
  const idx = openIndex(indexDir);
  try {
    return idx.stats().articles;
  } finally {
    idx.close();
  }
};

describe('naming other sources than the index was built from', () => {
  test('refused when it would remove more than a fifth; nothing changes; --add keeps, --replace removes', async () => {
    const dir = tempDir();
    const { folder, feed } = archives(dir);
    const index = path.join(dir, 'index');
    expect((await reindex(index, [folder])).added).toBe(4);
    const gen = currentGeneration(index);

    const refused = await reindex(index, [feed], { sourcesPolicy: 'refuse' }).catch((e) => e);
    expect(refused).toBeInstanceOf(SourcesChangedError);
    expect(refused.message).toMatch(/would remove 4 of the 4 indexed articles/);
    expect(refused.message).toContain(`${folder} (4)`);
    expect(refused.message).toMatch(/--replace.*--add/);
    expect(currentGeneration(index)).toBe(gen);
    expect(articles(index)).toBe(4);

    const added = await reindex(index, [feed], { sourcesPolicy: 'add' });
    expect(added).toMatchObject({ added: 1, removed: 0, kept: 4, published: true });
    expect(articles(index)).toBe(5);
    // the kept articles still belong to the folder: naming both later is an unchanged archive
    expect(await reindex(index, [folder, feed], { sourcesPolicy: 'refuse' })).toMatchObject({
      unchanged: 5,
      published: false,
    });

    const replaced = await reindex(index, [feed], { sourcesPolicy: 'replace' });
    expect(replaced).toMatchObject({ removed: 4, unchanged: 1 });
    expect(articles(index)).toBe(1);
  });

  test('a source that itself dropped posts is not refused, even most of them', async () => {
    const dir = tempDir();
    const { folder } = archives(dir);
    const index = path.join(dir, 'index');
    await reindex(index, [folder]);
    writeJsonl(path.join(folder, 'posts.jsonl'), [post(1, 'a retired colonel')]);
    expect(await reindex(index, [folder], { sourcesPolicy: 'refuse' })).toMatchObject({ removed: 3, unchanged: 1 });
  });

  test('up to a fifth is not refused', async () => {
    const dir = tempDir();
    const { folder, feed } = archives(dir);
    const index = path.join(dir, 'index');
    await reindex(index, [folder, feed]); // 5 articles, 1 of them from the feed
    expect(await reindex(index, [folder], { sourcesPolicy: 'refuse' })).toMatchObject({ removed: 1 });
  });

  test('--add with --full re-embeds the kept articles from the stored copy', async () => {
    const dir = tempDir();
    const { folder, feed } = archives(dir);
    const index = path.join(dir, 'index');
    await reindex(index, [folder]);
    emb.texts.length = 0;
    const s = await reindex(index, [feed], { sourcesPolicy: 'add', full: true });
    expect(s).toMatchObject({ added: 1, kept: 4, removed: 0, published: true });
    expect(emb.texts).toHaveLength(5);
    const idx = openIndex(index);
    try {
      expect(idx.lexical('retired colonel', 1).length).toBe(1);
      expect(idx.stats().articles).toBe(5);
    } finally {
      idx.close();
    }
  });

  test('an index written before sources were recorded is protected too (sources told from where articles were read)', async () => {
    const dir = tempDir();
    const { folder, feed } = archives(dir);
    const index = path.join(dir, 'index');
    await reindex(index, [folder]);
    // make the served generation look like one written by the previous version (schema 2, no source column)
    const db = new Database(path.join(currentGeneration(index)!, 'index.sqlite'));
    db.exec("ALTER TABLE articles DROP COLUMN source; UPDATE meta SET value = '2' WHERE key = 'schema'");
    db.close();
    await expect(reindex(index, [feed], { sourcesPolicy: 'refuse' })).rejects.toBeInstanceOf(SourcesChangedError);
    // the same folder again: its articles are its own (unchanged); a later publish records the sources
    expect(await reindex(index, [folder], { sourcesPolicy: 'refuse' })).toMatchObject({ unchanged: 4 });
  });
});

describe('`dossier index` on an index built from other sources', () => {
  const dossier = (args: string[], env: Record<string, string>) => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/cli/index.ts'), ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env, DEBUG: '' },
      encoding: 'utf8',
    });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  };

  test('refuses in one line saying --replace or --add; --add then adds the new source and keeps the rest', async () => {
    const dir = tempDir();
    const { folder, feed } = archives(dir);
    const env = { INDEX_DIR: path.join(dir, 'index') };
    await reindex(env.INDEX_DIR, [folder]);

    const refused = dossier(['index', feed], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr.trim().split('\n').at(-1)).toMatch(
      /^dossier: This re-index would remove 4 of the 4 indexed articles .*--replace.*--add/,
    );
    expect(articles(env.INDEX_DIR)).toBe(4);

    const added = dossier(['index', '--add', feed], env);
    expect(added.stderr).not.toMatch(/Error|at .*\.ts:/);
    expect(added.code).toBe(0);
    expect(added.stdout).toMatch(/articles: 1 added, 0 updated, 0 removed, 0 unchanged/);
    expect(added.stdout).toMatch(/kept: 4 articles of sources not named/);
    expect(articles(env.INDEX_DIR)).toBe(5);
  }, 120_000);
});
