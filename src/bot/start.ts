// Logs the bot in and serves: routes interactions and mentions to their handlers, tracks what is in
// flight, and stops cleanly (no new work, finish what runs, disconnect). The caller closes the service.
import { once } from 'node:events';
import { Events, MessageFlags, type Client } from 'discord.js';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { DossierError } from '../errors.js';
import type { DossierService } from '../service-types.js';
import { createClient } from './client.js';
import { MISSING_TOKEN_MESSAGE, NO_MENTIONS, type BotContext, type CommandModule } from './context.js';
import { Cooldown } from './guards.js';
import { createLogger } from './log.js';
import { handleMessage } from './mentions.js';
import { routeInteraction } from './router.js';
import { StateCache } from './state-cache.js';
import { Conversations } from './conversations.js';

export class MissingTokenError extends DossierError {
  constructor() {
    super(MISSING_TOKEN_MESSAGE);
  }
}

export interface BotOptions {
  logger?: Logger;
  /** answers and search results kept for their buttons */
  cacheSize?: number;
  /** how long stop() waits for handlers in flight */
  drainTimeoutMs?: number;
  /** follow-up context (tests pass one with their own clock) */
  conversations?: Conversations;
}

export interface RunningBot {
  client: Client<true>;
  log: Logger;
  /** handlers currently running */
  inFlight(): number;
  stop(): Promise<void>;
}

/** The command list comes from the entry point (commands/index.ts): the bot room never imports it. */
export async function startBot(
  config: Config,
  service: DossierService,
  commandList: readonly CommandModule[],
  opts: BotOptions = {},
): Promise<RunningBot> {
  const token = config.DISCORD_TOKEN;
  if (!token) throw new MissingTokenError();
  const log = opts.logger ?? createLogger(config.LOG_LEVEL, [token]);
  const client = createClient(config);
  const commands = commandsByName(commandList);
  const ctx: BotContext = {
    config,
    service,
    cache: new StateCache(opts.cacheSize ?? 500),
    log,
    cooldown: new Cooldown(config.COOLDOWN),
    conversations: opts.conversations ?? new Conversations(),
    botName: () => client.user?.username ?? 'Dossier',
  };

  const inflight = new Set<Promise<void>>();
  let stopping = false;
  const track = (what: string, work: () => Promise<void>) => {
    const p = work()
      .catch((err) => log.error({ err, what }, 'unhandled error in a handler'))
      .finally(() => inflight.delete(p));
    inflight.add(p);
  };

  client.on(Events.InteractionCreate, (interaction) => {
    if (stopping) {
      if (interaction.isRepliable()) {
        void interaction
          .reply({
            content: 'The bot is restarting; please try again in a minute.',
            flags: MessageFlags.Ephemeral,
            allowedMentions: NO_MENTIONS,
          })
          .catch(() => undefined);
      }
      return;
    }
    track('interaction', () => routeInteraction(interaction, commands, ctx));
  });
  client.on(Events.MessageCreate, (message) => {
    if (stopping || !client.isReady()) return;
    track('message', () => handleMessage(message, client, ctx));
  });
  client.on(Events.Error, (err) => log.error({ err }, 'discord client error'));
  client.on(Events.Warn, (m) => log.warn(m));
  client.on(Events.ShardError, (err, shard) => log.warn({ err, shard }, 'gateway error (discord.js reconnects)'));
  client.on(Events.ShardResume, (shard, replayed) => log.info({ shard, replayed }, 'gateway resumed'));
  client.on(Events.ShardReconnecting, (shard) => log.info({ shard }, 'gateway reconnecting'));
  client.rest.on('rateLimited', (info) =>
    log.warn(
      { route: info.route, retryAfter: info.retryAfter, global: info.global, scope: info.scope },
      'Discord rate limit: waiting',
    ),
  );

  const ready = once(client, Events.ClientReady);
  try {
    await client.login(token);
    await ready;
  } catch (err) {
    await client.destroy();
    throw err;
  }
  log.info({ user: client.user?.tag, guilds: client.guilds.cache.size }, 'logged in to Discord');

  let stopped: Promise<void> | undefined;
  return {
    client: client as Client<true>,
    log,
    inFlight: () => inflight.size,
    stop() {
      stopped ??= (async () => {
        stopping = true;
        log.info({ inFlight: inflight.size }, 'stopping: finishing interactions in flight');
        const timeout = new Promise<'timeout'>((r) =>
          setTimeout(() => r('timeout'), opts.drainTimeoutMs ?? 20_000).unref(),
        );
        if ((await Promise.race([Promise.allSettled([...inflight]), timeout])) === 'timeout')
          log.warn({ inFlight: inflight.size }, 'stopping without waiting for the rest');
        await client.destroy();
        log.info('disconnected from Discord');
      })();
      return stopped;
    },
  };
}

/** Commands by the name Discord sends in an interaction. */
export function commandsByName(list: readonly CommandModule[]): Map<string, CommandModule> {
  return new Map(list.map((c) => [c.data.name, c]));
}

/** For the bot's entry point: a stray rejection is logged, never a crash. */
export function installProcessHandlers(log: Logger): void {
  process.on('unhandledRejection', (reason) => log.error({ err: reason }, 'unhandled promise rejection'));
  process.on('uncaughtException', (err) => log.fatal({ err }, 'uncaught exception'));
}
