// /ask question [author] [from] [to] [private]: the answer embed with citations, source pages,
// "Passage n" buttons and 👍/👎. Defers at once: answering can take longer than Discord's 3 s.
import { MessageFlags, SlashCommandBuilder, type ChatInputCommandInteraction } from 'discord.js';
import { answerPayload } from '../src/bot/answering.js';
import type { BotContext, CommandGuards } from '../src/bot/context.js';
import { buildQuery } from '../src/bot/options.js';

export const data = new SlashCommandBuilder()
  .setName('ask')
  .setDescription('Ask a question about the news archive; the answer cites its sources.')
  .addStringOption((o) => o.setName('question').setDescription('Your question').setRequired(true).setMaxLength(500))
  .addStringOption((o) => o.setName('author').setDescription('Only articles by this author').setMaxLength(100))
  .addStringOption((o) =>
    o.setName('from').setDescription('From a year or date, e.g. 2018 or 2019-03-01').setMaxLength(20),
  )
  .addStringOption((o) =>
    o.setName('to').setDescription('Up to a year or date, e.g. 2019 or 2019-12-31').setMaxLength(20),
  )
  .addBooleanOption((o) => o.setName('private').setDescription('Show the answer to you only'));

export const guards: CommandGuards = { cooldown: true };

export async function execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  const ephemeral = interaction.options.getBoolean('private') ?? false;
  // options first (pure and instant): a bad date is told to the user alone, not to the channel
  const query = buildQuery({
    text: interaction.options.getString('question', true),
    author: interaction.options.getString('author'),
    from: interaction.options.getString('from'),
    to: interaction.options.getString('to'),
  });
  await interaction.deferReply(ephemeral ? { flags: MessageFlags.Ephemeral } : {});
  await interaction.editReply(await answerPayload(ctx, query, ephemeral));
}
