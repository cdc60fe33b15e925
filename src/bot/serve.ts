// `dossier serve` / `npm start` with a token: check the token with Discord first (seconds before the
// model would load), open the engine, log in, say what an admin still has to do (register the
// commands, the invite link), keep the index fresh if REFRESH_INTERVAL is set, and on SIGINT/SIGTERM
// stop taking new work, finish what is in flight, close the index and exit 0.
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { createService } from '../service.js';
import { loadEmbedder } from '../embed/embedder.js';
import { startRefresh } from '../refresh.js';
import type { CommandModule } from './context.js';
import { checkToken, registeredCommands, registrationAdvice } from './discord-check.js';
import { inviteUrl } from './invite.js';
import { consoleDestination, createLogger } from './log.js';
import { serveShards, shardOfThisProcess } from './shards.js';
import { installProcessHandlers, MissingTokenError, type RunningBot, startBot } from './start.js';

export interface ServeHandle {
  /** resolves when the bot has stopped and the service is closed */
  stopped: Promise<void>;
  shutdown(signal?: string): Promise<void>;
}

export async function serve(
  config: Config,
  commands: readonly CommandModule[],
  opts: {
    logger?: Logger;
    exit?: (code: number) => void;
    /** the entry point a shard process runs (SHARDS=auto|N: this process starts the shards instead) */
    shardScript?: string;
  } = {},
): Promise<ServeHandle> {
  if (!config.DISCORD_TOKEN) throw new MissingTokenError();
  const token = config.DISCORD_TOKEN;
  const shard = shardOfThisProcess();
  if (config.SHARDS !== 'off' && !shard && opts.shardScript)
    return serveShards(config, opts.shardScript, { logger: opts.logger, exit: opts.exit });
  const base = opts.logger ?? createLogger(config.LOG_LEVEL, [token], consoleDestination());
  // in a shard: every line says which, and so does the re-index status other shards read
  const log = shard ? base.child({ shard: shard.join(',') }) : base;
  if (shard) process.env.DOSSIER_PROCESS_LABEL = `shard ${shard.join(',')}`;
  // the invite link, the registration advice and the refresh timer: once, by shard 0 (or the only process)
  const primary = !shard || shard.includes(0);
  const exit = opts.exit ?? ((code: number) => process.exit(code));
  // a refused token or no network is said before the model loads, not after
  const app = await checkToken(token, config.DISCORD_API_URL);
  log.info({ application: app.name, id: app.id }, 'Discord accepted the token');
  if (app.botPublic)
    log.warn(
      '"Public Bot" is on for this application: anyone with the invite link can add it to their server. Turn it off in the developer portal (Bot tab) unless you want that.',
    );
  installProcessHandlers(log);

  // what is open so far, closed last-first on stop; a stop may come while starting (systemd, Ctrl+C)
  const opened: (() => Promise<void> | void)[] = [];
  let resolveStopped!: () => void;
  const stopped = new Promise<void>((r) => (resolveStopped = r));
  let shuttingDown: Promise<void> | undefined;
  const shutdown = (signal?: string) => {
    shuttingDown ??= (async () => {
      log.info({ signal }, 'shutting down');
      while (opened.length) await opened.pop()!();
      log.info('bye');
      resolveStopped();
    })();
    return shuttingDown;
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      // a second signal while draining means "now"; a shard leaves that to its manager (Ctrl+C in a
      // terminal reaches the manager and every shard, and the manager passes it on too)
      if (shuttingDown) {
        if (!shard) exit(1);
        return;
      }
      void shutdown(signal).then(
        () => exit(0),
        (err) => {
          log.error({ err }, 'error while shutting down');
          exit(1);
        },
      );
    });
  }
  /** Keeps what a start step opened; false when a stop came meanwhile (it is then closed at once). */
  const keep = async (close: () => Promise<void> | void): Promise<boolean> => {
    if (shuttingDown) {
      await close();
      return false;
    }
    opened.push(close);
    return true;
  };

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
  const indexEmbedder = await loadEmbedder({ ...modelOpts, worker: true, workers: config.INDEX_WORKERS });
  if (!(await keep(() => indexEmbedder.dispose()))) return { stopped, shutdown };
  const embedder = await loadEmbedder(modelOpts);
  if (!(await keep(() => embedder.dispose()))) return { stopped, shutdown };
  const service = await createService(config, { embedder, indexEmbedder, log: (m) => log.info(m) });
  if (!(await keep(() => service.close()))) return { stopped, shutdown };
  if (!(await service.ready()))
    log.warn(
      { reason: await service.unavailableReason() },
      'no index yet: questions are answered with how to fix it; an admin can run /reindex',
    );

  let bot: RunningBot;
  try {
    bot = await startBot(config, service, commands, { logger: log });
  } catch (err) {
    while (opened.length) await opened.pop()!();
    throw err;
  }
  if (!(await keep(() => bot.stop()))) return { stopped, shutdown };
  if (primary) {
    await announce(bot, config, commands, log, app.id);
    const refresh = startRefresh(service, config, log);
    await keep(() => refresh.stop());
  }
  return { stopped, shutdown };
}

/** After login: the invite link, and what is wrong with the command registration (if anything). */
async function announce(
  bot: RunningBot,
  config: Config,
  commands: readonly CommandModule[],
  log: Logger,
  fallbackId: string,
): Promise<void> {
  const appId = bot.client.application?.id ?? fallbackId;
  log.info(`invite link (scopes bot + applications.commands, the permissions it needs): ${inviteUrl(appId)}`);
  // the servers it is in (a few: one request each) and the configured one
  const guildIds = [
    ...new Set([...(config.DISCORD_GUILD_ID ? [config.DISCORD_GUILD_ID] : []), ...bot.client.guilds.cache.keys()]),
  ].slice(0, 10);
  try {
    const reg = await registeredCommands(bot.client.rest, appId, guildIds);
    // in one server only: the advice names it, so the command can be pasted as it is
    const guildId = config.DISCORD_GUILD_ID ?? (guildIds.length === 1 ? guildIds[0] : undefined);
    const advice = registrationAdvice(
      reg,
      commands.map((c) => c.data.name),
      guildId,
    );
    if (advice) log.warn(advice);
    else log.info({ global: reg.global.length, guilds: guildIds.length }, 'slash commands are registered');
  } catch (err) {
    log.warn({ err }, 'could not list the registered slash commands');
  }
}
