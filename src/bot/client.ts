// The discord.js client: only the intents the bot uses (no privileged one by default: message content
// of a mention or a reply to the bot is delivered without MessageContent; MESSAGE_CONTENT_INTENT=true
// adds it, for follow-ups in threads without a mention), DMs via Partials.Channel, no mentions by default.
import { Client, GatewayIntentBits, Options, Partials } from 'discord.js';
import type { Config } from '../config.js';
import { NO_MENTIONS } from './context.js';

export const INTENTS = [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.DirectMessages];

export function createClient(config: Pick<Config, 'DISCORD_API_URL'> & { MESSAGE_CONTENT_INTENT?: boolean }): Client {
  return new Client({
    intents: config.MESSAGE_CONTENT_INTENT ? [...INTENTS, GatewayIntentBits.MessageContent] : INTENTS,
    partials: [Partials.Channel],
    allowedMentions: NO_MENTIONS,
    rest: config.DISCORD_API_URL ? { api: config.DISCORD_API_URL } : {},
    // the bot reads a message once when mentioned; keeping many in memory buys nothing
    makeCache: Options.cacheWithLimits({
      ...Options.DefaultMakeCacheSettings,
      MessageManager: 25,
      GuildMemberManager: 50,
      UserManager: 200,
    }),
  });
}
