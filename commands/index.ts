// Every command module, as the discord.js guide's loader would collect them. The entry points
// (src/main.ts, `dossier serve`, `dossier deploy-commands`) hand this list to the bot and the deploy step.
import type { CommandModule } from '../src/bot/context.js';
import * as ask from './ask.js';
import * as askMessage from './ask-message.js';
import * as search from './search.js';
import * as timeline from './timeline.js';
import * as article from './article.js';
import * as reindex from './reindex.js';
import * as stats from './stats.js';
import * as help from './help.js';

export const commands: CommandModule[] = [
  ask,
  search,
  timeline,
  article,
  reindex,
  stats,
  help,
  askMessage,
] as CommandModule[];
