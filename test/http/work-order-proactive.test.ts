// Proactive service: a program that asks for it gets an order for each of its items with a break-point
// open longer than its hours, once, at the break-point's unit; the order resolves itself when the scan comes.
import { expect, it } from 'vitest';
import { openDataKeyCipher } from '../../src/data-key.js';
import { runProactiveRound } from '../../src/jobs/proactive-job.js';
import { setProgramWorkOrderTerms } from '../../src/modules/programs/work-order-terms.js';
import type { WorkOrderDeps } from '../../src/modules/work-orders/create-work-order.js';
import { runProactiveService } from '../../src/modules/work-orders/proactive-service.js';
import { FIXED_NOW, HOUR, MINUTE, type TestApp, createSite, newTestApp, shanghai } from '../factories.js';
import { itemAtTheDoor } from '../factories-deliveries.js';
import { countyWithOffice } from '../factories-requests.js';
import { describeEachDialect } from '../test-db.js';

const NO_RULES = { recipientOnly: false, idCheck: false };

describeEachDialect('proactive work orders', (ctx) => {
  const depsOf = (t: TestApp): WorkOrderDeps => ({ store: ctx.handle, cipher: openDataKeyCipher(t.config.dataKey), sms: t.config.sms, timeZone: t.config.timeZone, siteName: () => null });
  const ordersOf = (t: TestApp, trackingNo: string) => t.db.selectFrom('work_orders').selectAll().where('tracking_no', '=', trackingNo).orderBy('id').execute();

  it('opens one order per item with an old open break-point, at its unit, and resolves it as scan_filled once the scan closes it', async () => {
    const t = await newTestApp(ctx);
    const place = await countyWithOffice(t);
    const item = await itemAtTheDoor(t, NO_RULES, place);
    const other = await itemAtTheDoor(t, NO_RULES, place);
    const counter = await createSite(t, { kind: 'counter', divisionCode: place.county.code });
    // Both items were taken in at a counter that never dispatched them, and the office never scanned them in: two break-points each.
    for (const i of [item, other]) {
      const res = await t.request('POST', '/api/v1/scans', { role: 'operator', body: [{ trackingNo: i.trackingNo, code: 'ACCEPTED', at: shanghai(FIXED_NOW - 8 * HOUR), site: counter }] });
      expect(res.json()).toMatchObject({ accepted: 1, rejected: [] });
    }
    const open = await t.db.selectFrom('breakpoints').select(['responsible_unit', 'opened_at']).where('tracking_no', '=', item.trackingNo).where('closed_at', 'is', null).orderBy('opened_at').orderBy('id').execute();
    expect(open.map((b) => b.responsible_unit).sort()).toEqual([counter, place.office].sort());
    const age = FIXED_NOW - Number(open[0]!.opened_at);
    const deps = depsOf(t);

    // Only a program that asks, and only once the break-point is older than its hours.
    expect(await runProactiveService(deps, FIXED_NOW)).toEqual({ opened: 0, resolved: 0 });
    await setProgramWorkOrderTerms(t.db, item.program, { policyJson: JSON.stringify({ proactive: { afterHours: Math.floor(age / HOUR) + 1 } }) }, FIXED_NOW);
    expect(await runProactiveService(deps, FIXED_NOW)).toEqual({ opened: 0, resolved: 0 });
    const later = FIXED_NOW + HOUR + MINUTE;
    expect(await runProactiveService(deps, later)).toEqual({ opened: 1, resolved: 0 });
    expect(await runProactiveService(deps, later + MINUTE)).toEqual({ opened: 0, resolved: 0 });
    expect(await ordersOf(t, other.trackingNo)).toEqual([]);
    const [order] = await ordersOf(t, item.trackingNo);
    expect(order).toMatchObject({ channel: 'proactive', type: 'other', status: 'new', unit: open[0]!.responsible_unit, program_code: item.program, created_by_kind: 'system' });
    expect(order!.description).toContain(item.trackingNo);

    // The dispatch scan comes: one break-point closes, the other stays open, and so does the order.
    const scan = async (code: string, hoursAgo: number, site: string) => {
      const res = await t.request('POST', '/api/v1/scans', { role: 'operator', body: [{ trackingNo: item.trackingNo, code, at: shanghai(FIXED_NOW - hoursAgo * HOUR), site }] });
      expect(res.json()).toMatchObject({ accepted: 1, rejected: [] });
    };
    await scan('DISPATCHED', 7, counter);
    expect(await runProactiveService(deps, later + 2 * MINUTE)).toEqual({ opened: 0, resolved: 0 });
    // The office's arrival scan comes too: nothing is open any more, and the next round resolves the order.
    await scan('AT_DELIVERY_OFFICE', 6, place.office);
    expect(await t.db.selectFrom('breakpoints').select('id').where('tracking_no', '=', item.trackingNo).where('closed_at', 'is', null).execute()).toEqual([]);
    expect(await runProactiveService(deps, later + 3 * MINUTE)).toEqual({ opened: 0, resolved: 1 });
    const [done] = await ordersOf(t, item.trackingNo);
    expect(done).toMatchObject({ status: 'resolved', outcome: 'scan_filled' });
    const history = await t.db.selectFrom('work_order_history').select(['action', 'actor_kind', 'outcome']).where('order_id', '=', done!.id).orderBy('seq').execute();
    expect(history).toEqual([
      { action: 'create', actor_kind: 'system', outcome: null },
      { action: 'resolve', actor_kind: 'system', outcome: 'scan_filled' },
    ]);
    // Nothing open any more: no new order.
    expect(await runProactiveService(deps, later + HOUR)).toEqual({ opened: 0, resolved: 0 });
  });

  it('runs one round per tick across two servers', async () => {
    const t = await newTestApp(ctx);
    const deps = depsOf(t);
    const [a, b] = await Promise.all([runProactiveRound(deps, 'server-a', FIXED_NOW, MINUTE), runProactiveRound(deps, 'server-b', FIXED_NOW, MINUTE)]);
    expect([a, b].filter((r) => r === null)).toHaveLength(1);
  });
});
