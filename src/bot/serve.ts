// `dossier serve` / `npm start` with a token: open the engine, log in, keep the index fresh if
// REFRESH_INTERVAL is set, and on SIGINT/SIGTERM stop taking new work, finish what is in flight,
// close the index and exit 0.
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { createService } from '../service.js';
import { loadEmbedder } from '../embed/embedder.js';
import { startRefresh } from '../refresh.js';
import type { CommandModule } from './context.js';
import { createLogger } from './log.js';
import { installProcessHandlers, MissingTokenError, startBot } from './start.js';

export interface ServeHandle {
  /** resolves when the bot has stopped and the service is closed */
  stopped: Promise<void>;
  shutdown(signal?: string): Promise<void>;
}

export async function serve(
  config: Config,
  commands: readonly CommandModule[],
  opts: { logger?: Logger; exit?: (code: number) => void } = {},
): Promise<ServeHandle> {
  if (!config.DISCORD_TOKEN) throw new MissingTokenError();
  const log = opts.logger ?? createLogger(config.LOG_LEVEL, [config.DISCORD_TOKEN]);
  const exit = opts.exit ?? ((code: number) => process.exit(code));
  installProcessHandlers(log);

  log.info({ indexDir: config.indexDir }, 'loading the embedding model and the index');
  // the model runs in a worker thread: embedding a re-index on this thread stalls the event loop for
  // seconds (p99 4.5 s measured), and Discord drops interactions not acknowledged within 3 s
  // Questions use a second, in-thread copy: one short query blocks for a few ms, and it must not
  // queue behind re-index batches in the worker (p50 8.6 s measured under load when it did).
  const modelOpts = {
    model: config.EMBEDDING_MODEL,
    dtype: config.EMBEDDING_DTYPE,
    modelsDir: config.modelsDir,
    allowRemote: config.ALLOW_REMOTE_MODELS,
  };
  const indexEmbedder = await loadEmbedder({ ...modelOpts, worker: true });
  const embedder = await loadEmbedder(modelOpts);
  const service = await createService(config, { embedder, indexEmbedder, log: (m) => log.info(m) });
  if (!service.ready())
    log.warn(
      { reason: service.unavailableReason() },
      'no index yet: questions are answered with how to fix it; an admin can run /reindex',
    );

  let bot: Awaited<ReturnType<typeof startBot>>;
  try {
    bot = await startBot(config, service, commands, { logger: log });
  } catch (err) {
    await service.close();
    await embedder.dispose();
    await indexEmbedder.dispose();
    throw err;
  }
  const refresh = startRefresh(service, config, log);

  let resolveStopped!: () => void;
  const stopped = new Promise<void>((r) => (resolveStopped = r));
  let shuttingDown: Promise<void> | undefined;
  const shutdown = (signal?: string) => {
    shuttingDown ??= (async () => {
      log.info({ signal }, 'shutting down');
      refresh.stop();
      await bot.stop();
      await service.close();
      await embedder.dispose();
      await indexEmbedder.dispose();
      log.info('bye');
      resolveStopped();
    })();
    return shuttingDown;
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      // a second signal while draining means "now"
      if (shuttingDown) exit(1);
      void shutdown(signal).then(
        () => exit(0),
        (err) => {
          log.error({ err }, 'error while shutting down');
          exit(1);
        },
      );
    });
  }
  return { stopped, shutdown };
}
