import { withWriteTransaction } from '../../db/write-transaction.js';
import { seesProgram } from '../../domain/access-scope.js';
import { formatZoned } from '../../domain/scan-time.js';
import type { WorkOrderStatus } from '../../domain/work-order-clock.js';
import { AppError } from '../../errors.js';
import { type Message, msg, term } from '../../i18n/message.js';
import { applyAddressChange } from '../address-changes/change-address.js';
import { rescheduleByStaff } from '../address-changes/citizen-changes.js';
import { findDeliveryOfficeForCounty } from '../units/delivery-office.repository.js';
import { findWorkCalendarJson } from '../units/work-calendar.repository.js';
import { findUser } from '../users/user.repository.js';
import type { WorkOrderActor, WorkOrderDeps } from './create-work-order.js';
import { ClockRuleReader, clockColumns, orderClock } from './work-order-deadlines.js';
import { REOPEN_DAYS, nextStatus, respondsToCustomer } from './work-order-lifecycle.js';
import { type WorkOrderRow, appendWorkOrderAction, findWorkOrderByNumber, listWorkOrderHistory } from './work-order.repository.js';
import { tellSponsor } from './tell-sponsor.js';
import type { TWorkOrderActionInput } from './work-order.schemas.js';

const DAY_MS = 86_400_000;
const fieldError = (field: string, message: Message) => new AppError('invalid_request', message, [{ field, message }]);

/** The order, if the caller may see it: another partner's order answers as an unknown number. */
export async function visibleOrder(deps: Pick<WorkOrderDeps, 'store'>, number: string, by: Pick<WorkOrderActor, 'scope'>): Promise<WorkOrderRow> {
  const order = await findWorkOrderByNumber(deps.store.db, number);
  if (!order || !seesProgram(by.scope, order.program_code)) throw new AppError('not_found', msg('workOrder.notFound'));
  return order;
}

/**
 * One action on an order (decision 0043): checked against the lifecycle (409 naming the status and
 * the action), then a history row and the order's update with its clock recomputed from the whole
 * history, in one transaction, and the sponsor's outbox row with them. The history row is added only
 * over the history the action was decided on: an action another server wrote meanwhile makes this
 * one a 409. An address_change or redelivery order resolved as `done` first carries out the item's
 * action through the address-changes module (its own transaction: when that is refused, the order
 * stays as it was).
 */
export async function actOnWorkOrder(deps: WorkOrderDeps, number: string, input: TWorkOrderActionInput, by: WorkOrderActor, now: number): Promise<void> {
  const db = deps.store.db;
  const order = await visibleOrder(deps, number, by);
  const from = order.status as WorkOrderStatus;
  const action = input.action;
  if (action === 'wait' && input.on === undefined) throw fieldError('on', msg('workOrder.onNeeded'));
  const to = nextStatus(from, action, input.on);
  if (to === undefined) throw new AppError('conflict', msg('workOrder.illegalAction', { number, status: term('woStatus', from), action: term('woAction', action) }));
  await checkInput(deps, order, input);

  const history = await listWorkOrderHistory(db, Number(order.id));
  const seenSeq = Number(order.last_seq);
  if (history.at(-1) && Number(history.at(-1)!.seq) !== seenSeq) throw new AppError('conflict', msg('workOrder.changedMeanwhile', { number }));
  const reader = new ClockRuleReader(db);
  // The level shown now (the clock's or a recorded escalation's): an escalation goes one above it.
  const level = orderClock(await reader.rulesFor(order), history, now).escalationLevel;
  if (action === 'reopen' && order.resolved_at !== null && now - Number(order.resolved_at) > REOPEN_DAYS * DAY_MS) {
    throw new AppError('conflict', msg('workOrder.reopenTooLate', { number, resolvedAt: formatZoned(Number(order.resolved_at), deps.timeZone), days: REOPEN_DAYS }));
  }
  if (action === 'escalate' && level >= 3) throw new AppError('conflict', msg('workOrder.topLevel', { number, level }));

  if (action === 'resolve' && input.outcome === 'done') await carryOutItemAction(deps, order, input, by, now);

  const row = {
    at: now,
    action,
    actor_kind: by.kind,
    actor: by.actor,
    from_status: from,
    to_status: to,
    responds: respondsToCustomer(action) ? 1 : 0,
    unit: input.unit ?? null,
    user_name: input.user ?? null,
    message: input.message ?? null,
    outcome: action === 'resolve' ? (input.outcome ?? null) : null,
    escalation_level: action === 'escalate' ? level + 1 : null,
  };
  const unit = action === 'assign' && input.unit !== undefined ? input.unit : order.unit;
  const rules = await reader.rulesFor({ ...order, unit });
  const clock = clockColumns(orderClock(rules, [...history, row], now), to);
  const changes = {
    status: to,
    unit,
    assignee: assigneeAfter(order, input),
    ...clock,
    ...(action === 'resolve' ? { outcome: input.outcome ?? null, resolved_at: now } : {}),
    ...(action === 'close' ? { closed_at: now } : {}),
    ...(action === 'reopen' ? { reopen_count: Number(order.reopen_count) + 1, outcome: null } : {}),
    updated_at: now,
  };
  await withWriteTransaction(deps.store, async (trx) => {
    if (!(await appendWorkOrderAction(trx, Number(order.id), seenSeq, row, changes))) throw new AppError('conflict', msg('workOrder.changedMeanwhile', { number }));
    await tellSponsor(trx, { ...order, unit }, { ...row, seq: seenSeq + 1 });
  });
}

/** Who handles the order after the action: the user an assign names; nobody when it moves to another unit without naming one. */
function assigneeAfter(order: WorkOrderRow, input: TWorkOrderActionInput): string | null {
  if (input.action !== 'assign') return order.assignee;
  if (input.user !== undefined) return input.user;
  return input.unit !== undefined && input.unit !== order.unit ? null : order.assignee;
}

/** What each action needs beyond its name, each missing or wrong field named. */
async function checkInput(deps: WorkOrderDeps, order: WorkOrderRow, input: TWorkOrderActionInput): Promise<void> {
  const db = deps.store.db;
  const action = input.action;
  if ((action === 'reply' || action === 'note') && input.message === undefined) throw fieldError('message', msg('workOrder.messageNeeded', { action: term('woAction', action) }));
  if (action === 'resolve' && input.outcome === undefined) throw fieldError('outcome', msg('workOrder.outcomeNeeded'));
  if (action === 'assign') {
    if (input.unit === undefined && input.user === undefined) throw fieldError('unit', msg('workOrder.assignNeedsWho'));
    if (input.unit !== undefined && (await findWorkCalendarJson(db, input.unit)) === undefined) throw fieldError('unit', msg('workOrder.unitUnknown', { unit: input.unit }));
    if (input.user !== undefined) {
      const user = await findUser(db, input.user);
      if (!user || user.disabled_at !== null || user.partner !== null) throw fieldError('user', msg('workOrder.userUnknown', { user: input.user }));
    }
  }
  if (action === 'resolve' && input.outcome === 'done' && (order.type === 'address_change' || order.type === 'redelivery')) {
    if (order.tracking_no === null) throw fieldError('outcome', msg('workOrder.itemGone', { type: term('woType', order.type) }));
    if (order.type === 'redelivery' && input.date === undefined) throw fieldError('date', msg('workOrder.dateNeeded'));
  }
}

/** An address_change resolved as done sends the item to the order's address; a redelivery asks for the day given. */
async function carryOutItemAction(deps: WorkOrderDeps, order: WorkOrderRow, input: TWorkOrderActionInput, by: WorkOrderActor, now: number): Promise<void> {
  if (order.tracking_no === null) return;
  if (order.type === 'address_change' && order.new_address !== null && order.new_division_code !== null) {
    // Placed when the order was opened; the office that serves the county is asked again, as units may have changed since.
    const office = await findDeliveryOfficeForCounty(deps.store.db, order.new_division_code);
    if (!office) throw fieldError('address', msg('addressChange.noOffice', { county: order.new_division_code }));
    const to = { address: order.new_address, divisionCode: order.new_division_code, office: office.code };
    await applyAddressChange(deps, order.tracking_no, to, order.description, { kind: by.kind === 'partner' ? 'partner' : 'staff', name: by.actor, scope: 'all' }, now);
  } else if (order.type === 'redelivery' && input.date !== undefined) {
    await rescheduleByStaff(deps, order.tracking_no, input.date, now);
  }
}
