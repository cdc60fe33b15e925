// Button clicks: source pages, "Passage n" (ephemeral), 👍/👎 votes, search and timeline pages. State comes from
// the in-memory cache; a miss (restart, or an old answer) says the answer expired.
import { MessageFlags, type ButtonInteraction } from 'discord.js';
import { userDigest } from './user-digest.js';
import { answerComponents, decodeButton, searchComponents, timelineComponents } from './components.js';
import { NO_MENTIONS, type BotContext } from './context.js';
import { fitEmbeds } from './limits.js';
import { renderSearchPage } from './render.js';
import { renderAnswer, renderPassage } from './render-answer.js';
import { renderTimelinePage } from './render-timeline.js';
import { citedAnswer } from './sources.js';
import { EXPIRED } from './state-cache.js';
import { openFollowUpThread } from './follow-up.js';

export async function handleButton(interaction: ButtonInteraction, ctx: BotContext): Promise<void> {
  const action = decodeButton(interaction.customId);
  if (!action) {
    await interaction.reply({
      content: 'This button is from an older version of the bot. Please ask again.',
      flags: MessageFlags.Ephemeral,
      allowedMentions: NO_MENTIONS,
    });
    return;
  }
  const state = ctx.cache.get(action.id);
  if (!state || state.kind !== action.kind) {
    await interaction.reply({ content: EXPIRED, flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS });
    return;
  }

  if (state.kind === 'search' && action.action === 'page') {
    await interaction.update({
      embeds: fitEmbeds([renderSearchPage(state.query, state.passages, action.page)]),
      components: searchComponents(action.id, state.passages.length, action.page),
      allowedMentions: NO_MENTIONS,
    });
    return;
  }
  if (state.kind === 'timeline' && action.action === 'page') {
    await interaction.update({
      embeds: fitEmbeds([renderTimelinePage(state.view, action.page)]),
      components: timelineComponents(action.id, state.view.lines.length, action.page),
      allowedMentions: NO_MENTIONS,
    });
    return;
  }
  if (state.kind !== 'answer') return;

  if (action.action === 'page') {
    // a page button of an answer sent before answers fitted on one page: show it as it is now
    await interaction.update({
      embeds: fitEmbeds([renderAnswer(state)]),
      components: answerComponents(action.id, state.answer),
      allowedMentions: NO_MENTIONS,
    });
    return;
  }
  if (action.action === 'follow-up') {
    await openFollowUpThread(interaction, state, ctx);
    return;
  }
  if (action.action === 'passage') {
    const source = citedAnswer(state.answer).sources.find((s) => s.n === action.n);
    if (!source) {
      await interaction.reply({ content: EXPIRED, flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS });
      return;
    }
    await interaction.reply({
      embeds: fitEmbeds([renderPassage(source)]),
      flags: MessageFlags.Ephemeral,
      allowedMentions: NO_MENTIONS,
    });
    return;
  }
  if (action.action === 'vote') {
    ctx.service.recordVote({
      answerId: action.id,
      question: state.answer.question,
      citedArticleIds: [
        ...new Set((state.answer.sources.length ? state.answer.sources : state.answer.related).map((s) => s.articleId)),
      ],
      userHash: userDigest(interaction.user.id),
      vote: action.vote,
    });
    const mark = action.vote > 0 ? '👍 helpful' : '👎 not helpful';
    await interaction.reply({
      content: `Thanks, your vote is recorded: ${mark}. Click the other button to change it.`,
      flags: MessageFlags.Ephemeral,
      allowedMentions: NO_MENTIONS,
    });
  }
}
