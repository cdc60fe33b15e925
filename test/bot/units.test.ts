// Guards, option parsing, the state cache, log scrubbing and the progress throttle: the pure parts
// the router, commands and mention handler rely on.
import { Writable } from 'node:stream';
import { PermissionFlagsBits } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import { checkAdmin, checkIndexReady, Cooldown } from '../../src/bot/guards.js';
import { consoleDestination, createLogger, scrub } from '../../src/bot/log.js';
import { isForBot } from '../../src/bot/mentions.js';
import { buildQuery, OptionError, parseDateOption, questionFromMention } from '../../src/bot/options.js';
import { StateCache } from '../../src/bot/state-cache.js';
import { IndexUnavailableError } from '../../src/service-types.js';
import { ThrottledEditor } from '../../src/bot/throttle.js';

describe('cooldown', () => {
  it('allows N per window per user and says when to retry', () => {
    const c = new Cooldown({ limit: 2, windowMs: 30_000 });
    expect(c.take('u', 0).ok).toBe(true);
    expect(c.take('u', 1000).ok).toBe(true);
    const r = c.take('u', 2000);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.retryAfterMs).toBe(28_000);
      expect(r.message).toContain('in 28 s');
    }
    expect(c.take('other', 2000).ok).toBe(true);
    expect(c.take('u', 30_001).ok).toBe(true);
    expect(new Cooldown({ limit: 0, windowMs: 0 }).take('u').ok).toBe(true);
  });
});

describe('index guard', () => {
  it('lets a command run with an index; without one tells members an admin can /reindex, and admins the command', async () => {
    const up = { unavailable: () => undefined };
    const missing = {
      unavailable: () => new IndexUnavailableError('There is no index in /srv/x yet: run `dossier index`.', 'missing'),
    };
    expect(await checkIndexReady(up)).toEqual({ ok: true });
    const member = await checkIndexReady(missing);
    expect(member).toEqual({ ok: false, message: "The archive isn't ready yet; an admin can build it with /reindex." });
    const admin = await checkIndexReady(missing, true);
    expect(admin.ok).toBe(false);
    if (!admin.ok) {
      expect(admin.message).toMatch(
        /^The archive isn't ready yet; an admin can build it with \/reindex\. You can run \/reindex now/,
      );
      expect(admin.message).toContain('`dossier index`');
      expect(admin.message).not.toContain('/srv/x');
    }
    // an index that is there but cannot be used: admins get what it says, without server paths
    const broken = new IndexUnavailableError(
      'the index database /srv/dossier/index-data/index/gen-1/index.sqlite cannot be read (malformed): run `dossier index --full` to rebuild it',
      'unusable',
      '/srv/dossier/index-data/index',
    );
    const r = await checkIndexReady({ unavailable: () => broken }, true);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.message).toContain('/reindex full:true');
      expect(r.message).toContain('INDEX_DIR/gen-1/index.sqlite cannot be read');
      expect(r.message).not.toContain('/srv');
    }
    const m = await checkIndexReady({ unavailable: () => broken }, false);
    expect(!m.ok && m.message).toBe(
      "The archive's index can't be used right now; an admin can rebuild it with /reindex full:true.",
    );
  });

  it('every command that reads the index declares it; the others do not', () => {
    const needs = Object.fromEntries(commands.map((c) => [c.data.name, c.guards?.index]));
    expect(needs).toEqual({
      ask: true,
      search: true,
      article: true,
      reindex: undefined,
      stats: undefined,
      help: undefined,
      'Ask the archive': true,
    });
  });
});

describe('admin check', () => {
  const member = (permissions: bigint | null, roleIds: string[] = [], inGuild = true) => ({
    permissions,
    roleIds,
    inGuild,
  });
  it('needs Manage Server (or Administrator) or an admin role, inside a server', () => {
    expect(checkAdmin(member(PermissionFlagsBits.ManageGuild), []).ok).toBe(true);
    expect(checkAdmin(member(PermissionFlagsBits.Administrator), []).ok).toBe(true);
    expect(checkAdmin(member(PermissionFlagsBits.SendMessages), []).ok).toBe(false);
    expect(checkAdmin(member(PermissionFlagsBits.SendMessages, ['42']), ['42']).ok).toBe(true);
    expect(checkAdmin(member(PermissionFlagsBits.ManageGuild, [], false), []).ok).toBe(false);
    expect(checkAdmin(member(null), []).ok).toBe(false);
  });
});

describe('options', () => {
  it('turns years, months and days into an inclusive range', () => {
    expect(parseDateOption('2019', false)).toBe('2019-01-01');
    expect(parseDateOption('2019', true)).toBe('2019-12-31');
    expect(parseDateOption('2020-02', true)).toBe('2020-02-29');
    expect(parseDateOption('2019/3/5', false)).toBe('2019-03-05');
    expect(() => parseDateOption('March', false)).toThrow(OptionError);
    expect(() => parseDateOption('2019-02-30', false)).toThrow(/no day 30/);
    expect(buildQuery({ text: ' Who? ', author: '', from: '2018', to: '2019-03' })).toEqual({
      text: 'Who?',
      from: '2018-01-01',
      to: '2019-03-31',
    });
    expect(() => buildQuery({ text: 'x', from: '2020', to: '2019' })).toThrow(/after/);
    expect(() => buildQuery({ text: '   ' })).toThrow(/type a question/);
  });

  it('strips the bot mention from a question', () => {
    expect(questionFromMention('<@123> who raided  the embassy? <@!123>', '123')).toBe('who raided the embassy?');
    expect(questionFromMention('<@123>', '123')).toBe('');
    expect(questionFromMention('<@&555> who raided?', '123', ['555'])).toBe('who raided?');
  });

  it('answers DMs and explicit mentions, never bots or itself', () => {
    const base = { authorId: 'u', authorIsBot: false, inGuild: true, mentionsBot: true };
    expect(isForBot(base, 'bot')).toBe(true);
    expect(isForBot({ ...base, mentionsBot: false }, 'bot')).toBe(false);
    expect(isForBot({ ...base, inGuild: false, mentionsBot: false }, 'bot')).toBe(true);
    expect(isForBot({ ...base, authorIsBot: true }, 'bot')).toBe(false);
    expect(isForBot({ ...base, authorId: 'bot' }, 'bot')).toBe(false);
  });
});

describe('state cache', () => {
  it('is bounded, evicting the least recently used', () => {
    const c = new StateCache(2);
    const a = c.put({ kind: 'search', query: 'a', passages: [] });
    const b = c.put({ kind: 'search', query: 'b', passages: [] });
    c.get(a); // a is now more recent than b
    const d = c.put({ kind: 'search', query: 'd', passages: [] });
    expect(c.get(b)).toBeUndefined();
    expect(c.get(a)).toEqual({ kind: 'search', query: 'a', passages: [] });
    expect(c.get(d)).toEqual({ kind: 'search', query: 'd', passages: [] });
    expect(c.size).toBe(2);
    expect(a).toMatch(/^[A-Za-z0-9_-]{10}$/);
  });
});

describe('logging', () => {
  it('scrubs the token and interaction tokens from messages and errors', async () => {
    const token = 'MTA1.secret-token-value-abcdefghijklmnop';
    expect(scrub(`Bot ${token}`, [token])).not.toContain(token);
    expect(scrub('POST /api/v10/interactions/123/aW50ZXJhY3Rpb246MTIzNDU2Nzg5MDEy/callback', [])).toBe(
      'POST /api/v10/interactions/123/[redacted]/callback',
    );
    const lines: string[] = [];
    const sink = new Writable({
      write: (c, _e, cb) => {
        lines.push(String(c));
        cb();
      },
    });
    const log = createLogger('info', [token], sink);
    const err = Object.assign(new Error(`request failed with ${token}`), {
      url: 'http://x/api/v10/webhooks/1/aW50ZXJhY3Rpb246MTIzNDU2Nzg5MDEy/messages/@original',
    });
    log.error({ err, token, headers: { authorization: `Bot ${token}` } }, `boom ${token}`);
    await new Promise((r) => setImmediate(r));
    const out = lines.join('');
    expect(out).toContain('boom');
    expect(out).not.toContain(token);
    expect(out).not.toContain('aW50ZXJhY3Rpb246MTIzNDU2Nzg5MDEy');
  });

  it('writes readable lines on a terminal and JSON lines anywhere else, scrubbed either way', async () => {
    const token = 'MTA1.secret-token-value-abcdefghijklmnop';
    const capture = (isTTY: boolean) => {
      const lines: string[] = [];
      const stream = Object.assign(
        new Writable({
          write: (c, _e, cb) => {
            lines.push(String(c));
            cb();
          },
        }),
        { isTTY },
      ) as unknown as NodeJS.WriteStream;
      return { lines, stream };
    };
    const tty = capture(true);
    const pretty = createLogger('info', [token], consoleDestination(tty.stream, { NO_COLOR: '1' }));
    pretty.warn({ guilds: 2 }, `No slash commands are registered (token ${token})`);
    await new Promise((r) => setImmediate(r));
    const line = tty.lines.join('');
    expect(line).toMatch(/^\[\d\d:\d\d:\d\d\] WARN: No slash commands are registered \(token \[redacted\]\)\n/);
    expect(line).toMatch(/guilds: 2/);
    expect(line).not.toContain(token);
    expect(line.trimStart().startsWith('{')).toBe(false);
    // a file or a pipe: pino's default destination, JSON
    expect(consoleDestination(capture(false).stream)).toBeUndefined();
  });
});

describe('progress throttle', () => {
  it('edits at most once per interval, keeps the latest value, never overlaps', async () => {
    const sent: { v: number; at: number }[] = [];
    let active = 0;
    let maxActive = 0;
    const t = new ThrottledEditor<number>(async (v) => {
      active++;
      maxActive = Math.max(maxActive, active);
      sent.push({ v, at: Date.now() });
      await new Promise((r) => setTimeout(r, 5));
      active--;
    }, 150);
    t.push(1); // the first value goes out at once
    t.push(2);
    t.push(3);
    await new Promise((r) => setTimeout(r, 40));
    expect(sent.map((s) => s.v)).toEqual([1]);
    await new Promise((r) => setTimeout(r, 200)); // the latest pending value follows after the interval
    expect(sent.map((s) => s.v)).toEqual([1, 3]);
    expect(sent[1].at - sent[0].at).toBeGreaterThanOrEqual(145);
    t.push(4);
    await t.close(); // pending values are dropped: the caller sends its summary last
    expect(sent.map((s) => s.v)).toEqual([1, 3]);
    expect(maxActive).toBe(1);
  });
});

describe('the fake Discord refuses what Discord refuses', () => {
  it('flags bodies over the limits', async () => {
    const { messageProblems } = await import('../support/fake-discord.js');
    expect(messageProblems({ content: 'ok', embeds: [{ title: 't', fields: [{ name: 'n', value: 'v' }] }] })).toEqual(
      [],
    );
    expect(messageProblems({ content: 'x'.repeat(2001) })).toHaveLength(1);
    expect(messageProblems({ embeds: [{ description: 'd'.repeat(4097) }] })[0]).toMatch(/description/);
    expect(messageProblems({ embeds: [{ fields: [{ name: '', value: 'v' }] }] })[0]).toMatch(/name/);
    expect(
      messageProblems({ embeds: Array.from({ length: 3 }, () => ({ description: 'd'.repeat(2500) })) })[0],
    ).toMatch(/6000/);
    const button = (id: string) => ({ type: 2, style: 2, label: 'b', custom_id: id });
    expect(messageProblems({ components: [{ type: 1, components: [button('a'), button('a')] }] })[0]).toMatch(
      /duplicate/,
    );
    expect(messageProblems({ components: [{ type: 1, components: [button('x'.repeat(101))] }] })[0]).toMatch(
      /custom_id/,
    );
    expect(
      messageProblems({ choices: Array.from({ length: 26 }, (_, i) => ({ name: `c${i}`, value: `${i}` })) })[0],
    ).toMatch(/choices/);
  });
});
