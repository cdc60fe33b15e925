// The re-index planner alone (pure): what is new, changed, unchanged or removed, why an article
// leaves, and when the sources named would remove too much of the index to go ahead unasked.
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import {
  REMOVAL_SHARE,
  planReindex,
  refusalMessage,
  servedSource,
  sourceKey,
  type ServedArticle,
} from '../../src/index/plan.js';

const A = path.resolve('/archive/a');
const B = path.resolve('/archive/b.jsonl');
const SITE = 'https://intelnews.org';

/** n served articles of one source: ids `${prefix}1…`, hash "h" */
function servedOf(prefix: string, n: number, source: string | null, origin?: ServedArticle['origin']) {
  return Array.from({ length: n }, (_, i) => [`${prefix}${i + 1}`, { hash: 'h', source, origin }] as const);
}
const incomingOf = (ids: string[], hash = 'h') => new Map(ids.map((id) => [id, hash]));

describe('planReindex: what changed', () => {
  const served = new Map([...servedOf('a', 3, A)]);

  test('new, changed, unchanged and dropped articles, incrementally', () => {
    const incoming = new Map([
      ['a1', 'h'],
      ['a2', 'h2'],
      ['n1', 'x'],
    ]);
    const plan = planReindex({ incoming, served, incremental: true, sources: [A], policy: 'refuse' });
    expect(plan).toEqual({
      added: ['n1'],
      updated: ['a2'],
      unchanged: ['a1'],
      removed: [{ id: 'a3', why: 'dropped' }],
      kept: [],
    });
  });

  test('without reusable vectors (or --full) every known article is updated', () => {
    const plan = planReindex({
      incoming: incomingOf(['a1', 'a2', 'a3']),
      served,
      incremental: false,
      sources: [A],
      policy: 'refuse',
    });
    expect(plan.updated).toEqual(['a1', 'a2', 'a3']);
    expect(plan.unchanged).toEqual([]);
  });

  test('a first index: everything is added', () => {
    const plan = planReindex({ incoming: incomingOf(['x']), served: new Map(), incremental: false, policy: 'refuse' });
    expect(plan).toMatchObject({ added: ['x'], updated: [], removed: [] });
  });
});

describe('planReindex: sources that changed', () => {
  // 7 articles from folder A, 3 from file B
  const served = new Map([...servedOf('a', 7, A), ...servedOf('b', 3, B)]);
  const onlyB = incomingOf(['b1', 'b2', 'b3']);

  test('naming only B would remove A’s 7 of 10 articles: refused, with what and how many', () => {
    const plan = planReindex({ incoming: onlyB, served, incremental: true, sources: [B], policy: 'refuse' });
    expect(plan.refused).toEqual({ removing: 7, indexed: 10, sources: [{ source: A, articles: 7 }] });
    expect(plan.removed.every((r) => r.why === 'source not named')).toBe(true);
  });

  test('--replace removes them; --add keeps them', () => {
    const replaced = planReindex({ incoming: onlyB, served, incremental: true, sources: [B], policy: 'replace' });
    expect(replaced.refused).toBeUndefined();
    expect(replaced.removed.map((r) => r.id).sort()).toEqual(['a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'a7']);
    const added = planReindex({ incoming: onlyB, served, incremental: true, sources: [B], policy: 'add' });
    expect(added.refused).toBeUndefined();
    expect(added.removed).toEqual([]);
    expect(added.kept.sort()).toEqual(['a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'a7']);
    expect(added.unchanged).toEqual(['b1', 'b2', 'b3']);
  });

  test('a source that itself dropped posts is never refused, however many', () => {
    const plan = planReindex({
      incoming: incomingOf(['a1']),
      served,
      incremental: true,
      sources: [A, B],
      policy: 'refuse',
    });
    expect(plan.refused).toBeUndefined();
    expect(plan.removed).toHaveLength(9);
    expect(plan.removed.every((r) => r.why === 'dropped')).toBe(true);
  });

  test(`only more than ${REMOVAL_SHARE * 100}% of the index leaving because of the sources is refused`, () => {
    // 10 articles, 2 of source B (exactly a fifth), then 3 (more)
    const two = new Map([...servedOf('a', 8, A), ...servedOf('b', 2, B)]);
    const keepA = incomingOf(['a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'a7', 'a8']);
    expect(
      planReindex({ incoming: keepA, served: two, incremental: true, sources: [A], policy: 'refuse' }).refused,
    ).toBeUndefined();
    const three = new Map([...servedOf('a', 7, A), ...servedOf('b', 3, B)]);
    const keepA7 = incomingOf(['a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'a7']);
    expect(
      planReindex({ incoming: keepA7, served: three, incremental: true, sources: [A], policy: 'refuse' }).refused
        ?.removing,
    ).toBe(3);
  });

  test('articles given directly (no sources) are the whole archive: never refused', () => {
    const plan = planReindex({ incoming: onlyB, served, incremental: true, policy: 'refuse' });
    expect(plan.refused).toBeUndefined();
    expect(plan.removed).toHaveLength(7);
  });

  test('an index written before sources were recorded: the source is told from where each article was read', () => {
    const old = new Map([
      ...servedOf('f', 4, null, { file: path.join(A, 'posts.jsonl') }),
      ...servedOf('w', 4, null, { url: 'https://www.intelnews.org/2019/03/18/01-2514/' }),
    ]);
    // the folder and the site are still named: their missing articles were dropped by them
    const same = planReindex({
      incoming: incomingOf([]),
      served: old,
      incremental: true,
      sources: [A, SITE],
      policy: 'refuse',
    });
    expect(same.refused).toBeUndefined();
    // only a new feed named: all eight would go because their sources are not named
    const feed = sourceKey('feed.rss');
    const other = planReindex({
      incoming: incomingOf(['n1']),
      served: old,
      incremental: true,
      sources: [feed],
      policy: 'refuse',
    });
    expect(other.refused?.removing).toBe(8);
  });
});

describe('servedSource and sourceKey', () => {
  test('a recorded source counts only when it is named again', () => {
    expect(servedSource({ hash: 'h', source: A }, [A, B])).toBe(A);
    expect(servedSource({ hash: 'h', source: A }, [B])).toBeUndefined();
  });

  test('an unrecorded one: a file inside a named folder, or a page on a named site', () => {
    expect(servedSource({ hash: 'h', source: null, origin: { file: path.join(A, 'x', 'y.txt') } }, [A])).toBe(A);
    expect(servedSource({ hash: 'h', source: null, origin: { file: `${A}-other/y.txt` } }, [A])).toBeUndefined();
    expect(servedSource({ hash: 'h', source: null, origin: { file: `${SITE}/feed/?paged=2` } }, [SITE])).toBe(SITE);
    expect(servedSource({ hash: 'h', source: null, origin: {} }, [A, SITE])).toBeUndefined();
  });

  test('paths compare absolute, URLs as written', () => {
    expect(sourceKey('index-data/archive')).toBe(path.resolve('index-data/archive'));
    expect(sourceKey(' https://intelnews.org/feed/ ')).toBe('https://intelnews.org/feed/');
  });
});

test('the refusal says what would go and both ways on', () => {
  const msg = refusalMessage({ removing: 7, indexed: 10, sources: [{ source: A, articles: 7 }] }, [B]);
  expect(msg).toContain(`remove 7 of the 10 indexed articles`);
  expect(msg).toContain(`${A} (7)`);
  expect(msg).toContain(B);
  expect(msg).toMatch(/--replace/);
  expect(msg).toMatch(/--add/);
  expect(msg).toMatch(/Nothing was changed/);
});
