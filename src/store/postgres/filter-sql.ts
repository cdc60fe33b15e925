// Author and date filters as SQL over a generation's articles (aliased `a`), with the same meaning as
// the embedded store's FilterSets: dates as inclusive ISO days; the author's exact name (any case)
// when some article in the range has it, else any author containing it.
import type pg from 'pg';
import type { SearchFilter } from '../../index/types.js';

export interface SqlFilter {
  /** conditions on `a`, joined by AND; empty when the filter is empty */
  where: string[];
  params: unknown[];
}

/** The filter's conditions, numbering parameters from `first` ($first, $first+1, …). */
export async function filterSql(
  pool: pg.Pool,
  schema: string,
  filter: SearchFilter | undefined,
  first: number,
): Promise<SqlFilter> {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (cond: (n: string) => string, value: unknown) => {
    params.push(value);
    where.push(cond(`$${first + params.length - 1}`));
  };
  const from = filter?.from?.trim();
  const to = filter?.to?.trim();
  const author = filter?.author?.trim();
  if (from) add((n) => `a.date >= ${n}`, from);
  if (to) add((n) => `a.date <= ${n}`, to);
  if (author) {
    const dates = [...where];
    const dateParams = [...params];
    // renumbered for the probe, which has only the date parameters before the author
    const probe = `SELECT EXISTS (SELECT 1 FROM ${schema}.articles a WHERE ${[
      ...dates.map((d, i) => d.replace(`$${first + i}`, `$${i + 1}`)),
      `lower(a.author) = lower($${dates.length + 1})`,
    ].join(' AND ')}) AS hit`;
    const exact = (await pool.query(probe, [...dateParams, author])).rows[0].hit as boolean;
    if (exact) add((n) => `lower(a.author) = lower(${n})`, author);
    else add((n) => `a.author ILIKE ${n} ESCAPE '\\'`, `%${author.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  }
  return { where, params };
}

export function isEmpty(f: SearchFilter | undefined): boolean {
  return !f?.author?.trim() && !f?.from?.trim() && !f?.to?.trim();
}
