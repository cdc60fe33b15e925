// The re-index status next to the index (INDEX_DIR/reindex-status.json), so every process serving
// that index (each bot shard, the CLI) tells the same story: which re-index is running (who, since
// when, how far) and how the last one ended. Written atomically (a private file renamed into place);
// "running" is believed only while the re-index lock's owner is alive.
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

function read(indexDir: string): ReindexStatus {
  try {
    return StatusSchema.parse(JSON.parse(fs.readFileSync(path.join(indexDir, STATUS_FILE), 'utf8')));
  } catch {
    return {}; // none yet, or unreadable: nothing known
  }
}

function write(indexDir: string, status: ReindexStatus): void {
  const file = path.join(indexDir, STATUS_FILE);
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, `${JSON.stringify(status)}\n`);
  fs.renameSync(tmp, file);
}

/** The status as every process sees it; `running` only while the lock is held by a live process. */
export function readReindexStatus(indexDir: string): ReindexStatus {
  const s = read(indexDir);
  const owner = lockOwner(indexDir);
  if (!owner) return { last: s.last };
  if (s.running && s.running.pid === owner.pid) return s;
  // locked by a re-index that has not written its status yet (or wrote none): still running
  return {
    ...s,
    running: { by: `pid ${owner.pid}`, pid: owner.pid, host: os.hostname(), startedAt: owner.startedAt, full: false },
  };
}

export interface StatusWriter {
  progress(p: Progress): void;
  finished(summary: ReindexSummary): void;
  failed(err: unknown): void;
}

/** Called with the re-index lock held: records the start, then (at most once a second) progress, then the end.
 * A status that cannot be written never fails the re-index. */
export function recordReindex(indexDir: string, full: boolean, by = processLabel()): StatusWriter {
  const running: RunningReindex = {
    by,
    pid: process.pid,
    host: os.hostname(),
    startedAt: new Date().toISOString(),
    full,
  };
  const last = read(indexDir).last;
  const safely = (s: ReindexStatus) => {
    try {
      write(indexDir, s);
    } catch {
      /* status is informational: the index itself is what matters */
    }
  };
  safely({ running, last });
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
      safely({ running, last });
    },
    finished(s) {
      end({
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
      end({ ok: false, published: false, error: err instanceof Error ? err.message : String(err) });
    },
  };
}
