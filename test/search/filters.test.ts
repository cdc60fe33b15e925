import { describe, expect, it } from 'vitest';
import { FilterError, normalizeFilter, parsePeriod, periodBound } from '../../src/search/filters.js';

describe('date filters', () => {
  it('expands a year, a month or a day inclusively', () => {
    expect(periodBound('2019', 'from')).toBe('2019-01-01');
    expect(periodBound('2019', 'to')).toBe('2019-12-31');
    expect(periodBound('2020-02', 'to')).toBe('2020-02-29');
    expect(periodBound('2019-3-5', 'from')).toBe('2019-03-05');
    expect(periodBound(' 2019-03-18 ', 'to')).toBe('2019-03-18');
  });
  it('rejects anything else with a message saying what to type', () => {
    expect(() => periodBound('March 2019', 'from')).toThrow(/--from "March 2019": use a year \(2019\)/);
    expect(() => periodBound('2019-02-30', 'to')).toThrow(FilterError);
    // a day the month does not have is named as such, not as a wrong form
    expect(() => periodBound('2019-02-30', 'from')).toThrow('--from "2019-02-30": February 2019 has no day 30');
    expect(() => periodBound('2019-13', 'to')).toThrow('--to "2019-13": the month must be 1 to 12');
  });
  it('names the filters the way the presenter asking calls them (the chat has no --flags)', () => {
    const chat = { from: '/from', to: '/to' };
    expect(() => normalizeFilter({ from: '2020', to: '2019' }, chat)).toThrow(
      '/from 2020 is after /to 2019: swap them',
    );
    expect(() => normalizeFilter({ to: '2019-04-31' }, chat)).toThrow('/to "2019-04-31": April 2019 has no day 31');
  });
  it('normalizes a whole filter and refuses an inverted range', () => {
    expect(normalizeFilter({ author: ' Ian Allen ', from: '2018', to: '2019-03' })).toEqual({
      author: 'Ian Allen',
      from: '2018-01-01',
      to: '2019-03-31',
    });
    expect(normalizeFilter({ author: '  ' })).toEqual({});
    expect(() => normalizeFilter({ from: '2020', to: '2019' })).toThrow(/swap them/);
  });
});

describe('one rule for typed dates', () => {
  it('the CLI filter and the Discord options read every period the same way', async () => {
    const { parseDateOption } = await import('../../src/bot/options.js');
    const inputs = ['2019', '2019-03', '2019/3/5', '2019.12', '2020-02-29', '2019-02-29', '2019-13', 'March', ' 2018 '];
    for (const input of inputs)
      for (const end of ['from', 'to'] as const) {
        const cli = (() => {
          try {
            return periodBound(input, end);
          } catch {
            return 'refused';
          }
        })();
        const discord = (() => {
          try {
            return parseDateOption(input, end === 'to');
          } catch {
            return 'refused';
          }
        })();
        expect(discord, `${input} (${end})`).toBe(cli);
      }
    expect(parsePeriod('2019/3', 'to')).toEqual({ day: '2019-03-31' });
    expect(parsePeriod('2019-02-30', 'from')).toEqual({ problem: { kind: 'day', day: 30 } });
  });
});
