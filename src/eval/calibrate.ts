// Calibrates the answerability threshold: a benchmark's own judged queries are answerable from its
// corpus; another benchmark's queries run against the same corpus are not. Collects the signals
// search bases its decision on and reports how each threshold separates the two sets.
import type { Embedder } from '../embed/types.js';
import type { IndexSnapshot } from '../index/types.js';
import { search } from '../search/search.js';
import { isCovered, type CoverageSignals, type Thresholds } from '../search/threshold.js';

export interface Labelled extends CoverageSignals {
  answerable: boolean;
}

export async function collectSignals(
  snap: IndexSnapshot,
  embedder: Embedder,
  queries: string[],
  answerable: boolean,
): Promise<Labelled[]> {
  const out: Labelled[] = [];
  for (const text of queries) {
    const r = await search(snap, embedder, { text, limit: 5 });
    out.push({ ...(r.signals ?? { bestDense: -1, termCoverage: 0 }), answerable });
  }
  return out;
}

export interface Rates {
  thresholds: Thresholds;
  /** answerable queries judged covered */
  coveredRate: number;
  /** unanswerable queries judged not covered */
  rejectedRate: number;
  balanced: number;
}

export function rates(samples: Labelled[], t: Thresholds): Rates {
  const pos = samples.filter((s) => s.answerable);
  const neg = samples.filter((s) => !s.answerable);
  const coveredRate = pos.length ? pos.filter((s) => isCovered(s, t)).length / pos.length : 0;
  const rejectedRate = neg.length ? neg.filter((s) => !isCovered(s, t)).length / neg.length : 0;
  return { thresholds: t, coveredRate, rejectedRate, balanced: (coveredRate + rejectedRate) / 2 };
}

/**
 * Grid search for the thresholds with the best balanced accuracy; ties go to the stricter dense
 * threshold (saying "not covered" is cheaper than presenting unrelated passages as an answer).
 */
export function bestThresholds(samples: Labelled[]): Rates {
  let best: Rates | undefined;
  const r2 = (x: number) => Math.round(x * 100) / 100;
  for (let dense = 0.2; dense <= 0.7; dense += 0.01) {
    for (let low = 0.15; low <= dense; low += 0.01) {
      for (const terms of [0.5, 0.6, 0.75, 1]) {
        const r = rates(samples, { dense: r2(dense), denseWithTerms: r2(low), terms });
        if (
          !best ||
          r.balanced > best.balanced + 1e-9 ||
          (Math.abs(r.balanced - best.balanced) < 1e-9 && r.thresholds.dense > best.thresholds.dense)
        )
          best = r;
      }
    }
  }
  return best!;
}
