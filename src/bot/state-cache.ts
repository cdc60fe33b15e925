// Bounded in-memory cache of recent answers and search results, keyed by a short random id that the
// buttons carry. Oldest entries go first; after a restart it is empty and old buttons say "expired".
import { randomBytes } from 'node:crypto';
import type { Turn } from '../answer/carry-over.js';
import type { Answer } from '../answer/types.js';
import type { Passage } from '../search/types.js';
import type { AnswerFilter, AnswerWindow } from './filter-line.js';
import type { TimelineView } from './render-timeline.js';

export interface AnswerState {
  kind: 'answer';
  answer: Answer;
  /** ephemeral answers stay ephemeral when shown again */
  ephemeral: boolean;
  /** what its filter line says */
  filter?: AnswerFilter;
  window?: AnswerWindow;
  /** what a follow-up thread started from this answer continues from */
  turn?: Turn;
  /** what it carried over, when it was a follow-up */
  about?: string;
}

export interface SearchState {
  kind: 'search';
  query: string;
  passages: Passage[];
}

export interface TimelineState {
  kind: 'timeline';
  view: TimelineView;
}

export type ViewState = AnswerState | SearchState | TimelineState;

export class StateCache {
  private readonly items = new Map<string, ViewState>();

  constructor(readonly capacity = 500) {}

  /** 10 url-safe characters: short enough for custom ids, long enough not to collide or be guessed. */
  static newId(): string {
    return randomBytes(8).toString('base64url').slice(0, 10);
  }

  put(state: ViewState): string {
    let id = StateCache.newId();
    while (this.items.has(id)) id = StateCache.newId();
    this.items.set(id, state);
    while (this.items.size > this.capacity) this.items.delete(this.items.keys().next().value as string);
    return id;
  }

  get(id: string): ViewState | undefined {
    const v = this.items.get(id);
    if (v) {
      // touch: recently used answers outlive ones nobody looks at
      this.items.delete(id);
      this.items.set(id, v);
    }
    return v;
  }

  get size(): number {
    return this.items.size;
  }
}

export const EXPIRED = 'This answer has expired (the bot restarted or it is too old). Please ask again.';
