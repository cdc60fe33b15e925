// Time applied to a search: which window wins (options over the question's words), the recency prior
// on an article ranking, "latest" ranking the relevant articles by date, and undated archives untouched.
import { describe, expect, it } from 'vitest';
import type { ArticleScored } from '../../src/search/fusion.js';
import { applyRecency, resolveTime } from '../../src/search/when.js';

const NOW = '2025-06-07';
const dates = new Map<string, string | null>([
  ['old', '2024-06-09'],
  ['new', '2025-06-01'],
  ['mid', '2025-03-01'],
  ['undated', null],
]);
const undated = new Map<string, string | null>([
  ['old', null],
  ['new', null],
  ['mid', null],
]);
const ranking = (...xs: [string, number][]): ArticleScored[] => xs.map(([articleId, score]) => ({ articleId, score }));

describe('resolveTime', () => {
  it('takes the window from the question when no option sets one', () => {
    const { query, time } = resolveTime({ text: 'Who won this week?', now: NOW }, dates);
    expect(query).toMatchObject({ from: '2025-06-01', to: NOW });
    expect(time.window).toEqual({ from: '2025-06-01', to: NOW, source: 'question' });
  });
  it('lets --from/--to win over the question, normalised', () => {
    const q = { text: 'Who won this week?', now: NOW, from: '2024', to: '2024-06' };
    const { query, time } = resolveTime(q, dates);
    expect(query).toMatchObject({ from: '2024-01-01', to: '2024-06-30' });
    expect(time.window).toEqual({ from: '2024-01-01', to: '2024-06-30', source: 'options' });
  });
  it('reads recency words without cutting', () => {
    const { query, time } = resolveTime({ text: 'What is the latest on the strike?', now: NOW }, dates);
    expect(query.from).toBeUndefined();
    expect(time).toMatchObject({ recency: 'latest', dated: true });
    expect(time.window).toBeUndefined();
  });
  it('ignores time words on an archive without dates (filtering would remove everything)', () => {
    const q = { text: 'What happened in 1960 this week?', now: NOW };
    const { query, time } = resolveTime(q, undated);
    expect(query).toBe(q);
    expect(time.dated).toBe(false);
    expect(time.window).toBeUndefined();
    expect(time.recency).toBeUndefined();
  });
  it('hides articles dated after now when asked (a replayed question), without showing it as a window', () => {
    const q = { text: 'Who won?', now: '2025-01-01' };
    const { query, time } = resolveTime(q, dates, { hideFuture: true });
    expect(query.to).toBe('2025-01-01');
    expect(time.window).toBeUndefined();
    expect(resolveTime({ ...q, now: '2026-01-01' }, dates, { hideFuture: true }).query.to).toBeUndefined();
    expect(resolveTime(q, dates, { hideFuture: false }).query.to).toBeUndefined();
  });
  it('uses the clock when no now is given', () => {
    expect(resolveTime({ text: 'x' }, dates).time.now).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });
});

describe('applyRecency', () => {
  const time = (recency?: 'prefer' | 'latest') => ({ now: NOW, dated: true, recency });
  it('prefers the newer of two about equally relevant articles, not a much less relevant one', () => {
    const r = ranking(['old', 0.9], ['new', 0.85], ['mid', 0.3]);
    const out = applyRecency(r, dates, time(), { recency: 0.2, halfLifeDays: 30 });
    expect(out.map((a) => a.articleId)).toEqual(['new', 'old', 'mid']);
    // an article gains at most `recency` (published today); a year-old one gains almost nothing
    expect(out[0].score).toBeLessThanOrEqual(0.85 + 0.2);
    expect(out.find((a) => a.articleId === 'old')!.score).toBeCloseTo(0.9, 3);
  });
  it('weighs recency more for "recently" and ranks the relevant articles newest first for "latest"', () => {
    const r = ranking(['old', 0.9], ['mid', 0.8], ['new', 0.75], ['undated', 0.74]);
    const prefer = applyRecency(r, dates, time('prefer'), { recency: 0, recencyPrefer: 0.3, halfLifeDays: 30 });
    expect(prefer[0].articleId).toBe('new');
    const latest = applyRecency(r, dates, time('latest'), { recency: 0, recencyPrefer: 0, latestShare: 0.8 });
    expect(latest.map((a) => a.articleId)).toEqual(['new', 'mid', 'old', 'undated']);
    // the relevant ones keep the scores the ranking had, in the new order
    expect(latest.map((a) => a.score)).toEqual([0.9, 0.8, 0.75, 0.74]);
  });
  it('leaves an undated archive, and one far older than now, in its order', () => {
    const r = ranking(['old', 0.9], ['new', 0.85], ['mid', 0.3]);
    const opts = { recency: 0.5, recencyPrefer: 0.5, halfLifeDays: 30 };
    expect(applyRecency(r, undated, { now: NOW, dated: false }, opts)).toEqual(r);
    expect(applyRecency(r, undated, { now: NOW, dated: false, recency: 'latest' }, opts)).toEqual(r);
    const ancient = applyRecency(r, dates, { now: '2040-01-01', dated: true }, opts);
    expect(ancient.map((a) => a.articleId)).toEqual(['old', 'new', 'mid']);
  });
});
