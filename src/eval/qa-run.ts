// `dossier eval <qa-folder>`: indexes the folder's archive once (cached next to the BEIR indexes),
// asks every question with its own date as "now", and scores the answers as the folder's README says.
import fs from 'node:fs';
import path from 'node:path';
import { answerQuestion } from '../answer/ask.js';
import type { Embedder } from '../embed/types.js';
import { openEvalSnapshot } from './store-snapshot.js';
import { runReindex } from '../index/pipeline.js';
import type { ProgressListener } from '../index/types.js';
import type { QaMethod } from './methods.js';
import { percentile } from './metrics.js';
import {
  half,
  isTimeRelative,
  rates,
  scoreAnswer,
  type QaQuestion,
  type QaRates,
  type QaScore,
  type QaSet,
} from './qa.js';
import { evalIndexDir, modelFingerprint } from './run.js';

export interface QaRow {
  method: string;
  inArchive: QaRates;
  timeRelative: QaRates;
  /** questions whose answer is not in the archive: news-domain negatives (answerability) */
  notInArchive: QaRates;
  all: QaRates;
  /** the inArchive questions by half (even, odd: see half()), to check a choice on the other half */
  halves: [QaRates, QaRates];
  p50Ms: number;
  p95Ms: number;
}

export interface QaReport {
  benchmark: string;
  articles: number;
  chunks: number;
  indexSeconds: number;
  reusedIndex: boolean;
  rows: QaRow[];
  /** per question and method, for --json and analysis */
  answers?: { id: string; method: string; score: QaScore; firstDate: string | null }[];
}

export interface QaEvalOptions {
  embedder: Embedder;
  cacheDir: string;
  modelsDir?: string;
  methods: QaMethod[];
  hnsw: { M: number; efConstruction: number };
  ef: number;
  limitQueries?: number;
  /** ask every question as if on this day instead of its own date */
  now?: string;
  onProgress?: ProgressListener;
  onQuery?: (done: number, total: number) => void;
  /** measure the index copied into this Postgres (postgres://…) instead of the embedded store */
  store?: string;
}

export async function ensureQaIndex(
  set: QaSet,
  o: QaEvalOptions,
): Promise<{ dir: string; seconds: number; reused: boolean }> {
  const dir = evalIndexDir(
    o.cacheDir,
    set,
    o.embedder,
    'every',
    undefined,
    modelFingerprint(o.modelsDir, o.embedder.modelId),
  );
  fs.mkdirSync(dir, { recursive: true });
  const t0 = performance.now();
  const summary = await runReindex({
    indexDir: dir,
    embedder: o.embedder,
    sources: [set.archiveFile],
    hnsw: o.hnsw,
    titleMode: 'every',
    onProgress: o.onProgress,
  });
  return { dir, seconds: (performance.now() - t0) / 1000, reused: summary.chunksEmbedded === 0 };
}

export async function runQaEval(set: QaSet, o: QaEvalOptions): Promise<QaReport> {
  const { dir, seconds, reused } = await ensureQaIndex(set, o);
  const opened = await openEvalSnapshot(dir, o.ef, o.store);
  const { snap } = opened;
  try {
    const questions = o.limitQueries ? set.questions.slice(0, o.limitQueries) : set.questions;
    const rows: QaRow[] = [];
    const answers: NonNullable<QaReport['answers']> = [];
    let done = 0;
    for (const m of o.methods) {
      const scored: { q: QaQuestion; s: QaScore; half: 0 | 1 }[] = [];
      const times: number[] = [];
      for (const [i, q] of questions.entries()) {
        const t = performance.now();
        const { answer } = await answerQuestion(
          snap,
          o.embedder,
          { text: q.question, method: m.method, ...(m.noNow ? {} : { now: o.now ?? q.date }) },
          m.ask,
        );
        times.push(performance.now() - t);
        const s = scoreAnswer(q, {
          covered: answer.covered,
          sentences: answer.sentences.map((x) => x.text),
          sources: answer.sources.map((x) => ({ passage: x.passage, date: x.date })),
        });
        scored.push({ q, s, half: half(q, i) });
        answers.push({ id: q.id, method: m.name, score: s, firstDate: answer.sources[0]?.date ?? null });
        o.onQuery?.(++done, questions.length * o.methods.length);
      }
      const over = (f: (q: QaQuestion) => boolean, h?: 0 | 1) =>
        rates(scored.filter((x) => f(x.q) && (h === undefined || x.half === h)).map((x) => x.s));
      rows.push({
        method: m.name,
        inArchive: over((q) => q.inArchive),
        timeRelative: over((q) => q.inArchive && isTimeRelative(q)),
        notInArchive: over((q) => !q.inArchive),
        all: over(() => true),
        halves: [over((q) => q.inArchive, 0), over((q) => q.inArchive, 1)],
        p50Ms: percentile(times, 50),
        p95Ms: percentile(times, 95),
      });
    }
    return {
      benchmark: path.basename(set.dir),
      articles: opened.stats.articles,
      chunks: snap.manifest.chunks,
      indexSeconds: seconds,
      reusedIndex: reused,
      rows,
      answers,
    };
  } finally {
    await opened.close();
  }
}

/** The report as a table for the terminal. */
export function formatQaReport(r: QaReport): string {
  const p = (x: number) => `${(x * 100).toFixed(1)}%`.padStart(6);
  const first = r.rows[0];
  const lines = [
    `${r.benchmark}: ${r.articles} articles, ${r.chunks} passages; index ${r.reusedIndex ? 'reused' : 'built'} in ${r.indexSeconds.toFixed(1)} s; ${first?.inArchive.questions ?? 0} questions whose answer is in the archive (${first?.timeRelative.questions ?? 0} time-relative)`,
    '',
    '                        answer in archive                          time-relative   not in archive                    1st source: a sentence',
    'method                  strict  top-3  wrong covered in week   strict in week     rejected   p50 ms  p95 ms   holds it  missed',
  ];
  for (const row of r.rows) {
    const a = row.inArchive;
    const t = row.timeRelative;
    lines.push(
      `${row.method.padEnd(22)} ${p(a.strict)} ${p(a.top3)} ${p(a.wrong)} ${p(a.covered)}  ${p(a.inWeek)}   ${p(t.strict)}  ${p(t.inWeek)}       ${p(1 - row.notInArchive.covered)}  ${row.p50Ms.toFixed(1).padStart(7)} ${row.p95Ms.toFixed(1).padStart(7)}     ${p(a.firstHolds)}  ${p(a.firstMissed)}`,
    );
  }
  lines.push('', `${'answer in archive, by half of the ids'.padEnd(40)} strict  wrong (even) strict  wrong (odd)`);
  for (const row of r.rows) {
    const [e, o] = row.halves;
    lines.push(`${row.method.padEnd(40)} ${p(e.strict)} ${p(e.wrong)}        ${p(o.strict)} ${p(o.wrong)}`);
  }
  return lines.join('\n');
}
