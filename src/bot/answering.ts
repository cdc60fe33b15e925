// The one answering path shared by /ask, mentions and "Ask the archive": ask the engine, keep the
// answer for its buttons, and build the reply (embed + buttons, no mentions).
import type { APIActionRowComponent, APIComponentInMessageActionRow, APIEmbed } from 'discord.js';
import type { SearchQuery } from '../search/types.js';
import { answerComponents } from './components.js';
import { NO_MENTIONS, type BotContext } from './context.js';
import { fitContent, fitEmbeds } from './limits.js';
import { renderAnswer } from './render.js';

export interface ReplyPayload {
  content?: string;
  embeds: APIEmbed[];
  components: APIActionRowComponent<APIComponentInMessageActionRow>[];
  allowedMentions: typeof NO_MENTIONS;
}

export function textPayload(content: string): ReplyPayload {
  return { content: fitContent(content), embeds: [], components: [], allowedMentions: NO_MENTIONS };
}

/** Answers a question; when the index is unavailable, says why and what fixes it instead of failing. */
export async function answerPayload(ctx: BotContext, query: SearchQuery, ephemeral: boolean): Promise<ReplyPayload> {
  if (!ctx.service.ready()) {
    return textPayload(`I can't answer right now: ${ctx.service.unavailableReason() ?? 'the index is not available.'}`);
  }
  const { answer } = await ctx.service.ask(query);
  const id = ctx.cache.put({ kind: 'answer', answer, ephemeral });
  return {
    embeds: fitEmbeds([renderAnswer({ answer, page: 0 })]),
    components: answerComponents(id, answer, 0),
    allowedMentions: NO_MENTIONS,
  };
}
