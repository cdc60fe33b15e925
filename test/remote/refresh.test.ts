// The scheduler against a stand-in service: timing, one run at a time, errors logged and retried.
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import type { ReindexSummary } from '../../src/index/types.js';
import { refreshMessage, startRefresh, type RefreshLog } from '../../src/refresh.js';
import { ReindexBusyError, type DossierService } from '../../src/service-types.js';

const summary = (over: Partial<ReindexSummary> = {}): ReindexSummary => ({
  added: 0,
  updated: 0,
  removed: 0,
  unchanged: 10,
  duplicates: 0,
  chunksEmbedded: 0,
  seconds: 0.2,
  throughput: 0,
  warnings: [],
  published: false,
  ...over,
});

function fakeService(run: (n: number) => Promise<ReindexSummary>) {
  let busy = false;
  const calls: { full?: boolean; sources?: string[] }[] = [];
  const svc = {
    reindexRunning: async () => busy,
    reindex(o: { full?: boolean; sources?: string[] }) {
      if (busy) return Promise.reject(new ReindexBusyError());
      calls.push(o);
      busy = true;
      return run(calls.length).finally(() => (busy = false));
    },
  } as unknown as DossierService;
  return { svc, calls, setBusy: (b: boolean) => (busy = b) };
}

function memoryLog() {
  const lines: { level: string; obj: object; msg?: string }[] = [];
  const log: RefreshLog = {
    info: (obj, msg) => void lines.push({ level: 'info', obj, msg }),
    warn: (obj, msg) => void lines.push({ level: 'warn', obj, msg }),
    error: (obj, msg) => void lines.push({ level: 'error', obj, msg }),
  };
  return { log, lines };
}

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
const cfg = (interval: string) => loadConfig({ REFRESH_INTERVAL: interval });

describe('startRefresh', () => {
  it('does nothing when REFRESH_INTERVAL is off', async () => {
    const { svc, calls } = fakeService(async () => summary());
    const { log, lines } = memoryLog();
    const h = startRefresh(svc, cfg('off'), log);
    await wait(60);
    h.stop();
    expect(calls).toHaveLength(0);
    expect(lines).toHaveLength(0);
  });

  it('re-indexes every interval and logs a summary with the warnings', async () => {
    const { svc, calls } = fakeService(async (n) =>
      summary(
        n === 1
          ? {
              added: 2,
              chunksEmbedded: 5,
              published: true,
              warnings: [{ source: 'https://intelnews.org', message: 'post 9 skipped: no body text' }],
            }
          : {},
      ),
    );
    const { log, lines } = memoryLog();
    const h = startRefresh(svc, cfg('40ms'), log);
    await wait(300);
    h.stop();
    const n = calls.length;
    expect(n).toBeGreaterThanOrEqual(2);
    expect(calls[0]).toEqual({});
    expect(lines.find((l) => l.msg?.startsWith('refresh: 2 added'))?.msg).toBe(
      'refresh: 2 added, 0 updated, 0 removed, 10 unchanged; 5 passages embedded in 0.2 s',
    );
    expect(
      lines.some((l) => l.level === 'warn' && l.msg === 'refresh: https://intelnews.org: post 9 skipped: no body text'),
    ).toBe(true);
    expect(lines.some((l) => l.msg?.startsWith('refresh: no changes (10 articles'))).toBe(true);
    await wait(100);
    expect(calls.length).toBe(n); // stopped means stopped
  });

  it('logs a failure, keeps going, and succeeds on the next tick', async () => {
    const { svc, calls } = fakeService(async (n) => {
      if (n === 1)
        throw new Error('source https://intelnews.org returned no posts (it had 3400): keeping the current index');
      return summary();
    });
    const { log, lines } = memoryLog();
    const h = startRefresh(svc, cfg('30ms'), log);
    await wait(300);
    h.stop();
    expect(calls.length).toBeGreaterThanOrEqual(2);
    const err = lines.find((l) => l.level === 'error');
    expect(err?.msg).toMatch(
      /^refresh failed, the current index is kept; retrying in 30 ms: source https:\/\/intelnews.org returned no posts \(it had 3400\)/,
    );
    expect(lines.some((l) => l.msg?.startsWith('refresh: no changes'))).toBe(true);
  });

  it('runs one at a time: a tick during a long run, or during an admin re-index, is skipped', async () => {
    let release!: () => void;
    const { svc, calls, setBusy } = fakeService(() => new Promise((r) => (release = () => r(summary()))));
    const { log, lines } = memoryLog();
    const h = startRefresh(svc, cfg('1h'), log);
    const first = h.runOnce();
    expect(await h.runOnce()).toEqual({ status: 'skipped', reason: 'a refresh is still running' });
    release();
    expect((await first).status).toBe('done');
    setBusy(true); // an admin's /reindex holds the service
    expect(await h.runOnce()).toEqual({ status: 'skipped', reason: 'a re-index is already running' });
    expect(lines.some((l) => l.msg === 'refresh skipped: a re-index is already running')).toBe(true);
    h.stop();
    expect(calls).toHaveLength(1);
  });

  it('formats intervals for the log', async () => {
    const { formatInterval } = await import('../../src/refresh.js');
    expect([formatInterval(3_600_000), formatInterval(900_000), formatInterval(30_000), formatInterval(40)]).toEqual([
      '1 h',
      '15 min',
      '30 s',
      '40 ms',
    ]);
  });

  it('says when nothing changed', () => {
    expect(refreshMessage(summary())).toBe('refresh: no changes (10 articles, 0.2 s)');
    expect(refreshMessage(summary({ removed: 1, published: true }))).toMatch(/^refresh: 0 added, 0 updated, 1 removed/);
  });
});
