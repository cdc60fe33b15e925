// `dossier eval <beir-folder>`: retrieval quality (nDCG@10, Recall@10/100, MRR@10) and query latency
// on a benchmark in BEIR layout, per method. The benchmark index is cached next to INDEX_DIR.
import { Option, type Command } from 'commander';
import { loadBeir, type Beir } from '../../eval/beir.js';
import { isQaFolder } from '../../eval/qa.js';
import { parseNow } from '../../search/time.js';
import { METHODS, EVAL_DEPTH } from '../../eval/methods.js';
import type { TitleMode } from '../../index/chunker.js';
import type { Progress } from '../../index/types.js';
import { action, config, UserError } from '../context.js';

interface EvalOpts {
  method: keyof typeof METHODS;
  json?: boolean;
  limitQueries?: string;
  titleMode: TitleMode;
  weight?: string;
  depth?: string;
  calibrate?: string;
  chunkTokens?: string;
  signals?: boolean;
  now?: string;
  store?: string;
}

function positive(name: string, s: string | undefined, max: number): number | undefined {
  if (s === undefined) return undefined;
  const n = Number(s);
  if (!Number.isInteger(n) || n < 1 || n > max)
    throw new UserError(`${name} ${s}: use a whole number from 1 to ${max}`);
  return n;
}

let lastLogged = 0;
/** One status line on stderr, rewritten in place on a terminal; every 30 s otherwise (logs). */
function status(line: string): void {
  if (process.stderr.isTTY) process.stderr.write(`\r\x1b[2K${line}`);
  else if (line && Date.now() - lastLogged > 30_000) {
    lastLogged = Date.now();
    process.stderr.write(`${line}\n`);
  }
}

export function registerEval(program: Command): void {
  program
    .command('eval')
    .argument(
      '<folder>',
      'a BEIR benchmark (corpus.jsonl, queries.jsonl, qrels/test.tsv) or a QA set (archive.jsonl, questions.jsonl)',
    )
    .description(
      'Measure retrieval quality and latency on a BEIR benchmark (../shared/eval/time), or answers on a news QA set (../shared/eval/realtimeqa-2024)',
    )
    .addOption(
      new Option('--method <method>', 'retrieval method to measure').choices(Object.keys(METHODS)).default('all'),
    )
    .addOption(
      new Option('--title-mode <mode>', 'embed the title with every chunk or the first only')
        .choices(['every', 'first'])
        .default('every'),
    )
    .option('--limit-queries <n>', 'only the first N judged queries')
    .option('--weight <w>', 'lexical weight of the hybrid fusion, 0..1 (default 0.5)')
    .option('--chunk-tokens <n>', 'chunk size in word pieces (overlap: a quarter of it; default: the index default)')
    .option('--depth <k>', `candidate chunks per list (default ${EVAL_DEPTH})`)
    .option(
      '--calibrate <other-beir-folder>',
      "also calibrate the answerability threshold: the other benchmark's queries are the unanswerable set",
    )
    .option('--signals', 'QA set: also a row per signal with that signal switched off')
    .option('--now <day>', "ask every question as if on this day (YYYY-MM-DD; QA default: each question's date)")
    .option(
      '--store <url>',
      'measure a copy of the index in this PostgreSQL (postgres://…) instead of the embedded store',
    )
    .option('--json', 'print the report as JSON')
    .action(
      action(async (folder: string, o: EvalOpts) => {
        // NowError and BeirError are DossierErrors: action() prints them as one line
        const now = o.now === undefined ? undefined : parseNow(o.now);
        if (o.store !== undefined && !/^postgres(ql)?:\/\/\S+$/.test(o.store))
          throw new UserError('--store must be a postgres:// connection URL');
        if (isQaFolder(folder)) {
          const { runQaEvalCommand } = await import('./eval-qa.js');
          await runQaEvalCommand(folder, {
            method: o.method,
            json: o.json,
            signals: o.signals,
            limitQueries: positive('--limit-queries', o.limitQueries, 1_000_000),
            now,
            status,
            store: o.store,
          });
          return;
        }
        const cfg = config();
        const beir: Beir = loadBeir(folder);
        const other: Beir | undefined = o.calibrate ? loadBeir(o.calibrate) : undefined;
        const weight = o.weight === undefined ? undefined : Number(o.weight);
        if (weight !== undefined && !(weight >= 0 && weight <= 1))
          throw new UserError(`--weight ${o.weight}: use a number from 0 to 1`);
        const chunkTokens = positive('--chunk-tokens', o.chunkTokens, 250);
        // the model and index code, only when measuring (`dossier --help` stays quick)
        const [{ evalEmbedder, evalIndexSettings, indexingLine }, { formatReport, runEval }] = await Promise.all([
          import('./eval-common.js'),
          import('../../eval/run.js'),
        ]);
        const embedder = await evalEmbedder(cfg);
        try {
          const report = await runEval(beir, {
            embedder,
            ...evalIndexSettings(cfg),
            methods: METHODS[o.method],
            titleMode: o.titleMode,
            chunk: chunkTokens ? { maxTokens: chunkTokens, overlapTokens: Math.round(chunkTokens / 4) } : undefined,
            limitQueries: positive('--limit-queries', o.limitQueries, 1_000_000),
            now,
            k: positive('--depth', o.depth, 5000),
            search: weight === undefined ? undefined : { fusion: { lexicalWeight: weight } },
            onProgress: (p: Progress) => status(indexingLine(`${beir.corpus.length} documents`, p)),
            onQuery: (done, total) => status(`queries ${done}/${total}`),
            calibrateAgainst: other,
            store: o.store,
          });
          status('');
          process.stdout.write(o.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatReport(report)}\n`);
        } finally {
          await embedder.dispose();
        }
      }),
    );
}
