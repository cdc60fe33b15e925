// Admin actions are checked at run time: a server owner can change a command's default permissions, so
// Discord letting a member run /reindex proves nothing. Over the fake Discord (which lets anyone invoke
// anything, as such a changed setting would), every admin-only command is refused to non-admins.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { PermissionFlagsBits } from 'discord.js';
import { commands } from '../../commands/index.js';
import { commandsByName, startBot, type RunningBot } from '../../src/bot/start.js';
import { FakeDiscord, MEMBER_PERMS, PERMS, snowflake, type InvokeOptions } from '../support/fake-discord.js';
import { StubService, stubArticle } from '../support/stub-service.js';
import pino from 'pino';
import { tempDir, testConfig } from '../support/env.js';
import { messageBodies, messageProblems } from '../support/harness.js';

const CONFIGURED_ADMIN_ROLE = snowflake();

let fake: FakeDiscord;
let bot: RunningBot;
let svc: StubService;
let reindexCalls = 0;

beforeAll(async () => {
  fake = await FakeDiscord.start();
  svc = new StubService([stubArticle({ id: 'u:1', title: 'Embassy raid in Madrid' })]);
  svc.reindexSteps = 1;
  const orig = svc.reindex.bind(svc);
  svc.reindex = (o, p) => {
    reindexCalls++;
    return orig(o, p);
  };
  const config = testConfig(tempDir(), {
    DISCORD_TOKEN: fake.token,
    DISCORD_API_URL: fake.apiBase,
    ADMIN_ROLE_IDS: `${fake.adminRoleId},${CONFIGURED_ADMIN_ROLE}`,
  });
  bot = await startBot(config, svc, commands, { logger: pino({ level: 'silent' }) });
  await fake.waitForReady();
});
afterAll(async () => {
  await bot?.stop();
  await fake?.stop();
});

/** Commands meant for admins: a runtime admin guard, or a default permission set on the command. */
const adminCommands = [...commandsByName(commands).values()].filter(
  (c) =>
    c.guards?.admin || (c.data.toJSON() as { default_member_permissions?: string | null }).default_member_permissions,
);

const NON_ADMINS: [string, InvokeOptions][] = [
  ['a plain member', {}],
  ['a member with a role that is not an admin role', { roles: [snowflake()] }],
  [
    'a moderator (manage messages/channels/roles, kick, ban) without Manage Server',
    {
      permissions:
        MEMBER_PERMS |
        PermissionFlagsBits.ManageMessages |
        PermissionFlagsBits.ManageChannels |
        PermissionFlagsBits.ManageRoles |
        PermissionFlagsBits.KickMembers |
        PermissionFlagsBits.BanMembers,
    },
  ],
  ['anyone in a DM', { dm: true }],
];

describe('admin-only commands', () => {
  test('there is at least one, and every command with a default permission also has the runtime guard', () => {
    expect(adminCommands.map((c) => c.data.name)).toContain('reindex');
    for (const c of adminCommands) expect(c.guards?.admin, c.data.name).toBe(true);
  });

  test.each(NON_ADMINS)('refused to %s, with an explanation, and nothing runs', async (_who, who) => {
    for (const c of adminCommands) {
      const before = reindexCalls;
      const it = fake.slash(c.data.name, c.data.name === 'reindex' ? { full: true } : {}, {
        ...who,
        user: { id: snowflake(), username: 'mallory' },
      });
      const reply = await it.response();
      expect(reply.content, c.data.name).toMatch(/admins|Manage Server|inside a server/);
      expect(it.callback()?.body?.data?.flags & 64, 'refusal is ephemeral').toBe(64);
      // give a wrongly started re-index a moment to show itself
      await new Promise((r) => setTimeout(r, 100));
      expect(reindexCalls, c.data.name).toBe(before);
      expect(await svc.reindexRunning()).toBe(false);
    }
  });

  test.each([
    ['Manage Server', { permissions: MEMBER_PERMS | PERMS.ManageGuild }],
    ['Administrator', { permissions: MEMBER_PERMS | PERMS.Administrator }],
  ] as [string, InvokeOptions][])('allowed with %s (the check is not simply "deny all")', async (_who, who) => {
    const before = reindexCalls;
    const it = fake.slash('reindex', {}, { ...who, user: { id: snowflake(), username: 'admin' } });
    await it.waitFor(
      (calls) => calls.some((c) => c.method === 'PATCH' && JSON.stringify(c.body).includes('added')),
      20_000,
      'the re-index summary',
    );
    expect(reindexCalls).toBe(before + 1);
  });

  // before the fix, a role missing from discord.js's guild cache (made while the gateway was away) was
  // dropped from roles.cache and its admins were refused
  test.each([
    ['a configured admin role', () => fake.adminRoleId],
    ['a configured admin role the guild cache has not seen', () => CONFIGURED_ADMIN_ROLE],
  ])('allowed with %s', async (_who, role) => {
    const before = reindexCalls;
    const it = fake.slash('reindex', {}, { roles: [role()], user: { id: snowflake(), username: 'archivist' } });
    await it.waitFor(
      (calls) => calls.some((c) => c.method === 'PATCH' && JSON.stringify(c.body).includes('added')),
      20_000,
      'the re-index summary',
    );
    expect(reindexCalls).toBe(before + 1);
  });

  test('every reply in this file was sent without mentions and within limits', () => {
    for (const { call, body } of messageBodies(fake.calls))
      expect(messageProblems(body), `${call.method} ${call.path}`).toEqual([]);
  });
});
