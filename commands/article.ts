// /article title: pick an article from autocomplete suggestions (titles containing what was typed),
// then see its title, author, date, permalink and opening.
import {
  MessageFlags,
  SlashCommandBuilder,
  type AutocompleteInteraction,
  type ChatInputCommandInteraction,
} from 'discord.js';
import { NO_MENTIONS, type BotContext, type CommandGuards } from '../src/bot/context.js';
import { fitEmbeds, LIMITS } from '../src/bot/limits.js';
import { formatDate, safeLine, truncate } from '../src/bot/text.js';
import { renderArticle } from '../src/bot/render.js';

export const data = new SlashCommandBuilder()
  .setName('article')
  .setDescription('Show one article from the archive.')
  .addStringOption((o) =>
    o
      .setName('title')
      .setDescription('Start typing a title and pick a suggestion')
      .setRequired(true)
      .setAutocomplete(true)
      .setMaxLength(200),
  );

/** Suggestion label: "Title (18 Mar 2019)", ≤ 100 characters, plain text (Discord shows it raw). */
export function choiceName(title: string, date: string | null): string {
  const suffix = date ? ` (${formatDate(date)})` : '';
  const clean = title.replace(/\s+/g, ' ').trim();
  return truncate(clean, LIMITS.choiceName - suffix.length) + suffix;
}

export const guards: CommandGuards = { index: true };

export async function autocomplete(interaction: AutocompleteInteraction, ctx: BotContext): Promise<void> {
  const typed = String(interaction.options.getFocused() ?? '').slice(0, 100);
  const found = await ctx.service.findTitles(typed, LIMITS.choices); // none without an index
  await interaction.respond(
    found
      .filter((t) => t.id.length <= LIMITS.choiceValue)
      .slice(0, LIMITS.choices)
      .map((t) => ({ name: choiceName(t.title, t.date), value: t.id })),
  );
}

export async function execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  const value = interaction.options.getString('title', true).trim();
  // a picked suggestion carries the article id; typed text without picking is looked up by title
  const article =
    (await ctx.service.article(value)) ??
    (await (async () => {
      const hit = (await ctx.service.findTitles(value, 1))[0];
      return hit ? ctx.service.article(hit.id) : undefined;
    })());
  if (!article) {
    await interaction.reply({
      content: `No article title contains "${safeLine(truncate(value, 100))}". Start typing and pick one of the suggestions.`,
      flags: MessageFlags.Ephemeral,
      allowedMentions: NO_MENTIONS,
    });
    return;
  }
  await interaction.reply({ embeds: fitEmbeds([renderArticle(article)]), allowedMentions: NO_MENTIONS });
}
