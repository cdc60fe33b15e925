// The local chat: an interactive prompt (history, Ctrl-D to quit) that answers like the bot,
// with /author, /from, /to filters that stay set until cleared.
import fs from 'node:fs';
import readline from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { SearchFilter } from '../index/types.js';
import { DossierError, errorLine } from '../errors.js';
import { normalizeFilter } from '../search/filters.js';
import type { DossierService } from '../service-types.js';
import { emptyFilterNote, renderAnswer, styleFor, type Style } from './render.js';

export interface ChatOptions {
  input?: Readable;
  output?: Writable & { isTTY?: boolean; columns?: number };
  /** lines of earlier sessions are loaded from and saved to this file */
  historyFile?: string;
  style?: Style;
  /** answer as if asked on this day (ISO day); default: the clock at each question */
  now?: string;
}

export const CHAT_HELP = [
  'Ask a question in plain words, e.g. "Who is Benoit Quennedey?"',
  '  /author NAME   only articles by this author (/author alone clears it)',
  '  /from 2019     only articles from this year, month (2019-03) or day on (/from alone clears it)',
  '  /to 2019-03    only articles up to this date (/to alone clears it)',
  '  /clear         clear all filters',
  '  /stats         what the archive holds',
  '  /help          this help;  Ctrl-D or /quit to leave',
].join('\n');

/** The chat's filters are commands: its messages name them as typed here. */
const CHAT_FILTER_NAMES = { from: '/from', to: '/to' };

function describeFilter(f: SearchFilter): string {
  const parts = [f.author && `author ${f.author}`, f.from && `from ${f.from}`, f.to && `to ${f.to}`].filter(Boolean);
  return parts.length ? `filters: ${parts.join(', ')}` : 'no filters';
}

function loadHistory(file?: string): string[] {
  if (!file) return [];
  try {
    // readline wants the newest entry first
    return fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).slice(-500).reverse();
  } catch {
    return [];
  }
}

/** Runs until Ctrl-D (or /quit); resolves when the prompt closes. */
export async function runChat(service: DossierService, opts: ChatOptions = {}): Promise<void> {
  const input = opts.input ?? process.stdin;
  const output = opts.output ?? process.stdout;
  const st = opts.style ?? styleFor(output);
  const terminal = !!output.isTTY && (input as { isTTY?: boolean }).isTTY !== false;
  const rl = readline.createInterface({
    input,
    output,
    terminal,
    history: loadHistory(opts.historyFile),
    historySize: 500,
    prompt: st.color ? '\x1b[1m?\x1b[22m ' : '? ',
  });
  const say = (s: string) => output.write(`${s}\n`);
  let filter: SearchFilter = {};
  let isClosed = false;
  const closed = new Promise<void>((resolve) =>
    rl.once('close', () => {
      isClosed = true;
      resolve();
    }),
  );

  const remember = (line: string) => {
    if (!opts.historyFile) return;
    try {
      fs.appendFileSync(opts.historyFile, `${line.replace(/\n/g, ' ')}\n`);
    } catch {
      // history is a convenience: a read-only folder must not break the chat
    }
  };

  const handle = async (line: string): Promise<boolean> => {
    const text = line.trim();
    if (!text) return true;
    remember(text);
    const cmd = /^\/(\w+)\s*(.*)$/.exec(text);
    if (cmd) {
      const [, name, arg] = cmd;
      switch (name.toLowerCase()) {
        case 'quit':
        case 'exit':
          return false;
        case 'help':
          say(CHAT_HELP);
          return true;
        case 'clear':
          filter = {};
          say(describeFilter(filter));
          return true;
        case 'author':
        case 'from':
        case 'to': {
          const next = { ...filter, [name.toLowerCase()]: arg.trim() || undefined };
          try {
            normalizeFilter(next, CHAT_FILTER_NAMES);
            filter = next;
            say(describeFilter(filter));
          } catch (err) {
            if (!(err instanceof DossierError)) throw err;
            say(errorLine(err));
          }
          return true;
        }
        case 'stats': {
          const s = await service.stats();
          say(
            s
              ? `${s.articles} articles, ${s.chunks} passages, ${s.firstDate ?? '?'} to ${s.lastDate ?? '?'}; model ${s.modelId} (${s.dtype}); built ${s.builtAt}`
              : ((await service.unavailableReason()) ?? 'No index.'),
          );
          return true;
        }
        default:
          say(`Unknown command /${name}. Type /help.`);
          return true;
      }
    }
    try {
      const { answer, result } = await service.ask({ text, ...filter, ...(opts.now ? { now: opts.now } : {}) });
      say(`\n${emptyFilterNote(result) ?? renderAnswer(answer, st)}\n`);
    } catch (err) {
      if (err instanceof DossierError) say(errorLine(err));
      else say(`Something went wrong: ${(err as Error).message}`);
    }
    return true;
  };

  // one question at a time: lines typed while an answer is computed wait their turn
  let queue = Promise.resolve();
  rl.on('line', (line) => {
    queue = queue.then(async () => {
      const go = await handle(line);
      if (isClosed) return;
      if (!go) rl.close();
      else rl.prompt();
    });
  });
  rl.prompt();
  await closed;
  await queue;
  if (terminal) output.write('\n');
}
