// Payers' statements (decision 0046): a draft copies the payer's free charges up to the end of the
// period; issuing holds them, so no charge is billed twice; voiding frees them for the next draft.
import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/database.js';
import type { DbHandle } from '../../db/open-db.js';
import { withWriteTransaction } from '../../db/write-transaction.js';
import { type Scope, scopedPartner } from '../../domain/access-scope.js';
import { type LocalDate, formatLocalDate, localDateOf, localDayBounds, parseLocalDate } from '../../domain/local-day.js';
import { AppError } from '../../errors.js';
import { msg } from '../../i18n/message.js';
import { recordAudit } from '../audit/audit.service.js';
import { getPartner, getPartners } from '../programs/partner.service.js';
import { getProgram } from '../programs/program.service.js';
import { RECIPIENT_PAYER } from '../requests/mailing-plan.js';
import type { DonationReport, StatementHeader, StatementLine, StatementStatus } from './statement.model.js';
import {
  type StatementLineRow,
  type StatementRow,
  copyFreeCharges,
  findStatement,
  findTakenLines,
  insertStatement,
  listLines,
  listStatements,
  markIssued,
  markVoid,
  setLinesIssued,
  setStatementTotals,
  sumDonations,
  sumLines,
} from './statement.repository.js';

/** The longest period a statement may cover: a year and a day, so any calendar year fits. */
const MAX_PERIOD_DAYS = 366;
/** Lines a page answers at most. */
export const MAX_LINES_PAGE = 1000;

export interface StatementActor {
  handle: DbHandle;
  actor: string;
  now: number;
  timeZone: string;
}

/** A period of local days as given: `from` and `to` (inclusive), checked and turned into instants. */
export function periodOf(from: string, to: string, timeZone: string): { from: LocalDate; to: LocalDate; fromMs: number; toMs: number } {
  const f = parseLocalDate(from);
  if (!f) throw new AppError('invalid_request', msg('statements.badDay', { field: 'from', value: from }));
  const t = parseLocalDate(to);
  if (!t) throw new AppError('invalid_request', msg('statements.badDay', { field: 'to', value: to }));
  const fromMs = localDayBounds(f, timeZone).startMs;
  const toMs = localDayBounds(t, timeZone).endMs;
  if (toMs <= fromMs) throw new AppError('invalid_request', msg('statements.periodBackwards', { from, to }));
  if (toMs - fromMs > (MAX_PERIOD_DAYS + 1) * 86_400_000) throw new AppError('invalid_request', msg('statements.periodTooLong', { days: MAX_PERIOD_DAYS }));
  return { from: f, to: t, fromMs, toMs };
}

/**
 * Makes a draft: every charge of the payer before the end of `to` that no issued statement holds,
 * those of days before `from` marked as adjustments. The payer must be a registered partner or the
 * recipient; a period may not end after today (its charges are not all known yet).
 */
export async function createStatement(a: StatementActor, input: { payer: string; from: string; to: string }): Promise<StatementHeader> {
  const period = periodOf(input.from, input.to, a.timeZone);
  if (period.toMs > localDayBounds(localDateOf(a.now, a.timeZone), a.timeZone).endMs) {
    throw new AppError('invalid_request', msg('statements.periodInFuture', { to: input.to }));
  }
  if (input.payer !== RECIPIENT_PAYER && !(await getPartner(a.handle.db, input.payer))) {
    throw new AppError('unknown_reference', msg('statements.unknownPayer', { payer: input.payer }));
  }
  const id = randomUUID();
  await withWriteTransaction(a.handle, async (trx) => {
    await insertStatement(trx, {
      id,
      payer: input.payer,
      from_day: formatLocalDate(period.from),
      to_day: formatLocalDate(period.to),
      time_zone: a.timeZone,
      status: 'draft',
      items: 0,
      gross_fen: 0,
      discount_fen: 0,
      net_fen: 0,
      donation_fen: 0,
      adjustments: 0,
      created_at: a.now,
      created_by: a.actor,
      issued_at: null,
      issued_by: null,
      voided_at: null,
      voided_by: null,
      void_reason: null,
    });
    await copyFreeCharges(trx, { id, payer: input.payer, fromMs: period.fromMs, toMs: period.toMs });
    await setStatementTotals(trx, id, await sumLines(trx, id));
    await recordAudit(trx, { at: a.now, actor: a.actor, action: 'statement.create', subject: id, partner: partnerOf(input.payer), detail: { payer: input.payer, from: input.from, to: input.to } });
  });
  return headerOf(a.handle.db, (await findStatement(a.handle.db, id))!);
}

/**
 * Issues a draft. Refused when another issued statement already holds one of its charges (two drafts
 * of overlapping periods): the answer names the first few and the statement holding them.
 */
export async function issueStatement(a: StatementActor, id: string): Promise<StatementHeader> {
  await withWriteTransaction(a.handle, async (trx) => {
    const row = await findStatement(trx, id);
    if (!row) throw notFound();
    if (row.status !== 'draft') throw new AppError('conflict', msg(row.status === 'issued' ? 'statements.alreadyIssued' : 'statements.alreadyVoid', { id }));
    const taken = await findTakenLines(trx, id, 5);
    if (taken.length > 0) {
      const heldBy = taken[0]!.held_by;
      const trackingNos = taken.map((t) => t.tracking_no);
      throw new AppError('statement_lines_taken', msg('statements.linesTaken', { id, trackingNos: trackingNos.join(', '), heldBy }), { heldBy, trackingNos });
    }
    await markIssued(trx, id, a.now, a.actor);
    await setLinesIssued(trx, id, 1);
    await recordAudit(trx, { at: a.now, actor: a.actor, action: 'statement.issue', subject: id, partner: partnerOf(row.payer), detail: { payer: row.payer, netFen: Number(row.net_fen) } });
  });
  return headerOf(a.handle.db, (await findStatement(a.handle.db, id))!);
}

/** Voids a draft or an issued statement with a reason: its charges are free for the next draft. */
export async function voidStatement(a: StatementActor, id: string, reason: string): Promise<StatementHeader> {
  const why = reason.trim();
  if (why === '') throw new AppError('invalid_request', msg('statements.reasonRequired'));
  await withWriteTransaction(a.handle, async (trx) => {
    const row = await findStatement(trx, id);
    if (!row) throw notFound();
    if (!(await markVoid(trx, id, a.now, a.actor, why))) throw new AppError('conflict', msg('statements.alreadyVoid', { id }));
    await setLinesIssued(trx, id, 0);
    await recordAudit(trx, { at: a.now, actor: a.actor, action: 'statement.void', subject: id, partner: partnerOf(row.payer), detail: { payer: row.payer, was: row.status, reason: why } });
  });
  return headerOf(a.handle.db, (await findStatement(a.handle.db, id))!);
}

/** A statement the caller may read; another payer's is not found, as if it did not exist. */
export async function getStatementInScope(db: Db, id: string, scope: Scope): Promise<StatementRow> {
  const row = await findStatement(db, id);
  const partner = scopedPartner(scope);
  if (!row || (partner !== undefined && row.payer !== partner)) throw notFound();
  return row;
}

export async function readStatement(db: Db, id: string, scope: Scope, page: { after: number; limit: number }): Promise<StatementHeader & { lines: StatementLine[]; nextAfter: number | null }> {
  const row = await getStatementInScope(db, id, scope);
  const limit = Math.min(page.limit, MAX_LINES_PAGE);
  const rows = await listLines(db, id, page.after, limit);
  const header = await headerOf(db, row);
  return { ...header, lines: rows.map((r) => lineOf(r, row.time_zone)), nextAfter: rows.length === limit ? rows[rows.length - 1]!.seq : null };
}

/** Every line of a statement, a page at a time, for the files. */
export async function* statementLinePages(db: Db, row: StatementRow, pageSize = 2000): AsyncGenerator<StatementLine[]> {
  let after = 0;
  for (;;) {
    const rows = await listLines(db, row.id, after, pageSize);
    if (rows.length === 0) return;
    yield rows.map((r) => lineOf(r, row.time_zone));
    after = rows[rows.length - 1]!.seq;
  }
}

export async function listStatementsInScope(
  db: Db,
  scope: Scope,
  q: { payer?: string; status?: StatementStatus; limit: number; cursor?: string },
): Promise<{ statements: StatementHeader[]; nextCursor: string | null }> {
  const partner = scopedPartner(scope);
  // A partner reads its own statements only: asking for another payer's answers none.
  if (partner !== undefined && q.payer !== undefined && q.payer !== partner) return { statements: [], nextCursor: null };
  const rows = await listStatements(db, { payer: partner ?? q.payer, status: q.status, limit: q.limit, before: q.cursor === undefined ? undefined : cursorOf(q.cursor) });
  const names = await payerNames(db, rows.map((r) => r.payer));
  const last = rows[rows.length - 1];
  return {
    statements: rows.map((r) => toHeader(r, names.get(r.payer) ?? null)),
    nextCursor: rows.length === q.limit && last ? `${last.created_at}.${last.id}` : null,
  };
}

function cursorOf(text: string): { createdAt: number; id: string } {
  const dot = text.indexOf('.');
  const createdAt = Number(text.slice(0, dot));
  if (dot < 1 || !Number.isSafeInteger(createdAt)) throw new AppError('invalid_request', msg('statements.badCursor', { cursor: text }));
  return { createdAt, id: text.slice(dot + 1) };
}

/** The donations charged over the period, per program and payer, with totals. */
export async function donationReport(db: Db, from: string, to: string, timeZone: string): Promise<DonationReport> {
  const period = periodOf(from, to, timeZone);
  const sums = await sumDonations(db, period.fromMs, period.toMs);
  const names = await payerNames(db, sums.map((s) => s.payer));
  const programNames = new Map<string, string | null>();
  for (const code of new Set(sums.map((s) => s.program_code))) programNames.set(code, (await getProgram(db, code))?.name ?? null);
  const rows = sums.map((s) => ({
    programCode: s.program_code,
    programName: programNames.get(s.program_code) ?? null,
    payer: s.payer,
    payerName: names.get(s.payer) ?? null,
    items: s.items,
    donationFen: s.donation_fen,
  }));
  return {
    from: formatLocalDate(period.from),
    to: formatLocalDate(period.to),
    rows,
    totals: { items: rows.reduce((n, r) => n + r.items, 0), donationFen: rows.reduce((n, r) => n + r.donationFen, 0) },
  };
}

export async function headerOf(db: Db, row: StatementRow): Promise<StatementHeader> {
  return toHeader(row, (await payerNames(db, [row.payer])).get(row.payer) ?? null);
}

async function payerNames(db: Db, payers: readonly string[]): Promise<Map<string, string>> {
  const partners = await getPartners(db, [...new Set(payers.filter((p) => p !== RECIPIENT_PAYER))]);
  return new Map([...partners].map(([code, p]) => [code, p.name]));
}

function toHeader(row: StatementRow, payerName: string | null): StatementHeader {
  return {
    id: row.id,
    payer: row.payer,
    payerName,
    from: row.from_day,
    to: row.to_day,
    status: row.status,
    totals: { items: Number(row.items), grossFen: Number(row.gross_fen), discountFen: Number(row.discount_fen), netFen: Number(row.net_fen), donationFen: Number(row.donation_fen) },
    adjustments: Number(row.adjustments),
    createdAt: Number(row.created_at),
    createdBy: row.created_by,
    issuedAt: row.issued_at === null ? null : Number(row.issued_at),
    issuedBy: row.issued_by,
    voidedAt: row.voided_at === null ? null : Number(row.voided_at),
    voidedBy: row.voided_by,
    voidReason: row.void_reason,
  };
}

function lineOf(r: StatementLineRow, timeZone: string): StatementLine {
  return {
    seq: Number(r.seq),
    trackingNo: r.tracking_no,
    programCode: r.program_code,
    mailedOn: formatLocalDate(localDateOf(Number(r.mailed_at), timeZone)),
    weightGrams: r.weight_grams,
    grossFen: r.gross_fen,
    discountFen: r.discount_fen,
    netFen: r.net_fen,
    donationFen: r.donation_fen,
    adjustment: r.adjustment === 1,
  };
}

const partnerOf = (payer: string) => (payer === RECIPIENT_PAYER ? undefined : payer);
const notFound = () => new AppError('not_found', msg('statements.notFound'));
