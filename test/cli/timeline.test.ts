// Timelines on a real index (real model, SQLite, HNSW): only the story's articles, in date order,
// same-day articles apart, each line's sentence taken from its article; "not covered" with the closest
// articles; and `dossier timeline` through the real CLI (plain text and --json).
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DossierService } from '../../src/service-types.js';
import { tempDir } from '../support/env.js';
import { buildIndex, runCli, service } from '../support/harness.js';
import { realEmbedder, type CountingEmbedder } from '../support/model.js';
import { DAM_IDS, timelineArticles } from '../support/timeline-archive.js';

let dir: string;
let embedder: CountingEmbedder;
let svc: DossierService;
const NOW = '2024-10-01';

beforeAll(async () => {
  dir = tempDir('dossier-timeline-');
  embedder = await realEmbedder();
  await buildIndex(path.join(dir, 'index'), embedder, timelineArticles());
  svc = await service(path.join(dir, 'index'), embedder, { watch: false });
}, 180_000);

afterAll(async () => {
  await svc?.close();
  await embedder?.dispose();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('timeline on a real index', { timeout: 120_000 }, () => {
  it('lists the story and nothing else, oldest first, the two same-day articles as two lines', async () => {
    const t = await svc.timeline({ text: 'Varna Lake dam', now: NOW });
    expect(t.covered).toBe(true);
    expect(t.lines.map((l) => l.articleId).sort()).toEqual([...DAM_IDS].sort());
    expect(t.lines.map((l) => l.date)).toEqual(['2024-09-02', '2024-09-10', '2024-09-10', '2024-09-24']);
    expect(t.lines.map((l) => l.n)).toEqual([1, 2, 3, 4]);
    const bodies = new Map(timelineArticles().map((a) => [a.id, a.body]));
    for (const l of t.lines) {
      expect(bodies.get(l.articleId)).toContain(l.sentence);
      expect(l.url).toMatch(/^https:\/\/news\.example\.org\//);
    }
  });

  it('newest first, and the filters and --now apply (later articles are not yet written)', async () => {
    const newest = await svc.timeline({ text: 'Varna Lake dam', now: NOW, order: 'newest' });
    expect(newest.lines[0].articleId).toBe('dam-4');
    const before = await svc.timeline({ text: 'Varna Lake dam', now: '2024-09-15' });
    expect(before.lines.map((l) => l.articleId)).not.toContain('dam-4');
    const byPetar = await svc.timeline({ text: 'Varna Lake dam', now: NOW, author: 'Petar Kolev' });
    expect(byPetar.lines.map((l) => l.articleId)).toEqual(['dam-3']);
  });

  it('a topic the archive does not cover says so, with the closest articles', async () => {
    const t = await svc.timeline({ text: 'volcanic eruption in Iceland', now: NOW });
    expect(t.covered).toBe(false);
    expect(t.lines).toEqual([]);
    expect(t.related.length).toBeGreaterThan(0);
  });
});

describe('dossier timeline (CLI)', { timeout: 180_000 }, () => {
  it('prints one entry per article: date, sentence [n], title and permalink; --json has the same lines', () => {
    const env = { INDEX_DIR: path.join(dir, 'index'), NO_COLOR: '1' };
    const plain = runCli(['timeline', 'Varna Lake dam', '--now', NOW], env, 120_000);
    expect(plain.status).toBe(0);
    expect(plain.stdout).toMatch(/^Timeline: Varna Lake dam \(4 articles, oldest first\)/);
    expect(plain.stdout).toMatch(/2 September 2024 — Engineers found [^[]*\[1\]/);
    expect(plain.stdout).toContain('https://news.example.org/2024/09/24/varna-dam-repairs/');
    expect(plain.stdout.indexOf('2 September 2024')).toBeLessThan(plain.stdout.indexOf('24 September 2024'));
    // biome-ignore lint/suspicious/noControlCharactersInRegex: no terminal escape codes when piped
    expect(plain.stdout).not.toMatch(/\x1b/);

    const json = runCli(['timeline', 'Varna Lake dam', '--now', NOW, '--json', '--limit', '2'], env, 120_000);
    const out = JSON.parse(json.stdout);
    expect(out).toMatchObject({ topic: 'Varna Lake dam', covered: true, order: 'oldest', total: 4 });
    expect(out.lines).toHaveLength(2);
    expect(Object.keys(out.lines[0])).toEqual([
      'n',
      'date',
      'sentence',
      'articleId',
      'title',
      'author',
      'url',
      'score',
    ]);

    const bad = runCli(['timeline', 'dam', '--limit', '0'], env);
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toMatch(/--limit 0: use a whole number from 1 to 200/);
  });
});
