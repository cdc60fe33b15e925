// A first-time admin's bot before any index exists, over the fake Discord with the real service and
// model: members are told an admin can build it with /reindex (never a server path or a shell
// command), admins also get the command, and a /reindex whose sources cannot be read says what to fix.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DossierService } from '../../src/service-types.js';
import { tempDir } from '../support/env.js';
import { MEMBER_PERMS, PERMS, type FakeUser } from '../support/fake-discord.js';
import {
  type BotHarness,
  botOnFake,
  messageBodies,
  messageProblems,
  service,
  visibleText,
} from '../support/harness.js';
import { realEmbedder } from '../support/model.js';

let root: string;
let svc: DossierService;
let h: BotHarness;
let users = 0;
const newUser = (): FakeUser => ({ id: String(500000000000000000n + BigInt(++users)), username: `first${users}` });
const ADMIN = { permissions: MEMBER_PERMS | PERMS.ManageGuild };
const MEMBER_TEXT = "The archive isn't ready yet; an admin can build it with /reindex.";

beforeAll(async () => {
  root = tempDir('dossier-first-run-');
  // ARCHIVE_SOURCES set with a typo: the folder it names does not exist
  const env = { ARCHIVE_SOURCES: path.join(root, 'archvie') };
  svc = await service(path.join(root, 'index'), await realEmbedder(), {}, env);
  h = await botOnFake(svc, path.join(root, 'index'), env);
}, 120_000);

afterAll(async () => {
  await h?.stop();
  await svc?.close();
  fs.rmSync(root, { recursive: true, force: true });
});

describe('before the first index', () => {
  it('members are told an admin can build it with /reindex: no path, no shell command', async () => {
    const i = h.fake.slash('ask', { question: 'Who raided the embassy?' }, { user: newUser() });
    const r = await i.response();
    expect(r.content).toBe(MEMBER_TEXT);
    expect(i.callback()?.body.data.flags).toBe(64); // only to them
    for (const cmd of [
      ['search', { query: 'embassy' }],
      ['article', { title: 'embassy' }],
    ] as const) {
      expect((await h.fake.slash(cmd[0], cmd[1], { user: newUser() }).response()).content).toBe(MEMBER_TEXT);
    }
    const mention = h.fake.userMessage('Who raided the embassy?', { author: newUser() });
    const reply = await h.fake.waitFor(() =>
      h.fake.calls.find((c) => c.body?.message_reference?.message_id === mention.id),
    );
    expect(reply.body.content).toBe(MEMBER_TEXT);
    const stats = await h.fake.slash('stats', {}, { user: newUser() }).response();
    expect(stats.embeds[0].description).toBe(MEMBER_TEXT);
  });

  it('admins get the same, and the command to run', async () => {
    const r = await h.fake
      .slash('ask', { question: 'Who raided the embassy?' }, { user: newUser(), ...ADMIN })
      .response();
    expect(r.content).toMatch(
      /^The archive isn't ready yet; an admin can build it with \/reindex\. You can run \/reindex now/,
    );
    expect(r.content).toContain('`dossier index`');
  });

  it('a /reindex whose sources cannot be read says what to fix, not "something went wrong"', async () => {
    const run = h.fake.slash('reindex', {}, { user: newUser(), ...ADMIN });
    const said = await run.waitFor(
      (calls) => calls.find((c) => c.method === 'PATCH' && c.status === 200 && typeof c.body?.content === 'string'),
      50_000,
      'the outcome',
    );
    // in place of the "running…" reply, which must not be left behind
    expect(said.body.embeds).toEqual([]);
    expect(said.body.content).toMatch(/^The sources gave no articles, so nothing was published/);
    expect(said.body.content).toContain('ARCHIVE_SOURCES');
    expect(said.body.content).not.toMatch(/ref `/);
    expect(await svc.ready()).toBe(false);
  });

  it('nothing the bot sent names a server path, pings anyone or breaks a Discord limit', () => {
    const bodies = messageBodies(h.fake.calls);
    expect(bodies.length).toBeGreaterThan(6);
    for (const { body } of bodies) {
      expect(messageProblems(body)).toEqual([]);
      const text = visibleText(body);
      expect(text).not.toContain(root);
      expect(text).not.toMatch(/\/tmp\/|index-data/);
    }
  });
});
