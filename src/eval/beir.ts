// Reads a benchmark in BEIR layout: corpus.jsonl (_id, title, text), queries.jsonl (_id, text),
// qrels/test.tsv (query-id, corpus-id, score). Validated line by line; errors name file and line.
import { DossierError } from '../errors.js';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { parseJsonl } from './jsonl.js';
import type { Judgments } from './metrics.js';

const Doc = z.object({
  _id: z.union([z.string(), z.number()]).transform(String),
  title: z.string().optional().default(''),
  text: z.string(),
});
const Query = z.object({ _id: z.union([z.string(), z.number()]).transform(String), text: z.string() });

export interface BeirDoc {
  id: string;
  title: string;
  text: string;
}
export interface BeirQuery {
  id: string;
  text: string;
}
export interface Beir {
  dir: string;
  corpus: BeirDoc[];
  queries: BeirQuery[];
  qrels: Map<string, Judgments>;
}

/** A benchmark folder the user named is not in the layout: said as it is (a DossierError). */
export class BeirError extends DossierError {}

function need(file: string): string {
  if (!fs.existsSync(file))
    throw new BeirError(`${file} not found: a BEIR folder holds corpus.jsonl, queries.jsonl and qrels/test.tsv`);
  return fs.readFileSync(file, 'utf8');
}

function jsonl<T>(file: string, schema: z.ZodType<T>): T[] {
  return parseJsonl(file, need(file), schema, (m) => new BeirError(m));
}

export function parseQrels(text: string, file = 'qrels'): Map<string, Judgments> {
  const qrels = new Map<string, Judgments>();
  text.split('\n').forEach((line, i) => {
    const cols = line.trim().split('\t');
    if (cols.length < 3 || (i === 0 && !/^\d+$/.test(cols[2]) && !/^-?\d+$/.test(cols[2]))) return; // header / blank
    const [qid, did, score] = cols;
    const g = Number(score);
    if (!Number.isFinite(g)) throw new BeirError(`${file}:${i + 1}: score "${score}" is not a number`);
    if (!qrels.has(qid)) qrels.set(qid, new Map());
    qrels.get(qid)!.set(did, g);
  });
  return qrels;
}

export function loadBeir(dir: string, split = 'test'): Beir {
  const abs = path.resolve(dir);
  if (!fs.existsSync(abs) || !fs.statSync(abs).isDirectory())
    throw new BeirError(`${dir} is not a folder: pass a BEIR folder such as ../shared/eval/time`);
  const corpus = jsonl(path.join(abs, 'corpus.jsonl'), Doc).map((d) => ({
    id: d._id,
    title: d.title ?? '',
    text: d.text,
  }));
  const queries = jsonl(path.join(abs, 'queries.jsonl'), Query).map((q) => ({ id: q._id, text: q.text }));
  const qrelsFile = path.join(abs, 'qrels', `${split}.tsv`);
  const qrels = parseQrels(need(qrelsFile), qrelsFile);
  return { dir: abs, corpus, queries, qrels };
}
