// Time expressions → date windows relative to a fixed "now", recency words, the recency prior, and
// the window descriptions answers show. Table-driven.
import { describe, expect, it } from 'vitest';
import { addMonths, formatDayRange, isIsoDay, startOfWeek } from '../../src/search/days.js';
import { describeWindow, parseNow, readTime, recencyWeight, today } from '../../src/search/time.js';

// Saturday 7 June 2025
const NOW = '2025-06-07';

describe('readTime: windows from the question (now = Sat 7 Jun 2025)', () => {
  const table: [string, string | undefined, string | undefined][] = [
    ['What happened today?', '2025-06-07', '2025-06-07'],
    ["What was on tonight's news?", '2025-06-07', '2025-06-07'],
    // a day-scale event is reported that day or the next
    ['Who resigned yesterday?', '2025-06-06', '2025-06-07'],
    ['What did the minister announce this week?', '2025-06-01', '2025-06-07'],
    ['What did he say last week?', '2025-05-26', '2025-06-01'],
    ['Which bills passed this month?', '2025-06-01', '2025-06-07'],
    ['Who won last month?', '2025-05-01', '2025-05-31'],
    ['How many storms this year?', '2025-01-01', '2025-06-07'],
    ['Who won the election last year?', '2024-01-01', '2024-12-31'],
    // the latest such day, today included; "Sunday's" as well as "on Sunday"
    ["Who won Sunday's final?", '2025-06-01', '2025-06-02'],
    ['What did the court rule on Monday?', '2025-06-02', '2025-06-03'],
    ['Brett Favre revealed Tuesday he was ill', '2025-06-03', '2025-06-04'],
    ['What happened on Saturday?', '2025-06-07', '2025-06-07'],
    ['Who was arrested in 2018?', '2018-01-01', '2018-12-31'],
    ['What happened in March 2019?', '2019-03-01', '2019-03-31'],
    ['What happened in Sept. 2019?', '2019-09-01', '2019-09-30'],
    ['What happened in March?', '2025-03-01', '2025-03-31'],
    ['Who has led the party since 2019?', '2019-01-01', '2025-06-07'],
    ['Who has led it since March 2024?', '2024-03-01', '2025-06-07'],
    ['What did she do before 2019?', undefined, '2018-12-31'],
    ['What did she do before March 2019?', undefined, '2019-02-28'],
    ['What did she do after 2019?', '2020-01-01', undefined],
    ['What happened 3 days ago?', '2025-06-04', '2025-06-05'],
    ['What happened two weeks ago?', '2025-05-19', '2025-05-25'],
    ['What happened a month ago?', '2025-05-01', '2025-05-31'],
    ['What happened two years ago?', '2023-01-01', '2023-12-31'],
    ['What happened over the past 3 months?', '2025-03-07', '2025-06-07'],
    ['Any arrests in the last two weeks?', '2025-05-24', '2025-06-07'],
    ['Any arrests in the past week?', '2025-05-31', '2025-06-07'],
    ['What happened in the last 24 hours?', '2025-06-06', '2025-06-07'],
    ['What happened on September 29, 2024?', '2024-09-29', '2024-09-30'],
    ['What happened on 29 September 2024?', '2024-09-29', '2024-09-30'],
    // several windows intersect
    ['Since 2019, what happened before 2021?', '2019-01-01', '2020-12-31'],
  ];
  it.each(table)('%s → %s … %s', (q, from, to) => {
    const r = readTime(q, NOW);
    expect(r.from).toBe(from);
    expect(r.to).toBe(to);
    expect(r.recency).toBeUndefined();
  });

  const none = [
    'Who won the 2024 Paris Olympics?', // a year naming an event, not a window
    'Who won in 2024 Paris Olympics?',
    'Who led the march on the capital?', // lower-case month words are words
    'The result may change in may',
    'When does the store open on October 13?', // a day to come is a plan, not a window
    'What will happen in December?',
    'Since 2020, what happened in 2018?', // contradictory: no window rather than an empty one
    'Who is Benoit Quennedey?',
  ];
  it.each(none)('%s → no window', (q) => {
    const r = readTime(q, NOW);
    expect(r.from).toBeUndefined();
    expect(r.to).toBeUndefined();
  });

  it('never reaches past now', () => {
    expect(readTime('What happened in June 2025?', NOW)).toMatchObject({ from: '2025-06-01', to: NOW });
  });

  it('records the phrases it read as written, in question order', () => {
    expect(readTime('Since 2019, what was the latest before 2021?', NOW).phrases).toEqual([
      'Since 2019',
      'latest',
      'before 2021',
    ]);
  });
});

describe('readTime: vague words weigh recency instead of cutting', () => {
  const table: [string, 'prefer' | 'latest'][] = [
    ['Which company recently raised its fees?', 'prefer'],
    ['What has he been doing lately?', 'prefer'],
    ['Who is the current leader?', 'prefer'],
    ['What is the latest on the strike?', 'latest'],
    ['What is the newest model?', 'latest'],
    ['What was the most recent attack?', 'latest'],
    ['Recently, what is the latest?', 'latest'],
  ];
  it.each(table)('%s → %s', (q, recency) => {
    const r = readTime(q, NOW);
    expect(r.recency).toBe(recency);
    expect(r.from).toBeUndefined();
    expect(r.to).toBeUndefined();
  });
  it('keeps a window next to a recency word', () => {
    expect(readTime('What is the latest this week?', NOW)).toMatchObject({
      from: '2025-06-01',
      to: NOW,
      recency: 'latest',
    });
  });
});

describe('the recency prior', () => {
  it('halves every half-life, counts the future as now, gives an undated article nothing', () => {
    expect(recencyWeight(NOW, NOW, 30)).toBe(1);
    expect(recencyWeight('2025-05-08', NOW, 30)).toBeCloseTo(0.5, 10);
    expect(recencyWeight('2025-04-08', NOW, 30)).toBeCloseTo(0.25, 2);
    expect(recencyWeight('2025-07-01', NOW, 30)).toBe(1);
    expect(recencyWeight(null, NOW, 30)).toBe(0);
    expect(recencyWeight('not a date', NOW, 30)).toBe(0);
    // an archive far older than now is all but unaffected
    expect(recencyWeight('2019-03-18', NOW, 30)).toBeLessThan(1e-20);
  });
});

describe('now and days', () => {
  it('parses --now and refuses what is not a calendar day', () => {
    expect(parseNow(' 2024-02-29 ')).toBe('2024-02-29');
    expect(() => parseNow('2023-02-29')).toThrow(/2025-06-07/);
    expect(() => parseNow('yesterday')).toThrow(/--now/);
    expect(isIsoDay(today(new Date(2025, 5, 7, 23, 59)))).toBe(true);
    expect(today(new Date(2025, 5, 7, 23, 59))).toBe('2025-06-07');
  });
  it('does calendar arithmetic', () => {
    expect(addMonths('2025-03-31', -1)).toBe('2025-02-28');
    expect(addMonths('2025-01-15', -13)).toBe('2023-12-15');
    expect(startOfWeek('2025-06-08')).toBe('2025-06-02'); // a Sunday belongs to the week that began on Monday
    expect(startOfWeek('2025-06-02')).toBe('2025-06-02');
  });
  it('describes windows the way answers show them', () => {
    expect(describeWindow({ from: '2025-06-01', to: '2025-06-07' })).toBe('Articles from 1–7 Jun 2025');
    expect(formatDayRange('2025-05-28', '2025-06-03')).toBe('28 May – 3 Jun 2025');
    expect(formatDayRange('2024-12-28', '2025-01-03')).toBe('28 Dec 2024 – 3 Jan 2025');
    expect(describeWindow({ from: '2025-06-05', to: '2025-06-05' })).toBe('Articles from 5 Jun 2025');
    expect(describeWindow({ from: '2019-01-01', to: null })).toBe('Articles from 1 Jan 2019 on');
    expect(describeWindow({ from: null, to: '2018-12-31' })).toBe('Articles up to 31 Dec 2018');
  });
});
