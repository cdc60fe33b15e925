// Wrong settings through the real CLI (bin/dossier.js): one line on stderr naming the setting and a good
// value, no stack trace, a non-zero exit.
import fs from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { describe, expect, test, vi } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { reportError } from '../../src/cli/context.js';
import { ROOT, tempDir } from '../support/env.js';

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function cli(args: string[], env: Record<string, string>): Promise<Run> {
  const cwd = tempDir('dossier-cfg-');
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [path.join(ROOT, 'bin/dossier.js'), ...args], {
      cwd,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: cwd,
        MODELS_DIR: path.join(ROOT, 'index-data/models'),
        INDEX_DIR: path.join(cwd, 'idx'),
        ...env,
      },
    });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d) => (stdout += d));
    p.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => p.kill('SIGKILL'), 60_000);
    p.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}

/** The error lines ("dossier: ...") a run printed; progress lines are not errors. */
const errorLines = (r: Run) => r.stderr.split('\n').filter((l) => l.startsWith('dossier:'));

const BAD_SETTINGS: [string, string, RegExp][] = [
  ['HNSW_M', 'x', /HNSW_M="x": must be a whole number between 4 and 128 \(for example HNSW_M=16\)/],
  ['EMBEDDING_DTYPE', 'fp16', /EMBEDDING_DTYPE="fp16": must be q8 or fp32/],
  ['HNSW_EF', '0', /HNSW_EF="0": must be between 10 and 5000/],
  ['COOLDOWN', 'fast', /COOLDOWN="fast": must be N\/DURATION like 5\/30s/],
  ['FETCH_MAX_BYTES', '-1', /FETCH_MAX_BYTES="-1": must be between 1024 and 2000000000/],
  ['HNSW_EF', '-3', /HNSW_EF="-3": must be between 10 and 5000 \(for example HNSW_EF=400\)/],
  ['HNSW_EF', '2.5', /HNSW_EF="2.5": must be a whole number between 10 and 5000/],
  ['REFRESH_INTERVAL', 'often', /REFRESH_INTERVAL="often": must be a duration/],
  ['ALLOW_REMOTE_MODELS', 'maybe', /ALLOW_REMOTE_MODELS="maybe": must be true or false/],
  ['ADMIN_ROLE_IDS', 'admins', /ADMIN_ROLE_IDS="admins": must be comma-separated Discord ids/],
  ['DISCORD_API_URL', 'not a url', /DISCORD_API_URL="not a url"/],
  ['LOG_LEVEL', 'loud', /LOG_LEVEL="loud": must be one of/],
];

describe('wrong settings through the real CLI', () => {
  // each process pays a tsx start-up (seconds on a busy machine): the CLI path is proven on a few values,
  // the one-line format for every setting in-process below (same loadConfig + reportError the CLI uses)
  test('bad number, unknown dtype: exit 2, one line naming it with a good example, no stack trace, no secret', async () => {
    const [m, d] = await Promise.all([
      cli(['stats'], { HNSW_M: 'x', DISCORD_TOKEN: 'secret-token-value' }),
      cli(['stats'], { EMBEDDING_DTYPE: 'fp16' }),
    ]);
    for (const [r, why] of [
      [m, /^dossier: setting HNSW_M="x": must be a whole number between 4 and 128 \(for example HNSW_M=16\)$/],
      [d, /^dossier: setting EMBEDDING_DTYPE="fp16": must be q8 or fp32 \(for example EMBEDDING_DTYPE=q8\)$/],
    ] as const) {
      expect(r.status).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr.trim()).toMatch(why);
      expect(r.stderr).not.toContain('    at ');
    }
    expect(m.stderr).not.toContain('secret-token-value');
  });

  test.each(BAD_SETTINGS)('%s=%s: the same one line, exit 2 (in-process)', (name, value, why) => {
    let err: unknown;
    try {
      loadConfig({ [name]: value }, ROOT);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const written: string[] = [];
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => {
      written.push(String(s));
      return true;
    });
    try {
      expect(reportError(err)).toBe(2);
    } finally {
      spy.mockRestore();
    }
    expect(written).toHaveLength(1);
    expect(written[0]).toMatch(why);
    expect(written[0].trim()).not.toContain('\n');
    expect(written[0]).toMatch(/\(for example [A-Z_]+=\S/);
  });

  test('unreadable or missing sources for `index`: one actionable line naming each, non-zero exit, nothing published', async () => {
    const cwd = tempDir();
    const file = path.join(cwd, 'notes.bin');
    fs.writeFileSync(file, Buffer.from([0, 1, 2, 3, 0, 0, 0xff, 0xfe]));
    const r = await cli(['index'], { ARCHIVE_SOURCES: `/nonexistent/archive,${file}`, INDEX_DIR: path.join(cwd, 'a') });
    expect(r.status).not.toBe(0);
    expect(errorLines(r)).toHaveLength(1);
    expect(errorLines(r)[0]).toMatch(/no such file or folder: \/nonexistent\/archive/);
    expect(errorLines(r)[0]).toMatch(/notes\.bin: (unknown format|empty file)/);
    expect(errorLines(r)[0]).toMatch(/ARCHIVE_SOURCES/);
    expect(r.stderr).not.toContain('    at ');
    expect(fs.existsSync(path.join(cwd, 'a', 'CURRENT'))).toBe(false);
  });

  test('`serve` without DISCORD_TOKEN: one line saying where to get and put it', async () => {
    const r = await cli(['serve'], {});
    expect(r.status).not.toBe(0);
    expect(errorLines(r)).toEqual([expect.stringMatching(/DISCORD_TOKEN is not set.*\.env/)]);
    expect(r.stderr).not.toContain('    at ');
  });
});
