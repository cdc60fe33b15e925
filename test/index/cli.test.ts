// The index CLI end to end, as shipped (bin/dossier.js runs dist/): `dossier index <file>` then
// `dossier stats --json`, in a child process.
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { expect, test } from 'vitest';
import { tempDir } from '../support/env.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

function dossier(args: string[], env: Record<string, string>) {
  // bin/dossier.js, as a user runs it: the compiled CLI, its embedding worker in dist/ too
  const r = spawnSync(process.execPath, [path.join(ROOT, 'bin/dossier.js'), ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env, DEBUG: '' },
    encoding: 'utf8',
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('dossier index prints a summary; dossier stats --json reports it; a bad source does not empty the index', () => {
  const dir = tempDir();
  const src = path.join(dir, 'archive.jsonl');
  const lines = [
    {
      title: 'Spy ring broken up in Vienna',
      date: '2019-02-01',
      url: 'https://intelnews.org/2019/02/01/01-1/',
      tags: [],
      body: 'Austrian police arrested a retired colonel accused of spying for Russia for decades.',
    },
    {
      title: 'Defector reaches Seoul',
      date: '2019-02-03',
      url: 'https://intelnews.org/2019/02/03/01-2/',
      tags: [],
      body: 'A North Korean diplomat who vanished in Rome has reached South Korea, officials said.',
    },
  ];
  fs.writeFileSync(src, `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`);
  const env = { INDEX_DIR: path.join(dir, 'index') };

  const refused = dossier(['index', src, '--workers', '0'], env);
  expect(refused.code).toBe(1);
  expect(refused.stderr).toMatch(/--workers must be a whole number between 1 and 64/);

  // two embedding workers (the vectors are those of one: test/embed/worker.test.ts)
  const first = dossier(['index', src, '--workers', '2'], env);
  expect(first.stderr).toMatch(/\(2 embedding workers\)/);
  expect(first.stderr).not.toMatch(/Error|at .*\.ts:/);
  expect(first.code).toBe(0);
  expect(first.stdout).toMatch(/articles: 2 added, 0 updated, 0 removed, 0 unchanged/);
  expect(first.stdout).toMatch(/chunks embedded: 2 \([\d.]+ chunks\/s\)/);

  const stats = dossier(['stats', '--json'], env);
  expect(stats.code).toBe(0);
  const s = JSON.parse(stats.stdout);
  expect(s).toMatchObject({
    articles: 2,
    chunks: 2,
    modelId: 'sentence-transformers/all-MiniLM-L6-v2',
    firstDate: '2019-02-01',
    lastDate: '2019-02-03',
  });
  expect(Date.parse(s.lastReindex)).not.toBeNaN();
  // the re-index status, read from INDEX_DIR (every process sees the same)
  expect(s.reindex.running).toBeUndefined();
  expect(s.reindex.last).toMatchObject({ ok: true, published: true, summary: { added: 2 } });

  const bad = dossier(['index', path.join(dir, 'missing.jsonl')], env);
  expect(bad.code).toBe(1);
  expect(bad.stderr).toMatch(
    /^dossier: The sources yielded no articles, but the index holds 2.*missing\.jsonl.*--allow-empty/m,
  );
  expect(JSON.parse(dossier(['stats', '--json'], env).stdout).articles).toBe(2);
  expect(dossier(['stats'], env).stdout).toMatch(/^Last run: +failed: The sources yielded no articles/m);

  const none = dossier(['stats'], { INDEX_DIR: path.join(dir, 'nothing-here') });
  expect(none.code).toBe(1);
  expect(none.stderr).toMatch(/no index .* run `dossier index`/i);
}, 120_000);
