// The QA layout of `dossier eval` (a folder with archive.jsonl + questions.jsonl, as
// ../shared/eval/realtimeqa-2024) and its scoring, exactly as that folder's README defines it. Pure.
import { DossierError } from '../errors.js';
import { splitSentences } from '../index/sentences.js';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { parseJsonl } from './jsonl.js';

const Question = z.object({
  id: z.union([z.string(), z.number()]).transform(String),
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected an ISO day like 2024-09-06'),
  question: z.string().min(1),
  choices: z.array(z.string()).min(2),
  answer: z.string().min(1),
  inArchive: z.boolean(),
});
export type QaQuestion = z.infer<typeof Question>;

export interface QaSet {
  dir: string;
  archiveFile: string;
  questions: QaQuestion[];
}

/** A benchmark folder the user named is not in the layout: said as it is (a DossierError). */
export class QaError extends DossierError {}

/** A QA folder holds archive.jsonl and questions.jsonl (a BEIR folder holds corpus.jsonl instead). */
export function isQaFolder(dir: string): boolean {
  return fs.existsSync(path.join(dir, 'archive.jsonl')) && fs.existsSync(path.join(dir, 'questions.jsonl'));
}

export function loadQa(dir: string): QaSet {
  const abs = path.resolve(dir);
  const archiveFile = path.join(abs, 'archive.jsonl');
  const file = path.join(abs, 'questions.jsonl');
  if (!isQaFolder(abs)) throw new QaError(`${dir}: a QA folder holds archive.jsonl and questions.jsonl`);
  const questions = parseJsonl(
    file,
    fs.readFileSync(file, 'utf8'),
    Question,
    (m) => new QaError(m),
    (q) => (q.choices.includes(q.answer) ? undefined : 'the answer is not one of the choices'),
  );
  return { dir: abs, archiveFile, questions };
}

/** NFKC, lower case, every run of non-letters/digits → one space, padded: whole-word substring tests. */
export function norm(text: string): string {
  return ` ${text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()} `;
}

/** The choice occurs in the text as whole words (README: ` norm(choice) ` in ` norm(text) `). */
export function occurs(choice: string, text: string): boolean {
  const c = norm(choice);
  return c.trim() !== '' && norm(text).includes(c);
}

// the README's time-relative questions: 44 of the 220 (37 of the inArchive ones)
const TIME_RELATIVE = /\b(this week|last week|recently|this month)\b/i;
export const isTimeRelative = (q: QaQuestion): boolean => TIME_RELATIVE.test(q.question);

/**
 * The half a question falls in (0 even, 1 odd) by the number its id ends with ("20240906_3" → 1), else
 * by its position: choose a parameter on one half, check it on the other (`dossier eval` reports both).
 */
export function half(q: Pick<QaQuestion, 'id'>, position: number): 0 | 1 {
  const m = /(\d+)$/.exec(q.id);
  return ((m ? Number(m[1].slice(-6)) : position) % 2) as 0 | 1;
}

/** What scoring needs of an answer: its sentences and its sources in order. */
export interface ScoredAnswer {
  covered: boolean;
  sentences: string[];
  sources: { passage: string; date: string | null }[];
}

export interface QaScore {
  strict: boolean;
  top3: boolean;
  wrong: boolean;
  covered: boolean;
  /** the first source's date lies in [question date − 7 days, question date] */
  inWeek: boolean;
  /** a sentence of the first source holds the correct choice: the ceiling of sentence choice there */
  firstHolds: boolean;
}

function daysBefore(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - n);
  return d.toISOString().slice(0, 10);
}

export function scoreAnswer(q: QaQuestion, a: ScoredAnswer): QaScore {
  const said = a.covered ? a.sentences.join(' ') : '';
  const strict = occurs(q.answer, said);
  const others = q.choices.filter((c) => c !== q.answer);
  const firstDate = a.covered ? a.sources[0]?.date : undefined;
  const first = a.covered ? (a.sources[0]?.passage ?? '') : '';
  return {
    strict,
    top3: a.covered && a.sources.slice(0, 3).some((s) => occurs(q.answer, s.passage)),
    wrong: !strict && others.some((c) => occurs(c, said)),
    covered: a.covered,
    inWeek: !!firstDate && firstDate >= daysBefore(q.date, 7) && firstDate <= q.date,
    firstHolds: splitSentences(first).some((s) => occurs(q.answer, first.slice(s.start, s.end))),
  };
}

export interface QaRates {
  questions: number;
  strict: number;
  top3: number;
  wrong: number;
  covered: number;
  inWeek: number;
  /** a sentence of the first source holds the answer (oracle of sentence choice) */
  firstHolds: number;
  /** …and the answer's sentences miss it: what a better sentence choice could still win there */
  firstMissed: number;
}

/** Shares (0..1) over a group of scored questions. */
export function rates(scores: QaScore[]): QaRates {
  const n = scores.length;
  const share = (f: (s: QaScore) => boolean) => (n ? scores.filter(f).length / n : 0);
  return {
    questions: n,
    strict: share((s) => s.strict),
    top3: share((s) => s.top3),
    wrong: share((s) => s.wrong),
    covered: share((s) => s.covered),
    inWeek: share((s) => s.inWeek),
    firstHolds: share((s) => s.firstHolds),
    firstMissed: share((s) => s.firstHolds && !s.strict),
  };
}
