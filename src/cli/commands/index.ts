// `dossier index [sources...]` (re-index with a progress bar and a summary) and `dossier stats`.
import path from 'node:path';
import type { Command } from 'commander';
import { SAMPLE_ARCHIVE, type Config } from '../../config.js';
import type { OpenedIndex } from '../../index/open.js';
import { formatSummary, progressPrinter } from '../progress.js';
import { action, config, UserError } from '../context.js';

/**
 * The engine, imported when a command runs rather than at start: `dossier --help` and the other
 * commands do not pay for the model runtime, the archive parsers and the index code.
 */
async function engine() {
  const [
    { loadEmbedder },
    { remoteOptionsFromConfig },
    { runReindex, EmptySourcesError },
    { openIndex, IndexOpenError },
    { ReindexLockedError },
  ] = await Promise.all([
    import('../../embed/embedder.js'),
    import('../../archive/remote/index.js'),
    import('../../index/pipeline.js'),
    import('../../index/open.js'),
    import('../../index/lock.js'),
  ]);
  const userFacing = (err: unknown): never => {
    if (err instanceof IndexOpenError || err instanceof ReindexLockedError || err instanceof EmptySourcesError)
      throw new UserError(err.message);
    throw err;
  };
  return { loadEmbedder, remoteOptionsFromConfig, runReindex, openIndex, userFacing };
}

export function defaultSources(cfg: Config): string[] {
  return cfg.ARCHIVE_SOURCES.length ? cfg.ARCHIVE_SOURCES : [SAMPLE_ARCHIVE];
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
    .action(
      action(async (sources: string[], o: { full?: boolean; allowEmpty?: boolean; titleMode?: string }) => {
        const cfg = config();
        if (o.titleMode !== undefined && o.titleMode !== 'every' && o.titleMode !== 'first')
          throw new UserError('--title-mode must be every or first');
        const list = sources.length ? sources : defaultSources(cfg);
        const { loadEmbedder, remoteOptionsFromConfig, runReindex, userFacing } = await engine();
        // in a worker thread: in-thread batches would freeze the progress bar and Ctrl-C
        const embedder = await loadEmbedder({
          model: cfg.EMBEDDING_MODEL,
          dtype: cfg.EMBEDDING_DTYPE,
          modelsDir: cfg.modelsDir,
          allowRemote: cfg.ALLOW_REMOTE_MODELS,
          worker: true,
        });
        const progress = progressPrinter();
        const ac = new AbortController();
        const onSigint = () => ac.abort();
        process.once('SIGINT', onSigint);
        try {
          process.stderr.write(`Indexing ${list.join(', ')} into ${cfg.indexDir}\n`);
          const summary = await runReindex({
            indexDir: cfg.indexDir,
            embedder,
            sources: list.map((s) => (/^https?:\/\//i.test(s) ? s : path.resolve(s))),
            full: o.full,
            allowEmpty: o.allowEmpty,
            hnsw: { M: cfg.HNSW_M, efConstruction: cfg.HNSW_EF_CONSTRUCTION },
            titleMode: o.titleMode,
            onProgress: progress.onProgress,
            signal: ac.signal,
            // fetch state (ETag, newest post, cached articles) lives in INDEX_DIR/sources; --full re-reads sites too
            remote: remoteOptionsFromConfig(cfg, o.full ? { full: true } : {}),
          }).catch(userFacing);
          progress.stop();
          process.stdout.write(`${formatSummary(summary)}\n`);
        } finally {
          progress.stop();
          process.off('SIGINT', onSigint);
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
        const { openIndex, userFacing } = await engine();
        let idx: OpenedIndex;
        try {
          idx = openIndex(cfg.indexDir, { ef: cfg.HNSW_EF });
        } catch (err) {
          throw userFacing(err);
        }
        try {
          const s = idx.stats();
          const m = idx.manifest;
          if (o.json) {
            const out = {
              ...s,
              dims: m.dims,
              chunkerVersion: m.chunkerVersion,
              lastReindex: s.builtAt,
              hnsw: m.hnsw,
              indexDir: cfg.indexDir,
              generation: path.basename(idx.generationDir),
            };
            process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
            return;
          }
          const mb = (s.sizeBytes / 1024 / 1024).toFixed(1);
          process.stdout.write(
            `${[
              `Index:         ${cfg.indexDir} (${path.basename(idx.generationDir)})`,
              `Articles:      ${s.articles}`,
              `Chunks:        ${s.chunks}`,
              `Dates:         ${s.firstDate ?? '?'} to ${s.lastDate ?? '?'}`,
              `Model:         ${s.modelId} (${s.dtype}, ${m.dims} dimensions)`,
              `Chunker:       ${m.chunkerVersion}`,
              `Last re-index: ${s.builtAt}`,
              `Size on disk:  ${mb} MB`,
            ].join('\n')}\n`,
          );
        } finally {
          idx.close();
        }
      }),
    );
}
