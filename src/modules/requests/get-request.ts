import type { Db } from '../../db/database.js';
import { type Scope, seesProgram } from '../../domain/access-scope.js';
import { findDivision } from '../../domain/divisions.js';
import { offsetMinutesAt } from '../../domain/local-day.js';
import { formatInstant } from '../../domain/scan-time.js';
import { AppError } from '../../errors.js';
import type { TRequestView } from './request.schemas.js';
import type { Selectable } from 'kysely';
import type { ItemChargeTable } from './request.table.js';
import { type RequestRow, findRequest, listCharges } from './request.repository.js';
import { msg } from '../../i18n/message.js';

/** A request with masked ID and phone only (revealing them is a separate, audited act). */
export async function getRequest(db: Db, id: string, timeZone: string, scope: Scope): Promise<TRequestView> {
  const row = await findRequest(db, id);
  // A request of a program outside the caller's scope is answered like one that does not exist.
  if (!row || !seesProgram(scope, row.program_code)) throw new AppError('not_found', msg('notFound.request', { id }));
  const charges = row.tracking_no ? await listCharges(db, row.tracking_no) : [];
  return toRequestView(row, charges, timeZone);
}

/** How every read shows a request: masked, with its item's charges. */
export function toRequestView(row: RequestRow, charges: readonly Selectable<ItemChargeTable>[], timeZone: string): TRequestView {
  const local = (ms: number) => formatInstant(Number(ms), offsetMinutesAt(Number(ms), timeZone));
  return {
    id: row.id,
    programCode: row.program_code,
    source: row.source,
    status: row.status,
    statusReason: row.status_reason,
    trackingNo: row.tracking_no,
    recipient: { name: row.name, idNumber: row.id_masked, phone: row.phone_masked, category: row.category, listed: row.recipient_id !== null },
    address: row.address,
    divisionCode: row.division_code,
    divisionName: row.division_code ? (findDivision(row.division_code)?.fullName ?? null) : null,
    deliveryOffice: row.delivery_office,
    documentNo: row.document_no,
    externalRef: row.external_ref,
    invitationId: row.invitation_id,
    charges: charges.map((c) => ({ payer: c.payer, postageFen: Number(c.postage_fen), donationFen: Number(c.donation_fen) })),
    createdAt: local(row.created_at),
    updatedAt: local(row.updated_at),
  };
}
