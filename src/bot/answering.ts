// The one answering path shared by /ask, mentions and "Ask the archive": ask the engine, keep the
// answer for its buttons, and build the reply (embed + buttons, no mentions).
import type { APIActionRowComponent, APIComponentInMessageActionRow, APIEmbed } from 'discord.js';
import type { SearchQuery } from '../search/types.js';
import { answerComponents } from './components.js';
import { NO_MENTIONS, type BotContext } from './context.js';
import { fitEmbeds } from './limits.js';
import { renderAnswer } from './render.js';

export interface ReplyPayload {
  content?: string;
  embeds: APIEmbed[];
  components: APIActionRowComponent<APIComponentInMessageActionRow>[];
  allowedMentions: typeof NO_MENTIONS;
}

/** Answers a question (the caller has checked there is an index: the `index` guard, or checkIndexReady). */
export async function answerPayload(ctx: BotContext, query: SearchQuery, ephemeral: boolean): Promise<ReplyPayload> {
  const { answer } = await ctx.service.ask(query);
  const id = ctx.cache.put({ kind: 'answer', answer, ephemeral });
  return {
    embeds: fitEmbeds([renderAnswer({ answer, page: 0 })]),
    components: answerComponents(id, answer, 0),
    allowedMentions: NO_MENTIONS,
  };
}
