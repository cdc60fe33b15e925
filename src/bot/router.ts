// Interaction routing: slash and context-menu commands (guards first), autocomplete, buttons. Every
// handler runs inside error handling; the router also tracks what is in flight for a clean shutdown.
import { MessageFlags, type Interaction } from 'discord.js';
import { handleButton } from './buttons.js';
import { NO_MENTIONS, type BotContext, type CommandModule } from './context.js';
import { handleInteractionError } from './errors.js';
import { checkAdmin, checkIndexReady, type GuardResult, memberFacts } from './guards.js';

export async function runGuards(
  command: CommandModule,
  interaction: Interaction,
  ctx: BotContext,
): Promise<GuardResult> {
  const member = memberFacts(interaction);
  const admin = checkAdmin(member, ctx.config.ADMIN_ROLE_IDS);
  if (command.guards?.admin && !admin.ok) return admin;
  // before the cooldown: a question that cannot be answered does not count against the asker
  if (command.guards?.index) {
    const r = await checkIndexReady(ctx.service, admin.ok);
    if (!r.ok) return r;
  }
  if (command.guards?.cooldown) return ctx.cooldown.take(interaction.user.id);
  return { ok: true };
}

export async function routeInteraction(
  interaction: Interaction,
  commands: Map<string, CommandModule>,
  ctx: BotContext,
): Promise<void> {
  if (interaction.isAutocomplete()) {
    const command = commands.get(interaction.commandName);
    try {
      await command?.autocomplete?.(interaction, ctx);
    } catch (err) {
      // a failed suggestion list must not become an error message: just offer nothing
      ctx.log.warn({ err, command: interaction.commandName }, 'autocomplete failed');
      if (!interaction.responded) await interaction.respond([]).catch(() => undefined);
    }
    return;
  }
  if (interaction.isChatInputCommand() || interaction.isMessageContextMenuCommand()) {
    const command = commands.get(interaction.commandName);
    if (!command) {
      await interaction
        .reply({
          content: 'I no longer know this command; it may have been removed. Try `/help`.',
          flags: MessageFlags.Ephemeral,
          allowedMentions: NO_MENTIONS,
        })
        .catch(() => undefined);
      return;
    }
    const gate = await runGuards(command, interaction, ctx);
    if (!gate.ok) {
      await interaction
        .reply({ content: gate.message, flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS })
        .catch((err) => ctx.log.warn({ err }, 'could not answer a guard refusal'));
      return;
    }
    try {
      await command.execute(interaction, ctx);
    } catch (err) {
      await handleInteractionError(interaction, err, ctx, `/${interaction.commandName}`);
    }
    return;
  }
  if (interaction.isButton()) {
    try {
      await handleButton(interaction, ctx);
    } catch (err) {
      await handleInteractionError(interaction, err, ctx, 'button');
    }
  }
}
