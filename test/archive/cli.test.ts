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
    // skipped with the reason, counted
    expect((out as unknown as { skipped: Record<string, number> }).skipped).toEqual({
      'malformed JSON': 1,
      'no body text': 1,
      'not a JSON object': 1,
    });
  });

  it('prints per source the format, count, date range, authors, sample and warnings', () => {
    const r = inspect(seedFile, fixture('export-wxr.xml'));
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`${seedFile}  [scraped blog text]`);
    expect(r.stdout).toContain('articles: 7, 2018-07-18 to 2019-03-05');
    expect(r.stdout).toContain('authors:  Joseph Fitsanakis');
    expect(r.stdout).toContain('    - North Korea-linked hackers growing in reach and sophistication, McAfee warns');
    expect(r.stdout).toContain('[WordPress export (WXR)]');
    expect(r.stdout).toMatch(
      /articles: 0\n {2}left out, never indexed: 1 draft, 2 pages and attachments\n {2}merged: {3}2 duplicates \(2 same title and date, one copy without a permalink\)\n/,
    );
    expect(r.stdout).toMatch(
      /7 articles kept from 2 sources, 2 duplicates merged, 3 left out \(1 draft, 2 pages and attachments\), 0 skipped, 0 warnings\n$/,
    );
  });

  it('says what it kept and what it left out and why: a WordPress export, a podcast, a feed full of "&"', () => {
    const r = inspect(fixture('wxr-private-and-images.xml'), fixture('podcast.xml'), fixture('feed-ampersands.xml'));
    expect(r.status).toBe(0);
    const [wxr, podcast, amp, total] = r.stdout.split('\n\n');
    expect(wxr).toContain('  articles: 4, 2024-02-01 to 2024-02-08\n');
    expect(wxr).toContain(
      '  left out, never indexed: 2 password-protected, 1 private, 2 drafts, 2 pages and attachments\n',
    );
    expect(wxr).not.toMatch(/PRIVATE-|Board minutes|Salary/);
    expect(podcast).toContain('  articles: 6, 2023-12-28 to 2024-02-01\n');
    expect(podcast).not.toContain('merged');
    expect(amp).toContain('  articles: 10, 2024-06-03 to 2024-06-12\n');
    expect(amp).toContain('feed-ampersands.xml:4: a bare "&" (not an entity) was read as the character "&"');
    expect(total).toBe(
      '20 articles kept from 3 sources, 0 duplicates merged, 7 left out (2 password-protected, 1 private, 2 drafts, 2 pages and attachments), 0 skipped, 2 warnings\n',
    );
  });

  it('--json has the counts too: leftOut, merges with their rule, skipped, titleFromBody', () => {
    const r = inspect(
      '--json',
      fixture('wxr-private-and-images.xml'),
      fixture('same-title.json'),
      fixture('microblog.xml'),
    );
    const out = JSON.parse(r.stdout);
    expect(out.leftOut).toEqual({ passwordProtected: 2, private: 1, drafts: 2, notPosts: 2 });
    expect(out.sources.map((s: { leftOut: { passwordProtected: number } }) => s.leftOut.passwordProtected)).toEqual([
      2, 0, 0,
    ]);
    expect(out.merges.map((m: { rule: string }) => m.rule)).toEqual([
      'same title and date, one copy without a permalink',
      'same title and date, near-identical text',
    ]);
    expect(out.sources[1].merged).toEqual({
      'same title and date, one copy without a permalink': 1,
      'same title and date, near-identical text': 1,
    });
    expect(out.skipped).toEqual({});
    const untitled = out.articles.filter((a: { titleFromBody?: boolean }) => a.titleFromBody);
    expect(untitled.map((a: { title: string }) => a.title)).toEqual([
      'Crane 4 is back in service after the storm.',
      'Fog horn going since five this morning, visibility under a hundred metres and…',
      'Gulls 1, sandwiches 0.',
    ]);
    expect(out.sources[2].titledFromBody).toBe(3);
    expect(JSON.stringify(out)).not.toMatch(/PRIVATE-[A-Z]|DRAFT-TEXT/);
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
      expect(r.stdout).toMatch(/Nothing could be read: see the warnings above/);
      // said once, with the file whose format was the problem
      expect(r.stdout.match(/supported formats/gi)).toHaveLength(1);
      // a source that is simply not there gets no list of formats it has nothing to do with
      const gone = inspect(path.join(dir, 'missing'));
      expect(gone.status).toBe(1);
      expect(gone.stdout).toMatch(/no such file or folder/);
      expect(gone.stdout).not.toMatch(/supported formats/i);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
