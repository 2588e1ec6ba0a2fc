import { formatZoned } from '../../domain/scan-time.js';
import { AppError } from '../../errors.js';
import { msg, render, term } from '../../i18n/message.js';
import { type OpenBreakpoint, listOpenBreakpointsOfItems, listOpenBreakpointsOfProgram } from '../breakpoints/breakpoints-of-program.js';
import { listProgramsWithWorkOrderPolicy } from '../programs/proactive-programs.js';
import { actOnWorkOrder } from './act-on-work-order.js';
import { type WorkOrderActor, type WorkOrderDeps, createWorkOrder } from './create-work-order.js';
import { listOpenProactiveOrders, workOrderPresence } from './proactive-orders.js';

const HOUR_MS = 3_600_000;
const CHUNK = 500;
/** The server itself: it sees every program. */
const SYSTEM: WorkOrderActor = { kind: 'system', actor: null, scope: 'all' };

/**
 * A program's proactive service (decision 0044), kept in its work-order policy JSON as
 * `"proactive": {"afterHours": N}`; undefined when it has none or it is not whole positive hours.
 */
export function proactiveAfterHours(policyJson: string): number | undefined {
  let value: unknown;
  try {
    value = JSON.parse(policyJson);
  } catch {
    return undefined;
  }
  const hours = (value as { proactive?: { afterHours?: unknown } } | null)?.proactive?.afterHours;
  return Number.isSafeInteger(hours) && (hours as number) > 0 ? (hours as number) : undefined;
}

export interface ProactiveResult {
  opened: number;
  resolved: number;
}

/**
 * One round of proactive service: first the open proactive orders whose break-points have all closed
 * are resolved (`scan_filled`); then, per program that asks for it, each item with an open break-point
 * older than `afterHours` gets a proactive order, unless an order about it is open or a proactive one
 * was opened since that break-point opened, assigned to the break-point's responsible unit.
 */
export async function runProactiveService(deps: WorkOrderDeps, now: number): Promise<ProactiveResult> {
  return { resolved: await resolveFilledOrders(deps, now), opened: await openProactiveOrders(deps, now) };
}

async function resolveFilledOrders(deps: WorkOrderDeps, now: number): Promise<number> {
  const db = deps.store.db;
  let resolved = 0;
  let afterId = 0;
  for (;;) {
    const orders = await listOpenProactiveOrders(db, afterId, CHUNK);
    if (orders.length === 0) break;
    afterId = Number(orders.at(-1)!.id);
    const open = await listOpenBreakpointsOfItems(db, orders.flatMap((o) => (o.tracking_no === null ? [] : [o.tracking_no])));
    for (const order of orders) {
      // The break-points the order was opened for are those open when it was; one opened later is a new matter.
      const still = (open.get(order.tracking_no ?? '') ?? []).some((b) => b.openedAt <= Number(order.created_at));
      if (still) continue;
      try {
        await actOnWorkOrder(deps, order.number, { action: 'resolve', outcome: 'scan_filled' }, SYSTEM, now);
        resolved += 1;
      } catch (err) {
        // Someone acted on the order meanwhile: the next round looks at it again.
        if (!(err instanceof AppError && err.code === 'conflict')) throw err;
      }
    }
    if (orders.length < CHUNK) break;
  }
  return resolved;
}

async function openProactiveOrders(deps: WorkOrderDeps, now: number): Promise<number> {
  const db = deps.store.db;
  let opened = 0;
  for (const program of await listProgramsWithWorkOrderPolicy(db)) {
    const afterHours = proactiveAfterHours(program.policyJson);
    if (afterHours === undefined) continue;
    let afterId = 0;
    for (;;) {
      const breakpoints = await listOpenBreakpointsOfProgram(db, program.programCode, now - afterHours * HOUR_MS, afterId, CHUNK);
      if (breakpoints.length === 0) break;
      afterId = breakpoints.at(-1)!.id;
      // One order per item, for its oldest open break-point.
      const oldest = new Map<string, OpenBreakpoint>();
      for (const b of breakpoints) if (!oldest.has(b.trackingNo) || oldest.get(b.trackingNo)!.openedAt > b.openedAt) oldest.set(b.trackingNo, b);
      const presence = await workOrderPresence(db, [...oldest.keys()]);
      for (const b of oldest.values()) {
        const seen = presence.get(b.trackingNo);
        if (seen?.open || (seen?.lastProactiveAt != null && seen.lastProactiveAt >= b.openedAt)) continue;
        const description = render('zh-CN', msg('workOrderJobs.proactiveDescription', { trackingNo: b.trackingNo, type: term('bpType', b.type), openedAt: formatZoned(b.openedAt, deps.timeZone), hours: afterHours }));
        await createWorkOrder(deps, { type: 'other', channel: 'proactive', trackingNo: b.trackingNo, description, unit: b.responsibleUnit }, SYSTEM, now);
        presence.set(b.trackingNo, { open: true, lastProactiveAt: now });
        opened += 1;
      }
      if (breakpoints.length < CHUNK) break;
    }
  }
  return opened;
}
