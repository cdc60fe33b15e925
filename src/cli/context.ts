// Shared by every CLI command: settings loaded once (dotenv in the entry point), and one
// readable line instead of a stack trace when something the user can fix goes wrong.
import { ConfigError, loadConfig, type Config } from '../config.js';

let cached: Config | undefined;

export function config(): Config {
  cached ??= loadConfig();
  return cached;
}

/** Errors whose message is meant for the user as it is (no stack trace). */
export class UserError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'UserError';
  }
}

/** Wraps a command action: known errors become one line on stderr and an exit code. */
export function action<A extends unknown[]>(fn: (...args: A) => Promise<void> | void): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      await fn(...args);
    } catch (err) {
      process.exitCode = reportError(err);
    }
  };
}

export function reportError(err: unknown): number {
  if (err instanceof ConfigError) {
    process.stderr.write(`dossier: setting ${err.message}\n`);
    return 2;
  }
  if (err instanceof UserError) {
    process.stderr.write(`dossier: ${err.message}\n`);
    return err.exitCode;
  }
  const e = err as Error;
  process.stderr.write(`dossier: ${e?.message ?? String(err)}\n`);
  if (process.env.DEBUG) process.stderr.write(`${e?.stack}\n`);
  return 1;
}
