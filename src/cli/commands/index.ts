// `dossier index [sources...]` (re-index with a progress bar and a summary) and `dossier stats`.
import path from 'node:path';
import type { Command } from 'commander';
import { defaultSources } from '../../config.js';
import type { TitleMode } from '../../index/chunker.js';
import type { ReindexStatus } from '../../index/types.js';
import type { OpenedIndex } from '../../store/types.js';
import type { SourcesPolicy } from '../../index/plan.js';
import { storeLocation } from '../../store/describe.js';
import { formatSummary, progressPrinter } from '../progress.js';
import { action, config, UserError } from '../context.js';

// The engine is imported when a command runs rather than at start: `dossier --help` and the other
// commands do not pay for the model runtime, the archive parsers and the index code.

/** The index floor's errors as the one error type the CLI renders; others go on up. */
async function userFacing(err: unknown): Promise<never> {
  const { userError } = await import('../../service/user-errors.js');
  throw userError(err, config().indexDir) ?? err;
}

interface IndexOpts {
  full?: boolean;
  allowEmpty?: boolean;
  titleMode?: string;
  replace?: boolean;
  add?: boolean;
  worker?: boolean;
  withWorkers?: boolean;
  workers?: string;
}

/** --workers N, else INDEX_WORKERS: worker threads that embed (each its own copy of the model). */
function workerCount(o: IndexOpts, configured: number): number {
  if (o.workers === undefined) return configured;
  const n = Number(o.workers);
  if (!/^\d+$/.test(o.workers.trim()) || n < 1 || n > 64)
    throw new UserError('--workers must be a whole number between 1 and 64');
  return n;
}

/** What to do with articles of sources not named: refuse when too many would go, unless told. */
function sourcesPolicy(o: IndexOpts): SourcesPolicy {
  if (o.replace && o.add) throw new UserError('--replace and --add contradict each other: choose one');
  return o.replace ? 'replace' : o.add ? 'add' : 'refuse';
}

/** `dossier stats` lines on the re-index running now and the last one (any process). */
function statusLines(st: ReindexStatus): string[] {
  const out: string[] = [];
  const r = st.running;
  if (r)
    out.push(
      `Re-index:      running since ${r.startedAt} (${r.by})${r.progress ? `, ${r.progress.stage} ${r.progress.done}${r.progress.total !== undefined ? `/${r.progress.total}` : ''}` : ''}`,
    );
  const l = st.last;
  if (l)
    out.push(
      `Last run:      ${l.ok ? (l.published ? 'published' : 'nothing new') : `failed: ${l.error}`} at ${l.finishedAt} (${l.by})`,
    );
  return out;
}

export function registerIndex(program: Command): void {
  program
    .command('index')
    .description(
      'Build or update the index from archive sources (default: ARCHIVE_SOURCES, else the bundled sample archive). Only new or changed articles are embedded.',
    )
    .argument('[sources...]', 'files, folders or URLs to index')
    .option('--full', 'rebuild everything (re-embed every article)')
    .option('--allow-empty', 'with --full: allow an index with no articles')
    .option(
      '--title-mode <mode>',
      'embed the title with every chunk or only the first (every|first); default: as the current index',
    )
    .option('--replace', 'the sources given are the whole archive: remove the articles of other sources')
    .option('--add', 'add the sources given: keep the articles of sources not named')
    .option('--workers <n>', 'embed in N worker threads, each with a copy of the model (default: INDEX_WORKERS)')
    .option('--with-workers', 'Postgres store: let `dossier index --worker` processes embed batches too')
    .option('--worker', 'Postgres store: embed batches of re-indexes run with --with-workers, until Ctrl-C')
    .action(
      action(async (sources: string[], o: IndexOpts) => {
        const cfg = config();
        if ((o.worker || o.withWorkers) && cfg.INDEX_STORE === 'embedded')
          throw new UserError(
            '--worker and --with-workers need the Postgres store: set INDEX_STORE=postgres://… (see README, The index in PostgreSQL)',
          );
        if (o.worker) return runWorkerCommand(cfg, workerCount(o, cfg.INDEX_WORKERS));
        if (o.titleMode !== undefined && o.titleMode !== 'every' && o.titleMode !== 'first')
          throw new UserError('--title-mode must be every or first');
        const policy = sourcesPolicy(o);
        const workers = workerCount(o, cfg.INDEX_WORKERS);
        const list = (sources.length ? sources : defaultSources(cfg)).map((s) =>
          /^https?:\/\//i.test(s) ? s : path.resolve(s),
        );
        const [{ loadEmbedder }, { createService }] = await Promise.all([
          import('../../embed/embedder.js'),
          import('../../service.js'),
        ]);
        // in a worker thread: in-thread batches would freeze the progress bar and Ctrl-C. It is the
        // service's only embedder: this command asks no questions.
        const embedder = await loadEmbedder({
          model: cfg.EMBEDDING_MODEL,
          dtype: cfg.EMBEDDING_DTYPE,
          modelsDir: cfg.modelsDir,
          allowRemote: cfg.ALLOW_REMOTE_MODELS,
          worker: true,
          workers,
        });
        const service = await createService(cfg, { embedder, watch: false });
        const progress = progressPrinter();
        const ac = new AbortController();
        const onSigint = () => ac.abort();
        process.once('SIGINT', onSigint);
        try {
          process.stderr.write(
            `Indexing ${list.join(', ')} into ${storeLocation(cfg)}${workers > 1 ? ` (${workers} embedding workers)` : ''}\n`,
          );
          // the service words its errors (DossierError): action() prints them as one line
          const summary = await service.reindex(
            {
              sources: list,
              full: o.full,
              allowEmpty: o.allowEmpty,
              titleMode: o.titleMode as TitleMode | undefined,
              sourcesPolicy: policy,
              shareEmbedding: o.withWorkers,
              signal: ac.signal,
            },
            progress.onProgress,
          );
          progress.stop();
          process.stdout.write(`${formatSummary(summary)}\n`);
        } finally {
          progress.stop();
          process.off('SIGINT', onSigint);
          await service.close();
          await embedder.dispose();
        }
      }),
    );

  program
    .command('stats')
    .description('What the index holds: articles, chunks, dates, model, last re-index, size on disk.')
    .option('--json', 'print JSON')
    .action(
      action(async (o: { json?: boolean }) => {
        const cfg = config();
        const { storeFor } = await import('../../store/open-store.js');
        const store = await storeFor(cfg);
        let idx: OpenedIndex;
        try {
          idx = await store.open({ ef: cfg.HNSW_EF });
        } catch (err) {
          await store.close();
          return userFacing(err);
        }
        try {
          const s = await idx.stats();
          const m = idx.manifest;
          // who re-indexes now and how the last run ended: the same for every process on this index
          const status = await store.reindexStatus();
          if (o.json) {
            const out = {
              ...s,
              dims: m.dims,
              chunkerVersion: m.chunkerVersion,
              lastReindex: s.builtAt,
              hnsw: m.hnsw,
              ...(store.kind === 'embedded' ? { indexDir: cfg.indexDir } : { store: store.location }),
              generation: idx.generation,
              reindex: status,
            };
            process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
            return;
          }
          const mb = (s.sizeBytes / 1024 / 1024).toFixed(1);
          process.stdout.write(
            `${[
              `Index:         ${store.location} (${idx.generation})`,
              `Articles:      ${s.articles}`,
              `Chunks:        ${s.chunks}`,
              `Dates:         ${s.firstDate ?? '?'} to ${s.lastDate ?? '?'}`,
              `Model:         ${s.modelId} (${s.dtype}, ${m.dims} dimensions)`,
              `Chunker:       ${m.chunkerVersion}`,
              `Last re-index: ${s.builtAt}`,
              `${store.kind === 'embedded' ? 'Size on disk: ' : 'Size in db:   '} ${mb} MB`,
              ...statusLines(status),
            ].join('\n')}\n`,
          );
        } finally {
          await idx.close();
          await store.close();
        }
      }),
    );
}

/** `dossier index --worker`: claims and embeds batches of shared re-indexes until Ctrl-C. */
async function runWorkerCommand(cfg: ReturnType<typeof config>, workers: number): Promise<void> {
  const [{ loadEmbedder }, { PostgresStore }, { runWorker, workerName }] = await Promise.all([
    import('../../embed/embedder.js'),
    import('../../store/postgres/store.js'),
    import('../../store/postgres/queue.js'),
  ]);
  const embedder = await loadEmbedder({
    model: cfg.EMBEDDING_MODEL,
    dtype: cfg.EMBEDDING_DTYPE,
    modelsDir: cfg.modelsDir,
    allowRemote: cfg.ALLOW_REMOTE_MODELS,
    worker: true,
    workers, // --workers N: this machine embeds its batches in N threads
  });
  const store = new PostgresStore(cfg.INDEX_STORE);
  const ac = new AbortController();
  const onSigint = () => ac.abort();
  process.once('SIGINT', onSigint);
  try {
    await store.init();
    process.stderr.write(`Worker ${workerName()} waiting for batches from ${store.location} (Ctrl-C stops)\n`);
    const n = await runWorker(store.pool, embedder, {
      signal: ac.signal,
      onBatch: (k) => process.stderr.write(`\r  ${k} batches embedded`),
    });
    process.stdout.write(`\nEmbedded ${n} batches.\n`);
  } finally {
    process.off('SIGINT', onSigint);
    await store.close();
    await embedder.dispose();
  }
}
