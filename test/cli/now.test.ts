// "Now" end to end through the real CLI on a small dated archive (test/fixtures/now: the same race
// reported in 2024 and in 2025): "this week" with --now answers from that week's article, the window
// is said in text and --json, options win over the question's words, and ask --json --batch.
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config.js';
import { cliIndex } from '../support/cli-index.js';

const run = promisify(execFile);
const FIXTURE = path.join(PROJECT_ROOT, 'test/fixtures/now/archive.jsonl');
const BIN = path.join(PROJECT_ROOT, 'bin/dossier.js');
let dir: string;
let env: NodeJS.ProcessEnv;

function dossier(...args: string[]) {
  return run(process.execPath, [BIN, ...args], { env, cwd: dir, timeout: 120_000 });
}

/** Runs dossier with `input` on standard input; resolves with stdout and the exit code. */
function dossierStdin(input: string, ...args: string[]): Promise<{ stdout: string; code: number | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env, cwd: dir });
    let stdout = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ stdout, code }));
    child.stdin.end(input);
  });
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dossier-now-'));
  env = await cliIndex(dir, [FIXTURE]);
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const QUESTION = 'Who won the Riverside Marathon this week?';

describe('asking at a moment', { timeout: 240_000 }, () => {
  it('"this week" with --now answers from that week\'s article, not last year\'s report of the same race', async () => {
    const { stdout } = await dossier('ask', '--json', '--now', '2025-06-07', QUESTION);
    const out = JSON.parse(stdout);
    expect(out.now).toBe('2025-06-07');
    expect(out.window).toEqual({ from: '2025-06-01', to: '2025-06-07', source: 'question' });
    expect(out.covered).toBe(true);
    expect(out.sources[0].date).toBe('2025-06-01');
    expect(out.sentences[0].text).toContain('Amara Osei');
    // every source lies in the window, and no article is cited twice
    for (const s of out.sources) expect(s.date >= '2025-06-01' && s.date <= '2025-06-07').toBe(true);
    expect(new Set(out.sources.map((s: { articleId: string }) => s.articleId)).size).toBe(out.sources.length);

    // the same question a year earlier is about that year's race
    const before = JSON.parse((await dossier('ask', '--json', '--now', '2024-06-12', QUESTION)).stdout);
    expect(before.sources[0].date).toBe('2024-06-09');
    expect(before.sentences[0].text).toContain('Daniel Kiptoo');
  });

  it("says which window it used; --from/--to win over the question's words", async () => {
    const text = (await dossier('ask', '--now', '2025-06-07', QUESTION)).stdout;
    expect(text).toContain("Articles from 1–7 Jun 2025 (the question's dates)");
    const out = JSON.parse(
      (await dossier('ask', '--json', '--now', '2025-06-07', '--from', '2024', '--to', '2024', QUESTION)).stdout,
    );
    expect(out.window).toEqual({ from: '2024-01-01', to: '2024-12-31', source: 'options' });
    expect(out.sources[0].date).toBe('2024-06-09');
  });

  it('a window with no articles says so instead of answering from other dates', async () => {
    const out = (await dossier('ask', '--now', '2025-06-07', 'Who won the Riverside Marathon in March 2019?')).stdout;
    expect(out).toMatch(/No articles in the archive in the question's dates \(from 1–31 Mar 2019\)/);
  });

  it('refuses a --now that is not a day before loading anything', async () => {
    await expect(dossier('ask', '--now', '2025-13-01', QUESTION)).rejects.toMatchObject({
      stderr: expect.stringContaining('--now "2025-13-01": use a day like 2025-06-07'),
    });
  });

  it('ask --json --batch -: one answer per line in order, a bad line reported in its place', async () => {
    const lines = [
      JSON.stringify({ question: QUESTION, now: '2025-06-07' }),
      'not json',
      JSON.stringify({ question: QUESTION, now: '2024-06-12' }),
      JSON.stringify({ question: 'When did the Harbour Bridge reopen?', from: '2023', to: 'nope' }),
      '',
      JSON.stringify({ question: 'What did the city council approve?' }),
    ].join('\n');
    const { stdout, code } = await dossierStdin(`${lines}\n`, 'ask', '--json', '--batch', '-', '--now', '2025-06-07');
    const out = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(out).toHaveLength(5);
    expect(out[0].sources[0].date).toBe('2025-06-01');
    expect(out[1]).toMatchObject({ line: 2, error: expect.stringContaining('not valid JSON') });
    expect(out[2].sources[0].date).toBe('2024-06-09');
    expect(out[3]).toMatchObject({ line: 4, error: expect.stringContaining('--to "nope"') });
    // the command's --now is the default for lines without one
    expect(out[4]).toMatchObject({ now: '2025-06-07', covered: true });
    expect(out[4].sources[0].title).toContain('bike lanes');
    expect(code).toBe(1);
  });

  it('ask --batch FILE reads a file', async () => {
    const file = path.join(dir, 'questions.jsonl');
    fs.writeFileSync(file, `${JSON.stringify({ question: QUESTION, now: '2025-06-07' })}\n`);
    const { stdout } = await dossier('ask', '--json', '--batch', file);
    const out = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(out).toHaveLength(1);
    expect(out[0].window.source).toBe('question');
    await expect(dossier('ask', '--json', '--batch', path.join(dir, 'missing.jsonl'))).rejects.toMatchObject({
      stderr: expect.stringContaining('no such file'),
    });
  });
});
