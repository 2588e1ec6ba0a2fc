import { expect, it } from 'vitest';
import { MINUTE, type TestApp, createSite, newTestApp, newTrackingNo, shanghai } from '../factories.js';
import { scanItem } from '../factories-console.js';
import { testInstantName } from '../support/test-clock.js';
import { describeEachDialect } from '../test-db.js';

// "Today" on the overview is the local day of the clock, whatever the hour. This file runs at noon
// and, through its vitest projects, at 00:30 and 23:50 in Shanghai: just after midnight the UTC date
// is still the day before, just before it the next local day is ten minutes away. Items are placed
// around the local midnight that starts the clock's day, so a day cut anywhere else moves them.

const HOUR = 60 * MINUTE;
/** The local date in Shanghai, computed apart from the code under test. */
const localDate = (ms: number) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date(ms));

interface Overview {
  from: string;
  to: string;
  today: { day: string; accepted: number; delivered: number };
  range: { accepted: number; delivered: number; items: number };
  dailyTrend: { day: string; items: number }[];
}

async function get<T>(t: TestApp, path: string): Promise<T> {
  const res = await t.request('GET', path, { role: 'viewer' });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as T;
}

async function countItems(t: TestApp, query: string): Promise<number> {
  return (await get<{ rows: unknown[] }>(t, `/api/v1/items?${query}&limit=500`)).rows.length;
}

describeEachDialect('the overview at the edges of the local day', (ctx) => {
  it(`counts today from local midnight (${testInstantName()})`, async () => {
    const t = await newTestApp(ctx);
    const now = t.now;
    const today = localDate(now);
    const yesterday = localDate(now - 24 * HOUR);
    const midnight = Date.parse(`${today}T00:00:00+08:00`);
    expect(now - midnight).toBeGreaterThan(0);
    expect(now - midnight).toBeLessThan(24 * HOUR);

    const counter = await createSite(t, { kind: 'counter' });
    const office = await createSite(t, { kind: 'delivery_office' });
    const [lateYesterday, deliveredYesterday, earlyToday, deliveredToday] = [newTrackingNo(), newTrackingNo(), newTrackingNo(), newTrackingNo()];
    // Accepted five minutes before midnight, sent on one minute after it.
    await scanItem(t, lateYesterday, [
      { code: 'ACCEPTED', site: counter, at: shanghai(midnight - 5 * MINUTE) },
      { code: 'DISPATCHED', site: counter, at: shanghai(midnight + MINUTE), nextSite: office },
    ]);
    // Picked up at the counter one minute before midnight.
    await scanItem(t, deliveredYesterday, [
      { code: 'ACCEPTED', site: office, at: shanghai(midnight - 2 * HOUR) },
      { code: 'HELD', site: office, at: shanghai(midnight - HOUR) },
      { code: 'DELIVERED', site: office, at: shanghai(midnight - MINUTE) },
    ]);
    await scanItem(t, earlyToday, [{ code: 'ACCEPTED', site: counter, at: shanghai(midnight + 10 * MINUTE) }]);
    // Accepted and picked up in the minutes before the clock.
    await scanItem(t, deliveredToday, [
      { code: 'ACCEPTED', site: office, at: shanghai(now - 20 * MINUTE) },
      { code: 'HELD', site: office, at: shanghai(now - 10 * MINUTE) },
      { code: 'DELIVERED', site: office, at: shanghai(now - 2 * MINUTE) },
    ]);

    // By default the period is today.
    const o = await get<Overview>(t, '/api/v1/reports/overview');
    expect([o.from, o.to, o.today.day]).toEqual([today, today, today]);
    expect(o.today).toMatchObject({ accepted: 2, delivered: 1 });
    expect(o.range).toMatchObject({ accepted: 2, delivered: 1, items: 3 });
    expect(o.dailyTrend.map((d) => [d.day, d.items])).toEqual([[today, 3]]);

    const twoDays = await get<Overview>(t, `/api/v1/reports/overview?from=${yesterday}`);
    expect([twoDays.from, twoDays.to]).toEqual([yesterday, today]);
    expect(twoDays.today).toEqual(o.today);
    expect(twoDays.range).toMatchObject({ accepted: 4, delivered: 2, items: 4 });
    expect(twoDays.dailyTrend.map((d) => [d.day, d.items])).toEqual([
      [yesterday, 1],
      [today, 3],
    ]);

    // The figures lead to the same items, cut by the same local days.
    expect(await countItems(t, `acceptedOn=${today}`)).toBe(2);
    expect(await countItems(t, `acceptedOn=${yesterday}`)).toBe(2);
    expect(await countItems(t, `deliveredOn=${today}`)).toBe(1);
    expect(await countItems(t, `deliveredOn=${yesterday}`)).toBe(1);
    const rate = await get<{ total: { items: number } }>(t, `/api/v1/reports/breakpoint-rate?from=${today}&to=${today}`);
    expect(rate.total.items).toBe(3);
  });
});
