// `dossier feedback [--worst N] [--json]`: the questions people found least helpful (👍/👎 under
// the bot's answers). Reads feedback.sqlite in INDEX_DIR without loading the model.
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { FEEDBACK_FILE, openFeedbackStore } from '../../feedback/store.js';
import { action, config, UserError } from '../context.js';

export function registerFeedback(program: Command): void {
  program
    .command('feedback')
    .description('List the questions people found least helpful (from 👍/👎 votes in Discord).')
    .option('--worst <n>', 'how many questions to list', '10')
    .option('--json', 'print JSON')
    .action(
      action((opts: { worst: string; json?: boolean }) => {
        const n = Number(opts.worst);
        if (!Number.isInteger(n) || n < 1 || n > 10_000)
          throw new UserError(`--worst ${opts.worst}: give a whole number from 1 to 10000`);
        const dir = config().indexDir;
        const file = path.join(dir, FEEDBACK_FILE);
        if (!fs.existsSync(file)) {
          if (opts.json) process.stdout.write('[]\n');
          else
            process.stdout.write(
              `No votes yet (${file} does not exist). Votes come from the 👍/👎 buttons under the bot's answers.\n`,
            );
          return;
        }
        const store = openFeedbackStore(dir);
        try {
          const rows = store.worst(n);
          if (opts.json) {
            process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
            return;
          }
          if (!rows.length) {
            process.stdout.write('No votes yet.\n');
            return;
          }
          process.stdout.write(`Least helpful first (${store.count()} votes in all):\n\n`);
          for (const [i, r] of rows.entries()) {
            process.stdout.write(
              `${String(i + 1).padStart(3)}. ${r.question}\n      👍 ${r.up}  👎 ${r.down}  score ${r.score}  last vote ${r.lastVoteAt.slice(0, 16).replace('T', ' ')}  cited: ${r.citedArticleIds.join(', ') || 'none'}\n`,
            );
          }
        } finally {
          store.close();
        }
      }),
    );
}
