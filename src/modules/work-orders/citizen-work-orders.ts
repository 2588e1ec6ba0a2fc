import { withWriteTransaction } from '../../db/write-transaction.js';
import { formatZoned } from '../../domain/scan-time.js';
import { AppError } from '../../errors.js';
import type { Lang } from '../../i18n/lang.js';
import { termOf } from '../../i18n/glossary.js';
import { msg } from '../../i18n/message.js';
import { checkTrackingNo } from '../address-changes/change-address.js';
import { checkOneTimeCode } from '../notifications/one-time-code.js';
import { type WorkOrderDeps, createWorkOrder } from './create-work-order.js';
import { appendWorkOrderAction, findWorkOrderByNumber, listWorkOrderHistories, listWorkOrdersOfItem } from './work-order.repository.js';
import { tellSponsor } from './tell-sponsor.js';
import type { TCitizenWorkOrder } from './work-order.schemas.js';

const CITIZEN = { kind: 'citizen' as const, actor: null, scope: 'all' as const };

/**
 * The recipient proves the item with the one-time code of the tracking page's phone check
 * (notifications/one-time-code.ts), used up by this call: a wrong or expired code is 400 naming
 * `code` and counts toward the item's lock; a locked item is 429.
 */
async function proveRecipient(deps: WorkOrderDeps, trackingNo: string, code: string, now: number): Promise<void> {
  checkTrackingNo(trackingNo);
  const check = await checkOneTimeCode({ store: deps.store, cipher: deps.cipher }, trackingNo, code, now);
  if (check === 'locked') throw new AppError('rate_limited', msg('addressChange.codeLocked'));
  if (check === 'wrong') throw new AppError('invalid_request', msg('addressChange.codeWrong'), [{ field: 'code', message: msg('addressChange.codeWrong') }]);
}

/** A citizen's enquiry or complaint about the item, opened on the web channel, the unit found as for staff. */
export async function createCitizenWorkOrder(deps: WorkOrderDeps, trackingNo: string, input: { code: string; type: 'enquiry' | 'complaint'; description: string }, lang: Lang, now: number) {
  await proveRecipient(deps, trackingNo, input.code, now);
  const number = await createWorkOrder(deps, { type: input.type, channel: 'web', trackingNo, description: input.description }, CITIZEN, now);
  const order = (await findWorkOrderByNumber(deps.store.db, number))!;
  return citizenView(order, [], lang, deps.timeZone);
}

/** The item's orders as its recipient sees them: status and the last answer, no unit, no staff names. */
export async function listCitizenWorkOrders(deps: WorkOrderDeps, trackingNo: string, code: string, lang: Lang, now: number) {
  await proveRecipient(deps, trackingNo, code, now);
  const orders = await listWorkOrdersOfItem(deps.store.db, trackingNo);
  const histories = await listWorkOrderHistories(deps.store.db, orders.map((o) => Number(o.id)));
  return { trackingNo, orders: orders.map((o) => citizenView(o, histories.get(Number(o.id)) ?? [], lang, deps.timeZone)) };
}

/** The recipient rates a resolved order of the item, once, 1–5: a history row and the sponsor's outbox row with it. */
export async function rateCitizenWorkOrder(deps: WorkOrderDeps, trackingNo: string, number: string, input: { code: string; score: number }, now: number) {
  await proveRecipient(deps, trackingNo, input.code, now);
  const order = await findWorkOrderByNumber(deps.store.db, number);
  if (!order || order.tracking_no !== trackingNo) throw new AppError('not_found', msg('workOrder.notFound'));
  if (order.status !== 'resolved' && order.status !== 'closed') throw new AppError('conflict', msg('workOrder.notResolved', { number }));
  if (order.satisfaction !== null) throw new AppError('conflict', msg('workOrder.ratedAlready', { number }));
  const seenSeq = Number(order.last_seq);
  const row = { at: now, action: 'rate', ...{ actor_kind: 'citizen', actor: null }, from_status: order.status, to_status: order.status, responds: 0, message: String(input.score) };
  await withWriteTransaction(deps.store, async (trx) => {
    if (!(await appendWorkOrderAction(trx, Number(order.id), seenSeq, row, { satisfaction: input.score, rated_at: now, updated_at: now }))) {
      throw new AppError('conflict', msg('workOrder.changedMeanwhile', { number }));
    }
    await tellSponsor(trx, order, { ...row, seq: seenSeq + 1 });
  });
  return { trackingNo, message: msg('workOrder.rated') };
}

function citizenView(
  order: NonNullable<Awaited<ReturnType<typeof findWorkOrderByNumber>>>,
  history: readonly { action: string; message: string | null }[],
  lang: Lang,
  timeZone: string,
): TCitizenWorkOrder {
  const answer = history.filter((h) => (h.action === 'reply' || h.action === 'resolve') && h.message !== null).at(-1);
  const resolved = order.status === 'resolved' || order.status === 'closed';
  return {
    number: order.number,
    type: order.type as TCitizenWorkOrder['type'],
    status: order.status as TCitizenWorkOrder['status'],
    statusName: termOf('woStatus', order.status, lang === 'en' ? 'en' : 'zh'),
    description: order.description,
    createdAt: formatZoned(Number(order.created_at), timeZone),
    resolvedAt: order.resolved_at === null ? null : formatZoned(Number(order.resolved_at), timeZone),
    reply: answer?.message ?? null,
    satisfaction: order.satisfaction === null ? null : Number(order.satisfaction),
    canRate: resolved && order.satisfaction === null,
  };
}
