import { beforeEach, expect, it } from 'vitest';
import { localPeriod } from '../../src/http/query-days.js';
import { countRateOfPeriod } from '../../src/modules/breakpoints/breakpoint-rate-day.js';
import { HOUR, type TestApp, createUnits, ndjson, newTestApp, shanghai, unitInput } from '../factories.js';
import { bagCarriedToOffice } from '../factories-consignments.js';
import { type TestDbContext, describeEachDialect } from '../test-db.js';

// Readers go through the scan events by id and never look back below where they stopped. A late
// consignment opening deletes the copies with the highest ids: the next scan must still get an id
// above every id given before, or it is never read. And the deletion itself changes where the items
// count, with no new scan of theirs: the report read right after must show it.

const T = Date.parse('2026-11-18T09:00:00+08:00');
const DAY = '2026-11-18';
const at = (hours: number) => shanghai(T + hours * HOUR);

describeEachDialect('scan event ids after copies are deleted', (ctx: TestDbContext) => {
  let t: TestApp;

  beforeEach(async () => {
    t = await newTestApp(ctx);
  });

  async function scan(events: object[]): Promise<void> {
    const res = await t.request('POST', '/api/v1/scans', { ndjson: ndjson(events) });
    expect(res.statusCode, res.body).toBe(200);
  }

  /** The rate report of the day by unit, which must equal the full recount. */
  async function expectRateMatchesRecount(): Promise<Record<string, number>> {
    const full = await countRateOfPeriod(t.db, localPeriod(DAY, DAY, 'Asia/Shanghai'));
    const res = await t.request('GET', `/api/v1/reports/breakpoint-rate?from=${DAY}&to=${DAY}&groupBy=unit`);
    expect(res.statusCode, res.body).toBe(200);
    const report = res.json() as { total: { items: number }; rows: { group: string; items: number }[] };
    expect(report.total.items).toBe(full.total.items);
    const byUnit = Object.fromEntries(report.rows.map((r) => [r.group, r.items]));
    expect(byUnit).toEqual(Object.fromEntries([...full.groups.unit].map(([unit, c]) => [unit, c.items])));
    return byUnit;
  }

  const highestId = async () => Number((await t.db.selectFrom('scan_events').select((eb) => eb.fn.max('id').as('m')).executeTakeFirstOrThrow()).m ?? 0);

  it('are never given twice; the report counts the deletion at once and the scans stored after it', async () => {
    const [factory, centre, office] = (
      await createUnits(t, [
        unitInput({ kind: 'counter', divisionCode: '420100' }),
        unitInput({ kind: 'processing_centre', divisionCode: '420500' }),
        unitInput({ kind: 'delivery_office', divisionCode: '420600' }),
      ])
    ).map((u) => u.code) as [string, string, string];
    const { bag, items } = await bagCarriedToOffice(t, { factory, centre, office }, at);
    // The report is read, so its position is past every copy.
    const before = await t.request('GET', `/api/v1/reports/breakpoint-rate?from=${DAY}&to=${DAY}&groupBy=unit`);
    expect(before.statusCode, before.body).toBe(200);
    const given = await highestId();

    // Opened at the centre at hour 5: the copies made after it, the highest ids, are deleted.
    await scan([{ trackingNo: bag, code: 'OPENED', at: at(5), site: centre }]);
    expect(await highestId()).toBeLessThan(given);
    // Read right after the opening, with no new scan of the items: they no longer count at the office.
    const opened = await expectRateMatchesRecount();
    expect(opened[office]).toBeUndefined();
    expect(opened[centre]).toBe(2);
    // The items' own next scans, stored after the deletion.
    await scan(items.map((trackingNo) => ({ trackingNo, code: 'DISPATCHED', at: at(9), site: centre })));
    const ids = await t.db.selectFrom('scan_events').select('id').where('tracking_no', 'in', items).where('at_ms', '=', T + 9 * HOUR).execute();
    expect(ids).toHaveLength(2);
    for (const { id } of ids) expect(Number(id)).toBeGreaterThan(given);

    const byUnit = await expectRateMatchesRecount();
    expect(byUnit[office]).toBeUndefined();
    expect(byUnit[centre]).toBe(2);
  });
});
