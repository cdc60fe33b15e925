// `dossier serve` (log in to Discord and answer) and `dossier deploy-commands [--guild <id>] [--clear]`
// (register the slash commands: one server for instant testing, or globally; or remove them).
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { MISSING_TOKEN_MESSAGE } from '../../bot/context.js';
import { action, config, UserError } from '../context.js';

// the bot and the engine are imported when a command runs (below): `dossier --help` stays quick
function requireToken(): string {
  const token = config().DISCORD_TOKEN;
  if (!token) throw new UserError(MISSING_TOKEN_MESSAGE);
  return token;
}

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('Log in to Discord and answer questions (needs DISCORD_TOKEN; stop with Ctrl+C).')
    .action(
      action(async () => {
        requireToken();
        const [{ serve }, { commands }] = await Promise.all([
          import('../../bot/serve.js'),
          import('../../../commands/index.js'),
        ]);
        // with SHARDS set, each shard runs the entry point (dist/src/main.js, or src/main.ts under tsx)
        const main = fileURLToPath(new URL('../../main.js', import.meta.url));
        const shardScript = fs.existsSync(main) ? main : main.replace(/\.js$/, '.ts');
        const handle = await serve(config(), commands, { shardScript });
        await handle.stopped;
      }),
    );

  program
    .command('deploy-commands')
    .description(
      'Register the slash commands with Discord: in one server (instant) or globally (can take up to an hour).',
    )
    .option('--guild <id>', 'server id to register in (default: DISCORD_GUILD_ID; none: global)')
    .option(
      '--clear',
      'remove the commands registered there instead (e.g. the global ones, after registering per server)',
    )
    .action(
      action(async (opts: { guild?: string; clear?: boolean }) => {
        const token = requireToken();
        const cfg = config();
        const guildId = opts.guild ?? cfg.DISCORD_GUILD_ID;
        if (guildId && !/^\d{17,20}$/.test(guildId))
          throw new UserError(
            `--guild ${guildId}: a server id is 17–20 digits (Developer Mode → right-click the server → Copy Server ID)`,
          );
        const [{ deployCommands }, { discordProblem }, { inviteUrl }, { commands }] = await Promise.all([
          import('../../bot/deploy.js'),
          import('../../bot/discord-check.js'),
          import('../../bot/invite.js'),
          import('../../../commands/index.js'),
        ]);
        try {
          const r = await deployCommands({
            token,
            apiUrl: cfg.DISCORD_API_URL,
            applicationId: cfg.DISCORD_APPLICATION_ID,
            guildId,
            commands: opts.clear ? [] : commands,
          });
          const where = r.scope === 'guild' ? `in server ${guildId}` : 'globally';
          if (opts.clear) {
            process.stdout.write(`Removed the commands registered ${where} for application ${r.applicationId}.\n`);
            return;
          }
          const when = r.scope === 'guild' ? ' (available now)' : ' (may take up to an hour to appear everywhere)';
          process.stdout.write(
            `Registered ${r.names.length} commands ${where}${when} for application ${r.applicationId}: ${r.names.join(', ')}\n` +
              `Invite link, if the bot is not in your server yet: ${inviteUrl(r.applicationId)}\n`,
          );
        } catch (err) {
          const known = discordProblem(err, cfg.DISCORD_API_URL);
          if (known) throw known;
          const e = err as { status?: number; message?: string };
          if (e.status === 403 || e.status === 404)
            throw new UserError(
              `Discord refused the registration (${e.status}: ${e.message}). Check that the bot was invited to that server with the applications.commands scope, and that DISCORD_APPLICATION_ID matches the token.`,
            );
          throw err;
        }
      }),
    );
}
