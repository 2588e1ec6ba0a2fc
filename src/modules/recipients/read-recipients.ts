import type { Db } from '../../db/database.js';
import { type Scope, seesProgram } from '../../domain/access-scope.js';
import { findDivision } from '../../domain/divisions.js';
import { offsetMinutesAt } from '../../domain/local-day.js';
import type { PersonalDataCipher } from '../../domain/personal-data.js';
import { CATEGORY_NAMES_ZH, type RecipientCategory } from '../../domain/recipient-category.js';
import { formatInstant } from '../../domain/scan-time.js';
import { AppError } from '../../errors.js';
import { recordAudit } from '../audit/audit.service.js';
import { getProgramInScope } from '../programs/program.service.js';
import { findRecipient, listRecipientPage } from './recipient.repository.js';
import type { TRecipient, TRecipientListQuery, TRecipientPage } from './recipient.schemas.js';
import type { RecipientTable } from './recipient.table.js';
import { msg } from '../../i18n/message.js';

/** GET /programs/:code/recipients: masked, paged. */
export async function listProgramRecipients(db: Db, programCode: string, query: TRecipientListQuery, timeZone: string, scope: Scope): Promise<TRecipientPage> {
  await getProgramInScope(db, programCode, scope);
  // One row more than asked tells whether another page follows, without a count.
  const rows = await listRecipientPage(db, { programCode, category: query.category }, query.cursor, query.limit + 1);
  const page = rows.slice(0, query.limit);
  return {
    rows: page.map((r) => showRecipient(r, timeZone, { idNumber: r.id_masked, phone: r.phone_masked, revealed: false })),
    nextCursor: rows.length > query.limit ? (page.at(-1)?.id ?? null) : null,
  };
}

/** GET /recipients/:id: ID and phone masked; one of a program outside the caller's scope is answered as unknown. */
export async function getRecipient(db: Db, id: string, timeZone: string, scope: Scope): Promise<TRecipient> {
  const row = await findRecipient(db, id);
  if (!row || !seesProgram(scope, row.program_code)) throw new AppError('not_found', msg('notFound.recipient', { id }));
  return showRecipient(row, timeZone, { idNumber: row.id_masked, phone: row.phone_masked, revealed: false });
}

/**
 * GET /recipients/:id?reveal=true: ID and phone in clear. The reveal is written to the audit log
 * before anything is opened, so no number is ever shown without its trace.
 */
export async function revealRecipient(
  deps: { db: Db; cipher: PersonalDataCipher },
  id: string,
  who: { actor: string; at: number; requestId: string; reason?: string },
  timeZone: string,
): Promise<TRecipient> {
  const row = await findRecipient(deps.db, id);
  if (!row) throw new AppError('not_found', msg('notFound.recipient', { id }));
  await recordAudit(deps.db, {
    at: who.at,
    actor: who.actor,
    action: 'recipient.reveal',
    subject: id,
    detail: { programCode: row.program_code, fields: ['idNumber', 'phone'], requestId: who.requestId, ...(who.reason ? { reason: who.reason } : {}) },
  });
  return showRecipient(row, timeZone, { idNumber: deps.cipher.open(row.id_sealed), phone: deps.cipher.open(row.phone_sealed), revealed: true });
}

type ShownRow = Pick<RecipientTable, 'id' | 'program_code' | 'name' | 'category' | 'address' | 'division_code' | 'created_at' | 'updated_at'>;

function showRecipient(row: ShownRow, timeZone: string, personal: { idNumber: string; phone: string; revealed: boolean }): TRecipient {
  const category = row.category as RecipientCategory;
  return {
    id: row.id,
    programCode: row.program_code,
    name: row.name,
    idNumber: personal.idNumber,
    phone: personal.phone,
    category,
    categoryName: CATEGORY_NAMES_ZH[category] ?? row.category,
    address: row.address,
    divisionCode: row.division_code,
    divisionName: findDivision(row.division_code)?.fullName ?? null,
    createdAt: zoned(Number(row.created_at), timeZone),
    updatedAt: zoned(Number(row.updated_at), timeZone),
    revealed: personal.revealed,
  };
}

const zoned = (ms: number, timeZone: string) => formatInstant(ms, offsetMinutesAt(ms, timeZone));
