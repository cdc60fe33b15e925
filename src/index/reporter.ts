// Progress of a re-index: each stage reported with its rate and ETA, computed from when the stage
// started. A listener that throws never breaks the re-index.
import type { Progress, ProgressListener, Stage } from './types.js';

export class Reporter {
  private stageStart = Date.now();
  private stage: Stage | undefined;
  constructor(private readonly listener?: ProgressListener) {}

  emit(stage: Stage, done: number, total?: number, message?: string): void {
    if (stage !== this.stage) {
      this.stage = stage;
      this.stageStart = Date.now();
    }
    if (!this.listener) return;
    const secs = (Date.now() - this.stageStart) / 1000;
    const p: Progress = { stage, done, total, message };
    if (secs > 0 && done > 0) {
      p.rate = done / secs;
      if (total !== undefined) p.etaSeconds = Math.max(0, (total - done) / p.rate);
    }
    try {
      this.listener(p);
    } catch {
      // a broken listener must not break the re-index
    }
  }
}
