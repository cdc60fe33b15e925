// Disk trouble during a re-index: the index folder read-only, or the disk filling up half-way. The
// re-index fails with a clear error, leaves no half-built generation, and the old index keeps serving.
// Real small tmpfs mounts when this process may mount (tests run as root); otherwise an injected
// failure (the build folder's path taken by a file) still covers the "clear error, old index serves" part.
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Embedder } from '../../src/embed/types.js';
import { CURRENT_FILE, currentGeneration } from '../../src/index/generations.js';
import type { DossierService } from '../../src/service-types.js';
import { article, sampleArticles } from '../support/articles.js';
import { tempDir } from '../support/env.js';
import { buildIndex, runCli, service } from '../support/harness.js';
import { realEmbedder } from '../support/model.js';

const mounts: string[] = [];
function tryMount(sizeKb: number): string | undefined {
  const dir = tempDir('dossier-mnt-');
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeKb}k`, 'tmpfs', dir], { stdio: 'pipe' });
    mounts.push(dir);
    return dir;
  } catch {
    return undefined;
  }
}
const canMount = (() => {
  const d = tryMount(64);
  return !!d;
})();

let emb: Embedder;
beforeAll(async () => {
  emb = await realEmbedder();
});
afterAll(async () => {
  await emb?.dispose();
  for (const m of mounts) {
    try {
      execFileSync('umount', ['-l', m], { stdio: 'pipe' });
    } catch {
      // already gone
    }
  }
});

async function expectServesAsBefore(svc: DossierService, generation: string, dir: string) {
  expect(currentGeneration(dir)).toBe(generation);
  const { answer } = await svc.ask({ text: 'Who raided the North Korean embassy in Madrid?' });
  expect(answer.covered).toBe(true);
  expect(answer.sources[0].title).toMatch(/Madrid/);
  expect(fs.readdirSync(dir).filter((e) => e.startsWith('.tmp-'))).toEqual([]);
}

describe('disk trouble during a re-index', () => {
  test.skipIf(!canMount)(
    'disk fills up: clear error naming the full disk, no half-built generation, old index serves',
    async () => {
      const dir = tryMount(1024)!;
      await buildIndex(dir, emb);
      const gen = currentGeneration(dir)!;
      const svc = await service(dir, emb);
      // leave ~40 KB free: the copy of the database for the next generation cannot fit
      const free = () => fs.statfsSync(dir).bavail * fs.statfsSync(dir).bsize;
      fs.writeFileSync(path.join(dir, 'filler.bin'), Buffer.alloc(Math.max(0, free() - 40 * 1024)));
      try {
        const err = await buildIndex(dir, emb, [
          ...sampleArticles(),
          article('Extra', 'A new article about a defector in Vienna.'),
        ]).then(
          () => undefined,
          (e: Error) => e,
        );
        expect(err, 'the re-index should not fit').toBeDefined();
        expect(err!.message).toMatch(/the disk holding .* is full .*still answers questions.*Free some space/);
        expect(err!.message).toContain(dir);
        await expectServesAsBefore(svc, gen, dir);
        // once there is room again, the next re-index completes
        fs.rmSync(path.join(dir, 'filler.bin'));
        expect(
          (
            await buildIndex(dir, emb, [
              ...sampleArticles(),
              article('Extra', 'A new article about a defector in Vienna.'),
            ])
          ).published,
        ).toBe(true);
      } finally {
        await svc.close();
      }
    },
  );

  test.skipIf(!canMount)(
    'index folder read-only: re-index refused clearly, old index serves; the CLI says it in one line',
    async () => {
      const dir = tryMount(2048)!;
      await buildIndex(dir, emb);
      const gen = currentGeneration(dir)!;
      execFileSync('mount', ['-o', 'remount,ro', dir]);
      const svc = await service(dir, emb);
      try {
        expect(await svc.ready()).toBe(true);
        const err = await svc.reindex({ sources: [] }).then(
          () => undefined,
          (e: Error) => e,
        );
        expect(err).toBeDefined();
        expect(err!.message).toMatch(/is read-only .*still answers questions.*Make it writable/);
        expect(err!.message).toContain(dir);
        await expectServesAsBefore(svc, gen, dir);
        expect(await svc.reindexRunning()).toBe(false);
      } finally {
        await svc.close();
      }
      const r = runCli(['index', '--full'], { INDEX_DIR: dir });
      expect(r.status).not.toBe(0);
      expect(
        r.stderr
          .trim()
          .split('\n')
          .filter((l) => l.startsWith('dossier:')),
      ).toEqual([expect.stringMatching(/is read-only/)]);
      expect(r.stderr).not.toContain('    at ');
      const asked = runCli(['ask', '--json', 'Who raided the embassy in Madrid?'], { INDEX_DIR: dir });
      expect(asked.status, asked.stderr).toBe(0);
      expect(JSON.parse(asked.stdout).covered).toBe(true);
    },
  );

  test('a write that fails inside the index folder (injected): clear error, CURRENT untouched, old index serves', async () => {
    const dir = tempDir();
    await buildIndex(dir, emb);
    const gen = currentGeneration(dir)!;
    const pointer = fs.readFileSync(path.join(dir, CURRENT_FILE), 'utf8');
    const svc = await service(dir, emb);
    const origWrite = fs.writeFileSync;
    let injected = 0;
    (fs as { writeFileSync: typeof fs.writeFileSync }).writeFileSync = ((
      file: fs.PathOrFileDescriptor,
      ...rest: unknown[]
    ) => {
      if (typeof file === 'string' && file.startsWith(dir) && file.endsWith('manifest.json')) {
        injected++;
        const e = new Error(`EACCES: permission denied, open '${file}'`) as NodeJS.ErrnoException;
        e.code = 'EACCES';
        throw e;
      }
      return (origWrite as (...a: unknown[]) => void)(file, ...rest);
    }) as typeof fs.writeFileSync;
    try {
      const err = await buildIndex(dir, emb, sampleArticles().slice(0, 2), true).then(
        () => undefined,
        (e: Error) => e,
      );
      expect(injected).toBe(1);
      expect(err?.message).toMatch(/no permission to write in .*still answers questions/);
      expect(fs.readFileSync(path.join(dir, CURRENT_FILE), 'utf8')).toBe(pointer);
      await expectServesAsBefore(svc, gen, dir);
    } finally {
      (fs as { writeFileSync: typeof fs.writeFileSync }).writeFileSync = origWrite;
      await svc.close();
    }
    // and the next re-index completes
    const s = await buildIndex(dir, emb, sampleArticles().slice(0, 2), true);
    expect(s.published).toBe(true);
  });
});
