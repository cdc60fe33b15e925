// What every command and handler gets: the engine (DossierService), settings, the button-state
// cache, the logger and the cooldown. The command module shape follows the discord.js guide.
import type {
  AutocompleteInteraction,
  ChatInputCommandInteraction,
  MessageContextMenuCommandInteraction,
  RESTPostAPIApplicationCommandsJSONBody,
} from 'discord.js';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { DossierService } from '../service-types.js';
import type { Conversations } from './conversations.js';
import type { Cooldown } from './guards.js';
import type { StateCache } from './state-cache.js';

export interface BotContext {
  config: Config;
  service: DossierService;
  cache: StateCache;
  log: Logger;
  cooldown: Cooldown;
  /** follow-up context per thread, reply chain and DM */
  conversations: Conversations;
  /** the bot's display name, for help texts */
  botName(): string;
}

export interface CommandGuards {
  /** counts against the per-user question cooldown */
  cooldown?: boolean;
  /** Manage Server or an ADMIN_ROLE_IDS role, checked at run time */
  admin?: boolean;
  /** needs the index: refused with why not and who can fix it while there is none */
  index?: boolean;
}

export interface CommandModule {
  data: { name: string; toJSON(): RESTPostAPIApplicationCommandsJSONBody };
  guards?: CommandGuards;
  execute(
    interaction: ChatInputCommandInteraction | MessageContextMenuCommandInteraction,
    ctx: BotContext,
  ): Promise<void>;
  autocomplete?(interaction: AutocompleteInteraction, ctx: BotContext): Promise<void>;
}

/** Sent with every message: nobody is ever pinged by the bot, whatever the archive text says. */
export const NO_MENTIONS = { parse: [] as never[], repliedUser: false };

export const MISSING_TOKEN_MESSAGE =
  'DISCORD_TOKEN is not set: put the bot token from https://discord.com/developers/applications (Bot → Reset Token) in .env as DISCORD_TOKEN=...';
