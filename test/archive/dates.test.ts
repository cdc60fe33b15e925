// Date forms → ISO day, as written (no shift to UTC).
import { describe, expect, it } from 'vitest';
import { toIsoDay } from '../../src/archive/dates.js';

describe('toIsoDay', () => {
  it.each([
    ['05 March 2019', '2019-03-05'],
    ['5 March 2019', '2019-03-05'],
    ['March 5, 2019', '2019-03-05'],
    ['Mar. 5 2019', '2019-03-05'],
    ['Tue, 05 Mar 2019 22:34:18 +0000', '2019-03-05'],
    ['Tue, 05 Mar 2019 23:30:00 -0500', '2019-03-05'],
    ['2019-03-05T23:30:00-05:00', '2019-03-05'],
    ['2019-03-05T10:00:00Z', '2019-03-05'],
    ['2019-03-05 10:00:00', '2019-03-05'],
    ['2019-03-05', '2019-03-05'],
    ['2019/3/5', '2019-03-05'],
    ['29 February 2020', '2020-02-29'],
    // real feeds (issue 12): two-digit RFC 822 years, no space after the comma, asctime
    ['Thu, 01 Jan 04 19:48:21 GMT', '2004-01-01'],
    ['Mon, 15 Mar 99 10:00:00 +0100', '1999-03-15'],
    ['Fri,24 Nov 2023 09:15:00 +0000', '2023-11-24'],
    ['Sun Nov  6 08:49:37 1994', '1994-11-06'],
    ['Tue Mar 5 10:00:00 UTC 2019', '2019-03-05'],
  ])('%s → %s', (input, day) => {
    expect(toIsoDay(input)).toBe(day);
  });

  it.each([
    '',
    'soon',
    '0000-00-00 00:00:00',
    '31 February 2019',
    '2019-13-01',
    'Wed, 30 Nov -0001 00:00:00 +0000',
    '99 March 2019',
    'Sun Nov 31 08:49:37 1994',
    'Tuesday 12:30',
  ])('rejects %j', (input) => {
    expect(toIsoDay(input)).toBeUndefined();
  });

  it('reads epoch seconds and milliseconds', () => {
    expect(toIsoDay(1551744000)).toBe('2019-03-05');
    expect(toIsoDay(1551744000000)).toBe('2019-03-05');
    expect(toIsoDay({})).toBeUndefined();
  });
});
