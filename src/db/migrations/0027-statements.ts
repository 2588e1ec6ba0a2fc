import { type Kysely, sql } from 'kysely';

// Frozen: a migration, once released, is never edited. Changes go in a new migration.
// Payers' statements (docs/decisions/0046-statements.md):
// - `item_charges.discount_fen`: the payer's share of the item's discount, so gross = postage + discount.
//   Rows stored before it are filled in here by pricing their item again with the prices in force
//   when they were made (copied below, as a migration never changes with the code).
// - `item_charges_payer`: a payer's charges by time, what a draft reads; `item_charges_created`: all
//   charges by time, what the donation account of a period reads.
// - `statements`: one payer's bill for a period of local days, with its totals.
// - `statement_lines`: the charges a statement bills, numbered 1, 2, … in it. `issued` is 1 on the
//   lines of an issued statement: the partial unique index lets a charge be held by one issued
//   statement at most, and finds the charges that are still free.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('item_charges').addColumn('discount_fen', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.createIndex('item_charges_payer').on('item_charges').columns(['payer', 'created_at']).execute();
  await db.schema.createIndex('item_charges_created').on('item_charges').columns(['created_at']).execute();

  await db.schema
    .createTable('statements')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('payer', 'text', (c) => c.notNull())
    .addColumn('from_day', 'text', (c) => c.notNull())
    .addColumn('to_day', 'text', (c) => c.notNull())
    // The time zone the days were read in, so a later change of configuration does not move them.
    .addColumn('time_zone', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('items', 'bigint', (c) => c.notNull())
    .addColumn('gross_fen', 'bigint', (c) => c.notNull())
    .addColumn('discount_fen', 'bigint', (c) => c.notNull())
    .addColumn('net_fen', 'bigint', (c) => c.notNull())
    .addColumn('donation_fen', 'bigint', (c) => c.notNull())
    .addColumn('adjustments', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('issued_at', 'bigint')
    .addColumn('issued_by', 'text')
    .addColumn('voided_at', 'bigint')
    .addColumn('voided_by', 'text')
    .addColumn('void_reason', 'text')
    .execute();
  await db.schema.createIndex('statements_payer').on('statements').columns(['payer', 'created_at']).execute();
  await db.schema.createIndex('statements_created').on('statements').columns(['created_at', 'id']).execute();

  await db.schema
    .createTable('statement_lines')
    .addColumn('statement_id', 'text', (c) => c.notNull())
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .addColumn('tracking_no', 'text', (c) => c.notNull())
    .addColumn('payer', 'text', (c) => c.notNull())
    .addColumn('program_code', 'text', (c) => c.notNull())
    .addColumn('mailed_at', 'bigint', (c) => c.notNull())
    .addColumn('weight_grams', 'integer')
    .addColumn('gross_fen', 'integer', (c) => c.notNull())
    .addColumn('discount_fen', 'integer', (c) => c.notNull())
    .addColumn('net_fen', 'integer', (c) => c.notNull())
    .addColumn('donation_fen', 'integer', (c) => c.notNull())
    .addColumn('adjustment', 'integer', (c) => c.notNull())
    .addColumn('issued', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('statement_lines_pk', ['statement_id', 'seq'])
    .execute();
  await sql`CREATE UNIQUE INDEX statement_lines_issued ON statement_lines (tracking_no, payer) WHERE issued = 1`.execute(db);

  await fillDiscounts(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('statement_lines').execute();
  await db.schema.dropTable('statements').execute();
  await db.schema.dropIndex('item_charges_created').execute();
  await db.schema.dropIndex('item_charges_payer').execute();
  await db.schema.alterTable('item_charges').dropColumn('discount_fen').execute();
}

// The prices of DESIGN §7 when these charges were made: first 500 g then each further 500 g, 10 + 2
// yuan within the sponsor's province, 15 + 5 yuan across; card holders of a veterans program pay 85 %,
// the special categories 80 %.
const FIRST_GRAMS = 500;
const STEP_GRAMS = 500;
const ZONES = { same: { first: 1000, step: 200 }, cross: { first: 1500, step: 500 } } as const;
const SPECIAL = new Set(['martyr_family', 'combat_veteran', 'disabled_veteran', 'merit_second_class']);

interface ChargeRow {
  tracking_no: string;
  payer: string;
  postage_fen: number | string;
  weight_grams: number | null;
  category: string | null;
  request_division: string | null;
  item_division: string | null;
  sponsor_division: string | null;
  payer_mode: string;
  payer_shares: string | null;
}

/**
 * Fills in the discount of each veterans item's charges: the undiscounted postage less what was
 * charged, split over its payers by largest remainder, by the program's shares as the charges were
 * (in millionths, in the shares' order), or in proportion to the charges when the shares no longer
 * name exactly these payers. The zone is the one the item's charges were priced in: the one whose
 * discounted price equals them; an item whose charges match neither is left at 0.
 */
async function fillDiscounts(db: Kysely<unknown>): Promise<void> {
  const PAGE = 5000;
  let after = '';
  for (;;) {
    const { rows } = await sql<ChargeRow>`
      SELECT c.tracking_no, c.payer, c.postage_fen, i.weight_grams, r.category, r.division_code AS request_division,
             i.dest_division_code AS item_division, pa.division_code AS sponsor_division, p.payer_mode, p.payer_shares
      FROM item_charges c
      JOIN programs p ON p.code = c.program_code
      JOIN items i ON i.tracking_no = c.tracking_no
      LEFT JOIN partners pa ON pa.code = p.sponsor
      LEFT JOIN requests r ON r.tracking_no = c.tracking_no
      WHERE p.document_type LIKE ${'%优待证%'} AND c.tracking_no > ${after}
      ORDER BY c.tracking_no, c.payer
      LIMIT ${PAGE}`.execute(db);
    if (rows.length === 0) return;
    const last = rows[rows.length - 1]!.tracking_no;
    // A full page may end inside an item: its rows are read again with the next page.
    const whole = rows.length === PAGE && rows[0]!.tracking_no !== last ? rows.filter((r) => r.tracking_no !== last) : rows;
    const byItem = new Map<string, ChargeRow[]>();
    for (const row of whole) byItem.set(row.tracking_no, [...(byItem.get(row.tracking_no) ?? []), row]);
    for (const [trackingNo, charges] of byItem) {
      const parts = discountParts(charges);
      for (let i = 0; i < charges.length; i += 1) {
        if (parts[i]! > 0) {
          await sql`UPDATE item_charges SET discount_fen = ${parts[i]!} WHERE tracking_no = ${trackingNo} AND payer = ${charges[i]!.payer}`.execute(db);
        }
      }
    }
    after = whole[whole.length - 1]!.tracking_no;
  }
}

function discountParts(charges: readonly ChargeRow[]): number[] {
  const nets = charges.map((c) => Number(c.postage_fen));
  const net = nets.reduce((s, n) => s + n, 0);
  const first = charges[0]!;
  const percent = SPECIAL.has(first.category ?? 'ordinary') ? 80 : 85;
  const weight = first.weight_grams ?? 0;
  const steps = weight <= FIRST_GRAMS ? 0 : Math.ceil((weight - FIRST_GRAMS) / STEP_GRAMS);
  const destination = first.request_division ?? first.item_division;
  const sameProvince = destination !== null && first.sponsor_division !== null && destination.slice(0, 2) === first.sponsor_division.slice(0, 2);
  const zones = sameProvince ? [ZONES.same, ZONES.cross] : [ZONES.cross, ZONES.same];
  const base = zones.map((z) => z.first + steps * z.step).find((b) => Math.floor((b * percent + 50) / 100) === net);
  if (base === undefined || net === 0) return nets.map(() => 0);
  const shares = sharesOf(first, charges.map((c) => c.payer));
  const weights = shares ? charges.map((c) => shares.get(c.payer)!.weight) : nets;
  const order = shares ? charges.map((c) => shares.get(c.payer)!.order) : charges.map((_, i) => i);
  const sum = weights.reduce((s, w) => s + w, 0);
  const discount = base - net;
  const parts = weights.map((w) => Math.floor((discount * w) / sum));
  const remainders = weights.map((w, index) => ({ index, remainder: (discount * w) % sum }));
  let left = discount - parts.reduce((s, p) => s + p, 0);
  for (const { index } of remainders.sort((a, b) => b.remainder - a.remainder || order[a.index]! - order[b.index]!)) {
    if (left === 0) break;
    parts[index]! += 1;
    left -= 1;
  }
  return parts;
}

/** A multi-party program's shares by payer (a partner named twice has its shares added), if they name exactly `payers`. */
function sharesOf(row: ChargeRow, payers: readonly string[]): Map<string, { weight: number; order: number }> | undefined {
  if (row.payer_mode !== 'multi_party' || row.payer_shares === null) return undefined;
  const byPayer = new Map<string, { weight: number; order: number }>();
  for (const share of JSON.parse(row.payer_shares) as { partner: string; share: number }[]) {
    const seen = byPayer.get(share.partner);
    byPayer.set(share.partner, { weight: (seen?.weight ?? 0) + Math.round(share.share * 1_000_000), order: seen?.order ?? byPayer.size });
  }
  const same = byPayer.size === payers.length && payers.every((p) => (byPayer.get(p)?.weight ?? 0) > 0);
  return same ? byPayer : undefined;
}
