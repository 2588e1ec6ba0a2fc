import { expect, it } from 'vitest';
import { describeEachDialect } from '../../../test/test-db.js';
import { withWriteTransaction } from '../../db/write-transaction.js';
import { ensureFigureDays, medianHoursOf, readFigurePeriod } from './work-order-figure-days.js';
import { insertWorkOrder } from './work-order.repository.js';

const T0 = Date.UTC(2026, 10, 1);
const HOUR = 3_600_000;
const ZONE = 'Asia/Shanghai';

const median = (values: number[]) => {
  const v = [...values].sort((a, b) => a - b);
  return v.length % 2 === 1 ? v[(v.length - 1) / 2]! : (v[v.length / 2 - 1]! + v[v.length / 2]!) / 2;
};

// Type `enquiry`: 7 durations, five of them within the same ten minutes; `complaint`: 4, two in one.
const DURATIONS: Record<string, number[]> = {
  enquiry: [HOUR + 1_000, HOUR + 59_000, HOUR + 30_000, HOUR + 2_500, HOUR + 45_123, 5 * HOUR, 17],
  complaint: [2 * HOUR + 10, 2 * HOUR + 20, 9 * HOUR, 12],
};

describeEachDialect('work-order figures kept per day: the median of hours to resolve', (ctx) => {
  async function insertOrders(): Promise<void> {
    let n = 0;
    for (const [type, list] of Object.entries(DURATIONS)) {
      for (const ms of list) {
        n += 1;
        const created = T0 + n * HOUR;
        await withWriteTransaction(ctx.handle, (trx) =>
          insertWorkOrder(
            trx,
            { number: `WO2026110100${String(n).padStart(4, '0')}`, type, channel: 'phone', status: n % 2 ? 'resolved' : 'closed', priority: 'normal', description: 'm', unit: 'U1', created_by_kind: 'staff', created_by: null, first_response_due_at: created, resolution_due_at: created, next_due_at: created, resolved_at: created + ms, created_at: created, updated_at: created },
            { at: created, action: 'create', actor_kind: 'staff', actor: null, from_status: null, to_status: 'new', responds: 0 },
          ),
        );
      }
    }
  }

  async function expectExactMedians(zone: string): Promise<void> {
    const [from, to] = ['2026-11-01', '2026-11-10'];
    const groups = new Map((await readFigurePeriod(ctx.handle.db, zone, 'type', from, to)).map((g) => [g.group, g]));
    const [all] = await readFigurePeriod(ctx.handle.db, zone, 'all', from, to);
    const medians = await medianHoursOf(ctx.handle.db, zone, 'type', [...groups.values()], from, to);
    expect(medians.get('enquiry')).toBeCloseTo(median(DURATIONS.enquiry!) / HOUR, 12);
    expect(medians.get('complaint')).toBeCloseTo(median(DURATIONS.complaint!) / HOUR, 12);
    expect((await medianHoursOf(ctx.handle.db, zone, 'all', [all!], from, to)).get('')).toBeCloseTo(median([...DURATIONS.enquiry!, ...DURATIONS.complaint!]) / HOUR, 12);
    expect(all!.sums.created).toBe(11);
  }

  it('is exact when many durations share ten minutes, for odd and even counts, per group and over all: kept by each write, or computed first', async () => {
    // Shanghai's days are stored before the orders (each write keeps them); UTC's are computed after.
    await ensureFigureDays(ctx.handle, ZONE);
    await insertOrders();
    await ensureFigureDays(ctx.handle, 'UTC');
    await expectExactMedians(ZONE);
    await expectExactMedians('UTC');
  });

  it('is null for a period whose orders are none of them resolved, and the figures still answer', async () => {
    await ensureFigureDays(ctx.handle, ZONE);
    const created = Date.UTC(2026, 11, 20, 3);
    await withWriteTransaction(ctx.handle, (trx) =>
      insertWorkOrder(
        trx,
        { number: 'WO20261220000001', type: 'enquiry', channel: 'phone', status: 'new', priority: 'normal', description: 'm', unit: 'U1', created_by_kind: 'staff', created_by: null, first_response_due_at: created, resolution_due_at: created, next_due_at: created, created_at: created, updated_at: created },
        { at: created, action: 'create', actor_kind: 'staff', actor: null, from_status: null, to_status: 'new', responds: 0 },
      ),
    );
    const [all] = await readFigurePeriod(ctx.handle.db, ZONE, 'all', '2026-12-20', '2026-12-20');
    expect(all!.sums.created).toBe(1);
    expect((await medianHoursOf(ctx.handle.db, ZONE, 'all', [all!], '2026-12-20', '2026-12-20')).get('')).toBeNull();
  });
});
