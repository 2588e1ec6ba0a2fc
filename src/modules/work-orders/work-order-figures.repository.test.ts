import { expect, it } from 'vitest';
import { describeEachDialect } from '../../../test/test-db.js';
import { withWriteTransaction } from '../../db/write-transaction.js';
import { medianHoursToResolve } from './work-order-figures.repository.js';
import { insertWorkOrder } from './work-order.repository.js';

const T0 = Date.UTC(2026, 10, 1);
const HOUR = 3_600_000;

const median = (values: number[]) => {
  const v = [...values].sort((a, b) => a - b);
  return v.length % 2 === 1 ? v[(v.length - 1) / 2]! : (v[v.length / 2 - 1]! + v[v.length / 2]!) / 2;
};

describeEachDialect('work-order figures: the median of hours to resolve', (ctx) => {
  it('is exact when many durations share a minute, for odd and even counts, per group and over all', async () => {
    // Type `enquiry`: 7 durations, five of them within the same minute; `complaint`: 4, two in one minute.
    const durations: Record<string, number[]> = {
      enquiry: [HOUR + 1_000, HOUR + 59_000, HOUR + 30_000, HOUR + 2_500, HOUR + 45_123, 5 * HOUR, 17],
      complaint: [2 * HOUR + 10, 2 * HOUR + 20, 9 * HOUR, 12],
    };
    let n = 0;
    for (const [type, list] of Object.entries(durations)) {
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
    const result = await medianHoursToResolve(ctx.handle.db, ctx.dialect, { startMs: T0, endMs: T0 + 100 * HOUR }, 'type');
    expect(result.groups.get('enquiry')).toBeCloseTo(median(durations.enquiry!) / HOUR, 12);
    expect(result.groups.get('complaint')).toBeCloseTo(median(durations.complaint!) / HOUR, 12);
    expect(result.total).toBeCloseTo(median([...durations.enquiry!, ...durations.complaint!]) / HOUR, 12);
  });
});
