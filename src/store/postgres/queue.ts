// Embedding shared between machines: a re-index (`dossier index --with-workers`) puts its passages in
// dossier.queue in batches; it and any `dossier index --worker` process claim batches with
// FOR UPDATE SKIP LOCKED (each batch goes to exactly one process), embed them and hand the vectors back;
// the re-index writes them into its generation (the table: schema.ts). A batch claimed by a process that died is given out again.
import os from 'node:os';
import type pg from 'pg';
import type { Embedder } from '../../embed/types.js';
import { embeddingOrder } from '../../index/embed-stage.js';
import { embeddingText, type TitleMode } from '../../index/chunker.js';
import type { WorkItem } from '../../index/chunk-stage.js';
import { checkAbort } from '../../index/reindex-errors.js';

/** a claimed batch not handed back within this long is given out again (its process died) */
export const STALE_CLAIM_MS = 5 * 60_000;

export const workerName = () => `${os.hostname()}:${process.pid}`;

/** What a model's vectors are keyed by: a worker only takes batches its own model can embed. */
export const modelKey = (e: Pick<Embedder, 'modelId' | 'dtype' | 'dims' | 'build'>) =>
  `${e.modelId}|${e.dtype}|${e.dims}|${e.build ?? ''}`;

/** Claims one batch (of `build`, or of any build for this model), or undefined when none is waiting. */
export async function claim(
  pool: pg.Pool,
  model: string,
  worker: string,
  build?: string,
): Promise<{ build: string; batch: number; texts: string[] } | undefined> {
  const r = await pool.query(
    `UPDATE dossier.queue q SET state = 'claimed', worker = $2, claimed_at = now()
       FROM (SELECT build, batch FROM dossier.queue
              WHERE model = $1 AND (state = 'todo' OR (state = 'claimed' AND claimed_at < now() - make_interval(secs => $4)))
                ${build ? 'AND build = $3' : 'AND $3::text IS NULL'}
              ORDER BY build, batch LIMIT 1 FOR UPDATE SKIP LOCKED) c
      WHERE q.build = c.build AND q.batch = c.batch
      RETURNING q.build, q.batch, q.texts`,
    [model, worker, build ?? null, STALE_CLAIM_MS / 1000],
  );
  const row = r.rows[0];
  return row ? { build: row.build, batch: Number(row.batch), texts: row.texts as string[] } : undefined;
}

/** Hands a claimed batch's vectors back (only if this worker still holds it). */
export async function complete(pool: pg.Pool, build: string, batch: number, worker: string, vectors: Float32Array[]) {
  await pool.query(
    `UPDATE dossier.queue SET state = 'done', vectors = $4 WHERE build = $1 AND batch = $2 AND worker = $3 AND state = 'claimed'`,
    [build, batch, worker, JSON.stringify(vectors.map((v) => Array.from(v)))],
  );
}

/** Claims, embeds and hands back one batch; false when none was waiting. */
export async function workOnce(pool: pg.Pool, embedder: Embedder, worker: string, build?: string): Promise<boolean> {
  const job = await claim(pool, modelKey(embedder), worker, build);
  if (!job) return false;
  const vectors = await embedder.embed(job.texts);
  await complete(pool, job.build, job.batch, worker, vectors);
  return true;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The embed stage of a re-index whose batches other machines may take: queues every group, works on
 * them too, and hands each group's vectors to onGroup as they come back (in any order).
 */
export async function embedShared(
  pool: pg.Pool,
  build: string,
  work: WorkItem[],
  embedder: Embedder,
  titleMode: TitleMode,
  opts: { group: number; signal?: AbortSignal; onGroup: (items: WorkItem[], vectors: Float32Array[]) => unknown },
): Promise<number> {
  const order = embeddingOrder(work, titleMode);
  const group = Math.max(1, opts.group);
  const groups: WorkItem[][] = [];
  for (let g = 0; g < order.length; g += group) groups.push(order.slice(g, g + group).map((i) => work[i]));
  const me = workerName();
  try {
    for (let i = 0; i < groups.length; i += 50) {
      const batch = groups.slice(i, i + 50);
      await pool.query(
        `INSERT INTO dossier.queue(build, batch, model, texts)
           SELECT $1, n, $2, t FROM unnest($3::int[], $4::jsonb[]) AS u(n, t)`,
        [
          build,
          modelKey(embedder),
          batch.map((_, j) => i + j),
          batch.map((items) => JSON.stringify(items.map((w) => embeddingText(w.chunk, w.title, titleMode)))),
        ],
      );
    }
    let left = groups.length;
    let done = 0;
    while (left > 0) {
      checkAbort(opts.signal);
      const worked = await workOnce(pool, embedder, me, build);
      const r = await pool.query(
        `DELETE FROM dossier.queue WHERE build = $1 AND state = 'done' RETURNING batch, vectors`,
        [build],
      );
      for (const row of r.rows) {
        const items = groups[Number(row.batch)];
        const vectors = (row.vectors as number[][]).map((v) => Float32Array.from(v));
        if (vectors.length !== items.length)
          throw new Error(`a worker returned ${vectors.length} vectors for ${items.length} texts`);
        await opts.onGroup(items, vectors);
        done += items.length;
        left--;
      }
      // everything is claimed by other machines: wait for them
      if (!worked && !r.rows.length) await sleep(100);
    }
    return done;
  } finally {
    await pool.query('DELETE FROM dossier.queue WHERE build = $1', [build]).catch(() => undefined);
  }
}

/** `dossier index --worker`: embeds batches of any re-index that shares its work, until stopped (or idle). */
export async function runWorker(
  pool: pg.Pool,
  embedder: Embedder,
  opts: { signal?: AbortSignal; idleExitMs?: number; onBatch?: (n: number) => void; name?: string } = {},
): Promise<number> {
  const me = opts.name ?? workerName();
  let batches = 0;
  let idleSince = Date.now();
  while (!opts.signal?.aborted) {
    if (await workOnce(pool, embedder, me)) {
      batches++;
      idleSince = Date.now();
      opts.onBatch?.(batches);
      continue;
    }
    if (opts.idleExitMs !== undefined && Date.now() - idleSince >= opts.idleExitMs) break;
    await sleep(250);
  }
  return batches;
}
