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
  private lastStart = -Infinity;
  /** starts pass through one at a time, so the pause is measured from when the previous one really began */
  private gate: Promise<void> = Promise.resolve();

  constructor(
    private readonly concurrency: number,
    private readonly delayMs: number,
  ) {}

  async run<T>(fn: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    if (this.active >= Math.max(1, this.concurrency)) await new Promise<void>((r) => this.waiting.push(r));
    this.active++;
    try {
      const before = this.gate;
      let open!: () => void;
      this.gate = new Promise<void>((r) => (open = r));
      try {
        await before;
        // a timer may fire a little early on the clock: wait again until the whole pause has passed
        for (
          let wait = this.lastStart + this.delayMs - performance.now();
          wait > 0;
          wait = this.lastStart + this.delayMs - performance.now()
        ) {
          await sleep(Math.ceil(wait), signal);
        }
        this.lastStart = performance.now();
      } finally {
        open();
      }
      return await fn();
    } finally {
      this.active--;
      this.waiting.shift()?.();
    }
  }
}
