// `dossier archive inspect`, run as a user would: a real process, real files.
import { spawnSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ArticleSchema } from '../../src/archive/article.js';
import { fixture, repoRoot, seedFile } from './helpers.js';

function inspect(...args: string[]) {
  const r = spawnSync(process.execPath, ['bin/dossier.js', 'archive', 'inspect', ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
    timeout: 170_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

// each run starts the whole CLI (tsx, every command module): slow on a busy machine
describe('dossier archive inspect', { timeout: 180_000 }, () => {
  it('--json prints one object with every article (all fields) and the warnings', () => {
    const missing = path.join(os.tmpdir(), 'dossier-no-such-archive');
    const r = inspect('--json', path.dirname(seedFile), fixture('articles.jsonl'), missing);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as {
      articles: unknown[];
      warnings: Array<{ source: string; line?: number; message: string }>;
      sources: unknown[];
    };
    const articles = out.articles.map((a) => ArticleSchema.parse(a));
    expect(articles).toHaveLength(7 + 4 - 3); // 3 JSONL posts are copies of seed posts
    expect(articles[0]).toMatchObject({
      title: 'Analysis: Who was behind the raid on the North Korean embassy in Madrid?',
      origin: { file: seedFile, line: 1 },
    });
    expect(articles.find((a) => a.title.startsWith('Head of CIA'))).toMatchObject({
      url: 'https://intelnews.org/2018/11/28/01-2453/',
      tags: ['Andrew Kim', 'CIA'],
    });
    expect(out.warnings).toContainEqual({ source: missing, message: `no such file or folder: ${missing}` });
    expect(out.warnings.filter((w) => w.source === fixture('articles.jsonl')).map((w) => w.line)).toEqual([3, 4, 5]);
    expect(out.sources).toHaveLength(3);
  });

  it('prints per source the format, count, date range, authors, sample and warnings', () => {
    const r = inspect(seedFile, fixture('export-wxr.xml'));
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`${seedFile}  [scraped blog text]`);
    expect(r.stdout).toContain('articles: 7, 2018-07-18 to 2019-03-05');
    expect(r.stdout).toContain('authors:  Joseph Fitsanakis');
    expect(r.stdout).toContain('    - North Korea-linked hackers growing in reach and sophistication, McAfee warns');
    expect(r.stdout).toContain('[WordPress export (WXR)]');
    expect(r.stdout).toMatch(/articles: 0 \(2 duplicates skipped\)/);
    expect(r.stdout).toMatch(/7 articles from 2 sources, 2 duplicates, 0 warnings\n$/);
  });

  it('exits non-zero only when nothing at all could be read', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'dossier-cli-'));
    try {
      const empty = path.join(dir, 'empty.txt');
      await fs.writeFile(empty, '');
      const r = inspect(empty, path.join(dir, 'missing'));
      expect(r.status).toBe(1);
      expect(r.stdout).toContain(`! ${empty}: empty file\n`);
      expect(r.stdout).toMatch(/\(supported formats: scraped blog text/);
      expect(r.stdout).toMatch(/Nothing could be read\. Supported formats:/);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
