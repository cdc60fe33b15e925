// Command options validated at the boundary (zod): question text, author, and from/to given as a
// year, a month or a day, turned into the inclusive ISO-day range the search filter expects (the
// rule itself is search/filters.ts's parsePeriod; this file words its problems for Discord).
import type { ChatInputCommandInteraction, SlashCommandOptionsOnlyBuilder } from 'discord.js';
import { z } from 'zod';
import { DossierError } from '../errors.js';
import { parsePeriod, periodProblem } from '../search/filters.js';
import type { SearchQuery } from '../search/types.js';
import { safeLine } from './text.js';

/** A command option the user can fix: told to them alone, as it is. */
export class OptionError extends DossierError {}

/** "2019" | "2019-03" | "2019-03-18" (also with / or .) → ISO day; `end` picks the last day of a year/month. */
export function parseDateOption(value: string, end: boolean): string {
  const r = parsePeriod(value, end ? 'to' : 'from');
  if ('day' in r) return r.day;
  if (r.problem.kind !== 'form') throw new OptionError(`"${safeLine(value)}": ${periodProblem(value, r.problem)}.`);
  throw new OptionError(
    `"${safeLine(value)}" is not a date: use a year (2019), a month (2019-03) or a day (2019-03-18).`,
  );
}

const QueryOptions = z.object({
  text: z.string().trim().min(1, 'Please type a question.').max(500, 'Please keep the question under 500 characters.'),
  author: z
    .string()
    .trim()
    .max(100)
    .optional()
    .transform((s) => s || undefined),
  from: z
    .string()
    .trim()
    .max(20)
    .optional()
    .transform((s) => s || undefined),
  to: z
    .string()
    .trim()
    .max(20)
    .optional()
    .transform((s) => s || undefined),
});

/** Builds the SearchQuery from raw option values; throws OptionError with a message for the user. */
export function buildQuery(
  raw: { text: string; author?: string | null; from?: string | null; to?: string | null },
  limit?: number,
): SearchQuery {
  const r = QueryOptions.safeParse({
    text: raw.text,
    author: raw.author ?? undefined,
    from: raw.from ?? undefined,
    to: raw.to ?? undefined,
  });
  if (!r.success) throw new OptionError(r.error.issues[0]?.message ?? 'Invalid options.');
  const q: SearchQuery = { text: r.data.text };
  if (r.data.author) q.author = r.data.author;
  if (r.data.from) q.from = parseDateOption(r.data.from, false);
  if (r.data.to) q.to = parseDateOption(r.data.to, true);
  if (q.from && q.to && q.from > q.to) throw new OptionError(`"from" (${q.from}) is after "to" (${q.to}).`);
  if (limit) q.limit = limit;
  return q;
}

/** The author / from / to options /ask and /search share, defined once so the two never drift apart. */
export function withFilterOptions(b: SlashCommandOptionsOnlyBuilder): SlashCommandOptionsOnlyBuilder {
  return b
    .addStringOption((o) => o.setName('author').setDescription('Only articles by this author').setMaxLength(100))
    .addStringOption((o) =>
      o.setName('from').setDescription('From a year or date, e.g. 2018 or 2019-03-01').setMaxLength(20),
    )
    .addStringOption((o) =>
      o.setName('to').setDescription('Up to a year or date, e.g. 2019 or 2019-12-31').setMaxLength(20),
    );
}

/** The SearchQuery of a command with filter options: the text from `textOption`, then author/from/to. */
export function queryFromOptions(
  interaction: ChatInputCommandInteraction,
  textOption: string,
  limit?: number,
): SearchQuery {
  const o = interaction.options;
  return buildQuery(
    {
      text: o.getString(textOption, true),
      author: o.getString('author'),
      from: o.getString('from'),
      to: o.getString('to'),
    },
    limit,
  );
}

/** A mention's text without the bot's own mention(s) and surrounding noise. */
export function questionFromMention(content: string, botId: string, botRoleIds: string[] = []): string {
  let s = content.replace(new RegExp(`<@!?${botId}>`, 'g'), ' ');
  for (const r of botRoleIds) s = s.split(`<@&${r}>`).join(' ');
  return s.replace(/\s+/g, ' ').trim();
}
