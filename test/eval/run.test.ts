// dossier eval end to end on a tiny BEIR folder: indexes with the real model, scores each method,
// reuses the cached index on the second run.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, PROJECT_ROOT } from '../../src/config.js';
import { loadEmbedder } from '../../src/embed/embedder.js';
import type { Embedder } from '../../src/embed/types.js';
import { loadBeir } from '../../src/eval/beir.js';
import { formatReport, METHODS, runEval } from '../../src/eval/run.js';

let dir: string;
let embedder: Embedder;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dossier-eval-'));
  const bench = path.join(dir, 'tiny');
  fs.mkdirSync(path.join(bench, 'qrels'), { recursive: true });
  const docs = [
    { _id: 'd1', title: 'Volcanoes', text: 'Lava erupted from the volcano and ash covered the island villages.' },
    { _id: 'd2', title: 'Chess', text: 'The grandmaster won the chess tournament with a daring queen sacrifice.' },
    { _id: 'd3', title: '', text: 'Bees pollinate apple orchards in spring; beekeepers move hives between farms.' },
  ];
  fs.writeFileSync(path.join(bench, 'corpus.jsonl'), docs.map((d) => JSON.stringify(d)).join('\n'));
  fs.writeFileSync(
    path.join(bench, 'queries.jsonl'),
    [
      { _id: 'q1', text: 'volcanic eruption ash' },
      { _id: 'q2', text: 'chess tournament winner' },
      { _id: 'q3', text: 'unjudged query' },
    ]
      .map((q) => JSON.stringify(q))
      .join('\n'),
  );
  fs.writeFileSync(path.join(bench, 'qrels', 'test.tsv'), 'query-id\tcorpus-id\tscore\nq1\td1\t1\nq2\td2\t1\n');
  const cfg = loadConfig({}, PROJECT_ROOT);
  embedder = await loadEmbedder({
    model: cfg.EMBEDDING_MODEL,
    dtype: cfg.EMBEDDING_DTYPE,
    modelsDir: cfg.modelsDir,
    allowRemote: false,
  });
});

afterAll(async () => {
  await embedder?.dispose();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('runEval', () => {
  it('scores every method over the judged queries and reuses the cached index', async () => {
    const beir = loadBeir(path.join(dir, 'tiny'));
    const opts = {
      embedder,
      cacheDir: path.join(dir, 'cache'),
      methods: METHODS.all,
      hnsw: { M: 16, efConstruction: 200 },
      ef: 100,
    };
    const first = await runEval(beir, opts);
    expect(first.reusedIndex).toBe(false);
    expect(first.rows.map((r) => r.method)).toEqual(['lexical', 'dense', 'hybrid', 'hybrid-rrf']);
    for (const r of first.rows) {
      expect(r.queries).toBe(2); // q3 has no judgment
      expect(r.ndcg10).toBe(1); // the only relevant document comes first
      expect(r.mrr10).toBe(1);
      expect(r.recall100).toBe(1);
    }
    const second = await runEval(beir, opts);
    expect(second.reusedIndex).toBe(true);
    expect(formatReport(second)).toMatch(/hybrid\s+1\.000/);
  });
});
