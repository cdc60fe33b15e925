// The one answering path shared by /ask, mentions, follow-ups and "Ask the archive": ask the engine,
// keep the answer for its buttons, and build the reply (embed + buttons, no mentions); then remember
// the answer as a turn of its conversation, so a reply to it (or its thread) can follow up.
import type { APIActionRowComponent, APIComponentInMessageActionRow, APIEmbed } from 'discord.js';
import { turnOf, type Turn } from '../answer/carry-over.js';
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

export interface AnswerOptions {
  /** the question as the user typed it (a follow-up is searched with carried words too) */
  question?: string;
  /** what a follow-up carried over from its conversation ("the raid on the embassy in Madrid") */
  about?: string;
  /** offer "Ask a follow-up" (opens a thread): in a server channel that is not a thread already */
  followUpButton?: boolean;
}

/** Answers a question (the caller has checked there is an index: the `index` guard, or checkIndexReady). */
export async function answerPayload(
  ctx: BotContext,
  query: SearchQuery,
  ephemeral: boolean,
  opts: AnswerOptions = {},
): Promise<ReplyPayload & { turn?: Turn }> {
  const asked = await ctx.service.ask(query);
  const { result } = asked;
  const answer = opts.question ? { ...asked.answer, question: opts.question } : asked.answer;
  const filter = { author: query.author, from: query.from, to: query.to };
  // the filters alone exclude every article: that is the answer (nothing to rate or open)
  const none = noArticlesLine(result, BOT_NAMES);
  if (none) return { embeds: [renderNoArticles(query.text, none)], components: [], allowedMentions: NO_MENTIONS };
  const window = answer.window ?? result.window;
  const turn = turnOf({ query, about: opts.about }, answer);
  const about = opts.about;
  const id = ctx.cache.put({ kind: 'answer', answer, ephemeral, filter, window, turn, ...(about ? { about } : {}) });
  return {
    embeds: fitEmbeds([renderAnswer({ answer, filter, window, about })]),
    components: answerComponents(id, answer, { followUp: !!opts.followUpButton && !ephemeral }),
    allowedMentions: NO_MENTIONS,
    turn,
  };
}

/**
 * The answer `messageId` is a turn of conversation `key` (a thread, a DM, or a reply chain: by
 * default the answer starts its own, keyed by its message): a reply to it continues from here.
 */
export function rememberTurn(ctx: BotContext, messageId: string, turn: Turn | undefined, key?: string): void {
  if (!turn) return;
  const k = key ?? `m:${messageId}`;
  ctx.conversations.add(k, turn);
  ctx.conversations.linkMessage(messageId, k);
}

/** The payload without the turn (what discord.js is given). */
export function messageOf(p: ReplyPayload & { turn?: Turn }): ReplyPayload {
  const { turn: _turn, ...rest } = p;
  return rest;
}
