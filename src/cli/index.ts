// The `dossier` command line: one sub-command module per concern under ./commands.
import 'dotenv/config';
import { Command } from 'commander';
import { registerArchive } from './commands/archive.js';
import { registerIndex } from './commands/index.js';
import { registerAsk } from './commands/ask.js';
import { registerTimeline } from './commands/timeline.js';
import { registerEval } from './commands/eval.js';
import { registerServe } from './commands/serve.js';
import { registerFeedback } from './commands/feedback.js';
import { registerMigrate } from './commands/migrate.js';

export function buildProgram(): Command {
  const program = new Command('dossier')
    .description('Answers questions about a news archive, with cited passages and permalinks.')
    .showHelpAfterError();
  registerArchive(program);
  registerIndex(program);
  registerAsk(program);
  registerTimeline(program);
  registerEval(program);
  registerServe(program);
  registerFeedback(program);
  registerMigrate(program);
  return program;
}

await buildProgram().parseAsync(process.argv);
