// /search query [author] [from] [to]: matching articles, five per page, with ◀ ▶ buttons; a query
// nothing matches closely says so.
import { SlashCommandBuilder, type ChatInputCommandInteraction } from 'discord.js';
import { searchComponents } from '../src/bot/components.js';
import { NO_MENTIONS, type BotContext, type CommandGuards } from '../src/bot/context.js';
import { fitEmbeds } from '../src/bot/limits.js';
import { queryFromOptions, withFilterOptions } from '../src/bot/options.js';
import { renderSearchMiss, renderSearchPage } from '../src/bot/render.js';

export const data = withFilterOptions(
  new SlashCommandBuilder()
    .setName('search')
    .setDescription('Find articles in the archive.')
    .addStringOption((o) => o.setName('query').setDescription('Words to look for').setRequired(true).setMaxLength(500)),
);

export const guards: CommandGuards = { cooldown: true, index: true };

export async function execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  const query = queryFromOptions(interaction, 'query', 25);
  await interaction.deferReply();
  const result = await ctx.service.search(query);
  // nothing close (or a filter nothing passes): say so, as the CLI does, rather than list strangers
  if (!result.covered || result.passages.length === 0) {
    await interaction.editReply({ embeds: [renderSearchMiss(query.text, result)], allowedMentions: NO_MENTIONS });
    return;
  }
  // one entry per article: the list is of articles, the best passage stands for each
  const seen = new Set<string>();
  const passages = result.passages.filter((p) => !seen.has(p.articleId) && seen.add(p.articleId));
  const id = ctx.cache.put({ kind: 'search', query: query.text, passages });
  await interaction.editReply({
    embeds: fitEmbeds([renderSearchPage(query.text, passages, 0)]),
    components: searchComponents(id, passages.length, 0),
    allowedMentions: NO_MENTIONS,
  });
}
