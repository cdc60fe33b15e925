// Corrupt or missing index files: a broken vector graph is rebuilt from the vectors in SQLite (no
// re-embedding); a broken database or manifest is refused at open with what is wrong and
// `dossier index --full`; the service and the bot keep running (members: an admin can rebuild it;
// admins: what is wrong and the command) and recover without a restart once a good index is published.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Embedder } from '../../src/embed/types.js';
import { currentGeneration, DB_FILE, HNSW_FILE, MANIFEST_FILE } from '../../src/index/generations.js';
import { openIndex, IndexOpenError } from '../../src/index/open.js';
import { IndexUnavailableError } from '../../src/service-types.js';
import { sampleArticles } from '../support/articles.js';
import { tempDir } from '../support/env.js';
import { MEMBER_PERMS, PERMS } from '../support/fake-discord.js';
import { botOnFake, buildIndex, runCli, service } from '../support/harness.js';
import { realEmbedder } from '../support/model.js';

let emb: Embedder;
let embedCalls = 0;
beforeAll(async () => {
  const inner = await realEmbedder();
  // counts model calls, to prove a repair embeds nothing
  emb = {
    ...inner,
    modelId: inner.modelId,
    dtype: inner.dtype,
    dims: inner.dims,
    maxTokens: inner.maxTokens,
    embed: (t) => {
      embedCalls++;
      return inner.embed(t);
    },
    countTokens: (t) => inner.countTokens(t),
    dispose: () => inner.dispose(),
  };
});
afterAll(async () => {
  await emb?.dispose();
});

async function freshIndex(): Promise<{ dir: string; gen: string }> {
  const dir = tempDir();
  await buildIndex(dir, emb);
  return { dir, gen: currentGeneration(dir)! };
}

async function answersOf(dir: string) {
  const idx = openIndex(dir);
  try {
    const [q] = await emb.embed(['embassy raid in Madrid by dissidents']);
    return {
      dense: idx.dense(q, 3).map((h) => h.chunkId),
      lexical: idx.lexical('GRU Mossad Senate', 10).map((h) => h.chunkId),
      notices: idx.notices,
    };
  } finally {
    idx.close();
  }
}

describe('vector graph lost or damaged', () => {
  test.each([
    ['truncated to half', (f: string) => fs.truncateSync(f, Math.floor(fs.statSync(f).size / 2))],
    ['emptied', (f: string) => fs.truncateSync(f, 0)],
    ['garbage', (f: string) => fs.writeFileSync(f, Buffer.alloc(fs.statSync(f).size, 0xab))],
    ['deleted', (f: string) => fs.rmSync(f)],
  ])('%s: rebuilt from the SQLite vectors without embedding, same answers, repaired on disk', async (_name, damage) => {
    const { dir, gen } = await freshIndex();
    const before = await answersOf(dir);
    expect(before.notices).toEqual([]);
    damage(path.join(gen, HNSW_FILE));

    const calls = embedCalls;
    const idx = openIndex(dir);
    expect(embedCalls).toBe(calls); // opening never embeds
    expect(idx.notices.join(' ')).toMatch(/rebuilt it from the \d+ vectors stored in SQLite/);
    idx.close();
    const after = await answersOf(dir);
    expect(after.dense).toEqual(before.dense);
    expect(after.lexical).toEqual(before.lexical);
    expect(after.notices).toEqual([]); // the rebuilt graph was written back
  });
});

describe('database or manifest broken', () => {
  const cases: [string, (gen: string) => void, RegExp][] = [
    [
      'SQLite file is garbage',
      (g) => fs.writeFileSync(path.join(g, DB_FILE), Buffer.alloc(64 * 1024, 0x5a)),
      /database .* cannot be read/,
    ],
    [
      'SQLite file truncated',
      (g) => fs.truncateSync(path.join(g, DB_FILE), Math.floor(fs.statSync(path.join(g, DB_FILE)).size * 0.9)),
      /database .* cannot be read \(database disk image is malformed\)/,
    ],
    [
      'SQLite file is empty',
      (g) => fs.truncateSync(path.join(g, DB_FILE), 0),
      /database .* cannot be read|no such table/,
    ],
    ['manifest missing', (g) => fs.rmSync(path.join(g, MANIFEST_FILE)), /missing or unreadable manifest/],
    [
      'manifest is not JSON',
      (g) => fs.writeFileSync(path.join(g, MANIFEST_FILE), '{"modelId": '),
      /missing or unreadable manifest/,
    ],
    [
      'manifest from another model',
      (g) => {
        const f = path.join(g, MANIFEST_FILE);
        fs.writeFileSync(
          f,
          JSON.stringify({ ...JSON.parse(fs.readFileSync(f, 'utf8')), modelId: 'intfloat/e5-small-v2' }),
        );
      },
      /built with the model intfloat\/e5-small-v2, but EMBEDDING_MODEL is/,
    ],
    [
      'manifest with other dimensions',
      (g) => {
        const f = path.join(g, MANIFEST_FILE);
        fs.writeFileSync(f, JSON.stringify({ ...JSON.parse(fs.readFileSync(f, 'utf8')), dims: 768 }));
      },
      /768 dimensions/,
    ],
  ];

  test.each(cases)(
    '%s: open says what is wrong and to run `dossier index --full`; service waits, then recovers',
    async (_name, damage, why) => {
      const { dir, gen } = await freshIndex();
      damage(gen);
      expect(() => openIndex(dir, { expect: { modelId: emb.modelId, dtype: emb.dtype, dims: emb.dims } })).toThrow(
        IndexOpenError,
      );
      try {
        openIndex(dir, { expect: { modelId: emb.modelId, dtype: emb.dtype, dims: emb.dims } });
      } catch (err) {
        expect((err as Error).message).toMatch(why);
        expect((err as Error).message).toMatch(/dossier index --full/);
        expect((err as Error).message).not.toContain('\n');
      }

      const svc = await service(dir, emb);
      try {
        expect(await svc.ready()).toBe(false);
        expect(await svc.unavailableReason()).toMatch(/dossier index --full/);
        await expect(svc.ask({ text: 'embassy raid' })).rejects.toBeInstanceOf(IndexUnavailableError);
        expect(await svc.findTitles('embassy', 5)).toEqual([]);
        expect(await svc.stats()).toBeUndefined();

        // the fix the message names, run by someone else (another process would do the same)
        const s = await buildIndex(dir, emb, sampleArticles(), true);
        expect(s.published).toBe(true);
        expect(await svc.ready()).toBe(true);
        const { answer } = await svc.ask({ text: 'Who raided the North Korean embassy in Madrid?' });
        expect(answer.covered).toBe(true);
        expect(answer.sources[0].title).toMatch(/Madrid/);
      } finally {
        await svc.close();
      }
    },
  );

  test('the CLI says it in one line with the fix, no stack trace', async () => {
    const { dir, gen } = await freshIndex();
    fs.writeFileSync(path.join(gen, DB_FILE), 'not a database at all'.repeat(100));
    const r = runCli(['stats'], { INDEX_DIR: dir });
    expect(r.status).not.toBe(0);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/cannot be read.*dossier index --full/);
    expect(r.stderr).not.toContain('    at ');
  });
});

describe('the bot with a broken index', () => {
  test('starts, says the index cannot be used (admins: why, and the command), recovers without a restart', async () => {
    const { dir, gen } = await freshIndex();
    fs.writeFileSync(path.join(gen, DB_FILE), Buffer.alloc(8192, 0x11));
    const svc = await service(dir, emb);
    const h = await botOnFake(svc, dir, { COOLDOWN: 'off' });
    try {
      const down = await h.fake.slash('ask', { question: 'Who raided the embassy in Madrid?' }).response();
      expect(down.content).toBe(
        "The archive's index can't be used right now; an admin can rebuild it with /reindex full:true.",
      );
      const admin = await h.fake
        .slash(
          'ask',
          { question: 'Who raided the embassy in Madrid?' },
          { permissions: MEMBER_PERMS | PERMS.ManageGuild },
        )
        .response();
      expect(admin.content).toMatch(/What the index says: .*dossier index --full/);
      // the reason names the index folder on the server: the chat sees INDEX_DIR instead
      expect(admin.content).not.toContain(dir);
      const mention = h.fake.userMessage('who raided the embassy?');
      await h.fake.waitFor(
        () =>
          h.fake.calls.find(
            (c) =>
              c.method === 'POST' &&
              c.path.endsWith('/messages') &&
              c.body?.message_reference?.message_id === mention.id,
          ),
        20_000,
        'mention reply',
      );
      const stats = await h.fake.slash('stats').response();
      expect(JSON.stringify(stats)).toMatch(/rebuild it with \/reindex full:true/);

      await buildIndex(dir, emb, sampleArticles(), true);
      const up = await h.fake.slash('ask', { question: 'Who raided the North Korean embassy in Madrid?' }).response();
      expect(up.embeds?.[0]?.description ?? '').not.toMatch(/can't answer/);
      expect(JSON.stringify(up.embeds)).toMatch(/intelnews\.org\/2019\/03\/18/);
      expect(h.logs.filter((l) => (l.level as number) >= 50)).toEqual([]);
    } finally {
      await h.stop();
      await svc.close();
    }
  });
});
