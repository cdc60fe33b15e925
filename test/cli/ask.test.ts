// `dossier ask --json` / `dossier search --json` through the real CLI: the documented shape, and
// plain text (no escape codes) when piped.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config.js';
import { cliIndex } from '../support/cli-index.js';

const run = promisify(execFile);
let dir: string;
let env: NodeJS.ProcessEnv;

function dossier(...args: string[]) {
  return run(process.execPath, [path.join(PROJECT_ROOT, 'bin/dossier.js'), ...args], {
    env,
    cwd: dir,
    timeout: 120_000,
  });
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dossier-cli-'));
  const archive = path.join(dir, 'archive');
  fs.mkdirSync(archive);
  fs.writeFileSync(
    path.join(archive, 'a.jsonl'),
    `${[
      {
        title: 'McAfee says Lazarus behind Operation SHARPSHOOTER',
        author: 'Joseph Fitsanakis',
        date: '2019-03-05',
        url: 'https://intelnews.org/2019/03/05/01-2507/',
        tags: [],
        body: 'McAfee said that Lazarus was responsible for Operation SHARPSHOOTER, a campaign against key industries.',
      },
      {
        title: 'French civil servant arrested',
        author: 'Joseph Fitsanakis',
        date: '2018-11-27',
        tags: [],
        body: 'Benoit Quennedey, a French civil servant, was arrested on suspicion of spying for North Korea.',
      },
    ]
      .map((r) => JSON.stringify(r))
      .join('\n')}\n`,
  );
  env = await cliIndex(dir, [archive]);
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

// each call starts a process that loads the model: generous timeouts on a busy 2-core machine
describe('dossier ask / search --json', { timeout: 180_000 }, () => {
  it('ask --json: covered, cited sentences, sources in rank order with url null when unknown', async () => {
    const { stdout } = await dossier('ask', '--json', 'Who is Benoit Quennedey?');
    const out = JSON.parse(stdout);
    expect(out.covered).toBe(true);
    expect(out.sentences[0]).toEqual({ text: expect.stringContaining('Benoit Quennedey'), citation: 1 });
    expect(out.sources[0]).toMatchObject({
      n: 1,
      title: 'French civil servant arrested',
      author: 'Joseph Fitsanakis',
      date: '2018-11-27',
      url: null,
    });
    for (const s of out.sources)
      expect(Object.keys(s)).toEqual(
        expect.arrayContaining(['articleId', 'title', 'author', 'date', 'url', 'passage', 'score']),
      );
    const scores = out.sources.map((s: { score: number }) => s.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
  });

  it('ask --json for an uncovered question', async () => {
    const { stdout } = await dossier('ask', '--json', 'What is the recipe for apple pie?');
    const out = JSON.parse(stdout);
    expect(out.covered).toBe(false);
    expect(out.sentences).toEqual([]);
    expect(out.sources).toEqual([]);
    expect(out.answer).toBe("The archive doesn't seem to cover this.");
  });

  it('search --json lists passages with scores; plain ask output has no escape codes when piped', async () => {
    const { stdout } = await dossier('search', '--json', 'Operation SHARPSHOOTER');
    const out = JSON.parse(stdout);
    expect(out.sources[0]).toMatchObject({
      url: 'https://intelnews.org/2019/03/05/01-2507/',
      articleId: expect.any(String),
      score: expect.any(Number),
    });
    const plain = await dossier('ask', 'What is Operation SHARPSHOOTER?');
    expect(plain.stdout).toContain('https://intelnews.org/2019/03/05/01-2507/');
    expect(plain.stdout).toMatch(/\[1\]/);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: checks that no ESC (terminal escape code) is printed
    expect(plain.stdout).not.toMatch(/\x1b/);
  });

  it('a bad filter is one line on stderr and a non-zero exit', async () => {
    const err = await dossier('ask', '--from', 'March', 'anything').catch((e) => e);
    expect(err.code).not.toBe(0);
    expect(err.stderr).toMatch(/--from "March": use a year/);
    expect(err.stderr).not.toMatch(/\n\s+at /);
  });
});
