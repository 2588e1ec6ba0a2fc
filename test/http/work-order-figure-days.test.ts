// The work-order figures kept per day (decision 0045): after orders are opened and worked through the
// API in a random order, with the figures asked for in between (so their days are stored and then kept by
// each write), every figure equals what the same orders give when the days are computed again from scratch.
import { expect, it } from 'vitest';
import { formatLocalDate, localDateOf } from '../../src/domain/local-day.js';
import { WORK_ORDER_TYPES } from '../../src/domain/work-order-clock.js';
import { WORK_ORDER_OUTCOMES } from '../../src/modules/work-orders/work-order.schemas.js';
import { WORK_ORDER_CHANNELS } from '../../src/modules/work-orders/work-order.table.js';
import { FIXED_NOW, HOUR, MINUTE, createSite, newTestApp } from '../factories.js';
import { describeEachDialect } from '../test-db.js';

/** A small seeded generator, so a failure can be replayed. */
function random(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const ACTIONS = ['assign', 'reply', 'wait', 'resume', 'resolve', 'resolve', 'reopen', 'close', 'escalate', 'note'] as const;
const GROUPINGS = ['type', 'unit', 'program', 'channel'] as const;

describeEachDialect('work-order figures kept per day', (ctx) => {
  it('equal the days computed again from scratch after random work through the API', async () => {
    let now = FIXED_NOW - 36 * HOUR;
    const t = await newTestApp(ctx, { clock: () => now });
    const units = [await createSite(t, { kind: 'delivery_office' }), await createSite(t, { kind: 'delivery_office' }), await createSite(t, { kind: 'processing_centre' })];
    const next = random(20261204);
    const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)]!;
    const from = formatLocalDate(localDateOf(now, t.config.timeZone));
    const to = formatLocalDate(localDateOf(FIXED_NOW, t.config.timeZone));
    const figures = async () => {
      const out: Record<string, unknown> = {};
      for (const groupBy of GROUPINGS) {
        const res = await t.request('GET', `/api/v1/reports/work-orders?from=${from}&to=${to}&groupBy=${groupBy}`, { role: 'viewer' });
        expect(res.statusCode, res.body).toBe(200);
        out[groupBy] = res.json();
      }
      return out;
    };

    await figures();
    const numbers: string[] = [];
    let refused = 0;
    for (let step = 0; step < 160; step++) {
      now += Math.floor(next() * 40 * MINUTE);
      if (numbers.length < 4 || next() < 0.25) {
        const res = await t.request('POST', '/api/v1/work-orders', {
          role: 'operator',
          body: { type: pick(WORK_ORDER_TYPES.filter((x) => x !== 'address_change' && x !== 'redelivery' && x !== 'loss_report')), channel: pick(WORK_ORDER_CHANNELS), unit: pick(units), description: `第${step}步`, priority: next() < 0.2 ? 'urgent' : 'normal' },
        });
        expect(res.statusCode, res.body).toBe(201);
        numbers.push((res.json() as { number: string }).number);
        continue;
      }
      const action = pick(ACTIONS);
      const body: Record<string, unknown> = { action, message: `第${step}步` };
      if (action === 'assign') body.unit = pick(units);
      if (action === 'resolve') body.outcome = pick(WORK_ORDER_OUTCOMES.filter((o) => o !== 'scan_filled'));
      if (action === 'wait') body.on = pick(['customer', 'unit']);
      const res = await t.request('POST', `/api/v1/work-orders/${pick(numbers)}/actions`, { role: 'operator', body });
      // An action the order's status does not allow is refused and changes nothing.
      if (res.statusCode !== 200) refused += 1;
      expect([200, 400, 409], res.body).toContain(res.statusCode);
      if (step % 40 === 0) await figures();
    }
    now = FIXED_NOW;
    const kept = await figures();
    const resolvedSomewhere = (kept.type as { total: { resolved: number } }).total.resolved;
    expect(resolvedSomewhere).toBeGreaterThan(3);
    expect(refused).toBeLessThan(160);

    await t.db.deleteFrom('work_order_resolve_times').execute();
    await t.db.deleteFrom('work_order_figure_days').execute();
    await t.db.deleteFrom('work_order_figure_zones').execute();
    expect(await figures()).toEqual(kept);
  });
});
