// SHARDS=auto|N: the bot under discord.js's ShardingManager. This process checks the token, asks
// Discord how many shards (auto) and starts one child process per shard, each running the entry
// point again: its own embedder, the same index (every shard reads INDEX_DIR; the re-index lock and
// status there are shared). A shard that dies is started again; SIGINT/SIGTERM stops them all
// (each finishes what it is answering) before this process exits.
import { REST, Routes, ShardingManager, type Shard } from 'discord.js';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { DossierError } from '../errors.js';
import { checkToken, discordProblem } from './discord-check.js';
import { consoleDestination, createLogger } from './log.js';
import { MissingTokenError } from './start.js';

export interface ShardsHandle {
  stopped: Promise<void>;
  shutdown(signal?: string): Promise<void>;
}

/** Inside a shard started by the ShardingManager (discord.js sets SHARDING_MANAGER and SHARDS = its id). */
export function shardOfThisProcess(env: NodeJS.ProcessEnv = process.env): number[] | undefined {
  if (!env.SHARDING_MANAGER) return undefined;
  try {
    const ids = JSON.parse(env.SHARDS ?? '0') as number | number[];
    return Array.isArray(ids) ? ids : [ids];
  } catch {
    return [0];
  }
}

/** Shards Discord recommends for this bot (GET /gateway/bot: about one per 1,000 servers). */
export async function recommendedShards(token: string, apiUrl?: string): Promise<number> {
  const rest = new REST({ ...(apiUrl ? { api: apiUrl } : {}), retries: 1, timeout: 15_000 }).setToken(token);
  try {
    const r = (await rest.get(Routes.gatewayBot())) as { shards?: number };
    return Math.max(1, Number(r.shards) || 1);
  } catch (err) {
    throw discordProblem(err, apiUrl) ?? err;
  }
}

/** Runs `script` (the entry point) once per shard and keeps them running. */
export async function serveShards(
  config: Config,
  script: string,
  opts: { logger?: Logger; exit?: (code: number) => void } = {},
): Promise<ShardsHandle> {
  const token = config.DISCORD_TOKEN;
  if (!token) throw new MissingTokenError();
  const log = opts.logger ?? createLogger(config.LOG_LEVEL, [token], consoleDestination());
  const exit = opts.exit ?? ((code: number) => process.exit(code));
  const app = await checkToken(token, config.DISCORD_API_URL);
  const count =
    config.SHARDS === 'auto' ? await recommendedShards(token, config.DISCORD_API_URL) : Number(config.SHARDS);
  log.info({ application: app.name, shards: count, setting: config.SHARDS }, 'starting the bot in shards');
  // the token reaches the shards in their environment (DISCORD_TOKEN), never on a command line
  const manager = new ShardingManager(script, {
    token,
    totalShards: count,
    mode: 'process',
    respawn: true,
    // under tsx the loader flags come along, so the shard runs the same code as this process
    execArgv: process.execArgv,
  });
  const exits = new Map<number, Promise<void>>();
  manager.on('shardCreate', (shard: Shard) => {
    shard.on('spawn', (child: { once(e: 'exit', f: () => void): void }) => {
      exits.set(shard.id, new Promise((r) => child.once('exit', () => r())));
      log.info({ shard: shard.id }, 'shard started');
    });
    shard.on('death', () => {
      if (!stopping) log.warn({ shard: shard.id }, 'shard stopped; starting it again');
    });
  });

  let stopping = false;
  let resolveStopped!: () => void;
  const stopped = new Promise<void>((r) => (resolveStopped = r));
  let shuttingDown: Promise<void> | undefined;
  const shutdown = (signal?: string) => {
    shuttingDown ??= (async () => {
      stopping = true;
      manager.respawn = false;
      log.info({ signal }, 'stopping every shard');
      // each shard stops cleanly on SIGTERM (finishes its answers, closes the index)
      for (const shard of manager.shards.values()) shard.process?.kill('SIGTERM');
      await Promise.all(exits.values());
      log.info('bye');
      resolveStopped();
    })();
    return shuttingDown;
  };
  const killAll = () => {
    for (const shard of manager.shards.values()) shard.process?.kill('SIGKILL');
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.on(signal, () => {
      // a second signal means "now": the shards too
      if (shuttingDown) {
        killAll();
        exit(1);
      }
      void shutdown(signal).then(
        () => exit(0),
        () => exit(1),
      );
    });

  // one after another, each once it is logged in (a shard loads the model first), 5.5 s apart as
  // Discord allows one IDENTIFY per 5 s
  try {
    await manager.spawn({ amount: count, delay: 5500, timeout: 300_000 });
  } catch (err) {
    stopping = true;
    manager.respawn = false;
    killAll();
    throw new DossierError(`A shard could not start (${(err as Error).message}): its log above says why.`, {
      cause: err,
    });
  }
  log.info({ shards: count }, 'every shard is logged in');
  return { stopped, shutdown };
}
