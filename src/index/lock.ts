// One re-index at a time per index folder: a lock file holding the owner's pid and start time.
// A lock left by a dead process (crash, kill -9) is taken over; a live owner is reported by pid.
import fs from 'node:fs';
import path from 'node:path';

export const LOCK_FILE = 'reindex.lock';

export class ReindexLockedError extends Error {
  constructor(
    readonly pid: number,
    readonly startedAt: string,
  ) {
    super(
      `a re-index is already running (pid ${pid}, started ${startedAt}); wait for it to finish, or stop that process`,
    );
    this.name = 'ReindexLockedError';
  }
}

// Locks this process holds: a lock file naming our own pid but not in here was left by an earlier
// process that had the same pid (containers restart with the same pids).
const held = new Set<string>();

interface LockInfo {
  pid: number;
  startedAt: string;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readLock(file: string): LockInfo | undefined {
  try {
    const info = JSON.parse(fs.readFileSync(file, 'utf8')) as LockInfo;
    return Number.isInteger(info.pid) ? info : undefined;
  } catch {
    return undefined;
  }
}

/** The live process holding the re-index lock of this folder (any process on this machine), if any. */
export function lockOwner(indexDir: string): LockInfo | undefined {
  const file = path.join(indexDir, LOCK_FILE);
  const info = readLock(file);
  if (!info) return undefined;
  if (info.pid === process.pid) return held.has(file) ? info : undefined;
  return alive(info.pid) ? info : undefined;
}

/** Takes the lock or throws ReindexLockedError; returns the release function. */
export function acquireLock(indexDir: string): () => void {
  fs.mkdirSync(indexDir, { recursive: true });
  const file = path.join(indexDir, LOCK_FILE);
  const mine: LockInfo = { pid: process.pid, startedAt: new Date().toISOString() };
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      // write to a private file, then link it into place: the lock never exists half-written
      const tmp = `${file}.${process.pid}.${attempt}.tmp`;
      fs.writeFileSync(tmp, JSON.stringify(mine));
      try {
        fs.linkSync(tmp, file);
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'EEXIST') throw err;
        // filesystems without hard links (some network/FUSE mounts): exclusive create instead
        fs.writeFileSync(file, JSON.stringify(mine), { flag: 'wx' });
      } finally {
        fs.rmSync(tmp, { force: true });
      }
      held.add(file);
      return () => {
        held.delete(file);
        const cur = readLock(file);
        if (cur && cur.pid === mine.pid && cur.startedAt === mine.startedAt) fs.rmSync(file, { force: true });
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const holder = readLock(file);
    const ours = holder?.pid === process.pid;
    if (holder && ((ours && held.has(file)) || (!ours && alive(holder.pid))))
      throw new ReindexLockedError(holder.pid, holder.startedAt);
    // stale (its process is gone) or unreadable: take it over
    fs.rmSync(file, { force: true });
  }
  throw new Error(`could not take the re-index lock ${file}; remove it if no re-index is running`);
}
