// The re-index status in Postgres: one row of JSON in dossier.reindex_status (validated by the schema
// the embedded store's file uses), so a shard on any machine sees the re-index another machine runs.
// "running" is believed only while the re-index's advisory lock is held: the server frees a session's
// lock when its connection ends, so a crashed re-index is forgotten and a second one is refused exactly
// while a running one is shown.
import type pg from 'pg';
import { type ReindexStatus, believe, parseReindexStatus, validReindexStatus } from '../../index/status.js';

/** Whether the advisory lock `key` (taken with pg_try_advisory_lock(bigint)) is held in this database. */
const LOCK_HELD = `EXISTS (
  SELECT 1 FROM pg_locks l
   WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
     AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
     AND l.classid::bigint = ($1::bigint >> 32) AND l.objid::bigint = ($1::bigint & 4294967295))`;

/** The recorded status, the lock's holder (when the lock is held) and what to believe of both. */
export async function readStatusPg(pool: pg.Pool, lockKey: number): Promise<ReindexStatus> {
  const r = await pool.query(
    `SELECT s.status, h.pid, h.host, h.started_at, ${LOCK_HELD} AS locked
       FROM (SELECT 1) one
       LEFT JOIN dossier.reindex_status s ON true
       LEFT JOIN dossier.lock_holder h ON true`,
    [lockKey],
  );
  const row = r.rows[0];
  const recorded = parseReindexStatus(row?.status ?? {});
  // the holder's row is written right after the lock is taken: until then, someone unknown holds it
  const holder = row?.locked
    ? {
        pid: Number(row.pid ?? 0),
        host: String(row.host ?? 'unknown'),
        startedAt: new Date(row.started_at ?? Date.now()).toISOString(),
      }
    : undefined;
  return believe(recorded, holder);
}

/** Replaces the row (one INSERT … ON CONFLICT: atomic without an explicit transaction). */
export async function writeStatusPg(pool: pg.Pool, status: ReindexStatus): Promise<void> {
  const json = JSON.stringify(validReindexStatus(status));
  await pool.query(
    `INSERT INTO dossier.reindex_status(one, status, written_at) VALUES (true, $1::jsonb, now())
       ON CONFLICT (one) DO UPDATE SET status = EXCLUDED.status, written_at = EXCLUDED.written_at`,
    [json],
  );
}
