// A fresh clone has no shared data folder beside it (the benchmarks' sibling folder): no test (or test
// helper) may point there. The pattern is built from parts so this file does not name the folder itself.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, seedFile } from './helpers.js';

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'fixtures' || e.name === 'node_modules' ? [] : files(p);
    return /\.(ts|js|mjs|cjs)$/.test(e.name) ? [p] : [];
  });
}

const SIBLING = ['\\.\\.', 'shared'].join('\\/');
const POINTS_THERE = new RegExp(`${SIBLING}\\b|['"\`]shared\\/(seed|eval|corpora)|\\/work\\/shared`);

describe('test fixtures', () => {
  it('no test file reads the shared sibling folder (the seed and fixtures live under test/fixtures)', () => {
    const self = path.join(repoRoot, 'test/archive/fixtures.test.ts');
    const offenders = files(path.join(repoRoot, 'test'))
      .filter((f) => f !== self)
      .filter((f) => POINTS_THERE.test(readFileSync(f, 'utf8')))
      .map((f) => path.relative(repoRoot, f));
    expect(offenders).toEqual([]);
  });

  it('the seed copy is inside the repository', () => {
    expect(path.relative(repoRoot, seedFile).startsWith('..')).toBe(false);
    expect(readFileSync(seedFile, 'utf8')).toMatch(/^Analysis: Who was behind the raid/);
  });
});
