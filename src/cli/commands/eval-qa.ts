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
  const [{ loadEmbedder }, { formatQaReport, runQaEval }] = await Promise.all([
    import('../../embed/embedder.js'),
    import('../../eval/qa-run.js'),
  ]);
  const embedder = await loadEmbedder({
    model: cfg.EMBEDDING_MODEL,
    dtype: cfg.EMBEDDING_DTYPE,
    modelsDir: cfg.modelsDir,
    allowRemote: cfg.ALLOW_REMOTE_MODELS,
  });
  try {
    const report = await runQaEval(set, {
      embedder,
      cacheDir: path.join(path.dirname(cfg.indexDir), 'eval-cache'),
      modelsDir: cfg.modelsDir,
      methods,
      hnsw: { M: cfg.HNSW_M, efConstruction: cfg.HNSW_EF_CONSTRUCTION },
      ef: cfg.HNSW_EF,
      limitQueries: o.limitQueries,
      now: o.now,
      store: o.store,
      onProgress: (p: Progress) =>
        o.status(
          `indexing ${path.basename(set.archiveFile)}: ${p.stage} ${p.done}${p.total !== undefined ? `/${p.total}` : ''}${p.etaSeconds !== undefined ? `, ~${Math.ceil(p.etaSeconds)} s left` : ''}`,
        ),
      onQuery: (done, total) => o.status(`questions ${done}/${total}`),
    });
    o.status('');
    process.stdout.write(o.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatQaReport(report)}\n`);
  } finally {
    await embedder.dispose();
  }
}
