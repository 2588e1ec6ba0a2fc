import { type Scope, scopedPrograms } from '../../domain/access-scope.js';
import { localPeriod } from '../../http/query-days.js';
import { AppError } from '../../errors.js';
import { getItemBreakpoints } from '../breakpoints/item-breakpoints.service.js';
import { getTimeline } from '../items/item.service.js';
import { visibleOrder } from './act-on-work-order.js';
import type { WorkOrderDeps } from './create-work-order.js';
import { ClockRuleReader, orderClock } from './work-order-deadlines.js';
import { type WorkOrderFilter, listWorkOrderPage } from './work-order-list.repository.js';
import { listWorkOrderHistories, listWorkOrderHistory } from './work-order.repository.js';
import { type TWorkOrderDetail, type TWorkOrderListQuery, type TWorkOrderPage, ZWorkOrderItem, encodeWorkOrderCursor } from './work-order.schemas.js';
import { historyView, workOrderView } from './work-order-view.js';
import type { z } from 'zod';

/**
 * GET /work-orders/{number}: the order with both deadlines computed again at `now` from its history
 * (what is shown is exact, whatever the stored columns say), the history, and the item's timeline as
 * the items module gives it to the same caller.
 */
export async function getWorkOrder(deps: WorkOrderDeps, number: string, scope: Scope, now: number): Promise<TWorkOrderDetail> {
  const db = deps.store.db;
  const order = await visibleOrder(deps, number, { scope });
  const history = await listWorkOrderHistory(db, Number(order.id));
  const clock = orderClock(await new ClockRuleReader(db).rulesFor(order), history, now);
  return {
    ...workOrderView(order, clock, deps),
    history: history.map((h) => historyView(h, deps.timeZone)),
    item: order.tracking_no === null ? null : await itemTimeline(deps, order.tracking_no, scope),
  };
}

async function itemTimeline(deps: WorkOrderDeps, trackingNo: string, scope: Scope): Promise<z.infer<typeof ZWorkOrderItem>> {
  try {
    const [timeline, breakpoints] = await Promise.all([getTimeline(deps.store.db, trackingNo, deps.siteName, scope), getItemBreakpoints(deps.store.db, trackingNo)]);
    return {
      trackingNo,
      status: timeline.status,
      events: timeline.events.map((e) => ({ code: e.code, at: e.at, site: e.site, siteName: e.siteName, reason: e.reason })),
      breakpoints: breakpoints.map((b) => ({ type: b.type, responsibleUnit: b.responsibleUnit, openedAt: b.openedAt, closedAt: b.closedAt })),
    };
  } catch (err) {
    if (err instanceof AppError && err.code === 'not_found') return null;
    throw err;
  }
}

/** GET /work-orders: the queue, a page at a time; a partner's credential lists its programs' orders. */
export async function listWorkOrders(deps: WorkOrderDeps, query: TWorkOrderListQuery, scope: Scope, now: number): Promise<TWorkOrderPage> {
  const db = deps.store.db;
  const filter: WorkOrderFilter = {
    statuses: query.status,
    types: query.type,
    channels: query.channel,
    unit: query.unit,
    assignee: query.assignee,
    program: query.program,
    noProgram: query.noProgram === 'yes',
    programs: scopedPrograms(scope),
    overdue: query.overdue === undefined ? undefined : { now, yes: query.overdue === 'yes' },
    createdFrom: query.from === undefined ? undefined : localPeriod(query.from, query.from, deps.timeZone).startMs,
    createdBefore: query.to === undefined ? undefined : localPeriod(query.to, query.to, deps.timeZone).endMs,
  };
  // One row more than asked tells whether another page follows, without a count.
  const rows = await listWorkOrderPage(db, filter, query.cursor, query.limit + 1);
  const page = rows.slice(0, query.limit);
  const histories = await listWorkOrderHistories(db, page.map((r) => Number(r.id)));
  const rules = new ClockRuleReader(db);
  const shown = await Promise.all(page.map(async (r) => workOrderView(r, orderClock(await rules.rulesFor(r), histories.get(Number(r.id)) ?? [], now), deps)));
  const last = page.at(-1);
  return {
    rows: shown,
    nextCursor: rows.length > query.limit && last ? encodeWorkOrderCursor({ green: Number(last.green_channel), due: Number(last.next_due_at), id: Number(last.id) }) : null,
  };
}
