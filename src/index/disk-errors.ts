// Turns low-level write failures of a re-index (disk full, read-only or unwritable index folder) into
// one actionable message; the served generation is never touched by a failed build, so it says so.

/** A re-index could not write in the index folder; `short` omits server paths (for Discord). */
export class IndexWriteError extends Error {
  constructor(
    message: string,
    readonly short: string,
    readonly code: string,
  ) {
    super(message);
    this.name = 'IndexWriteError';
  }
}

const FULL = new Set(['ENOSPC', 'EDQUOT', 'SQLITE_FULL']);
const READ_ONLY = new Set(['EROFS', 'SQLITE_READONLY']);
const DENIED = new Set(['EACCES', 'EPERM', 'SQLITE_CANTOPEN', 'SQLITE_PERM']);

/** The actionable error for a disk/permission failure, or undefined for anything else. */
export function diskError(err: unknown, indexDir: string): IndexWriteError | undefined {
  if (err instanceof IndexWriteError || !(err instanceof Error)) return undefined;
  const code = String((err as NodeJS.ErrnoException).code ?? '');
  const msg = err.message;
  const kept = 'The current index is unchanged and still answers questions.';
  if (FULL.has(code) || /no space left|disk is full|quota exceeded/i.test(msg)) {
    const short = `the disk holding the index is full. ${kept} Free some space (or move INDEX_DIR to a bigger disk), then re-index.`;
    return new IndexWriteError(
      `Re-index failed: the disk holding ${indexDir} is full (${msg}). ${kept} Free some space there (or set INDEX_DIR to a bigger disk), then run \`dossier index\` again.`,
      short,
      code || 'ENOSPC',
    );
  }
  if (READ_ONLY.has(code) || /read-only file system|readonly database/i.test(msg)) {
    const short = `the index folder is on a read-only disk. ${kept} Make it writable (or point INDEX_DIR elsewhere), then re-index.`;
    return new IndexWriteError(
      `Re-index failed: ${indexDir} is read-only (${msg}). ${kept} Make it writable (or set INDEX_DIR to a writable folder), then run \`dossier index\` again.`,
      short,
      code || 'EROFS',
    );
  }
  if (DENIED.has(code) || /permission denied|operation not permitted/i.test(msg)) {
    const short = `the bot may not write in the index folder. ${kept} Fix the folder's owner/permissions, then re-index.`;
    return new IndexWriteError(
      `Re-index failed: no permission to write in ${indexDir} (${msg}). ${kept} Give the user running Dossier write access there (or set INDEX_DIR), then run \`dossier index\` again.`,
      short,
      code || 'EACCES',
    );
  }
  return undefined;
}
