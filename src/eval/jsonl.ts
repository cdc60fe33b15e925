// Benchmark files in JSON Lines, validated line by line with a zod schema; a bad line is named by
// file and line in the error the caller makes (BeirError, QaError). Pure but for the caller's text.
import type { z } from 'zod';

/** The valid records of `text` (the contents of `file`), or throws `fail("file:line: why")`. */
export function parseJsonl<T>(
  file: string,
  text: string,
  schema: z.ZodType<T>,
  fail: (message: string) => Error,
  check?: (record: T) => string | undefined,
): T[] {
  const out: T[] = [];
  text.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    let v: unknown;
    try {
      v = JSON.parse(line);
    } catch {
      throw fail(`${file}:${i + 1}: not valid JSON`);
    }
    const r = schema.safeParse(v);
    if (!r.success) throw fail(`${file}:${i + 1}: ${r.error.issues[0]?.path.join('.')} ${r.error.issues[0]?.message}`);
    const wrong = check?.(r.data);
    if (wrong) throw fail(`${file}:${i + 1}: ${wrong}`);
    out.push(r.data);
  });
  return out;
}
