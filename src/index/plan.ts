// The re-index planner (pure): compares what the sources hold now with what is served and says what
// is new, changed, unchanged or removed, and why each removal happens: the source dropped the
// article, or its source is not among the sources read now. The latter may be refused (see policy).
import path from 'node:path';

/** What a re-index does when articles would leave because their source is not among the sources now. */
export type SourcesPolicy =
  /** refuse when more than REMOVAL_SHARE of the index would go that way (dossier index's default) */
  | 'refuse'
  /** remove them: the sources read now are the whole archive (configured sources, --replace) */
  | 'replace'
  /** keep them: the sources read now are added to the index (--add) */
  | 'add';

/** More than this share of the indexed articles leaving because of the sources named is refused. */
export const REMOVAL_SHARE = 0.2;

export interface ServedArticle {
  hash: string;
  /** the source it was read from; null in an index written before sources were recorded */
  source: string | null;
  /** where it was read (file or URL), to tell its source when none was recorded */
  origin?: { file?: string; url?: string };
}

export interface PlanInput {
  /** id → content hash of every article read now */
  incoming: Map<string, string>;
  /** id → what the served index holds (empty without an index) */
  served: Map<string, ServedArticle>;
  /** the served vectors can be kept (same model and chunker, and no --full) */
  incremental: boolean;
  /** the sources read now (as sourceKey gives them); undefined when articles were given directly */
  sources?: string[];
  policy: SourcesPolicy;
}

export type RemovalReason = 'dropped' | 'source not named';

export interface Plan {
  /** new articles, to chunk and embed */
  added: string[];
  /** changed articles (or every known one in a full re-index), to chunk and embed again */
  updated: string[];
  unchanged: string[];
  /** articles leaving the index, with why */
  removed: { id: string; why: RemovalReason }[];
  /** served articles of sources not named now, kept as they are (policy 'add') */
  kept: string[];
  /** set when the policy is 'refuse' and too many articles would leave because of the sources named */
  refused?: Refusal;
}

export interface Refusal {
  /** articles that would leave because their source is not named */
  removing: number;
  /** articles in the index now */
  indexed: number;
  /** the sources not named now, with how many of their articles would leave */
  sources: { source: string; articles: number }[];
}

/** How a source is compared between runs: a file or folder by its absolute path, a URL as written. */
export function sourceKey(source: string): string {
  const s = source.trim();
  return /^https?:\/\//i.test(s) ? s : path.resolve(s);
}

const host = (u: string): string | undefined => {
  try {
    return new URL(u).hostname.toLowerCase().replace(/^www\./, '');
  } catch {
    return undefined;
  }
};

/**
 * The source a served article belongs to among `sources`: the recorded one, else (an index written
 * before sources were recorded) the file source holding its file or the URL source on its site.
 * undefined when none of `sources` is its source.
 */
export function servedSource(a: ServedArticle, sources: string[]): string | undefined {
  if (a.source !== null) return sources.includes(a.source) ? a.source : undefined;
  const origin = a.origin ?? {};
  for (const s of sources) {
    if (/^https?:\/\//i.test(s)) {
      const site = host(s);
      const seen = [origin.url, origin.file].filter((x): x is string => !!x && /^https?:\/\//i.test(x));
      if (site && seen.some((u) => host(u) === site)) return s;
    } else if (origin.file) {
      const f = path.resolve(origin.file);
      if (f === s || f.startsWith(s.endsWith(path.sep) ? s : s + path.sep)) return s;
    }
  }
  return undefined;
}

export function planReindex(input: PlanInput): Plan {
  const plan: Plan = { added: [], updated: [], unchanged: [], removed: [], kept: [] };
  for (const [id, hash] of input.incoming) {
    const old = input.served.get(id);
    if (!old) plan.added.push(id);
    else if (old.hash !== hash || !input.incremental) plan.updated.push(id);
    else plan.unchanged.push(id);
  }
  const gone = new Map<string, number>();
  for (const [id, a] of input.served) {
    if (input.incoming.has(id)) continue;
    // articles given directly (tests, bench) are the whole archive: no source to compare
    const named = input.sources ? servedSource(a, input.sources) !== undefined : true;
    if (named) {
      plan.removed.push({ id, why: 'dropped' });
      continue;
    }
    if (input.policy === 'add') {
      plan.kept.push(id);
      continue;
    }
    plan.removed.push({ id, why: 'source not named' });
    const label = a.source ?? a.origin?.file ?? a.origin?.url ?? '(unknown)';
    gone.set(label, (gone.get(label) ?? 0) + 1);
  }
  const removing = plan.removed.filter((r) => r.why === 'source not named').length;
  if (input.policy === 'refuse' && removing > REMOVAL_SHARE * input.served.size) {
    plan.refused = {
      removing,
      indexed: input.served.size,
      sources: [...gone].map(([source, articles]) => ({ source, articles })).sort((x, y) => y.articles - x.articles),
    };
  }
  return plan;
}

/** The refusal in words: what would go, and the two ways on. */
export function refusalMessage(r: Refusal, named: string[]): string {
  const shown = r.sources.slice(0, 3).map((s) => `${s.source} (${s.articles})`);
  const more = r.sources.length > 3 ? ` and ${r.sources.length - 3} more` : '';
  return (
    `This re-index would remove ${r.removing} of the ${r.indexed} indexed articles because their sources are not among the sources given now (${named.join(', ') || 'none'}): ${shown.join(', ')}${more}. ` +
    'Nothing was changed. To replace the index with only the sources given, run it again with --replace; ' +
    'to add these sources and keep the other articles, use --add.'
  );
}
