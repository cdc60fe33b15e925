// Progress edits at most once per interval: keeps only the latest value, never overlaps two edits,
// and sends the pending value when the interval has passed (Discord rate-limits message edits).
export class ThrottledEditor<T> {
  private pending: { v: T } | undefined;
  private inflight: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private last = -Infinity;
  private closed = false;
  edits = 0;

  constructor(
    private readonly edit: (v: T) => Promise<unknown>,
    private readonly intervalMs: number,
    private readonly onError: (err: unknown) => void = () => {},
    private readonly now: () => number = Date.now,
  ) {}

  push(v: T): void {
    if (this.closed) return;
    this.pending = { v };
    this.schedule();
  }

  private schedule(): void {
    if (this.inflight || this.timer || !this.pending || this.closed) return;
    const wait = Math.max(0, this.last + this.intervalMs - this.now());
    if (wait === 0) this.send();
    else {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.schedule();
      }, wait);
    }
  }

  private send(): void {
    const p = this.pending!;
    this.pending = undefined;
    this.last = this.now();
    this.edits++;
    this.inflight = this.edit(p.v)
      .then(() => undefined, this.onError)
      .finally(() => {
        this.inflight = undefined;
        this.schedule();
      });
  }

  /** Stops: drops anything pending and waits for an edit in flight (so a final edit comes last). */
  async close(): Promise<void> {
    this.closed = true;
    this.pending = undefined;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.inflight;
  }
}
