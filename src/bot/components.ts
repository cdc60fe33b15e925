// Buttons under answers and search results. A button's custom_id carries only a short state id and
// the action ("d:<kind>:<id>:<action>[:<arg>]", always ≤ 100 chars); the state itself lives in a
// bounded in-memory cache (state-cache.ts), so after a restart old buttons answer "expired".
// Answers have no pages any more (one line per source article fits); "page" is still understood.
import {
  ButtonStyle,
  ComponentType,
  type APIActionRowComponent,
  type APIButtonComponent,
  type APIComponentInMessageActionRow,
} from 'discord.js';
import type { Answer } from '../answer/types.js';
import { LIMITS } from './limits.js';
import { clampPage, pageCount, RESULTS_PER_PAGE } from './render.js';
import { TIMELINE_PER_PAGE } from './render-timeline.js';
import { citedAnswer } from './sources.js';

export type ButtonAction =
  | { kind: 'answer'; id: string; action: 'page'; page: number }
  | { kind: 'answer'; id: string; action: 'passage'; n: number }
  | { kind: 'answer'; id: string; action: 'vote'; vote: 1 | -1 }
  | { kind: 'answer'; id: string; action: 'follow-up' }
  | { kind: 'search'; id: string; action: 'page'; page: number }
  | { kind: 'timeline'; id: string; action: 'page'; page: number };

const PREFIX = 'd';

export function encodeButton(a: ButtonAction): string {
  const k = a.kind === 'answer' ? 'a' : a.kind === 'search' ? 's' : 't';
  let tail: string;
  if (a.action === 'page') tail = `p:${a.page}`;
  else if (a.action === 'passage') tail = `x:${a.n}`;
  else if (a.action === 'follow-up') tail = 'f:1';
  else tail = `v:${a.vote > 0 ? 'u' : 'd'}`;
  const id = `${PREFIX}:${k}:${a.id}:${tail}`;
  if (id.length > LIMITS.customId) throw new Error(`custom_id too long (${id.length})`);
  return id;
}

/** Parses a custom_id made by encodeButton; anything else (old formats, other bots) → undefined. */
export function decodeButton(customId: string): ButtonAction | undefined {
  const m = /^d:([ast]):([A-Za-z0-9_-]{1,40}):([pxvf]):([A-Za-z0-9]{1,6})$/.exec(customId);
  if (!m) return undefined;
  const [, k, id, act, arg] = m;
  if (act === 'p') {
    const page = Number(arg);
    if (!Number.isInteger(page) || page < 0) return undefined;
    if (k === 't') return { kind: 'timeline', id, action: 'page', page };
    return k === 'a' ? { kind: 'answer', id, action: 'page', page } : { kind: 'search', id, action: 'page', page };
  }
  if (k !== 'a') return undefined;
  if (act === 'x') {
    const n = Number(arg);
    return Number.isInteger(n) && n >= 1 ? { kind: 'answer', id, action: 'passage', n } : undefined;
  }
  if (act === 'f') return arg === '1' ? { kind: 'answer', id, action: 'follow-up' } : undefined;
  if (arg === 'u' || arg === 'd') return { kind: 'answer', id, action: 'vote', vote: arg === 'u' ? 1 : -1 };
  return undefined;
}

type Row = APIActionRowComponent<APIComponentInMessageActionRow>;

function button(
  label: string,
  customId: string,
  style: ButtonStyle = ButtonStyle.Secondary,
  disabled = false,
  emoji?: string,
): APIButtonComponent {
  return {
    type: ComponentType.Button,
    style,
    label: label.slice(0, LIMITS.buttonLabel),
    custom_id: customId,
    disabled,
    ...(emoji ? { emoji: { name: emoji } } : {}),
  } as APIButtonComponent;
}

function row(components: APIButtonComponent[]): Row {
  return { type: ComponentType.ActionRow, components: components.slice(0, LIMITS.buttonsPerRow) };
}

export const FOLLOW_UP_LABEL = 'Ask a follow-up';

/** One "Passage n" per source article (the passages stay out of the message), then the votes (and
 * "Ask a follow-up", which opens a thread, where the answer is in a server channel). */
export function answerComponents(id: string, answer: Answer, opts: { followUp?: boolean } = {}): Row[] {
  const votes = row([
    button(
      'Helpful',
      encodeButton({ kind: 'answer', id, action: 'vote', vote: 1 }),
      ButtonStyle.Secondary,
      false,
      '👍',
    ),
    button(
      'Not helpful',
      encodeButton({ kind: 'answer', id, action: 'vote', vote: -1 }),
      ButtonStyle.Secondary,
      false,
      '👎',
    ),
    ...(opts.followUp && answer.covered && answer.sentences.length > 0
      ? [
          button(
            FOLLOW_UP_LABEL,
            encodeButton({ kind: 'answer', id, action: 'follow-up' }),
            ButtonStyle.Secondary,
            false,
            '🧵',
          ),
        ]
      : []),
  ]);
  // "not covered" is an answer too: a 👎 on it tells the admin what the archive is missing
  if (!answer.covered || answer.sentences.length === 0) return [votes];
  const sources = citedAnswer(answer).sources;
  if (!sources.length) return [votes];
  const passages = row(
    sources.map((s) =>
      button(`Passage ${s.n}`, encodeButton({ kind: 'answer', id, action: 'passage', n: s.n }), ButtonStyle.Primary),
    ),
  );
  return [passages, votes];
}

// no "page x of y" button between them: custom ids must be unique in a message (the footer says the page)
export function searchComponents(id: string, results: number, page: number): Row[] {
  return pageButtons('search', id, results, page, RESULTS_PER_PAGE);
}

/** ◀ ▶ under a timeline, ten lines a page. */
export function timelineComponents(id: string, lines: number, page: number): Row[] {
  return pageButtons('timeline', id, lines, page, TIMELINE_PER_PAGE);
}

function pageButtons(kind: 'search' | 'timeline', id: string, items: number, page: number, perPage: number): Row[] {
  const pages = pageCount(items, perPage);
  if (pages <= 1) return [];
  const p = clampPage(page, items, perPage);
  return [
    row([
      button(
        'Previous',
        encodeButton({ kind, id, action: 'page', page: Math.max(0, p - 1) }),
        ButtonStyle.Secondary,
        p === 0,
        '◀️',
      ),
      button(
        'Next',
        encodeButton({ kind, id, action: 'page', page: Math.min(pages - 1, p + 1) }),
        ButtonStyle.Secondary,
        p >= pages - 1,
        '▶️',
      ),
    ]),
  ];
}
