// The one answering path shared by /ask, mentions and "Ask the archive": ask the engine, keep the
// answer for its buttons, and build the reply (embed + buttons, no mentions).
import type { APIActionRowComponent, APIComponentInMessageActionRow, APIEmbed } from 'discord.js';
import type { SearchQuery } from '../search/types.js';
import { answerComponents } from './components.js';
import { NO_MENTIONS, type BotContext } from './context.js';
import { noArticlesLine } from '../search/no-articles.js';
import { BOT_NAMES } from './filter-line.js';
import { fitEmbeds } from './limits.js';
import { renderAnswer, renderNoArticles } from './render-answer.js';

export interface ReplyPayload {
  content?: string;
  embeds: APIEmbed[];
  components: APIActionRowComponent<APIComponentInMessageActionRow>[];
  allowedMentions: typeof NO_MENTIONS;
}

/** Answers a question (the caller has checked there is an index: the `index` guard, or checkIndexReady). */
export async function answerPayload(ctx: BotContext, query: SearchQuery, ephemeral: boolean): Promise<ReplyPayload> {
  const { answer, result } = await ctx.service.ask(query);
  const filter = { author: query.author, from: query.from, to: query.to };
  // the filters alone exclude every article: that is the answer (nothing to rate or open)
  const none = noArticlesLine(result, BOT_NAMES);
  if (none) return { embeds: [renderNoArticles(query.text, none)], components: [], allowedMentions: NO_MENTIONS };
  const window = answer.window ?? result.window;
  const id = ctx.cache.put({ kind: 'answer', answer, ephemeral, filter, window });
  return {
    embeds: fitEmbeds([renderAnswer({ answer, filter, window })]),
    components: answerComponents(id, answer),
    allowedMentions: NO_MENTIONS,
  };
}
