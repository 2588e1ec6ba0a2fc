import { type Selectable, sql } from 'kysely';
import type { Db } from '../../db/database.js';
import type { StatementStatus } from './statement.model.js';
import type { StatementLineTable, StatementTable } from './statement.table.js';

export type StatementRow = Selectable<StatementTable>;
export type StatementLineRow = Selectable<StatementLineTable>;

export interface DraftSource {
  id: string;
  payer: string;
  /** The first instant of the period's first day: charges before it are adjustments. */
  fromMs: number;
  /** The first instant after the period's last day: charges from it on wait for a later statement. */
  toMs: number;
}

/**
 * Copies into the draft every charge of the payer before the end of the period that no issued
 * statement holds, numbered by mailing time then tracking number. One statement whatever the
 * number of lines: the database reads the payer's charges by its index and writes the lines itself.
 * Answers the number of lines.
 */
export async function copyFreeCharges(trx: Db, d: DraftSource): Promise<number> {
  const result = await sql`
    INSERT INTO statement_lines (statement_id, seq, tracking_no, payer, program_code, mailed_at, weight_grams,
                                 gross_fen, discount_fen, net_fen, donation_fen, adjustment, issued)
    SELECT ${d.id}, ROW_NUMBER() OVER (ORDER BY c.created_at, c.tracking_no), c.tracking_no, c.payer, c.program_code, c.created_at, i.weight_grams,
           c.postage_fen + c.discount_fen, c.discount_fen, c.postage_fen, c.donation_fen,
           CASE WHEN c.created_at < ${d.fromMs} THEN 1 ELSE 0 END, 0
    FROM item_charges c
    LEFT JOIN items i ON i.tracking_no = c.tracking_no
    WHERE c.payer = ${d.payer} AND c.created_at < ${d.toMs}
      AND NOT EXISTS (SELECT 1 FROM statement_lines l WHERE l.tracking_no = c.tracking_no AND l.payer = c.payer AND l.issued = 1)`.execute(trx);
  return Number(result.numAffectedRows ?? 0n);
}

/** A statement's totals, as its row keeps them. */
export type LineTotals = Pick<StatementTable, 'items' | 'gross_fen' | 'discount_fen' | 'net_fen' | 'donation_fen' | 'adjustments'>;

/** The sums of a statement's lines (PostgreSQL answers sums as text: read as numbers here). */
export async function sumLines(trx: Db, statementId: string): Promise<LineTotals> {
  const row = await trx
    .selectFrom('statement_lines')
    .where('statement_id', '=', statementId)
    .select((eb) => [
      eb.fn.countAll<number>().as('items'),
      eb.fn.coalesce(eb.fn.sum<number>('gross_fen'), sql<number>`0`).as('gross_fen'),
      eb.fn.coalesce(eb.fn.sum<number>('discount_fen'), sql<number>`0`).as('discount_fen'),
      eb.fn.coalesce(eb.fn.sum<number>('net_fen'), sql<number>`0`).as('net_fen'),
      eb.fn.coalesce(eb.fn.sum<number>('donation_fen'), sql<number>`0`).as('donation_fen'),
      eb.fn.coalesce(eb.fn.sum<number>('adjustment'), sql<number>`0`).as('adjustments'),
    ])
    .executeTakeFirstOrThrow();
  return {
    items: Number(row.items),
    gross_fen: Number(row.gross_fen),
    discount_fen: Number(row.discount_fen),
    net_fen: Number(row.net_fen),
    donation_fen: Number(row.donation_fen),
    adjustments: Number(row.adjustments),
  };
}

export async function insertStatement(trx: Db, row: StatementRow): Promise<void> {
  await trx.insertInto('statements').values(row).execute();
}

export async function setStatementTotals(trx: Db, id: string, totals: LineTotals): Promise<void> {
  await trx.updateTable('statements').set(totals).where('id', '=', id).execute();
}

export function findStatement(db: Db, id: string): Promise<StatementRow | undefined> {
  return db.selectFrom('statements').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Marks the draft issued, if it still is a draft; answers whether it was. */
export async function markIssued(trx: Db, id: string, at: number, by: string): Promise<boolean> {
  const result = await trx.updateTable('statements').set({ status: 'issued', issued_at: at, issued_by: by }).where('id', '=', id).where('status', '=', 'draft').executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Voids a draft or an issued statement; answers whether it was one. */
export async function markVoid(trx: Db, id: string, at: number, by: string, reason: string): Promise<boolean> {
  const result = await trx
    .updateTable('statements')
    .set({ status: 'void', voided_at: at, voided_by: by, void_reason: reason })
    .where('id', '=', id)
    .where('status', 'in', ['draft', 'issued'])
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Up to `limit` of the statement's charges that another issued statement holds, with the statement holding each. */
export function findTakenLines(trx: Db, id: string, limit: number): Promise<{ tracking_no: string; held_by: string }[]> {
  return trx
    .selectFrom('statement_lines as l')
    .innerJoin('statement_lines as o', (join) => join.onRef('o.tracking_no', '=', 'l.tracking_no').onRef('o.payer', '=', 'l.payer').on('o.issued', '=', 1))
    .where('l.statement_id', '=', id)
    .select(['l.tracking_no', 'o.statement_id as held_by'])
    .orderBy('l.seq')
    .limit(limit)
    .execute();
}

/** Holds (or frees) the statement's charges: the unique index refuses a charge held twice. */
export async function setLinesIssued(trx: Db, id: string, issued: 0 | 1): Promise<void> {
  await trx
    .updateTable('statement_lines')
    .set({ issued })
    .where('statement_id', '=', id)
    .where('issued', '=', issued === 1 ? 0 : 1)
    .execute();
}

/** A page of the statement's lines after `afterSeq`, in order. */
export function listLines(db: Db, id: string, afterSeq: number, limit: number): Promise<StatementLineRow[]> {
  return db.selectFrom('statement_lines').selectAll().where('statement_id', '=', id).where('seq', '>', afterSeq).orderBy('seq').limit(limit).execute();
}

export interface StatementFilter {
  payer?: string;
  status?: StatementStatus;
  /** Newest first: the page after this (created_at, id). */
  before?: { createdAt: number; id: string };
  limit: number;
}

export function listStatements(db: Db, f: StatementFilter): Promise<StatementRow[]> {
  let q = db.selectFrom('statements').selectAll();
  if (f.payer !== undefined) q = q.where('payer', '=', f.payer);
  if (f.status !== undefined) q = q.where('status', '=', f.status);
  if (f.before) {
    const b = f.before;
    q = q.where((eb) => eb.or([eb('created_at', '<', b.createdAt), eb.and([eb('created_at', '=', b.createdAt), eb('id', '<', b.id)])]));
  }
  return q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(f.limit).execute();
}

export interface DonationSum {
  program_code: string;
  payer: string;
  items: number;
  donation_fen: number;
}

/** The donations charged in `[fromMs, toMs)`, per program and payer. */
export async function sumDonations(db: Db, fromMs: number, toMs: number): Promise<DonationSum[]> {
  const rows = await db
    .selectFrom('item_charges')
    .where('created_at', '>=', fromMs)
    .where('created_at', '<', toMs)
    .where('donation_fen', '>', 0)
    .groupBy(['program_code', 'payer'])
    .select((eb) => ['program_code', 'payer', eb.fn.countAll<number>().as('items'), eb.fn.sum<number>('donation_fen').as('donation_fen')])
    .orderBy('program_code')
    .orderBy('payer')
    .execute();
  return rows.map((r) => ({ program_code: r.program_code, payer: r.payer, items: Number(r.items), donation_fen: Number(r.donation_fen) }));
}
