// One error contract for everything a user can act on: what went wrong and what to do, written once
// where it happens; the CLI and the bot each render it (chat readers get wording without server paths).

/** How a chat (Discord) says it: no server paths and no shell commands for members. */
export interface ChatWording {
  message: string;
  hint?: string;
  /** said to admins only, after the hint (e.g. the command to run on the server) */
  adminHint?: string;
}

export interface DossierErrorOptions {
  /** what to do about it, one sentence */
  hint?: string;
  /** the wording for a chat; default: message and hint as they are */
  chat?: ChatWording;
  /** the CLI's exit code (default 1) */
  exitCode?: number;
  cause?: unknown;
}

/**
 * An error a user can act on. Anything else is a bug or an outage: the bot shows it as a short
 * reference id (details in the log), the CLI as its message.
 */
export class DossierError extends Error {
  readonly hint: string | undefined;
  readonly chat: ChatWording | undefined;
  readonly exitCode: number;

  constructor(message: string, opts: DossierErrorOptions = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = new.target.name;
    this.hint = opts.hint;
    this.chat = opts.chat;
    this.exitCode = opts.exitCode ?? 1;
  }
}

/** Two sentences as one line: the first gets a full stop unless it already ends in punctuation. */
export function joinSentences(first: string, second?: string): string {
  const a = first.trim();
  if (!second?.trim()) return a;
  return `${/[.!?:;…]$/.test(a) ? a : `${a}.`} ${second.trim()}`;
}

/** The terminal's line: message and hint. */
export function errorLine(e: DossierError): string {
  return joinSentences(e.message, e.hint);
}

/**
 * Server paths are for the terminal: a chat gets INDEX_DIR for the index folder and "(a server
 * path)" for any other absolute path. URLs and single-segment commands ("/reindex") are kept.
 */
export function withoutPaths(text: string, indexDir?: string): string {
  const s = indexDir ? text.split(indexDir).join('INDEX_DIR') : text;
  return s.replace(/(?<![\w.:/~-])(?:[A-Za-z]:)?(?:[/\\][\w.@+-]+){2,}[/\\]?/g, '(a server path)');
}

/** The chat's line: the chat wording (or message and hint), plus the admin hint for admins; never a server path. */
export function chatLine(e: DossierError, admin: boolean): string {
  const w = e.chat ?? { message: e.message, hint: e.hint };
  const line = joinSentences(w.message, w.hint);
  return withoutPaths(admin && w.adminHint ? joinSentences(line, w.adminHint) : line);
}
