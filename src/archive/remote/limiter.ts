// Politeness towards one site: at most N requests in flight and a pause between request starts.

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason ?? new Error('aborted'));
    if (ms <= 0) return resolve();
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(signal?.reason ?? new Error('aborted'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export class Limiter {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  private nextStart = 0;

  constructor(
    private readonly concurrency: number,
    private readonly delayMs: number,
  ) {}

  async run<T>(fn: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    if (this.active >= Math.max(1, this.concurrency)) await new Promise<void>((r) => this.waiting.push(r));
    this.active++;
    try {
      // the start slot is reserved before sleeping so concurrent callers queue up in order
      const now = Date.now();
      const start = Math.max(now, this.nextStart);
      this.nextStart = start + this.delayMs;
      await sleep(start - now, signal);
      return await fn();
    } finally {
      this.active--;
      this.waiting.shift()?.();
    }
  }
}
