// The re-index status every process serving an index reads (each bot shard, the CLI): which re-index
// is running (who, since when, how far) and how the last one ended. Each store keeps it beside its index:
// the embedded one in INDEX_DIR/reindex-status.json (written atomically: a private file renamed into
// place), Postgres in a table. "running" is believed only while the re-index lock's holder is alive.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { lockOwner } from './lock.js';
import type { Progress, ReindexSummary } from './types.js';

export const STATUS_FILE = 'reindex-status.json';

const Running = z.object({
  by: z.string(),
  pid: z.number().int(),
  host: z.string(),
  startedAt: z.string(),
  full: z.boolean(),
  progress: z.object({ stage: z.string(), done: z.number(), total: z.number().optional() }).optional(),
});

const Last = z.object({
  by: z.string(),
  startedAt: z.string(),
  finishedAt: z.string(),
  full: z.boolean(),
  ok: z.boolean(),
  published: z.boolean(),
  summary: z
    .object({
      added: z.number(),
      updated: z.number(),
      removed: z.number(),
      unchanged: z.number(),
      chunksEmbedded: z.number(),
      seconds: z.number(),
    })
    .optional(),
  /** the error's message (may name server paths: presenters strip them) */
  error: z.string().optional(),
});

const StatusSchema = z.object({ running: Running.optional(), last: Last.optional() });

export type ReindexStatus = z.infer<typeof StatusSchema>;
export type RunningReindex = z.infer<typeof Running>;

/** Who re-indexes: DOSSIER_PROCESS_LABEL (e.g. "shard 1", set by the sharding manager), else the CLI or bot pid. */
export function processLabel(): string {
  return process.env.DOSSIER_PROCESS_LABEL || `pid ${process.pid}`;
}

/** Where a store keeps the status (src/store/types.ts: every store is one). */
export interface ReindexStatusStore {
  /** The status as every process sees it: `running` only while the re-index lock's holder is alive. */
  reindexStatus(): Promise<ReindexStatus>;
  /** Replaces the recorded status (validated first); called by the re-index holding the lock. The
   * embedded store writes synchronously (undefined), a server store returns the write's promise. */
  writeReindexStatus(status: ReindexStatus): void | Promise<void>;
}

/** A recorded status, validated; anything else (none yet, unreadable, another shape) is "nothing known". */
export function parseReindexStatus(value: unknown): ReindexStatus {
  const r = StatusSchema.safeParse(value);
  return r.success ? r.data : {};
}

/** A status about to be written, checked against the schema every reader parses it with. */
export function validReindexStatus(status: ReindexStatus): ReindexStatus {
  return StatusSchema.parse(status);
}

/** The lock's live holder, as far as the store can tell. */
export interface LockHolder {
  pid: number;
  startedAt: string;
  /** the holder's machine, when the store knows it (Postgres); the embedded store's lock is this machine's */
  host?: string;
}

/**
 * What to believe of a recorded status: no live holder, nothing runs (a crashed re-index is forgotten,
 * its last finished run kept); a holder that has not written its own status yet is still running.
 */
export function believe(recorded: ReindexStatus, holder: LockHolder | undefined): ReindexStatus {
  if (!holder) return { last: recorded.last };
  const r = recorded.running;
  if (r && r.pid === holder.pid && (holder.host === undefined || r.host === holder.host)) return recorded;
  return {
    ...recorded,
    running: {
      by: `pid ${holder.pid}`,
      pid: holder.pid,
      host: holder.host ?? os.hostname(),
      startedAt: holder.startedAt,
      full: false,
    },
  };
}

function read(indexDir: string): ReindexStatus {
  try {
    return parseReindexStatus(JSON.parse(fs.readFileSync(path.join(indexDir, STATUS_FILE), 'utf8')));
  } catch {
    return {}; // none yet, or unreadable: nothing known
  }
}

/** The embedded store's write: the file in INDEX_DIR, replaced in one rename. */
export function writeStatusFile(indexDir: string, status: ReindexStatus): void {
  const file = path.join(indexDir, STATUS_FILE);
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, `${JSON.stringify(validReindexStatus(status))}\n`);
  fs.renameSync(tmp, file);
}

/** The embedded store's read: the file, `running` only while the lock file's owner is a live process. */
export function readReindexStatus(indexDir: string): ReindexStatus {
  return believe(read(indexDir), lockOwner(indexDir));
}

export interface StatusWriter {
  progress(p: Progress): void;
  finished(summary: ReindexSummary): Promise<void>;
  failed(err: unknown): Promise<void>;
}

/**
 * Called with the re-index lock held: records the start, then (at most once a second) progress, then
 * the end, through the store, one write after the other. A status that cannot be read or written never
 * fails the re-index.
 */
export async function recordReindex(
  store: ReindexStatusStore,
  full: boolean,
  by = processLabel(),
): Promise<StatusWriter> {
  const running: RunningReindex = {
    by,
    pid: process.pid,
    host: os.hostname(),
    startedAt: new Date().toISOString(),
    full,
  };
  const last = (await store.reindexStatus().catch(() => ({}) as ReindexStatus)).last;
  // the embedded store writes at once (a process frozen or killed right after a progress report has
  // written it); a server store's writes go one after the other, each a snapshot of the moment
  let tail: Promise<void> | undefined;
  const attempt = (s: ReindexStatus): Promise<void> | undefined => {
    try {
      const r = store.writeReindexStatus(s);
      return r instanceof Promise ? r.catch(() => undefined) : undefined;
    } catch {
      return undefined; // status is informational: the index itself is what matters
    }
  };
  const safely = (s: ReindexStatus): Promise<void> => {
    const copy = structuredClone(s);
    const run = tail ? tail.then(() => attempt(copy)) : attempt(copy);
    if (!run) return Promise.resolve();
    const mine: Promise<void> = run.then(() => {
      if (tail === mine) tail = undefined;
    });
    tail = mine;
    return mine;
  };
  await safely({ running, last });
  let lastWrite = 0;
  const end = (fields: Pick<z.infer<typeof Last>, 'ok' | 'published' | 'summary' | 'error'>) =>
    safely({
      last: { by, startedAt: running.startedAt, finishedAt: new Date().toISOString(), full, ...fields },
    });
  return {
    progress(p) {
      const now = Date.now();
      // each new stage at once, counts within a stage at most once a second
      if (now - lastWrite < 1000 && p.stage === running.progress?.stage) return;
      lastWrite = now;
      running.progress = { stage: p.stage, done: p.done, ...(p.total !== undefined ? { total: p.total } : {}) };
      void safely({ running, last });
    },
    finished(s) {
      return end({
        ok: true,
        published: s.published,
        summary: {
          added: s.added,
          updated: s.updated,
          removed: s.removed,
          unchanged: s.unchanged,
          chunksEmbedded: s.chunksEmbedded,
          seconds: s.seconds,
        },
      });
    },
    failed(err) {
      return end({ ok: false, published: false, error: err instanceof Error ? err.message : String(err) });
    },
  };
}
