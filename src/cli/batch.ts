// `dossier ask --json --batch FILE`: JSON Lines in ({question, now?, author?, from?, to?, limit?}),
// one `ask --json` object per line out, in order, with the model loaded once. A bad line gets
// {line, error} in its place and the rest still run.
import readline from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { z } from 'zod';
import { normalizeFilter } from '../search/filters.js';
import { parseNow } from '../search/time.js';
import type { DossierService } from '../service-types.js';
import { answerJson } from './json.js';

const Line = z.object({
  question: z.string().trim().min(1, 'question is empty').max(2000),
  now: z.string().optional(),
  author: z.string().optional(),
  from: z.string().optional(),
  to: z.string().optional(),
  limit: z.number().int().min(1).max(50).optional(),
});

export interface BatchDefaults {
  now?: string;
  limit: number;
  author?: string;
  from?: string;
  to?: string;
}

/** Answers every line of `input`; resolves with how many were answered and how many were refused. */
export async function runBatch(
  service: DossierService,
  input: Readable,
  output: Writable,
  defaults: BatchDefaults,
): Promise<{ answered: number; failed: number }> {
  const rl = readline.createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  let n = 0;
  let answered = 0;
  let failed = 0;
  const write = (v: unknown) =>
    new Promise<void>((resolve) => {
      if (output.write(`${JSON.stringify(v)}\n`)) resolve();
      else output.once('drain', () => resolve());
    });
  for await (const raw of rl) {
    n++;
    if (!raw.trim()) continue;
    let q: z.infer<typeof Line>;
    try {
      const r = Line.safeParse(JSON.parse(raw));
      if (!r.success) throw new Error(`${r.error.issues[0]?.path.join('.') || 'line'}: ${r.error.issues[0]?.message}`);
      q = r.data;
    } catch (err) {
      failed++;
      const why = err instanceof SyntaxError ? 'not valid JSON' : (err as Error).message;
      await write({ line: n, error: `${why} (expected {"question": "...", "now"?, "author"?, "from"?, "to"?})` });
      continue;
    }
    try {
      const filter = {
        author: q.author ?? defaults.author,
        from: q.from ?? defaults.from,
        to: q.to ?? defaults.to,
      };
      normalizeFilter(filter);
      const now = q.now ?? defaults.now;
      const { answer, result } = await service.ask({
        text: q.question,
        ...filter,
        limit: q.limit ?? defaults.limit,
        ...(now ? { now: parseNow(now) } : {}),
      });
      await write(answerJson(answer, result));
      answered++;
    } catch (err) {
      failed++;
      await write({ line: n, question: q.question, error: (err as Error).message });
    }
  }
  return { answered, failed };
}
