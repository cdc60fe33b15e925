// The timeline's relevance cut, chosen on judged benchmarks: for each share of the best article's
// score, the precision and recall of the articles kept against the judged relevant ones (TIME,
// SciFact), and on the news QA archive how many articles a topic keeps and over how many weeks.
// Reads the indexes `dossier eval <folder>` caches in index-data/eval-cache (run that first).
// Usage: npx tsx bench/timeline-cut.ts [eval-folder…]   (default: ../shared/eval/time and scifact)
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../src/config.js';
import { loadEmbedder } from '../src/embed/embedder.js';
import { loadBeir } from '../src/eval/beir.js';
import { openIndex } from '../src/index/open.js';
import { rank } from '../src/search/search.js';
import { relevanceCut } from '../src/search/timeline.js';

const SHARES = [0.3, 0.4, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9];
const cfg = loadConfig();
const cache = path.join(path.dirname(cfg.indexDir), 'eval-cache');
const embedder = await loadEmbedder({
  model: cfg.EMBEDDING_MODEL,
  dtype: cfg.EMBEDDING_DTYPE,
  modelsDir: cfg.modelsDir,
  allowRemote: false,
});
const TIMELINE_TIME = { recency: 0, recencyPrefer: 0, latestShare: 1 };

function indexOf(folder: string): string {
  const name = path.basename(folder);
  const dirs = fs.readdirSync(cache).filter((d) => d.startsWith(`${name}-every-`));
  if (!dirs.length) throw new Error(`no cached index for ${name} in ${cache}: run dossier eval ${folder} first`);
  return path.join(cache, dirs[0]);
}

async function judged(folder: string) {
  const b = loadBeir(folder);
  const snap = openIndex(indexOf(folder), { ef: cfg.HNSW_EF });
  const sums = SHARES.map(() => ({ p: 0, r: 0, f: 0, kept: 0 }));
  let n = 0;
  for (const q of b.queries) {
    const rel = b.qrels.get(q.id);
    if (!rel) continue;
    const relevant = new Set([...rel].filter(([, g]) => g > 0).map(([d]) => d));
    if (!relevant.size) continue;
    n++;
    const r = await rank(snap, embedder, { text: q.text }, { passageArticles: 0, time: TIMELINE_TIME });
    SHARES.forEach((s, i) => {
      const kept = relevanceCut(r.articles ?? [], s).slice(0, 200);
      const hits = kept.filter((a) => relevant.has(a.articleId)).length;
      const p = kept.length ? hits / kept.length : 0;
      const rc = hits / relevant.size;
      sums[i].p += p;
      sums[i].r += rc;
      sums[i].f += p + rc ? (2 * p * rc) / (p + rc) : 0;
      sums[i].kept += kept.length;
    });
  }
  snap.close();
  console.log(`\n${path.basename(folder)}: ${n} judged queries (macro averages)`);
  console.log('share  precision  recall   F1     articles kept');
  SHARES.forEach((s, i) => {
    const x = sums[i];
    console.log(
      `${s.toFixed(2)}   ${(x.p / n).toFixed(3)}      ${(x.r / n).toFixed(3)}    ${(x.f / n).toFixed(3)}  ${(x.kept / n).toFixed(1)}`,
    );
  });
}

/** The news QA archive has no judgments: what a cut keeps per question, and the weeks it spans. */
async function news(folder: string) {
  const qs = fs
    .readFileSync(path.join(folder, 'questions.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { question: string; date: string; inArchive: boolean })
    .filter((q) => q.inArchive);
  const snap = openIndex(indexOf(folder), { ef: cfg.HNSW_EF });
  const dates = snap.articleDates();
  console.log(`\n${path.basename(folder)}: ${qs.length} in-archive questions, asked at their date`);
  console.log('share  articles kept (median)  weeks spanned (median)');
  const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
  const per = SHARES.map(() => ({ kept: [] as number[], weeks: [] as number[] }));
  for (const q of qs) {
    const r = await rank(
      snap,
      embedder,
      { text: q.question, now: q.date },
      { passageArticles: 0, time: TIMELINE_TIME },
    );
    SHARES.forEach((s, i) => {
      const kept = relevanceCut(r.articles ?? [], s).slice(0, 200);
      const ds = kept
        .map((a) => dates.get(a.articleId))
        .filter((d): d is string => !!d)
        .sort();
      per[i].kept.push(kept.length);
      per[i].weeks.push(ds.length ? (Date.parse(ds.at(-1)!) - Date.parse(ds[0])) / (7 * 86_400_000) : 0);
    });
  }
  snap.close();
  SHARES.forEach((s, i) => {
    console.log(`${s.toFixed(2)}   ${String(med(per[i].kept)).padEnd(22)}  ${med(per[i].weeks).toFixed(1)}`);
  });
}

const folders = process.argv.slice(2);
for (const f of folders.length ? folders : ['../shared/eval/time', '../shared/eval/scifact']) {
  if (fs.existsSync(path.join(f, 'qrels'))) await judged(f);
  else await news(f);
}
await embedder.dispose();
