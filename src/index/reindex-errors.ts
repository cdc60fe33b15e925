// Why a re-index stops without publishing: the sources yielded nothing, it was cancelled, or the
// sources named would remove too much of the index. Each message says what to do.
import type { IngestWarning } from '../archive/article.js';
import { refusalMessage, type Refusal } from './plan.js';

export class EmptySourcesError extends Error {
  constructor(current: number, warnings: IngestWarning[] = []) {
    const why = warnings.slice(0, 3).map((w) => `${w.source}${w.line !== undefined ? `:${w.line}` : ''}: ${w.message}`);
    super(
      (current > 0
        ? `The sources yielded no articles, but the index holds ${current}; not publishing an empty index`
        : 'The sources yielded no articles; not publishing an empty index') +
        (why.length ? ` (${why.join('; ')})` : '') +
        '. Check the sources (ARCHIVE_SOURCES or the paths given); to really empty the index, run `dossier index --full --allow-empty`.',
    );
    this.name = 'EmptySourcesError';
  }
}

export class ReindexAbortedError extends Error {
  constructor() {
    super('The re-index was cancelled; the served index is unchanged.');
    this.name = 'ReindexAbortedError';
  }
}

/** More than a fifth of the index would go because its sources are not among the sources named. */
export class SourcesChangedError extends Error {
  constructor(
    readonly refusal: Refusal,
    named: string[],
  ) {
    super(refusalMessage(refusal, named));
    this.name = 'SourcesChangedError';
  }
}

export function checkAbort(signal?: AbortSignal): void {
  if (signal?.aborted) throw new ReindexAbortedError();
}
