// `dossier index [sources...]` (re-index with a progress bar and a summary) and `dossier stats`.
import path from 'node:path';
import type { Command } from 'commander';
import cliProgress from 'cli-progress';
import { SAMPLE_ARCHIVE, type Config } from '../../config.js';
import type { OpenedIndex } from '../../index/open.js';
import type { Progress, ReindexSummary, Stage } from '../../index/types.js';
import { action, config, UserError } from '../context.js';

const STAGE_LABEL: Record<Stage, string> = {
  fetch: 'Fetching',
  parse: 'Reading sources',
  chunk: 'Chunking',
  embed: 'Embedding',
  write: 'Writing',
  publish: 'Publishing',
  done: 'Done',
};

/** One bar per stage on a terminal; one line per stage otherwise (logs, CI). */
export function progressPrinter(): { onProgress: (p: Progress) => void; stop: () => void } {
  const tty = Boolean(process.stderr.isTTY);
  let bar: cliProgress.SingleBar | undefined;
  let stage: Stage | undefined;
  const stop = () => {
    bar?.stop();
    bar = undefined;
  };
  const onProgress = (p: Progress) => {
    if (p.stage === 'done') return stop();
    if (p.stage !== stage) {
      stop();
      stage = p.stage;
      if (!tty) {
        process.stderr.write(`${STAGE_LABEL[p.stage]}${p.total !== undefined ? ` (${p.total})` : ''}…\n`);
        return;
      }
      bar = new cliProgress.SingleBar(
        {
          format: `${STAGE_LABEL[p.stage].padEnd(16)} {bar} {value}/{total} {rate} ETA {eta_formatted}`,
          stream: process.stderr,
          hideCursor: true,
          clearOnComplete: false,
        },
        cliProgress.Presets.shades_classic,
      );
      bar.start(p.total ?? 0, p.done, { rate: '' });
    }
    if (!bar) return;
    if (p.total !== undefined && p.total !== bar.getTotal()) bar.setTotal(p.total);
    // a rate means something only where there is real work per item
    bar.update(p.done, { rate: p.rate && p.stage === 'embed' ? `${p.rate.toFixed(1)} chunks/s` : '' });
  };
  return { onProgress, stop };
}

export function formatSummary(s: ReindexSummary): string {
  const lines: string[] = [];
  if (!s.published) {
    lines.push(`Index unchanged: ${s.unchanged} articles, nothing to embed (${s.seconds.toFixed(1)} s).`);
  } else {
    lines.push(`Index updated in ${s.seconds.toFixed(1)} s.`);
    lines.push(
      `  articles: ${s.added} added, ${s.updated} updated, ${s.removed} removed, ${s.unchanged} unchanged, ${s.duplicates} duplicates skipped`,
    );
    lines.push(`  chunks embedded: ${s.chunksEmbedded} (${s.throughput.toFixed(1)} chunks/s)`);
    if (s.upgraded)
      lines.push('  the index now also has whole-article search (added from the stored articles, nothing re-embedded)');
  }
  if (s.warnings.length) {
    lines.push(`  warnings (${s.warnings.length}):`);
    for (const w of s.warnings.slice(0, 50)) {
      const where =
        w.line !== undefined ? `${w.source}:${w.line}` : w.item !== undefined ? `${w.source} item ${w.item}` : w.source;
      lines.push(`    ${where}: ${w.message}`);
    }
    if (s.warnings.length > 50) lines.push(`    … and ${s.warnings.length - 50} more`);
  }
  return lines.join('\n');
}

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
