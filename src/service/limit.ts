// At most `max` questions computed at once, the rest waiting their turn in arrival order. Answering
// is mostly synchronous work on the one event loop (SQLite, scoring); hundreds of questions started
// together would interleave their steps, and a new slash command's acknowledgement (Discord allows
// 3 s) would queue behind all of them. Waiting here costs no CPU, so the loop stays free for acks.

export class Limiter {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  /** max 0: no limit */
  constructor(private readonly max: number) {}

  /** questions computing now / waiting */
  get load(): { running: number; waiting: number } {
    return { running: this.running, waiting: this.waiting.length };
  }

  async run<T>(fn: () => Promise<T> | T): Promise<T> {
    if (this.max <= 0) return fn();
    if (this.running >= this.max) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.running++;
    try {
      return await fn();
    } finally {
      // the slot passes to the next in line, or is freed
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}
