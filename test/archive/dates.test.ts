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
  ])('rejects %j', (input) => {
    expect(toIsoDay(input)).toBeUndefined();
  });

  it('reads epoch seconds and milliseconds', () => {
    expect(toIsoDay(1551744000)).toBe('2019-03-05');
    expect(toIsoDay(1551744000000)).toBe('2019-03-05');
    expect(toIsoDay({})).toBeUndefined();
  });
});
