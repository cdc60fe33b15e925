// `dossier timeline "<topic>"`: the articles about a topic in date order, one entry each (the date,
// the article's sentence that says what happened, its title and permalink).
import { Option, type Command } from 'commander';
import type { TimelineOrder } from '../../answer/timeline.js';
import { action, UserError } from '../context.js';
import { timelineJson } from '../json.js';
import { renderTimeline } from '../render-timeline.js';
import { styleFor } from '../render.js';
import { nowOf, withService } from './ask.js';

export const TIMELINE_MAX_LINES = 200;

interface TimelineOpts {
  author?: string;
  from?: string;
  to?: string;
  now?: string;
  limit?: string;
  order?: TimelineOrder;
  json?: boolean;
}

function lineLimit(s: string | undefined): number {
  const n = Number(s ?? 50);
  if (!Number.isInteger(n) || n < 1 || n > TIMELINE_MAX_LINES)
    throw new UserError(`--limit ${s}: use a whole number from 1 to ${TIMELINE_MAX_LINES}`);
  return n;
}

export function registerTimeline(program: Command): void {
  program
    .command('timeline')
    .argument('<topic...>', 'the story, in a few words (e.g. "North Korean embassy raid in Madrid")')
    .description('The articles about a topic in date order, one line each: date, what happened, title and permalink')
    .option('--author <name>', 'only articles by this author')
    .option('--from <date>', 'only articles from this year, month or day on (2019, 2019-03, 2019-03-18)')
    .option('--to <date>', 'only articles up to this year, month or day (inclusive)')
    .option('--now <day>', 'as if asked on this day (YYYY-MM-DD; default today): later articles are left out')
    .option('--limit <n>', `at most this many articles, the most relevant (1–${TIMELINE_MAX_LINES})`, '50')
    .addOption(new Option('--order <order>', 'date order').choices(['oldest', 'newest']).default('oldest'))
    .option('--json', 'print the structured timeline as JSON')
    .action(
      action(async (words: string[], o: TimelineOpts) => {
        const text = words.join(' ').trim();
        if (!text) throw new UserError('timeline needs a topic, e.g. dossier timeline "embassy raid in Madrid"');
        const limit = lineLimit(o.limit);
        await withService(o, async (s) => {
          const t = await s.timeline({
            text,
            author: o.author,
            from: o.from,
            to: o.to,
            now: nowOf(o.now),
            limit,
            order: o.order,
          });
          process.stdout.write(
            o.json
              ? `${JSON.stringify(timelineJson(t), null, 2)}\n`
              : `${renderTimeline(t, styleFor(process.stdout))}\n`,
          );
        });
      }),
    );
}
