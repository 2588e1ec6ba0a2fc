import { describe, expect, it } from 'vitest';
import { MAX_DAYS_AHEAD, wishableDays } from './citizen-changes.js';

describe('the days a recipient may ask for', () => {
  it('runs from tomorrow to 14 days ahead on the local day, not the UTC one', () => {
    // 00:30 in Shanghai is still the day before in UTC.
    expect(wishableDays(Date.parse('2026-11-21T00:30:00+08:00'), 'Asia/Shanghai')).toEqual({ first: '2026-11-22', last: '2026-12-05' });
    expect(wishableDays(Date.parse('2026-11-21T23:50:00+08:00'), 'Asia/Shanghai')).toEqual({ first: '2026-11-22', last: '2026-12-05' });
    expect(wishableDays(Date.parse('2026-11-21T00:30:00+08:00'), 'UTC')).toEqual({ first: '2026-11-21', last: '2026-12-04' });
    expect(MAX_DAYS_AHEAD).toBe(14);
  });

  it('crosses the end of a month and of a leap February', () => {
    expect(wishableDays(Date.parse('2028-02-20T12:00:00+08:00'), 'Asia/Shanghai')).toEqual({ first: '2028-02-21', last: '2028-03-05' });
  });
});
