// Keeps a serving bot's index fresh: every REFRESH_INTERVAL, one incremental re-index of the
// sources. Failures are logged and retried next time; they never crash the bot or empty the index.
// Full sweeps (to catch edits and deletions) are due per URL source every FULL_SWEEP_INTERVAL:
// the service passes that interval to the remote fetch, which remembers when it last swept.
import type { Config } from './config.js';
import type { ReindexSummary } from './index/types.js';
import { ReindexBusyError, type DossierService } from './service-types.js';

/** The part of a pino logger the scheduler uses. */
export interface RefreshLog {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export type RefreshOutcome =
  | { status: 'done'; summary: ReindexSummary }
  | { status: 'skipped'; reason: string }
  | { status: 'failed'; error: string };

export interface RefreshHandle {
  stop(): void;
  /** runs one refresh now (also what the timer calls); never rejects */
  runOnce(): Promise<RefreshOutcome>;
}

/** One line for the log: what changed and how long it took. */
export function refreshMessage(s: ReindexSummary): string {
  if (!s.published && s.added + s.updated + s.removed === 0)
    return `refresh: no changes (${s.unchanged} articles, ${s.seconds.toFixed(1)} s)`;
  return `refresh: ${s.added} added, ${s.updated} updated, ${s.removed} removed, ${s.unchanged} unchanged; ${s.chunksEmbedded} passages embedded in ${s.seconds.toFixed(1)} s`;
}

const MAX_LOGGED_WARNINGS = 10;

/** 1h, 15 min, 30 s, 40 ms: for log lines */
export function formatInterval(ms: number): string {
  if (ms >= 3_600_000 && ms % 3_600_000 === 0) return `${ms / 3_600_000} h`;
  if (ms >= 60_000) return `${Math.round(ms / 60_000)} min`;
  if (ms >= 1000) return `${Math.round(ms / 1000)} s`;
  return `${ms} ms`;
}

export function startRefresh(
  service: DossierService,
  config: Pick<Config, 'REFRESH_INTERVAL'>,
  log: RefreshLog,
): RefreshHandle {
  const interval = config.REFRESH_INTERVAL;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let running: Promise<RefreshOutcome> | undefined;

  const runOnce = (): Promise<RefreshOutcome> => {
    // one run at a time: a tick that finds one running (ours or an admin's /reindex) is skipped
    if (running) return Promise.resolve({ status: 'skipped', reason: 'a refresh is still running' });
    const busy = (): RefreshOutcome => {
      log.info({ event: 'refresh-skipped' }, 'refresh skipped: a re-index is already running');
      return { status: 'skipped', reason: 'a re-index is already running' };
    };
    running = (async (): Promise<RefreshOutcome> => {
      try {
        // read from the store: a re-index by another process (or machine) counts too
        if (await service.reindexRunning()) return busy();
        const summary = await service.reindex({});
        log.info(
          {
            event: 'refresh',
            added: summary.added,
            updated: summary.updated,
            removed: summary.removed,
            unchanged: summary.unchanged,
            chunksEmbedded: summary.chunksEmbedded,
            seconds: summary.seconds,
            published: summary.published,
            warnings: summary.warnings.length,
          },
          refreshMessage(summary),
        );
        for (const w of summary.warnings.slice(0, MAX_LOGGED_WARNINGS))
          log.warn({ event: 'refresh-warning', ...w }, `refresh: ${w.source}: ${w.message}`);
        if (summary.warnings.length > MAX_LOGGED_WARNINGS)
          log.warn(
            { event: 'refresh-warning' },
            `refresh: ${summary.warnings.length - MAX_LOGGED_WARNINGS} more warnings`,
          );
        return { status: 'done', summary };
      } catch (err) {
        if (err instanceof ReindexBusyError) return busy();
        const message = (err as Error)?.message ?? String(err);
        log.error(
          { event: 'refresh-failed', err: message },
          `refresh failed, the current index is kept; retrying in ${formatInterval(interval)}: ${message}`,
        );
        return { status: 'failed', error: message };
      } finally {
        running = undefined;
      }
    })();
    return running;
  };

  const schedule = () => {
    if (stopped) return;
    // the next run is timed from the end of this one, so slow runs never pile up
    timer = setTimeout(() => {
      void runOnce().finally(schedule);
    }, interval);
    timer.unref();
  };

  if (interval > 0) {
    log.info(
      { event: 'refresh-started', intervalMs: interval },
      `refreshing sources every ${formatInterval(interval)}`,
    );
    schedule();
  }
  return {
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
    runOnce,
  };
}
