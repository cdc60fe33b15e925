// /search query [author] [from] [to]: matching articles, five per page, with ◀ ▶ buttons.
import { SlashCommandBuilder, type ChatInputCommandInteraction } from 'discord.js';
import { searchComponents } from '../src/bot/components.js';
import { NO_MENTIONS, type BotContext, type CommandGuards } from '../src/bot/context.js';
import { fitContent, fitEmbeds } from '../src/bot/limits.js';
import { buildQuery } from '../src/bot/options.js';
import { renderSearchPage } from '../src/bot/render.js';

export const data = new SlashCommandBuilder()
  .setName('search')
  .setDescription('Find articles in the archive.')
  .addStringOption((o) => o.setName('query').setDescription('Words to look for').setRequired(true).setMaxLength(500))
  .addStringOption((o) => o.setName('author').setDescription('Only articles by this author').setMaxLength(100))
  .addStringOption((o) =>
    o.setName('from').setDescription('From a year or date, e.g. 2018 or 2019-03-01').setMaxLength(20),
  )
  .addStringOption((o) =>
    o.setName('to').setDescription('Up to a year or date, e.g. 2019 or 2019-12-31').setMaxLength(20),
  );

export const guards: CommandGuards = { cooldown: true };

export async function execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  const query = buildQuery(
    {
      text: interaction.options.getString('query', true),
      author: interaction.options.getString('author'),
      from: interaction.options.getString('from'),
      to: interaction.options.getString('to'),
    },
    25,
  );
  await interaction.deferReply();
  if (!ctx.service.ready()) {
    await interaction.editReply({
      content: fitContent(
        `I can't search right now: ${ctx.service.unavailableReason() ?? 'the index is not available.'}`,
      ),
      allowedMentions: NO_MENTIONS,
    });
    return;
  }
  const result = await ctx.service.search(query);
  // one entry per article: the list is of articles, the best passage stands for each
  const seen = new Set<string>();
  const passages = [...result.passages, ...(result.passages.length ? [] : result.related)].filter(
    (p) => !seen.has(p.articleId) && seen.add(p.articleId),
  );
  const id = ctx.cache.put({ kind: 'search', query: query.text, passages });
  await interaction.editReply({
    embeds: fitEmbeds([renderSearchPage(query.text, passages, 0)]),
    components: searchComponents(id, passages.length, 0),
    allowedMentions: NO_MENTIONS,
  });
}
