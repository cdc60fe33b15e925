// `dossier ask`, `dossier search` and `dossier chat`: questions from the command line.
import fs from 'node:fs';
import path from 'node:path';
import { Option, type Command } from 'commander';
import { readPointer } from '../../index/generations.js';
import { normalizeFilter } from '../../search/filters.js';
import { parseNow } from '../../search/time.js';
import type { SearchMethod } from '../../search/types.js';
import type { DossierService } from '../../service-types.js';
import { indexUnavailable } from '../../service/user-errors.js';
import { runChat } from '../chat.js';
import { action, config, UserError } from '../context.js';
import { answerJson, searchJson } from '../json.js';
import { emptyFilterNote, renderAnswer, renderSearch, styleFor } from '../render.js';

interface QueryOpts {
  author?: string;
  from?: string;
  to?: string;
  limit?: string;
  json?: boolean;
  method?: SearchMethod;
  now?: string;
  batch?: string;
}

function withFilters(cmd: Command): Command {
  return cmd
    .option('--author <name>', 'only articles by this author')
    .option('--from <date>', 'only articles from this year, month or day on (2019, 2019-03, 2019-03-18)')
    .option('--to <date>', 'only articles up to this year, month or day (inclusive)')
    .option('--limit <n>', 'how many passages', '5')
    .option('--now <day>', 'answer as if asked on this day (YYYY-MM-DD; default today): "this week" means that week')
    .option('--json', 'print the structured result as JSON');
}

/** The --now day; a wrong one throws NowError (a DossierError, printed as one line). */
export function nowOf(s: string | undefined): string | undefined {
  return s === undefined ? undefined : parseNow(s);
}

function limitOf(s: string | undefined): number {
  const n = Number(s ?? 5);
  if (!Number.isInteger(n) || n < 1 || n > 50) throw new UserError(`--limit ${s}: use a whole number from 1 to 50`);
  return n;
}

/** Opens the service, runs fn, always closes (engine errors a user can act on are DossierErrors). */
export async function withService<T>(
  o: Pick<QueryOpts, 'author' | 'from' | 'to' | 'now'>,
  fn: (s: DossierService) => Promise<T>,
): Promise<T> {
  // a mistyped filter or day, or no index at all, is reported before the model is loaded (seconds)
  nowOf(o.now);
  normalizeFilter(o);
  const cfg = config();
  if (!readPointer(cfg.indexDir)) throw indexUnavailable(undefined, cfg.indexDir);
  const { createService } = await import('../../service.js');
  const service = await createService(cfg, { watch: false });
  try {
    const down = await service.unavailable();
    if (down) throw down;
    return await fn(service);
  } finally {
    await service.close();
  }
}

/** ask --batch: JSON Lines in, one `ask --json` line out per question; exit code 1 when a line failed. */
async function askBatch(o: QueryOpts): Promise<void> {
  const file = o.batch!;
  if (file !== '-' && !fs.existsSync(file))
    throw new UserError(`--batch ${file}: no such file (use - for standard input)`);
  const { runBatch } = await import('../batch.js');
  await withService(o, async (s) => {
    const input = file === '-' ? process.stdin : fs.createReadStream(file, 'utf8');
    const { failed } = await runBatch(s, input, process.stdout, {
      now: nowOf(o.now),
      limit: limitOf(o.limit),
      author: o.author,
      from: o.from,
      to: o.to,
    });
    if (failed) process.exitCode = 1;
  });
}

export function registerAsk(program: Command): void {
  withFilters(
    program
      .command('ask')
      .argument('[question...]', 'the question, in plain words')
      .description('Answer a question from the archive, with cited passages and permalinks'),
  )
    .option(
      '--batch <file>',
      'answer every line of a JSON Lines file ({"question": …, "now"?, "author"?, "from"?, "to"?}; - reads standard input), one JSON answer per line',
    )
    .action(
      action(async (words: string[], o: QueryOpts) => {
        const text = words.join(' ').trim();
        if (o.batch !== undefined) {
          if (text) throw new UserError('ask --batch reads its questions from the file: leave out the question');
          await askBatch(o);
          return;
        }
        if (!text) throw new UserError('ask needs a question, e.g. dossier ask "Who is Benoit Quennedey?"');
        await withService(o, async (s) => {
          const { answer, result } = await s.ask({
            text,
            author: o.author,
            from: o.from,
            to: o.to,
            limit: limitOf(o.limit),
            now: nowOf(o.now),
          });
          const shown = emptyFilterNote(result) ?? renderAnswer(answer, styleFor(process.stdout));
          process.stdout.write(o.json ? `${JSON.stringify(answerJson(answer, result), null, 2)}\n` : `${shown}\n`);
        });
      }),
    );

  withFilters(
    program
      .command('search')
      .argument('<query...>', 'words to look for')
      .description('List the passages that match best, one per article, with scores'),
  )
    .addOption(
      new Option('--method <method>', 'retrieval method').choices(['hybrid', 'lexical', 'dense']).default('hybrid'),
    )
    .action(
      action(async (words: string[], o: QueryOpts) => {
        const text = words.join(' ').trim();
        if (!text) throw new UserError('search needs some words, e.g. dossier search "Operation SHARPSHOOTER"');
        await withService(o, async (s) => {
          const result = await s.search({
            text,
            author: o.author,
            from: o.from,
            to: o.to,
            limit: limitOf(o.limit),
            method: o.method,
            now: nowOf(o.now),
          });
          process.stdout.write(
            o.json
              ? `${JSON.stringify(searchJson(result), null, 2)}\n`
              : `${renderSearch(result, styleFor(process.stdout))}\n`,
          );
        });
      }),
    );

  program
    .command('chat')
    .description('Ask questions interactively, answered as the bot would (Ctrl-D to quit)')
    .option('--now <day>', 'answer as if asked on this day (YYYY-MM-DD; default today)')
    .action(
      action(async (o: { now?: string }) => {
        const now = nowOf(o.now);
        const cfg = config();
        const { createService } = await import('../../service.js');
        const service = await createService(cfg);
        try {
          if (!(await service.ready())) process.stdout.write(`${await service.unavailableReason()}\n`);
          await runChat(service, { historyFile: path.join(path.dirname(cfg.indexDir), '.chat_history'), now });
        } finally {
          await service.close();
        }
      }),
    );
}
