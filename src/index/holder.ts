// Holds the served generation for a long-lived reader (the service): opened at first use, swapped
// when CURRENT changes (a cheap stat per use) or after our own publish, and a retired snapshot closed
// only when the last reader using it is done. A good snapshot keeps serving when a new one fails.
import fs from 'node:fs';
import path from 'node:path';
import { CURRENT_FILE, readPointer } from './generations.js';
import type { OpenedIndex } from './open.js';

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
  /** CURRENT as last seen (inode, mtime, size) */
  private seen = '';
  /** open (again) at the next use: never opened yet, or our own re-index just published */
  private stale = true;
  private closed = false;

  constructor(
    private readonly indexDir: string,
    private readonly open: () => OpenedIndex,
    private readonly opts: HolderOptions,
  ) {}

  /** The snapshot to answer from now (undefined when there is none; see unavailableReason). */
  current(): OpenedIndex | undefined {
    this.refresh();
    return this.held?.snap;
  }

  unavailableReason(): string | undefined {
    this.refresh();
    return this.held ? undefined : this.reason;
  }

  /** Runs fn on the current snapshot, which stays open until fn is done even if a newer one arrives. */
  async use<T>(fn: (snap: OpenedIndex) => Promise<T> | T, unavailable: (reason?: string) => Error): Promise<T> {
    this.refresh();
    const h = this.held;
    if (!h) throw unavailable(this.reason);
    h.refs++;
    try {
      return await fn(h.snap);
    } finally {
      h.refs--;
      if (h.retired && h.refs === 0) h.snap.close();
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

  private refresh(): void {
    if (this.closed || (!this.stale && !this.opts.watch)) return;
    const stamp = this.pointerStamp();
    // watching without a snapshot: try again on every use (an index may appear at any time)
    if (!this.stale && stamp === this.seen && this.held) return;
    this.stale = false;
    this.seen = stamp;
    this.load();
  }

  /** Opens the published generation if it differs from the one held; keeps the old one on failure. */
  private load(): void {
    const pointer = readPointer(this.indexDir);
    if (pointer && this.held && pointer.generation === this.held.generation) return;
    try {
      const snap = this.open();
      const generation = path.basename(snap.generationDir);
      const old = this.held;
      this.held = { snap, generation, refs: 0, retired: false };
      this.reason = undefined;
      if (old) {
        this.opts.log(`Now answering from ${generation} (was ${old.generation}).`);
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
    if (h.refs === 0) h.snap.close();
  }

  // a publish by another process renames CURRENT: one stat tells
  private pointerStamp(): string {
    try {
      const s = fs.statSync(path.join(this.indexDir, CURRENT_FILE));
      return `${s.ino}:${s.mtimeMs}:${s.size}`;
    } catch {
      return '';
    }
  }
}
