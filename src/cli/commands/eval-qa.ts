// `dossier eval <qa-folder>` (archive.jsonl + questions.jsonl, e.g. ../shared/eval/realtimeqa-2024):
// every question asked with its date as "now", answers scored as that folder's README defines.
import path from 'node:path';
import { QA_ABLATIONS, QA_METHODS } from '../../eval/methods.js';
import { loadQa, type QaSet } from '../../eval/qa.js';
import type { Progress } from '../../index/types.js';
import { config } from '../context.js';

export interface QaEvalCliOptions {
  method: string;
  json?: boolean;
  signals?: boolean;
  limitQueries?: number;
  now?: string;
  status: (line: string) => void;
  store?: string;
}

export async function runQaEvalCommand(folder: string, o: QaEvalCliOptions): Promise<void> {
  const cfg = config();
  // a folder not in the QA layout throws QaError, a DossierError: action() prints it as one line
  const set: QaSet = loadQa(folder);
  const methods = [...(QA_METHODS[o.method] ?? QA_METHODS.all), ...(o.signals ? QA_ABLATIONS : [])];
  const [{ evalEmbedder, evalIndexSettings, indexingLine }, { formatQaReport, runQaEval }] = await Promise.all([
    import('./eval-common.js'),
    import('../../eval/qa-run.js'),
  ]);
  const embedder = await evalEmbedder(cfg);
  try {
    const report = await runQaEval(set, {
      embedder,
      ...evalIndexSettings(cfg),
      methods,
      limitQueries: o.limitQueries,
      now: o.now,
      store: o.store,
      onProgress: (p: Progress) => o.status(indexingLine(path.basename(set.archiveFile), p)),
      onQuery: (done, total) => o.status(`questions ${done}/${total}`),
    });
    o.status('');
    process.stdout.write(o.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatQaReport(report)}\n`);
  } finally {
    await embedder.dispose();
  }
}
