// Migration 0023 gives every item mailed before it the delivery office its request was routed to.
import type { Kysely } from 'kysely';
import { expect, it } from 'vitest';
import * as m0023 from '../src/db/migrations/0023-address-changes.js';
import { newTestApp } from './factories.js';
import { addressIn, countyWithOffice, createTestProgram, newPhone, postRequests } from './factories-requests.js';
import { describeEachDialect } from './test-db.js';

describeEachDialect('migration 0023: the items’ delivery offices', (ctx) => {
  it('fills in the office of each item from its request, and none for an item of no request', async () => {
    const t = await newTestApp(ctx);
    const program = await createTestProgram(t.db);
    const { county, office } = await countyWithOffice(t);
    const [mailed] = await postRequests(t, program.code, [{ name: '李四', phone: newPhone(), address: addressIn(county) }]);
    const scanned = 'RB123456785GB';
    await t.request('POST', '/api/v1/items', { body: [{ trackingNo: scanned }] });
    const db = t.db as unknown as Kysely<unknown>;

    await m0023.down(db);
    await m0023.up(db);

    const rows = await t.db.selectFrom('items').select(['tracking_no', 'delivery_office']).where('tracking_no', 'in', [mailed!.trackingNo!, scanned]).orderBy('tracking_no').execute();
    expect(Object.fromEntries(rows.map((r) => [r.tracking_no, r.delivery_office]))).toEqual({ [mailed!.trackingNo!]: office, [scanned]: null });
  });
});
