// `npm start`: with DISCORD_TOKEN, serve on Discord; without, build the sample index if there is
// none (with progress) and open the local chat — the first thing a newcomer sees.
import 'dotenv/config';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultSources, loadConfig, type Config } from './config.js';
import { reportError } from './cli/context.js';
import { bundledModelDir, isModelFolderComplete } from './embed/build-model.js';
import { storeFor } from './store/open-store.js';
import { createService } from './service.js';
import type { DossierService } from './service-types.js';
import { runChat } from './cli/chat.js';
import { progressPrinter } from './cli/progress.js';
import { formatDate, styleFor } from './cli/render.js';

const out = (s = '') => process.stdout.write(`${s}\n`);
const st = styleFor(process.stdout);
const bold = (s: string) => (st.color ? `\x1b[1m${s}\x1b[22m` : s);
const dim = (s: string) => (st.color ? `\x1b[2m${s}\x1b[22m` : s);

function rel(p: string): string {
  const r = path.relative(process.cwd(), p);
  return r && !r.startsWith('..') ? r : p;
}

async function ensureIndex(cfg: Config, service: DossierService): Promise<void> {
  if (await service.ready()) return;
  const store = await storeFor(cfg);
  const had = (await store.servedGeneration().catch(() => undefined)) !== undefined;
  await store.close();
  const sources = defaultSources(cfg);
  // a missing index is built; an unusable one (other model, corrupt) is rebuilt in full
  out(
    had
      ? `${await service.unavailableReason()}\nRebuilding it now from ${sources.map(rel).join(', ')}…`
      : `No index yet: building one from ${sources.map(rel).join(', ')} (first start only)…`,
  );
  const progress = progressPrinter();
  try {
    const s = await service.reindex({ full: had }, progress.onProgress);
    progress.stop();
    out(dim(`Indexed ${s.added + s.updated} articles (${s.chunksEmbedded} passages) in ${s.seconds.toFixed(1)} s.`));
    for (const w of s.warnings.slice(0, 5))
      out(dim(`  warning: ${w.source}${w.line ? `:${w.line}` : ''}: ${w.message}`));
  } catch (err) {
    progress.stop();
    throw err;
  }
}

async function localChat(cfg: Config): Promise<void> {
  out(`${bold('Dossier')} — answers questions about a news archive, citing the passages it found.`);
  const modelReady =
    cfg.EMBEDDING_MODEL !== 'sentence-transformers/all-MiniLM-L6-v2' ||
    (await isModelFolderComplete(bundledModelDir(cfg.modelsDir)).catch(() => false));
  out(
    dim(
      modelReady
        ? 'Loading the embedding model…'
        : 'Building the embedding model from the bundled weights (first start only, about a minute)…',
    ),
  );
  const service = await createService(cfg);
  try {
    await ensureIndex(cfg, service);
    const s = await service.stats();
    if (s) {
      const span = s.firstDate && s.lastDate ? `, ${formatDate(s.firstDate)} – ${formatDate(s.lastDate)}` : '';
      out(`Archive: ${s.articles} articles${span} (${s.chunks} passages).`);
    }
    out(dim(`To answer on Discord instead, put DISCORD_TOKEN=… in .env (see .env.example) and run npm start again.`));
    out(dim('Ask in plain words, e.g. "What is Operation SHARPSHOOTER?"  /help for filters, Ctrl-D to quit.'));
    out();
    await runChat(service, { historyFile: path.join(path.dirname(cfg.indexDir), '.chat_history') });
  } finally {
    await service.close();
  }
}

async function main(): Promise<void> {
  const cfg: Config = loadConfig();
  if (cfg.DISCORD_TOKEN) {
    const [{ serve }, { commands }] = await Promise.all([import('./bot/serve.js'), import('../commands/index.js')]);
    // with SHARDS set, each shard is this entry point again, in its own process
    const handle = await serve(cfg, commands, { shardScript: fileURLToPath(import.meta.url) });
    await handle.stopped;
    return;
  }
  await localChat(cfg);
}

// one way to say what went wrong: the same line the `dossier` command prints
main().catch((err: unknown) => process.exit(reportError(err)));
