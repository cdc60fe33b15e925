// /timeline topic [author] [from] [to] [order]: the articles about a topic in date order, ten lines a
// page with ◀ ▶ buttons; a topic the archive does not cover says so with the closest articles.
import { SlashCommandBuilder, type ChatInputCommandInteraction } from 'discord.js';
import type { TimelineOrder } from '../src/answer/timeline.js';
import { timelineComponents } from '../src/bot/components.js';
import { NO_MENTIONS, type BotContext, type CommandGuards } from '../src/bot/context.js';
import { fitEmbeds } from '../src/bot/limits.js';
import { queryFromOptions, withFilterOptions } from '../src/bot/options.js';
import { renderTimelineMiss, renderTimelinePage, timelineView } from '../src/bot/render-timeline.js';

/** lines kept for the buttons: ten pages */
export const TIMELINE_LINES = 100;

export const data = withFilterOptions(
  new SlashCommandBuilder()
    .setName('timeline')
    .setDescription('How a story unfolded: the articles about a topic in date order.')
    .addStringOption((o) =>
      o.setName('topic').setDescription('The story, in a few words').setRequired(true).setMaxLength(300),
    ),
).addStringOption((o) =>
  o
    .setName('order')
    .setDescription('Oldest first (default) or newest first')
    .addChoices({ name: 'oldest first', value: 'oldest' }, { name: 'newest first', value: 'newest' }),
);

export const guards: CommandGuards = { cooldown: true, index: true };

export async function execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  const query = queryFromOptions(interaction, 'topic', TIMELINE_LINES);
  const order: TimelineOrder = interaction.options.getString('order') === 'newest' ? 'newest' : 'oldest';
  await interaction.deferReply();
  const t = await ctx.service.timeline({ ...query, order });
  if (!t.covered || t.lines.length === 0) {
    await interaction.editReply({ embeds: [renderTimelineMiss(t)], allowedMentions: NO_MENTIONS });
    return;
  }
  const view = timelineView(t);
  const id = ctx.cache.put({ kind: 'timeline', view });
  await interaction.editReply({
    embeds: fitEmbeds([renderTimelinePage(view, 0)]),
    components: timelineComponents(id, view.lines.length, 0),
    allowedMentions: NO_MENTIONS,
  });
}
