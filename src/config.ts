// Every setting, read from the environment and validated with zod. Entry points load dotenv;
// this module only reads the env object it is given. A bad setting is one readable line.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { DossierError } from './errors.js';

/** The project folder: the nearest one above this module holding package.json (src/ under tsx, dist/src/ compiled). */
function projectRoot(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  for (let dir = here; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) return path.resolve(here, '..');
  }
}

export const PROJECT_ROOT = projectRoot();
export const BUNDLED_MODEL = 'sentence-transformers/all-MiniLM-L6-v2';
export const SAMPLE_ARCHIVE = path.join(PROJECT_ROOT, 'index-data', 'archive');

/** A bad setting: "setting NAME=value: what is wrong (for example NAME=good)"; the CLI exits 2. */
export class ConfigError extends DossierError {
  constructor(message: string) {
    super(message, { exitCode: 2 });
  }
}

/** "90s", "5m", "1h", "2d" or plain seconds → milliseconds */
export function parseDuration(s: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$/i.exec(s);
  if (!m) return undefined;
  const n = Number(m[1]);
  const unit = (m[2] ?? 's').toLowerCase();
  const mult = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[unit as 'ms' | 's' | 'm' | 'h' | 'd'];
  return Math.round(n * mult);
}

const bool = z
  .string()
  .trim()
  .toLowerCase()
  .refine((v) => ['true', 'false', '1', '0', 'yes', 'no', 'on', 'off'].includes(v), 'must be true or false')
  .transform((v) => ['true', '1', 'yes', 'on'].includes(v));

// a negative number is a whole number too: it is told the range, not that it is no number
const int = (min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^[-+]?\d+$/, `must be a whole number between ${min} and ${max}`)
    .transform(Number)
    .refine((n) => n >= min && n <= max, `must be between ${min} and ${max}`);

const duration = (allowOff: boolean) =>
  z
    .string()
    .trim()
    .refine(
      (v) => (allowOff && ['off', '0', ''].includes(v.toLowerCase())) || parseDuration(v) !== undefined,
      `must be a duration like 30s, 15m, 1h or 1d${allowOff ? ' (or off)' : ''}`,
    )
    .transform((v) => (allowOff && ['off', '0', ''].includes(v.toLowerCase()) ? 0 : parseDuration(v)!));

const list = z.string().transform((v) =>
  v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean),
);

const snowflakes = list.refine(
  (ids) => ids.every((id) => /^\d{17,20}$/.test(id)),
  'must be comma-separated Discord ids (17–20 digits)',
);

/** "5/30s": at most 5 questions per 30 seconds per user; "off" disables */
const cooldown = z
  .string()
  .trim()
  .refine(
    (v) => v.toLowerCase() === 'off' || /^\d+\s*\/\s*\d+(?:\.\d+)?\s*(ms|s|m|h)?$/i.test(v),
    'must be N/DURATION like 5/30s (or off)',
  )
  .transform((v) => {
    if (v.toLowerCase() === 'off') return { limit: 0, windowMs: 0 };
    const [n, d] = v.split('/');
    return { limit: Number(n.trim()), windowMs: parseDuration(d.trim())! };
  });

/** name → [schema, default (as the env string), example of a good value, description for .env.example] */
const settings = {
  DISCORD_TOKEN: [
    z.string().trim().min(1).optional(),
    undefined,
    'MTA1...your-bot-token',
    'Bot token from the Discord developer portal. Unset: `npm start` opens the local chat instead.',
  ],
  DISCORD_APPLICATION_ID: [
    z
      .string()
      .trim()
      .regex(/^\d{17,20}$/, 'must be the application id (17–20 digits)')
      .optional(),
    undefined,
    '123456789012345678',
    'Application id (optional: read from the token at login).',
  ],
  DISCORD_GUILD_ID: [
    z
      .string()
      .trim()
      .regex(/^\d{17,20}$/, 'must be a server id (17–20 digits)')
      .optional(),
    undefined,
    '123456789012345678',
    'Register commands in this server only (instant); unset registers them globally.',
  ],
  DISCORD_API_URL: [
    z.string().url().optional(),
    undefined,
    'https://discord.com/api',
    'Discord REST base URL (tests point it at a fake Discord).',
  ],
  ADMIN_ROLE_IDS: [
    snowflakes,
    '',
    '123456789012345678,234567890123456789',
    'Roles allowed to re-index, besides Manage Server (comma-separated ids).',
  ],
  COOLDOWN: [cooldown, '5/30s', '5/30s', 'Per-user question limit: N questions per duration, or off.'],
  ANSWER_CONCURRENCY: [
    int(0, 64),
    '2',
    '2',
    "Questions (`/ask`, `/search`, `/timeline`, mentions) computed at once in a process; the rest wait their turn in arrival order, so a burst of questions never holds up Discord's 3-second acknowledgement of a new slash command (0: no limit).",
  ],
  MESSAGE_CONTENT_INTENT: [
    bool,
    'false',
    'true',
    'Answer follow-ups in threads without a mention (needs the privileged Message Content intent in the portal).',
  ],
  ARCHIVE_SOURCES: [
    list,
    '',
    'index-data/archive,https://intelnews.org',
    'Comma-separated files, folders or URLs to index. Empty: the bundled sample archive.',
  ],
  INDEX_DIR: [
    z.string().trim().min(1),
    'index-data/index',
    'index-data/index',
    'Where the index lives (relative to the working directory).',
  ],
  INDEX_STORE: [
    z
      .string()
      .trim()
      .refine(
        (v) => v === 'embedded' || /^postgres(ql)?:\/\/\S+$/.test(v),
        'must be embedded or a postgres:// connection URL',
      ),
    'embedded',
    'postgres://dossier:secret@db.example.org:5432/dossier',
    'Where the index lives: embedded (SQLite + hnswlib in INDEX_DIR) or a postgres:// URL (PostgreSQL 15+ with pgvector 0.7+).',
  ],
  MODELS_DIR: [
    z.string().trim().min(1),
    'index-data/models',
    'index-data/models',
    'Where the embedding model is built or cached.',
  ],
  EMBEDDING_MODEL: [
    z.string().trim().min(1),
    BUNDLED_MODEL,
    BUNDLED_MODEL,
    'Embedding model: the bundled all-MiniLM-L6-v2, or a transformers.js hub id with ALLOW_REMOTE_MODELS=true.',
  ],
  EMBEDDING_DTYPE: [
    z.enum(['q8', 'fp32'], { message: 'must be q8 or fp32' }),
    'q8',
    'q8',
    'q8 (int8, faster) or fp32 (exact).',
  ],
  ALLOW_REMOTE_MODELS: [
    bool,
    'false',
    'false',
    'Allow downloading models from the Hugging Face hub (off: fully offline).',
  ],
  HNSW_M: [int(4, 128), '16', '16', 'HNSW graph degree.'],
  HNSW_EF_CONSTRUCTION: [int(10, 2000), '200', '200', 'HNSW build-time candidate list size.'],
  HNSW_EF: [
    int(10, 5000),
    '400',
    '400',
    'HNSW query-time candidate list size (recall@10 ≥ 0.99 at 100k chunks; see Performance).',
  ],
  INDEX_WORKERS: [
    int(1, 64),
    '1',
    '2',
    'Worker threads that embed during a re-index (`dossier index --workers N` for one run); each holds its own copy of the model (~150 MB).',
  ],
  ALLOW_PRIVATE_URLS: [bool, 'false', 'false', 'Allow URL sources on private/loopback addresses (tests only).'],
  FETCH_CONCURRENCY: [int(1, 16), '2', '2', 'Parallel requests per URL source.'],
  FETCH_DELAY_MS: [int(0, 60_000), '250', '250', 'Pause between requests to the same site, in ms.'],
  FETCH_TIMEOUT_MS: [int(100, 600_000), '30000', '30000', 'Timeout per request, in ms.'],
  FETCH_MAX_BYTES: [int(1024, 2_000_000_000), '20000000', '20000000', 'Largest response accepted, in bytes.'],
  SHARDS: [
    z
      .string()
      .trim()
      .toLowerCase()
      .refine(
        (v) => v === 'off' || v === 'auto' || (/^\d+$/.test(v) && Number(v) >= 1 && Number(v) <= 1000),
        'must be off, auto or a number of shards from 1 to 1000',
      )
      .transform((v) => (v === 'off' || v === 'auto' ? v : Number(v))),
    'off',
    'auto',
    'Run the bot in shards (one process each, discord.js ShardingManager): auto (as many as Discord recommends), a number, or off (one process).',
  ],
  REFRESH_INTERVAL: [duration(true), 'off', '1h', 'While serving, refresh sources this often (off by default).'],
  FULL_SWEEP_INTERVAL: [
    duration(true),
    '1d',
    '1d',
    'How often a refresh re-fetches everything (to catch edits and deletions).',
  ],
  LOG_LEVEL: [
    z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
      message: 'must be one of fatal, error, warn, info, debug, trace, silent',
    }),
    'info',
    'info',
    'Log level.',
  ],
} as const;

const SECRET = new Set(['DISCORD_TOKEN', 'INDEX_STORE']);

type Settings = typeof settings;
export type Config = { [K in keyof Settings]: z.output<Settings[K][0]> } & { indexDir: string; modelsDir: string };

/** The sources a re-index reads when none are given: ARCHIVE_SOURCES, else the bundled sample archive. */
export function defaultSources(config: Pick<Config, 'ARCHIVE_SOURCES'>): string[] {
  return config.ARCHIVE_SOURCES.length ? config.ARCHIVE_SOURCES : [SAMPLE_ARCHIVE];
}

/** Validates every setting; throws ConfigError naming the first bad variable, what is wrong and a good example. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Config {
  const out: Record<string, unknown> = {};
  for (const [name, [schema, def, example]] of Object.entries(settings)) {
    // inside a shard discord.js sets SHARDS to the shard's own id: that process serves, it does not shard
    const raw = name === 'SHARDS' && env.SHARDING_MANAGER ? undefined : env[name];
    const value = raw === undefined || raw.trim() === '' ? def : raw;
    const r = (schema as z.ZodType).safeParse(value);
    if (!r.success) {
      const why = r.error.issues[0]?.message ?? 'is invalid';
      // secrets are never echoed back, not even when they are wrong
      const shown = SECRET.has(name) ? '(hidden)' : JSON.stringify(raw ?? '');
      throw new ConfigError(`setting ${name}=${shown}: ${why} (for example ${name}=${example})`);
    }
    out[name] = r.data;
  }
  const cfg = out as Config;
  cfg.indexDir = path.resolve(cwd, cfg.INDEX_DIR);
  cfg.modelsDir = path.resolve(cwd, cfg.MODELS_DIR);
  return cfg;
}

/** The text of .env.example, generated from the table above so the two never disagree. */
export function envExample(): string {
  const lines = ['# Dossier settings. Copy to .env and edit; every line shows the default.', ''];
  for (const [name, [, def, , desc]] of Object.entries(settings)) {
    lines.push(`# ${desc}`);
    lines.push(def === undefined ? `# ${name}=` : `${name}=${def}`);
    lines.push('');
  }
  return lines.join('\n');
}

/** The README's settings table, generated from the same table as .env.example. */
export function settingsMarkdown(): string {
  const rows = ['| setting | default | meaning |', '| --- | --- | --- |'];
  for (const [name, [, def, , desc]] of Object.entries(settings)) {
    const shown = def === undefined || def === '' ? '(unset)' : `\`${def}\``;
    rows.push(`| \`${name}\` | ${shown} | ${String(desc).replace(/\|/g, '\\|')} |`);
  }
  return rows.join('\n');
}
