// The house plan (DESIGN.md) kept by a test: every import of src/ and commands/ (static,
// dynamic, type-only, re-exports) points down the floors or stays on its own; rooms keep their size.
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, test } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');

/**
 * The floors, lowest first, from DESIGN.md's picture: archive → index → search → answer →
 * presenters, with settings and shared text rules below everything and the entry points on top.
 * A file may import its own floor or any floor below; a file on no floor fails the test.
 */
const FLOORS: { name: string; paths: string[] }[] = [
  { name: 'ground', paths: ['src/errors.ts', 'src/config.ts', 'src/progress.ts', 'src/text/'] },
  { name: 'archive', paths: ['src/archive/'] },
  { name: 'embed', paths: ['src/embed/'] },
  { name: 'store', paths: ['src/index/', 'src/store/', 'src/feedback/'] },
  { name: 'search', paths: ['src/search/'] },
  { name: 'answer', paths: ['src/answer/'] },
  { name: 'service', paths: ['src/service.ts', 'src/service/', 'src/service-types.ts', 'src/refresh.ts', 'src/eval/'] },
  { name: 'presenters', paths: ['src/bot/', 'src/cli/'] },
  // commands are built from the bot's helpers, and the bot never imports them (the entry point passes them in)
  { name: 'commands', paths: ['commands/'] },
  { name: 'entry points', paths: ['src/main.ts', 'src/cli/index.ts', 'src/cli/commands/'] },
];

const MAX_LINES = 300;

/** The floor of a repository-relative path: the longest matching prefix wins (src/cli/commands/ over src/cli/). */
function floorOf(rel: string): number | undefined {
  let best: { floor: number; len: number } | undefined;
  FLOORS.forEach((f, floor) => {
    for (const p of f.paths) {
      const hit = p.endsWith('/') ? rel.startsWith(p) : rel === p;
      if (hit && (!best || p.length > best.len)) best = { floor, len: p.length };
    }
  });
  return best?.floor;
}

interface ImportRef {
  from: string;
  to: string;
  line: number;
}

/** Every relative import of a source text: static, `import type`, `export … from`, `import()`. */
function importsOf(rel: string, text: string): { refs: ImportRef[]; unchecked: number[] } {
  const info = ts.preProcessFile(text, true, true);
  const lineOf = (pos: number) => text.slice(0, pos).split('\n').length;
  const refs: ImportRef[] = [];
  for (const f of info.importedFiles) {
    if (!f.fileName.startsWith('.')) continue; // a package, not a room
    const target = path.posix.normalize(path.posix.join(path.posix.dirname(rel), f.fileName));
    refs.push({ from: rel, to: target.replace(/\.js$/, '.ts'), line: lineOf(f.pos) });
  }
  // an import() of anything but a plain string cannot be checked: it must not exist
  const unchecked: number[] = [];
  for (const m of text.matchAll(/(?<![\w.$])import\s*\(\s*(?!['"])/g)) unchecked.push(lineOf(m.index));
  return { refs, unchecked };
}

function sourceFiles(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
      const rel = `${dir}/${e.name}`;
      if (e.isDirectory()) walk(rel);
      else if (/\.(ts|mts|mjs|js)$/.test(e.name)) out.push(rel);
    }
  };
  walk('src');
  walk('commands');
  return out.sort();
}

/** The imports that point up a floor (or to a file on no floor), as readable lines. */
function violations(files: { rel: string; text: string }[]): string[] {
  const out: string[] = [];
  for (const { rel, text } of files) {
    const own = floorOf(rel);
    if (own === undefined) {
      out.push(`${rel} is on no floor: add its room to FLOORS (test/architecture/layers.test.ts) and DESIGN.md`);
      continue;
    }
    const { refs, unchecked } = importsOf(rel, text);
    for (const line of unchecked) out.push(`${rel}:${line} imports a computed module name, which cannot be checked`);
    for (const r of refs) {
      const target = floorOf(r.to);
      if (target === undefined) out.push(`${rel}:${r.line} imports ${r.to}, which is on no floor`);
      else if (target > own)
        out.push(`${rel}:${r.line} (${FLOORS[own].name}) imports ${r.to} (${FLOORS[target].name}), a floor above it`);
    }
  }
  return out;
}

const files = sourceFiles().map((rel) => ({ rel, text: fs.readFileSync(path.join(ROOT, rel), 'utf8') }));

describe('layers', () => {
  test('every import of src/ and commands/ points down the floors', () => {
    expect(violations(files)).toEqual([]);
  });

  test('the checker sees every kind of import, and an upward one fails', () => {
    const text = [
      "import { a } from '../search/search.js';",
      "import type { B } from '../answer/types.js';",
      "export { c } from '../service.js';",
      "const d = await import('../bot/render.js');",
      "import '../cli/render.js';",
      'const e = await import(name);',
    ].join('\n');
    const v = violations([{ rel: 'src/index/example.ts', text }]);
    expect(v).toEqual([
      'src/index/example.ts:6 imports a computed module name, which cannot be checked',
      'src/index/example.ts:1 (store) imports src/search/search.ts (search), a floor above it',
      'src/index/example.ts:2 (store) imports src/answer/types.ts (answer), a floor above it',
      'src/index/example.ts:3 (store) imports src/service.ts (service), a floor above it',
      'src/index/example.ts:4 (store) imports src/bot/render.ts (presenters), a floor above it',
      'src/index/example.ts:5 (store) imports src/cli/render.ts (presenters), a floor above it',
    ]);
    // downward and same-floor imports pass; the bot importing the command list does not
    expect(violations([{ rel: 'src/search/x.ts', text: "import { y } from '../index/open.js';" }])).toEqual([]);
    expect(
      violations([{ rel: 'src/bot/start.ts', text: "import { commands } from '../../commands/index.js';" }]),
    ).toHaveLength(1);
    expect(violations([{ rel: 'src/newroom/x.ts', text: '' }])[0]).toMatch(/is on no floor/);
  });

  test('the entry points sit above everything they wire', () => {
    expect(floorOf('src/cli/commands/index.ts')).toBe(FLOORS.length - 1);
    expect(floorOf('src/main.ts')).toBe(FLOORS.length - 1);
    expect(floorOf('src/cli/render.ts')).toBeLessThan(floorOf('commands/ask.ts')!);
  });
});

describe('rooms of one job', () => {
  test(`no file in src/ or commands/ is over ${MAX_LINES} lines`, () => {
    const long = files
      .map(({ rel, text }) => ({ rel, lines: text.split('\n').length - (text.endsWith('\n') ? 1 : 0) }))
      .filter((f) => f.lines > MAX_LINES)
      .map((f) => `${f.rel}: ${f.lines} lines`);
    expect(long).toEqual([]);
  });

  test('every file opens with a comment on its job', () => {
    expect(files.filter(({ text }) => !text.startsWith('//')).map((f) => f.rel)).toEqual([]);
  });
});
