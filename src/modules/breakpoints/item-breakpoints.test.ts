import { expect, it } from 'vitest';
import { describeEachDialect } from '../../../test/test-db.js';
import { getItemBreakpoints } from './item-breakpoints.service.js';
import type { BreakpointType } from './breakpoint.table.js';

const T0 = Date.parse('2026-11-20T09:00:00+08:00');
const HOUR = 3_600_000;

describeEachDialect("an item's break-points on its page", (ctx) => {
  it('are in the order they opened, then by visit, type and id, whatever order they were stored in', async () => {
    const db = ctx.handle.db;
    const row = (type: BreakpointType, visit: number, openedAt: number) => ({
      tracking_no: 'EA000000001CN',
      type,
      visit,
      responsible_unit: '420100',
      opened_at: openedAt,
      closed_at: null,
      detail: `${type}/${visit}`,
      updated_at: openedAt,
    });
    // Stored in an order unlike the page's: the latest first, ties on the instant and the visit.
    await db
      .insertInto('breakpoints')
      .values([
        row('SILENT_AT_OFFICE', 1, T0 + 2 * HOUR),
        row('MISSING_OUTBOUND', 2, T0 + HOUR),
        row('MISSING_OUTBOUND', 1, T0 + HOUR),
        row('MISSING_INBOUND', 1, T0 + HOUR),
        row('MISSING_ACCEPTANCE', 1, T0),
      ])
      .execute();
    await db.insertInto('breakpoints').values(row('NO_DELIVERY_RESULT', 1, T0 + 3 * HOUR)).execute();
    await db.insertInto('breakpoints').values({ ...row('MISSING_ACCEPTANCE', 1, T0), tracking_no: 'EA000000002CN' }).execute();

    const page = await getItemBreakpoints(db, 'EA000000001CN');
    expect(page.map((b) => b.detail)).toEqual(['MISSING_ACCEPTANCE/1', 'MISSING_INBOUND/1', 'MISSING_OUTBOUND/1', 'MISSING_OUTBOUND/2', 'SILENT_AT_OFFICE/1', 'NO_DELIVERY_RESULT/1']);
    expect(await getItemBreakpoints(db, 'EA000000009CN')).toEqual([]);
  });
});
