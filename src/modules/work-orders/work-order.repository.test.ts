import { expect, it } from 'vitest';
import { describeEachDialect } from '../../../test/test-db.js';
import { withWriteTransaction } from '../../db/write-transaction.js';
import { appendWorkOrderAction, findWorkOrderByNumber, insertWorkOrder, listWorkOrderHistory, nextWorkOrderSeq } from './work-order.repository.js';

const T0 = Date.UTC(2026, 11, 4, 2, 0);

describeEachDialect('work-order store', (ctx) => {
  it('gives each local day its own sequence, never the same number twice under concurrent writers', async () => {
    const handle = ctx.handle;
    const seqs = await Promise.all(Array.from({ length: 8 }, () => withWriteTransaction(handle, (trx) => nextWorkOrderSeq(trx, '2026-12-04'))));
    expect([...seqs].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(await withWriteTransaction(handle, (trx) => nextWorkOrderSeq(trx, '2026-12-05'))).toBe(1);
  });

  it('appends an action only over the history it was decided on', async () => {
    const handle = ctx.handle;
    const id = await withWriteTransaction(handle, (trx) =>
      insertWorkOrder(
        trx,
        {
          number: 'WO20261204000099',
          type: 'enquiry',
          channel: 'phone',
          status: 'new',
          priority: 'normal',
          description: 'where is my card',
          unit: 'U1',
          created_by_kind: 'staff',
          created_by: 'user:alice',
          first_response_due_at: T0 + 3_600_000,
          resolution_due_at: T0 + 8 * 3_600_000,
          next_due_at: T0 + 3_600_000,
          created_at: T0,
          updated_at: T0,
        },
        { at: T0, action: 'create', actor_kind: 'staff', actor: 'user:alice', from_status: null, to_status: 'new', responds: 0 },
      ),
    );
    const assign = { at: T0 + 60_000, action: 'assign', actor_kind: 'staff', actor: 'user:alice', from_status: 'new', to_status: 'assigned', responds: 0, user_name: 'bob' };
    expect(await withWriteTransaction(handle, (trx) => appendWorkOrderAction(trx, id, 1, assign, { status: 'assigned', assignee: 'bob', updated_at: T0 + 60_000 }))).toBe(true);
    // A second server that read the order before the first action wrote decides on a stale history.
    expect(await withWriteTransaction(handle, (trx) => appendWorkOrderAction(trx, id, 1, assign, { status: 'assigned', assignee: 'carol', updated_at: T0 + 60_000 }))).toBe(false);

    const order = await findWorkOrderByNumber(handle.db, 'WO20261204000099');
    expect(order).toMatchObject({ status: 'assigned', assignee: 'bob', last_seq: 2 });
    const history = await listWorkOrderHistory(handle.db, id);
    expect(history.map((h) => [Number(h.seq), h.action, h.to_status])).toEqual([
      [1, 'create', 'new'],
      [2, 'assign', 'assigned'],
    ]);
  });
});
