// Shared by the hardening tests and the stress script: temp folders, a small archive on distinct
// subjects, a real index built with the real model, the real service, and the bot on a fake Discord.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import pino from 'pino';
import { articleId, type Article } from '../../src/archive/article.js';
import { loadConfig, type Config } from '../../src/config.js';
import { loadEmbedder } from '../../src/embed/embedder.js';
import type { Embedder } from '../../src/embed/types.js';
import { runReindex } from '../../src/index/pipeline.js';
import { createService, type ServiceOptions } from '../../src/service.js';
import type { DossierService } from '../../src/service-types.js';
import { startBot, type RunningBot } from '../../src/bot/start.js';
import { commands } from '../../commands/index.js';
import { FakeDiscord, type RecordedCall } from '../support/fake-discord.js';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const HNSW = { M: 16, efConstruction: 200 };

export function tempDir(prefix = 'dossier-hard-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function article(title: string, body: string, extra: Partial<Article> = {}): Article {
  const a = { title, body, tags: [], origin: { file: 'hard.txt', line: 1 }, date: '2019-03-18', ...extra } as Article;
  return { ...a, id: extra.id ?? articleId(a) };
}

/** Four short articles on distinct subjects (fast with the real model). */
export function smallArchive(): Article[] {
  return [
    article(
      'Dissidents suspected in raid on North Korean embassy in Madrid',
      'An obscure North Korean dissident group was most likely behind a violent raid on the embassy in Madrid. ' +
        'Ten assailants tied up the staff and took computer hard drives. Spanish police said the attack was meticulously planned.',
      { author: 'Joseph Fitsanakis', date: '2019-03-18', url: 'https://intelnews.org/2019/03/18/01-2530/' },
    ),
    article(
      'French Senate official arrested for spying for North Korea',
      'A senior civil servant in the upper house of the French parliament was arrested on suspicion of spying for Pyongyang. ' +
        'Officers of the DGSI searched his office in the Senate.',
      { author: 'Joseph Fitsanakis', date: '2018-11-27', url: 'https://intelnews.org/2018/11/27/01-2422/' },
    ),
    article(
      'Russian military hackers targeted chemical weapons watchdog',
      'Dutch counterintelligence expelled four officers of the GRU who tried to hack the Organisation for the Prohibition of Chemical Weapons in The Hague. ' +
        'A car full of equipment was parked next to the building.',
      { author: 'Ian Allen', date: '2018-10-05', url: 'https://intelnews.org/2018/10/05/01-2389/' },
    ),
    article(
      'Israeli spy agency recruited informants through fake job ads',
      'Mossad placed advertisements for consulting work on social media to recruit sources in Iran and Lebanon. ' +
        'Respondents were asked about their military experience.',
      { author: 'Ian Allen', date: '2019-01-10', url: 'https://intelnews.org/2019/01/10/01-2450/' },
    ),
  ];
}

/** Settings as the product reads them, with the index in `indexDir`. */
export function testConfig(indexDir: string, env: Record<string, string> = {}): Config {
  return loadConfig({ INDEX_DIR: indexDir, ...env }, ROOT);
}

/** The real bundled model (one per process, shared through loadEmbedder's cache). */
export async function realEmbedder(): Promise<Embedder> {
  const cfg = loadConfig({}, ROOT);
  return loadEmbedder({
    model: cfg.EMBEDDING_MODEL,
    dtype: cfg.EMBEDDING_DTYPE,
    modelsDir: cfg.modelsDir,
    allowRemote: false,
  });
}

export async function buildIndex(
  indexDir: string,
  embedder: Embedder,
  articles: Article[] = smallArchive(),
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
    if (/\/typing$/.test(c.path) || /\/users\/@me\/channels$/.test(c.path) || /\/commands$/.test(c.path)) continue;
    out.push({ call: c, body: c.body });
  }
  return out;
}

/** Problems with one message body: mentions allowed, or a Discord limit exceeded. Empty when safe. */
export function messageProblems(body: any): string[] {
  const p: string[] = [];
  const am = body.allowed_mentions;
  if (!am || !Array.isArray(am.parse) || am.parse.length !== 0 || am.users?.length || am.roles?.length)
    p.push(`allowed_mentions not empty: ${JSON.stringify(am)}`);
  if (typeof body.content === 'string' && body.content.length > 2000) p.push(`content ${body.content.length} > 2000`);
  const embeds: any[] = body.embeds ?? [];
  if (embeds.length > 10) p.push(`${embeds.length} embeds`);
  let total = 0;
  for (const e of embeds) {
    const n =
      (e.title?.length ?? 0) +
      (e.description?.length ?? 0) +
      (e.footer?.text?.length ?? 0) +
      (e.author?.name?.length ?? 0) +
      (e.fields ?? []).reduce((s: number, f: any) => s + f.name.length + f.value.length, 0);
    total += n;
    if ((e.title?.length ?? 0) > 256) p.push('embed title > 256');
    if ((e.description?.length ?? 0) > 4096) p.push('embed description > 4096');
    if ((e.fields ?? []).length > 25) p.push('> 25 fields');
    for (const f of e.fields ?? []) {
      if (f.name.length > 256 || f.value.length > 1024) p.push('field over limit');
      if (!f.name.length || !f.value.length) p.push('empty field');
    }
  }
  if (total > 6000) p.push(`embeds total ${total} > 6000`);
  for (const row of body.components ?? []) {
    for (const c of row.components ?? []) {
      if (c.custom_id && c.custom_id.length > 100) p.push('custom_id > 100');
      if (c.label && c.label.length > 80) p.push('button label > 80');
    }
  }
  return p;
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
