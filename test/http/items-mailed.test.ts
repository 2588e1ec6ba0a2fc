// Items mailed in a period (items/items-mailed.ts), summed from the hours counted with each item's
// creation, equal the items of the period counted one by one: items first seen in scans (the scan
// writer of each engine), registered through the API (new and already known), mailed for a program's
// request with their office, and moved to another office by an address change.
import { expect, it } from 'vitest';
import { withWriteTransaction } from '../../src/db/write-transaction.js';
import { HOUR_MS } from '../../src/modules/items/items-created.js';
import { setItemDestination } from '../../src/modules/items/item-destination.js';
import { type ItemsMailedBy, countItemsMailed, countItemsMailedFromItems } from '../../src/modules/items/items-mailed.js';
import { createMailItem } from '../../src/modules/items/mail-item.js';
import { HOUR, createSite, newTestApp, newTrackingNo, postScansInBatches, shanghai } from '../factories.js';
import { describeEachDialect } from '../test-db.js';

describeEachDialect('items mailed, counted per hour', (ctx) => {
  it('equal the items of the period counted one by one, per program, per office and in all', async () => {
    let now = Date.UTC(2026, 10, 30, 1, 30);
    const t = await newTestApp(ctx, { clock: () => now });
    const site = await createSite(t, { kind: 'counter' });

    const scanned = Array.from({ length: 30 }, () => newTrackingNo());
    await postScansInBatches(t, scanned.map((trackingNo) => ({ trackingNo, code: 'ACCEPTED', at: shanghai(now - HOUR), site })), 7);
    now += 2 * HOUR;
    // Scanned again: the items exist, nothing more is counted.
    await postScansInBatches(t, scanned.slice(0, 10).map((trackingNo) => ({ trackingNo, code: 'DISPATCHED', at: shanghai(now - HOUR), site, nextSite: site })));
    const registered = await t.request('POST', '/api/v1/items', { role: 'operator', body: [{ trackingNo: scanned[0] }, { trackingNo: newTrackingNo() }, {}] });
    expect(registered.statusCode, registered.body).toBe(200);

    now += 5 * HOUR;
    const mailed: string[] = [];
    for (const [programCode, deliveryOffice] of [['P1', 'O1'], ['P1', 'O1'], ['P1', 'O2'], ['P2', 'O2'], ['P2', null]] as const) {
      const no = await withWriteTransaction(ctx.handle, (trx) => createMailItem(trx, { programCode, destDivisionCode: '420502', destAddress: '某路1号', deliveryOffice, weightGrams: null }, now));
      mailed.push(no!);
      now += 17 * 60_000;
    }
    now += 30 * HOUR;
    await withWriteTransaction(ctx.handle, (trx) => setItemDestination(trx, mailed[0]!, { address: '新路2号', divisionCode: '420503', deliveryOffice: 'O3' }));
    await withWriteTransaction(ctx.handle, (trx) => setItemDestination(trx, mailed[4]!, { address: '新路3号', divisionCode: '420503', deliveryOffice: 'O1' }));

    const start = Math.floor(Date.UTC(2026, 10, 29) / HOUR_MS) * HOUR_MS;
    const periods = [
      { startMs: start, endMs: start + 4 * 24 * HOUR_MS },
      // Only the hours of the scans.
      { startMs: start + 24 * HOUR_MS, endMs: start + 24 * HOUR_MS + 4 * HOUR_MS },
      // Only the mailed items' hours, some of them.
      { startMs: Math.floor(Date.UTC(2026, 10, 30, 8) / HOUR_MS) * HOUR_MS, endMs: Math.floor(Date.UTC(2026, 10, 30, 9) / HOUR_MS) * HOUR_MS },
    ];
    const seen = new Set<number>();
    for (const period of periods) {
      for (const by of ['all', 'program', 'office'] as ItemsMailedBy[]) {
        const counted = await countItemsMailed(t.db, period, by);
        const reference = await countItemsMailedFromItems(t.db, period, by);
        expect(Object.fromEntries(counted), `${by} ${JSON.stringify(period)}`).toEqual(Object.fromEntries([...reference].filter(([, n]) => n !== 0)));
        if (by === 'all') seen.add(counted.get('')!);
      }
    }
    // The whole period holds the 30 scanned, 2 registered anew and 5 mailed.
    expect(seen.has(37)).toBe(true);
  });
});
