import { beforeEach, expect, it } from 'vitest';
import { localPeriod } from '../../src/http/query-days.js';
import { countRateOfPeriod } from '../../src/modules/breakpoints/breakpoint-rate-day.js';
import { HOUR, type TestApp, createUnits, ndjson, newTestApp, newTrackingNo, shanghai, unitInput } from '../factories.js';
import { bagCarriedToOffice } from '../factories-consignments.js';
import { type TestDbContext, describeEachDialect } from '../test-db.js';

// A catch-up adds the sites of an item's new scans to the sites it was counted by (sites only grow),
// except for an item inside a consignment: an opening that arrives late deletes the copies of the
// consignment's scans made after it, and the item is counted again from its whole event set.

const T = Date.parse('2026-11-18T09:00:00+08:00');
const DAY = '2026-11-18';
const TZ = 'Asia/Shanghai';
const at = (hours: number) => shanghai(T + hours * HOUR);

interface Counts {
  items: number;
  itemsWithBreakpoint: number;
  filledLate: number;
}

describeEachDialect('the stored days after an opening that arrives late', (ctx: TestDbContext) => {
  let t: TestApp;
  let factory: string;
  let centre: string;
  let office: string;

  beforeEach(async () => {
    t = await newTestApp(ctx);
    [factory, centre, office] = (
      await createUnits(t, [
        unitInput({ kind: 'counter', divisionCode: '420100' }),
        unitInput({ kind: 'processing_centre', divisionCode: '420500' }),
        unitInput({ kind: 'delivery_office', divisionCode: '420600' }),
      ])
    ).map((u) => u.code) as [string, string, string];
  });

  async function scan(events: object[]): Promise<void> {
    const res = await t.request('POST', '/api/v1/scans', { ndjson: ndjson(events) });
    expect(res.statusCode, res.body).toBe(200);
  }

  /** The rate report of the day, by unit, against the full recomputation. */
  async function expectRateMatchesRecount(round: string): Promise<Record<string, number>> {
    const full = await countRateOfPeriod(t.db, localPeriod(DAY, DAY, TZ));
    const res = await t.request('GET', `/api/v1/reports/breakpoint-rate?from=${DAY}&to=${DAY}&groupBy=unit`);
    expect(res.statusCode, res.body).toBe(200);
    const report = res.json() as { total: Counts; rows: (Counts & { group: string })[] };
    const itemsByUnit = Object.fromEntries(report.rows.map((r) => [r.group, r.items]));
    expect(itemsByUnit, round).toEqual(Object.fromEntries([...full.groups.unit].map(([unit, c]) => [unit, c.items])));
    return itemsByUnit;
  }

  it('counts the items inside by their scans left, not by the sites of the deleted copies', async () => {
    const { bag, items } = await bagCarriedToOffice(t, { factory, centre, office }, at);
    // Another item's scan, stored after the copies: on SQLite, deleting the rows of the highest ids
    // would let the next scans take those ids again, below the watermark.
    await scan([{ trackingNo: newTrackingNo(), code: 'ACCEPTED', at: at(8), site: factory }]);
    // The day is stored, with the items counted at the office through the bag's copies.
    expect((await expectRateMatchesRecount('before the opening'))[office]).toBe(2);

    // The bag was opened at the centre at hour 5: its copies after that are deleted. Then the items'
    // own next scans at the centre.
    await scan([{ trackingNo: bag, code: 'OPENED', at: at(5), site: centre }]);
    await scan(items.map((trackingNo) => ({ trackingNo, code: 'DISPATCHED', at: at(9), site: centre })));
    const after = await expectRateMatchesRecount('after the late opening');
    expect(after[office]).toBeUndefined();
    expect(after[centre]).toBe(2);
  });
});
