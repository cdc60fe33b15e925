// Re-index stage "embed": the passages' vectors, longest first in groups so each model batch pads
// little, handed over group by group so they are written as they arrive (memory stays flat).
import type { Embedder } from '../embed/types.js';
import { embeddingText, type TitleMode } from './chunker.js';
import type { WorkItem } from './chunk-stage.js';
import { checkAbort } from './reindex-errors.js';

/** Indexes of `work` longest embedded text first (ties in input order). */
export function embeddingOrder(work: WorkItem[], titleMode: TitleMode): number[] {
  const len = (i: number) =>
    work[i].chunk.text.length + (titleMode === 'every' || work[i].chunk.ordinal === 0 ? work[i].title.length : 0);
  return work.map((_, i) => i).sort((x, y) => len(y) - len(x) || x - y);
}

/** Embeds every item, `group` texts per embed() call; onGroup gets each group's items and vectors. */
export async function embedInGroups(
  work: WorkItem[],
  embedder: Pick<Embedder, 'embed'>,
  titleMode: TitleMode,
  opts: {
    group: number;
    signal?: AbortSignal;
    onGroup: (items: WorkItem[], vectors: Float32Array[]) => unknown;
  },
): Promise<number> {
  const order = embeddingOrder(work, titleMode);
  const group = Math.max(1, opts.group);
  let done = 0;
  for (let g = 0; g < order.length; g += group) {
    checkAbort(opts.signal);
    const items = order.slice(g, g + group).map((i) => work[i]);
    const vecs = await embedder.embed(items.map((w) => embeddingText(w.chunk, w.title, titleMode)));
    if (vecs.length !== items.length)
      throw new Error(`the embedder returned ${vecs.length} vectors for ${items.length} texts`);
    await opts.onGroup(items, vecs);
    done += items.length;
  }
  return done;
}
