// Structured logging (pino) for the bot, with every secret scrubbed: the bot token and interaction
// webhook tokens never reach a log line. Readable lines on a terminal (pino-pretty), JSON lines for
// files, pipes and service managers. Errors get a short reference id shown to the user too.
import { randomBytes } from 'node:crypto';
import pino, { type DestinationStream, type Logger } from 'pino';
import pretty from 'pino-pretty';

/** Replaces secrets and interaction tokens (in webhook/interaction URLs) inside any string. */
export function scrub(text: string, secrets: string[]): string {
  let s = text;
  for (const secret of secrets) if (secret && secret.length >= 8) s = s.split(secret).join('[redacted]');
  return s
    .replace(/(\/(?:webhooks|interactions)\/\d+\/)[A-Za-z0-9_.-]{20,}/g, '$1[redacted]')
    .replace(/(Bot\s+)[A-Za-z0-9_.-]{20,}/g, '$1[redacted]');
}

function scrubValue(v: unknown, secrets: string[], depth = 0): unknown {
  if (typeof v === 'string') return scrub(v, secrets);
  if (depth > 6 || v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map((x) => scrubValue(x, secrets, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v))
    out[k] = /token|authorization/i.test(k) ? '[redacted]' : scrubValue(x, secrets, depth + 1);
  return out;
}

export function serializeError(err: unknown, secrets: string[]): Record<string, unknown> {
  const e = err as {
    name?: string;
    message?: string;
    stack?: string;
    code?: unknown;
    status?: unknown;
    method?: string;
    url?: string;
  };
  const base = err instanceof Error ? pino.stdSerializers.err(err) : { message: String(err) };
  return scrubValue({ ...base, code: e?.code, status: e?.status, method: e?.method, url: e?.url }, secrets) as Record<
    string,
    unknown
  >;
}

export function createLogger(level: string, secrets: string[], destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { app: 'dossier-bot' },
      redact: { paths: ['token', '*.token', 'headers.authorization', '*.headers.authorization'], censor: '[redacted]' },
      serializers: { err: (e: unknown) => serializeError(e, secrets) },
      hooks: {
        // the message string itself can carry a secret (e.g. a library error message)
        logMethod(args, method) {
          method.apply(
            this,
            args.map((a) => (typeof a === 'string' ? scrub(a, secrets) : a)) as Parameters<typeof method>,
          );
        },
      },
    },
    destination,
  );
}

/**
 * Where the bot's log goes when nothing else is said: readable, coloured lines on a terminal
 * ("12:03:04 INFO: logged in to Discord" and the fields below it); JSON when stdout is a file or a
 * pipe, so log collectors keep every field. Undefined means pino's default (JSON on stdout).
 */
export function consoleDestination(
  stream: NodeJS.WriteStream = process.stdout,
  env: NodeJS.ProcessEnv = process.env,
): DestinationStream | undefined {
  if (!stream.isTTY) return undefined;
  return pretty({
    colorize: env.NO_COLOR === undefined,
    translateTime: 'SYS:HH:MM:ss',
    ignore: 'pid,hostname,app',
    destination: stream,
    sync: true,
  });
}

/** Short id shown to the user and logged with the details, e.g. "e7k2q9". */
export function newRef(): string {
  return randomBytes(4).toString('base64url').replace(/[-_]/g, 'x').slice(0, 6).toLowerCase();
}
