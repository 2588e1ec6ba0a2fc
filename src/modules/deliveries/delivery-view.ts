import type { Db } from '../../db/database.js';
import { type FailureReason, parseFailureReason } from '../../domain/failure-reasons.js';
import { formatInstant } from '../../domain/scan-time.js';
import { AppError } from '../../errors.js';
import { type Message, msg } from '../../i18n/message.js';
import { recordAudit } from '../audit/audit.service.js';
import type { Caller } from '../auth/api-token.service.js';
import { findItem } from '../items/item.repository.js';
import { getProgram } from '../programs/program.service.js';
import { localPeriod } from '../../http/query-days.js';
import { countIdMismatches, countIdMismatchesIn, findImage, findOutcome, listOutcomesOf } from './delivery.repository.js';
import type { TIdMismatchCounts, TItemDelivery } from './delivery.schemas.js';
import type { ImageKind } from './delivery.table.js';

type ItemDeliveryView = Omit<TItemDelivery, 'outcomes'> & { outcomes: (Omit<TItemDelivery['outcomes'][number], 'reasonLabel'> & { reasonLabel: Message | null })[] };

/**
 * The item as the door sees it: what its program requires, the outcomes recorded with their proof
 * (receiver masked, whether the ID matched, which images are kept) and how many ID numbers were
 * refused. The post's staff see any item; a courier only one whose last scan is at their office,
 * any other answered like an unknown number.
 */
export async function getItemDelivery(db: Db, trackingNo: string, caller: Caller): Promise<ItemDeliveryView> {
  const item = await itemFor(db, trackingNo, caller);
  const program = item.program_code === null ? undefined : await getProgram(db, item.program_code);
  const outcomes = await listOutcomesOf(db, trackingNo);
  return {
    trackingNo,
    program: item.program_code,
    requirements: {
      recipientOnly: program?.requirements.recipientOnly ?? false,
      idCheck: program?.requirements.idCheck ?? false,
      activationBank: program?.requirements.activationBank ?? null,
    },
    outcomes: outcomes.map((o) => {
      const reason = o.reason === null ? null : parseFailureReason(o.reason);
      // A reason stored before the codes (free text) is shown as it was written.
      const code: FailureReason | null = reason?.ok ? reason.code : null;
      return {
        id: o.id,
        outcome: o.outcome,
        at: formatInstant(Number(o.at_ms), o.at_offset_min),
        site: o.site,
        operator: o.operator,
        recordedBy: o.recorded_by,
        receivedBy: o.received_by,
        receiverMasked: o.receiver_masked,
        idMatched: o.id_matched === null ? null : Number(o.id_matched) === 1,
        reason: code,
        reasonLabel: code === null ? null : msg(`reason.${code}`),
        reasonNote: reason?.ok ? reason.note : o.reason,
        location: o.latitude === null || o.longitude === null ? null : { lat: Number(o.latitude), lng: Number(o.longitude) },
        activation: o.activation_result === null ? null : { result: o.activation_result, bankStaff: o.activation_staff },
        images: o.images,
      };
    }),
    idMismatches: await countIdMismatches(db, trackingNo),
  };
}

/**
 * One image of an outcome's proof. Opening it is audited before the bytes are read: who looked at
 * whose signature or photo, and why if they said.
 */
export async function openProofImage(
  db: Db,
  ref: { trackingNo: string; id: string; kind: ImageKind },
  who: { caller: Caller; reason?: string; now: number },
): Promise<{ mediaType: string; bytes: Buffer }> {
  await itemFor(db, ref.trackingNo, who.caller);
  const outcome = await findOutcome(db, ref.trackingNo, ref.id);
  if (!outcome) throw new AppError('not_found', msg('delivery.proofNotFound', { id: ref.id }));
  await recordAudit(db, {
    at: who.now,
    actor: who.caller.actor,
    action: 'delivery.image_open',
    subject: ref.trackingNo,
    detail: { outcome: ref.id, kind: ref.kind, ...(who.reason ? { reason: who.reason } : {}) },
  });
  const image = await findImage(db, ref.trackingNo, ref.id, ref.kind);
  if (!image) throw new AppError('not_found', msg('delivery.noImage', { id: ref.id, what: msg(`delivery.${ref.kind}`) }));
  return { mediaType: image.media_type, bytes: Buffer.from(image.bytes) };
}

async function itemFor(db: Db, trackingNo: string, caller: Caller) {
  const item = await findItem(db, trackingNo);
  if (!item || (caller.role === 'courier' && item.last_event_site !== caller.unit)) throw new AppError('not_found', msg('notFound.item', { trackingNo }));
  return item;
}

/** How many outcomes were refused for a wrong ID number in a period of local days, per office and program: for managers. */
export async function getIdMismatchCounts(db: Db, days: { from: string; to: string }, timeZone: string): Promise<TIdMismatchCounts> {
  const { bySite, byProgram } = await countIdMismatchesIn(db, localPeriod(days.from, days.to, timeZone));
  const byOffice = bySite.map((r) => ({ site: r.site, count: Number(r.n) }));
  return {
    ...days,
    total: byOffice.reduce((sum, r) => sum + r.count, 0),
    byOffice,
    byProgram: byProgram.map((r) => ({ program: r.program_code, count: Number(r.n) })),
  };
}
