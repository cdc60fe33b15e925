// Registers the slash and context-menu commands: in one server (instant, for testing) or globally.
// The application id comes from the setting or, when unset, from GET /applications/@me.
import { REST, Routes, type APIApplication } from 'discord.js';
import type { CommandModule } from './context.js';

export interface DeployOptions {
  token: string;
  apiUrl?: string;
  applicationId?: string;
  guildId?: string;
  /** what to register: the entry point passes commands/index.ts's list */
  commands: readonly Pick<CommandModule, 'data'>[];
}

export interface DeployResult {
  applicationId: string;
  scope: 'guild' | 'global';
  names: string[];
}

export function commandBodies(commands: readonly Pick<CommandModule, 'data'>[]) {
  return commands.map((c) => c.data.toJSON());
}

export async function deployCommands(o: DeployOptions): Promise<DeployResult> {
  const rest = new REST(o.apiUrl ? { api: o.apiUrl } : {}).setToken(o.token);
  const applicationId = o.applicationId ?? ((await rest.get(Routes.currentApplication())) as APIApplication).id;
  const route = o.guildId
    ? Routes.applicationGuildCommands(applicationId, o.guildId)
    : Routes.applicationCommands(applicationId);
  const registered = (await rest.put(route, { body: commandBodies(o.commands) })) as { name: string }[];
  return { applicationId, scope: o.guildId ? 'guild' : 'global', names: registered.map((c) => c.name) };
}
