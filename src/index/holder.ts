// Holds the served generation for a long-lived reader (the service): opened at first use, swapped
// when the store's stamp changes (a cheap stat or query per use) or after our own publish, and a retired
// snapshot closed only when the last reader using it is done. A good snapshot keeps serving when a new one fails.
import type { IndexStore, OpenedIndex } from '../store/types.js';

interface Held {
  snap: OpenedIndex;
  generation: string;
  /** readers using it now */
  refs: number;
  /** replaced by a newer generation: closed once refs drops to 0 */
  retired: boolean;
}

export interface HolderOptions {
  /** notice a generation published by another process (checked on every use) */
  watch: boolean;
  log: (message: string) => void;
}

export class SnapshotHolder {
  private held: Held | undefined;
  /** why no snapshot is held, with the command that fixes it */
  private reason: string | undefined;
  /** the store's stamp as last seen */
  private seen = '';
  /** open (again) at the next use: never opened yet, or our own re-index just published */
  private stale = true;
  private closed = false;
  /** one refresh at a time: concurrent callers wait for the same one */
  private refreshing: Promise<void> | undefined;

  constructor(
    private readonly store: Pick<IndexStore, 'stamp' | 'servedGeneration'>,
    private readonly open: () => Promise<OpenedIndex>,
    private readonly opts: HolderOptions,
  ) {}

  /** The snapshot to answer from now (undefined when there is none; see unavailableReason). */
  async current(): Promise<OpenedIndex | undefined> {
    await this.refresh();
    return this.held?.snap;
  }

  async unavailableReason(): Promise<string | undefined> {
    await this.refresh();
    return this.held ? undefined : this.reason;
  }

  /** Runs fn on the current snapshot, which stays open until fn is done even if a newer one arrives. */
  async use<T>(fn: (snap: OpenedIndex) => Promise<T> | T, unavailable: (reason?: string) => Error): Promise<T> {
    await this.refresh();
    const h = this.held;
    if (!h) throw unavailable(this.reason);
    h.refs++;
    try {
      return await fn(h.snap);
    } finally {
      h.refs--;
      if (h.retired && h.refs === 0) void h.snap.close();
    }
  }

  /** Our own re-index published: answer from the new generation from the next use on. */
  published(): void {
    this.stale = true;
  }

  close(): void {
    this.closed = true;
    if (this.held) this.retire(this.held);
    this.held = undefined;
  }

  private refresh(): Promise<void> {
    if (this.closed || (!this.stale && !this.opts.watch)) return Promise.resolve();
    this.refreshing ??= this.check().finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  private async check(): Promise<void> {
    const stamp = await this.store.stamp().catch(() => '');
    // watching without a snapshot: try again on every use (an index may appear at any time)
    if (!this.stale && stamp === this.seen && this.held) return;
    this.stale = false;
    this.seen = stamp;
    await this.load();
  }

  /** Opens the published generation if it differs from the one held; keeps the old one on failure. */
  private async load(): Promise<void> {
    try {
      const generation = await this.store.servedGeneration();
      if (generation && this.held && generation === this.held.generation) return;
      const snap = await this.open();
      if (this.closed) {
        await snap.close();
        return;
      }
      const old = this.held;
      if (old && snap.generation === old.generation) {
        await snap.close();
        return;
      }
      this.held = { snap, generation: snap.generation, refs: 0, retired: false };
      this.reason = undefined;
      if (old) {
        this.opts.log(`Now answering from ${snap.generation} (was ${old.generation}).`);
        this.retire(old);
      }
    } catch (err) {
      // a good snapshot keeps serving; without one, say why and how to fix it
      if (!this.held) this.reason = (err as Error).message;
      else this.opts.log(`Could not open the newly published index: ${(err as Error).message}`);
    }
  }

  private retire(h: Held): void {
    h.retired = true;
    if (h.refs === 0) void h.snap.close();
  }
}
