// The command-line entry points of the bot: serve as a real process (missing token; login, then
// SIGTERM → exit 0), deploy-commands (guild and global) and feedback (--worst, --json) in-process.
import { spawn } from 'node:child_process';
import net from 'node:net';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { registerFeedback } from '../../src/cli/commands/feedback.js';
import { registerServe } from '../../src/cli/commands/serve.js';
import { openFeedbackStore } from '../../src/feedback/store.js';
import { userDigest } from '../../src/bot/user-digest.js';
import { commands } from '../../commands/index.js';
import { FakeDiscord } from '../support/fake-discord.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');
const CLI = path.join(ROOT, 'src/cli/index.ts');

let tmp: string;
let fake: FakeDiscord;

function run(
  args: string[],
  env: Record<string, string>,
  opts: { onStart?: (p: ReturnType<typeof spawn>) => void } = {},
) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    // cwd is a temp dir: no .env from the repo leaks in; the model cache is the project's
    const p = spawn(TSX, [CLI, ...args], {
      cwd: tmp,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? tmp,
        MODELS_DIR: path.join(ROOT, 'index-data/models'),
        INDEX_DIR: path.join(tmp, 'index'),
        LOG_LEVEL: 'info',
        ...env,
      },
    });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d) => (stdout += d));
    p.stderr.on('data', (d) => (stderr += d));
    p.on('close', (code) => resolve({ code, stdout, stderr }));
    opts.onStart?.(p);
  });
}

beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'dossier-bot-cli-'));
  fake = await FakeDiscord.start();
});
afterAll(async () => {
  await fake?.stop();
  if (tmp) await fs.rm(tmp, { recursive: true, force: true });
});

describe('dossier serve', () => {
  it('without DISCORD_TOKEN prints one line saying to set it', async () => {
    const r = await run(['serve'], { DISCORD_TOKEN: '' });
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/DISCORD_TOKEN is not set/);
  });

  it('a token Discord refuses is said in one line before the model is loaded', async () => {
    const r = await run(['serve'], {
      DISCORD_TOKEN: 'not.the.right.token.at.all.xxxxxxxxxxxxxxxx',
      DISCORD_API_URL: fake.apiBase,
    });
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/^dossier: Discord refused the token \(401 Unauthorized\)\. .*Reset Token.*DISCORD_TOKEN/),
    ]);
    // the model would have been loading by now: it never started
    expect(r.stdout).not.toMatch(/loading the embedding model/);
    expect(r.stderr + r.stdout).not.toContain('not.the.right.token');
  }, 60_000);

  it('no way to reach Discord is said in one line with what to check', async () => {
    const closed = await new Promise<number>((resolve) => {
      const srv = net.createServer();
      srv.listen(0, '127.0.0.1', () => {
        const port = (srv.address() as net.AddressInfo).port;
        srv.close(() => resolve(port));
      });
    });
    const r = await run(['serve'], { DISCORD_TOKEN: fake.token, DISCORD_API_URL: `http://127.0.0.1:${closed}/api` });
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(
        /^dossier: Can't reach Discord at 127\.0\.0\.1:\d+ \(ECONNREFUSED\)\. Check this machine's network/,
      ),
    ]);
    expect(r.stdout).not.toMatch(/loading the embedding model/);
  }, 60_000);

  it('logs in, says what the admin still has to do, answers (explaining a missing index), exits 0 on SIGTERM', async () => {
    let child: ReturnType<typeof spawn> | undefined;
    const done = run(
      ['serve'],
      { DISCORD_TOKEN: fake.token, DISCORD_API_URL: fake.apiBase },
      { onStart: (p) => (child = p) },
    );
    // under load (other suites start shard processes and models meanwhile) a start can take a minute
    await fake.waitFor(() => fake.connected, 120_000, 'the serve process to log in');
    // after login it lists the registered commands, globally and in the server it is in
    await fake.waitFor(
      () =>
        fake.calls.find(
          (c) => c.method === 'GET' && c.path === `/applications/${fake.appId}/guilds/${fake.guildId}/commands`,
        ),
      20_000,
      'the command check',
    );
    const i = fake.slash('ask', { question: 'Who raided the embassy?' });
    const msg = await i.response(20_000);
    expect(msg.content).toBe("The archive isn't ready yet; an admin can build it with /reindex.");
    child!.kill('SIGTERM');
    const r = await done;
    expect(r.code).toBe(0);
    expect(fake.connected).toBe(false);
    expect(r.stdout + r.stderr).not.toContain(fake.token);
    // not a terminal: JSON lines, one per event
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { level: number; msg: string });
    const said = (re: RegExp) => lines.find((l) => re.test(l.msg));
    expect(said(/^Discord accepted the token/)).toBeDefined();
    expect(said(/"Public Bot" is on/)?.level).toBe(40);
    const none = said(/^No slash commands are registered/);
    expect(none?.level).toBe(40);
    // the bot is in one server: the command to paste names it
    expect(none?.msg).toContain(`npx dossier deploy-commands --guild ${fake.guildId}`);
    const invite = said(/^invite link/)?.msg.match(/https:\S+/)?.[0];
    expect(invite).toBe(
      `https://discord.com/oauth2/authorize?client_id=${fake.appId}&scope=bot%20applications.commands&permissions=309237730304`,
    );
    // the token was checked before the model started loading
    expect(lines.findIndex((l) => /accepted the token/.test(l.msg))).toBeLessThan(
      lines.findIndex((l) => /loading the embedding model/.test(l.msg)),
    );
  }, 180_000);
});

// deploy-commands and feedback run in this process (quick): one environment for the whole file,
// since the CLI reads its settings once
async function inProcess(register: (p: Command) => void, args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const so = vi.spyOn(process.stdout, 'write').mockImplementation((c) => {
    out.push(String(c));
    return true;
  });
  const se = vi.spyOn(process.stderr, 'write').mockImplementation((c) => {
    err.push(String(c));
    return true;
  });
  process.exitCode = undefined;
  try {
    const program = new Command('dossier').exitOverride();
    register(program);
    await program.parseAsync(['node', 'dossier', ...args]);
  } finally {
    so.mockRestore();
    se.mockRestore();
  }
  const code = process.exitCode ?? 0;
  process.exitCode = undefined;
  return { code, stdout: out.join(''), stderr: err.join('') };
}

describe('dossier deploy-commands', () => {
  it('registers in one server with --guild, or globally (application id from /applications/@me)', async () => {
    Object.assign(process.env, {
      DISCORD_TOKEN: fake.token,
      DISCORD_API_URL: fake.apiBase,
      INDEX_DIR: path.join(tmp, 'index'),
    });
    const g = await inProcess(registerServe, ['deploy-commands', '--guild', fake.guildId]);
    expect(g.code).toBe(0);
    expect(commands).toHaveLength(8);
    expect(g.stdout).toContain(`Registered 8 commands in server ${fake.guildId}`);
    const global = await inProcess(registerServe, ['deploy-commands']);
    expect(global.code).toBe(0);
    expect(global.stdout).toContain('globally');
    expect(fake.calls.some((c) => c.method === 'GET' && c.path === '/applications/@me')).toBe(true);
    expect(fake.calls.some((c) => c.method === 'PUT' && c.path === `/applications/${fake.appId}/commands`)).toBe(true);
    expect(g.stdout).toContain(
      `Invite link, if the bot is not in your server yet: https://discord.com/oauth2/authorize?client_id=${fake.appId}&`,
    );
    expect(fake.registeredNames(fake.guildId)).toHaveLength(8);
    expect(fake.registeredNames()).toHaveLength(8);
    // both at once shows every command twice in that server: --clear removes one set
    const clear = await inProcess(registerServe, ['deploy-commands', '--clear']);
    expect(clear.code).toBe(0);
    expect(clear.stdout).toContain('Removed the commands registered globally');
    expect(fake.registeredNames()).toEqual([]);
    expect(fake.registeredNames(fake.guildId)).toHaveLength(8);
    fake.failNext(1, 401);
    const bad = await inProcess(registerServe, ['deploy-commands', '--guild', fake.guildId]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/refused the token/);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('dossier feedback', () => {
  it('lists the least helpful questions, as text or JSON', async () => {
    Object.assign(process.env, { INDEX_DIR: path.join(tmp, 'index') });
    await fs.rm(path.join(tmp, 'index'), { recursive: true, force: true });
    const empty = await inProcess(registerFeedback, ['feedback']);
    expect(empty.stdout).toMatch(/No votes yet/);
    const store = openFeedbackStore(path.join(tmp, 'index'));
    store.record({ answerId: 'a', question: 'good one', citedArticleIds: ['u:1'], userHash: userDigest('1'), vote: 1 });
    store.record({ answerId: 'b', question: 'bad one', citedArticleIds: ['u:2'], userHash: userDigest('1'), vote: -1 });
    store.close();
    const text = await inProcess(registerFeedback, ['feedback', '--worst', '5']);
    expect(text.code).toBe(0);
    expect(text.stdout.indexOf('bad one')).toBeLessThan(text.stdout.indexOf('good one'));
    const json = await inProcess(registerFeedback, ['feedback', '--worst', '1', '--json']);
    expect(JSON.parse(json.stdout)).toEqual([
      expect.objectContaining({ question: 'bad one', up: 0, down: 1, citedArticleIds: ['u:2'] }),
    ]);
    const bad = await inProcess(registerFeedback, ['feedback', '--worst', 'x']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/whole number/);
  });
});
