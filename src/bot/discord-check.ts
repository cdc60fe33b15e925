// What `serve` and `deploy-commands` check with Discord before anything slow: the token is accepted
// and Discord is reachable (one REST call), and, once logged in, which slash commands are registered.
// Failures are DossierErrors saying what to do.
import { REST, Routes, type APIApplication, type APIApplicationCommand } from 'discord.js';
import { DossierError } from '../errors.js';

export interface AppInfo {
  id: string;
  name: string;
  /** "Public Bot" in the developer portal: anyone with the invite link can add it */
  botPublic: boolean;
}

const NETWORK = new Set([
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/** The DossierError for a failed Discord call the admin can fix (token, network, access), else undefined. */
export function discordProblem(err: unknown, apiUrl?: string): DossierError | undefined {
  const e = err as { status?: number; code?: unknown; name?: string; message?: string; cause?: { code?: unknown } };
  const host = (() => {
    try {
      return new URL(apiUrl ?? 'https://discord.com/api').host;
    } catch {
      return 'discord.com';
    }
  })();
  if (e?.status === 401)
    return new DossierError('Discord refused the token (401 Unauthorized)', {
      cause: err,
      hint: 'Copy a fresh one from https://discord.com/developers/applications (your application → Bot → Reset Token) into DISCORD_TOKEN in .env.',
    });
  const code = String(e?.code ?? e?.cause?.code ?? '');
  if (NETWORK.has(code) || e?.name === 'AbortError' || e?.name === 'TimeoutError')
    return new DossierError(`Can't reach Discord at ${host} (${code || 'timed out'})`, {
      cause: err,
      hint: `Check this machine's network connection, DNS and any proxy or firewall: the bot needs HTTPS to ${host} and a WebSocket to gateway.discord.gg${apiUrl ? ` (DISCORD_API_URL is set to ${apiUrl})` : ''}.`,
    });
  return undefined;
}

function rest(token: string, apiUrl?: string): REST {
  // one quick try: this is a check, not the bot's own client (which retries)
  return new REST({ ...(apiUrl ? { api: apiUrl } : {}), retries: 0, timeout: 15_000 }).setToken(token);
}

/** GET /applications/@me: proves the token and the network, and names the application (its id makes the invite link). */
export async function checkToken(token: string, apiUrl?: string): Promise<AppInfo> {
  try {
    const app = (await rest(token, apiUrl).get(Routes.currentApplication())) as APIApplication;
    return { id: app.id, name: app.name, botPublic: app.bot_public };
  } catch (err) {
    throw discordProblem(err, apiUrl) ?? err;
  }
}

export interface Registered {
  global: string[];
  /** per server checked (DISCORD_GUILD_ID and the servers the bot is in): the commands registered there */
  guilds: Map<string, string[]>;
}

/** The commands Discord has for the application, globally and in each of the servers given. */
export async function registeredCommands(client: REST, applicationId: string, guildIds: string[]): Promise<Registered> {
  const names = (list: unknown) => (list as APIApplicationCommand[]).map((c) => c.name);
  const global = names(await client.get(Routes.applicationCommands(applicationId)));
  const guilds = new Map<string, string[]>();
  for (const id of guildIds)
    guilds.set(id, names(await client.get(Routes.applicationGuildCommands(applicationId, id))));
  return { global, guilds };
}

/** What to tell the admin about the registration, if anything: none at all, some twice, or out of date. */
export function registrationAdvice(reg: Registered, expected: string[], guildId?: string): string | undefined {
  const deploy = `npx dossier deploy-commands${guildId ? ` --guild ${guildId}` : ' --guild <server id>'}`;
  const inGuilds = [...reg.guilds].filter(([, names]) => names.length);
  if (!reg.global.length && !inGuilds.length)
    return `No slash commands are registered for this application: members cannot use /ask yet. Run \`${deploy}\` (one server, at once) or \`npx dossier deploy-commands\` (every server, within an hour).`;
  const twice = reg.global.length ? inGuilds.map(([id]) => id) : [];
  if (twice.length)
    return `The commands are registered both globally and in server ${twice.join(', ')}: members there see every command twice. Remove one set: \`npx dossier deploy-commands --clear --guild ${twice[0]}\` (that server's) or \`npx dossier deploy-commands --clear\` (the global ones).`;
  for (const names of [reg.global, ...inGuilds.map(([, n]) => n)].filter((n) => n.length)) {
    const missing = expected.filter((n) => !names.includes(n));
    if (missing.length)
      return `The registered commands are out of date (missing: ${missing.join(', ')}): run \`${deploy}\` (or without --guild for every server) again.`;
  }
  return undefined;
}
