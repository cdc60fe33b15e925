// Shared by every CLI command: settings loaded once (dotenv in the entry point), and one
// readable line instead of a stack trace when something the user can fix goes wrong.
import { loadConfig, type Config } from '../config.js';
import { DossierError, errorLine } from '../errors.js';

let cached: Config | undefined;

export function config(): Config {
  cached ??= loadConfig();
  return cached;
}

/** A command-line mistake the user can fix (a flag, an argument): its message is shown as it is. */
export class UserError extends DossierError {
  constructor(message: string, exitCode = 1) {
    super(message, { exitCode });
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

/** Prints a failure as one line: a DossierError as message + hint; anything else by its message. */
export function reportError(err: unknown): number {
  if (err instanceof DossierError) {
    process.stderr.write(`dossier: ${errorLine(err)}\n`);
    return err.exitCode;
  }
  const e = err as Error;
  process.stderr.write(`dossier: ${e?.message ?? String(err)}\n`);
  if (process.env.DEBUG) process.stderr.write(`${e?.stack}\n`);
  return 1;
}
