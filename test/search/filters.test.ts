import { describe, expect, it } from 'vitest';
import { FilterError, normalizeFilter, toIsoDay } from '../../src/search/filters.js';

describe('date filters', () => {
  it('expands a year, a month or a day inclusively', () => {
    expect(toIsoDay('2019', 'from')).toBe('2019-01-01');
    expect(toIsoDay('2019', 'to')).toBe('2019-12-31');
    expect(toIsoDay('2020-02', 'to')).toBe('2020-02-29');
    expect(toIsoDay('2019-3-5', 'from')).toBe('2019-03-05');
    expect(toIsoDay(' 2019-03-18 ', 'to')).toBe('2019-03-18');
  });
  it('rejects anything else with a message saying what to type', () => {
    expect(() => toIsoDay('March 2019', 'from')).toThrow(/--from "March 2019": use a year \(2019\)/);
    expect(() => toIsoDay('2019-02-30', 'to')).toThrow(FilterError);
    expect(() => toIsoDay('2019-13', 'to')).toThrow(FilterError);
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
