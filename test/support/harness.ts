// Shared by the hardening tests and the stress scripts: a real index built with the real model, the
// real service, the real CLI in a clean environment, and the bot on a fake Discord with its checks.
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import pino from 'pino';
import type { Article } from '../../src/archive/article.js';
import type { Embedder } from '../../src/embed/types.js';
import { runReindex } from '../../src/index/pipeline.js';
import { createService, type ServiceOptions } from '../../src/service.js';
import type { DossierService } from '../../src/service-types.js';
import { startBot, type RunningBot } from '../../src/bot/start.js';
import { commands } from '../../commands/index.js';
import { sampleArticles } from './articles.js';
import { HNSW, ROOT, tempDir, testConfig } from './env.js';
import { FakeDiscord, messageProblems as limitProblems, type RecordedCall } from './fake-discord.js';

export async function buildIndex(
  indexDir: string,
  embedder: Embedder,
  articles: Article[] = sampleArticles(),
  full = false,
) {
  return runReindex({ indexDir, embedder, articles, hnsw: HNSW, full, allowEmpty: full });
}

export async function service(
  indexDir: string,
  embedder: Embedder,
  opts: ServiceOptions = {},
  env: Record<string, string> = {},
): Promise<DossierService> {
  return createService(testConfig(indexDir, env), { embedder, ...opts });
}

/** Runs the real CLI (bin/dossier.js) with a clean environment plus `env`; never inherits a .env from the repo. */
export function runCli(args: string[], env: Record<string, string> = {}, timeoutMs = 60_000) {
  const cwd = tempDir('dossier-cli-');
  const base: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? cwd,
    MODELS_DIR: path.join(ROOT, 'index-data/models'),
  };
  const r = spawnSync(process.execPath, [path.join(ROOT, 'bin/dossier.js'), ...args], {
    cwd,
    env: { ...base, ...env },
    encoding: 'utf8',
    timeout: timeoutMs,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, signal: r.signal };
}

export interface BotHarness {
  fake: FakeDiscord;
  bot: RunningBot;
  logs: Record<string, unknown>[];
  stop(): Promise<void>;
}

/** The real bot (startBot) logged in to a fake Discord, with its log lines captured. */
export async function botOnFake(
  svc: DossierService,
  indexDir: string,
  env: Record<string, string> = {},
): Promise<BotHarness> {
  const fake = await FakeDiscord.start();
  const config = testConfig(indexDir, {
    DISCORD_TOKEN: fake.token,
    DISCORD_API_URL: fake.apiBase,
    LOG_LEVEL: 'warn',
    ...env,
  });
  const logs: Record<string, unknown>[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => void logs.push(JSON.parse(line)) });
  const bot = await startBot(config, svc, commands, { logger, drainTimeoutMs: 5000 });
  await fake.waitForReady();
  return {
    fake,
    bot,
    logs,
    async stop() {
      await bot.stop();
      await fake.stop();
    },
  };
}

/** Every message-bearing REST body the bot sent (replies, edits, follow-ups, channel messages). */
export function messageBodies(calls: RecordedCall[]): { call: RecordedCall; body: any }[] {
  const out: { call: RecordedCall; body: any }[] = [];
  for (const c of calls) {
    if (c.method !== 'POST' && c.method !== 'PATCH') continue;
    if (!c.body || typeof c.body !== 'object') continue;
    if (/\/callback$/.test(c.path)) {
      // type 4 (reply) and 7 (update) carry a message; 5/6 (defer) and 8 (autocomplete) do not
      if (c.body.type === 4 || c.body.type === 7) out.push({ call: c, body: c.body.data ?? {} });
      continue;
    }
    // not messages: typing, opening a DM, registering commands, starting a thread (its name is checked apart)
    if (/\/typing$/.test(c.path) || /\/users\/@me\/channels$/.test(c.path) || /\/commands$/.test(c.path)) continue;
    if (/\/threads$/.test(c.path)) continue;
    out.push({ call: c, body: c.body });
  }
  return out;
}

/** Problems with one message body: mentions allowed, or a Discord limit exceeded (the fake's own checks). Empty when safe. */
export function messageProblems(body: any): string[] {
  const p: string[] = [];
  const am = body.allowed_mentions;
  if (!am || !Array.isArray(am.parse) || am.parse.length !== 0 || am.users?.length || am.roles?.length)
    p.push(`allowed_mentions not empty: ${JSON.stringify(am)}`);
  return [...p, ...limitProblems(body)];
}

/** All visible text of a message body (content, embed parts) joined, for content checks. */
export function visibleText(body: any): string {
  const parts: string[] = [body.content ?? ''];
  for (const e of body.embeds ?? []) {
    parts.push(e.title ?? '', e.description ?? '', e.footer?.text ?? '', e.author?.name ?? '');
    for (const f of e.fields ?? []) parts.push(f.name, f.value);
  }
  return parts.join('\n');
}
