// The index floor's errors, worded once for users: every failure a user can act on leaves the service
// as a DossierError (message + hint, and chat wording without server paths), so the CLI and the bot
// each render one type instead of keeping their own lists of error classes.
import { DossierError } from '../errors.js';
import { IndexWriteError } from '../index/disk-errors.js';
import { readPointer } from '../index/generations.js';
import { ReindexLockedError } from '../index/lock.js';
import { IndexOpenError } from '../index/open.js';
import { EmptySourcesError, ReindexAbortedError, SourcesChangedError } from '../index/reindex-errors.js';
import { IndexUnavailableError, ReindexBusyError } from '../service-types.js';

/** Why no index answers from `indexDir`: none built yet (no CURRENT) or the one there is unusable. */
export function indexUnavailable(reason: string | undefined, indexDir: string): IndexUnavailableError {
  const missing = readPointer(indexDir) === undefined;
  return new IndexUnavailableError(
    reason ??
      (missing
        ? `There is no index in ${indexDir} yet: run \`dossier index\` to build it.`
        : 'The index is not available: run `dossier index --full` to rebuild it.'),
    missing ? 'missing' : 'unusable',
    indexDir,
  );
}

/** The DossierError for an error of the floors below, or undefined for a real failure (a bug, an outage). */
export function userError(err: unknown, indexDir: string): DossierError | undefined {
  if (err instanceof DossierError) return err;
  if (err instanceof ReindexLockedError) return new ReindexBusyError(err);
  if (err instanceof IndexOpenError) return indexUnavailable(err.message, indexDir);
  if (err instanceof EmptySourcesError)
    return new DossierError(err.message, {
      cause: err,
      chat: {
        message: 'The sources gave no articles, so nothing was published: the index is as it was.',
        hint: "Check ARCHIVE_SOURCES in the bot's settings (a wrong path, or a site that could not be reached), then run /reindex again; `dossier index` on the server lists what went wrong.",
      },
    });
  if (err instanceof SourcesChangedError) return new DossierError(err.message, { cause: err });
  if (err instanceof ReindexAbortedError) return new DossierError(err.message, { cause: err, exitCode: 130 });
  if (err instanceof IndexWriteError)
    return new DossierError(err.message, { cause: err, chat: { message: `Re-index failed: ${err.short}` } });
  return undefined;
}
