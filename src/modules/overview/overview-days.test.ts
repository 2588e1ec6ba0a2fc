import { describe, expect, it } from 'vitest';
import { type ItemScan, changedInstants } from './overview-days.js';

const H = 3_600_000;
const D = 24 * H;
const scan = (id: number, code: string, atMs: number): ItemScan => ({ id, code, atMs });

describe('changedInstants: the days new scans of an item change', () => {
  it('an item moving on: the day of its last scan before, and now', () => {
    const scans = [scan(1, 'ACCEPTED', 0), scan(2, 'DISPATCHED', H), scan(3, 'ARRIVED', D)];
    expect(changedInstants(scans, 2)).toEqual([H, D]);
  });

  it('a late scan that is not its last: only the day of its last scan (break-points, cities)', () => {
    const scans = [scan(1, 'ACCEPTED', 0), scan(2, 'ARRIVED', 2 * D), scan(3, 'DISPATCHED', H)];
    expect(changedInstants(scans, 2)).toEqual([2 * D, 2 * D]);
  });

  it('a first or an earlier acceptance: its day and the one it replaces', () => {
    expect(changedInstants([scan(1, 'ARRIVED', D), scan(2, 'ACCEPTED', 0)], 1)).toEqual([D, D, 0]);
    expect(changedInstants([scan(1, 'ACCEPTED', D), scan(2, 'ARRIVED', 2 * D), scan(3, 'ACCEPTED', 0)], 2)).toEqual([2 * D, 2 * D, D, 0]);
  });

  it('a first delivery: its day, and the day the item was accepted', () => {
    const scans = [scan(1, 'ACCEPTED', 0), scan(2, 'AT_DELIVERY_OFFICE', D), scan(3, 'DELIVERED', 2 * D)];
    expect(changedInstants(scans, 2)).toEqual([D, 2 * D, 2 * D, 0]);
    // Delivered already: a second DELIVERED later on moves only the last scan.
    const again = [...scans, scan(4, 'DELIVERED', 3 * D)];
    expect(changedInstants(again, 3)).toEqual([2 * D, 3 * D]);
  });

  it('an item first seen in these scans: only the days it is on now', () => {
    expect(changedInstants([scan(7, 'ACCEPTED', H), scan(8, 'DISPATCHED', 2 * H)], 6)).toEqual([2 * H, H]);
  });
});
