import type { Db } from '../../db/database.js';

/** What the work-orders module needs to know of a program: its sponsor, the green channel, its own deadline policy (JSON, unchecked). */
export interface ProgramWorkOrderTerms {
  programCode: string;
  sponsor: string;
  /** The sponsor's division (a county, city or province code). */
  sponsorDivision: string | null;
  /** The program, or its sponsor, is on the green channel. */
  greenChannel: boolean;
  policyJson: string | null;
}

export async function findProgramWorkOrderTerms(db: Db, programCode: string): Promise<ProgramWorkOrderTerms | undefined> {
  const row = await db
    .selectFrom('programs as p')
    .leftJoin('partners as s', 's.code', 'p.sponsor')
    .select(['p.code', 'p.sponsor', 'p.green_channel as program_green', 'p.work_order_policy', 's.division_code', 's.green_channel as sponsor_green'])
    .where('p.code', '=', programCode)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    programCode: row.code,
    sponsor: row.sponsor,
    sponsorDivision: row.division_code ?? null,
    greenChannel: Number(row.program_green) === 1 || Number(row.sponsor_green ?? 0) === 1,
    policyJson: row.work_order_policy,
  };
}

/** Whether a partner is on the green channel (the orders its credential opens start urgent). */
export async function isPartnerOnGreenChannel(db: Db, partner: string): Promise<boolean | undefined> {
  const row = await db.selectFrom('partners').select('green_channel').where('code', '=', partner).executeTakeFirst();
  return row === undefined ? undefined : Number(row.green_channel) === 1;
}

/** Puts a program on the green channel or takes it off, and sets its own work-order deadlines (JSON, checked by the caller; null for the defaults). */
export async function setProgramWorkOrderTerms(db: Db, programCode: string, terms: { greenChannel?: boolean; policyJson?: string | null }, now: number): Promise<boolean> {
  const changes = {
    ...(terms.greenChannel === undefined ? {} : { green_channel: terms.greenChannel ? 1 : 0 }),
    ...(terms.policyJson === undefined ? {} : { work_order_policy: terms.policyJson }),
  };
  const result = await db.updateTable('programs').set({ ...changes, updated_at: now }).where('code', '=', programCode).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Puts a partner on the green channel or takes it off. */
export async function setPartnerGreenChannel(db: Db, partner: string, on: boolean, now: number): Promise<boolean> {
  const result = await db.updateTable('partners').set({ green_channel: on ? 1 : 0, updated_at: now }).where('code', '=', partner).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** The program's own green-channel flag and its sponsor's, apart, with its stored policy: what an admin sets. */
export async function findProgramWorkOrderSettings(db: Db, programCode: string): Promise<{ greenChannel: boolean; sponsorGreenChannel: boolean; policyJson: string | null } | undefined> {
  const row = await db
    .selectFrom('programs as p')
    .leftJoin('partners as s', 's.code', 'p.sponsor')
    .select(['p.green_channel as program_green', 'p.work_order_policy', 's.green_channel as sponsor_green'])
    .where('p.code', '=', programCode)
    .executeTakeFirst();
  if (!row) return undefined;
  return { greenChannel: Number(row.program_green) === 1, sponsorGreenChannel: Number(row.sponsor_green ?? 0) === 1, policyJson: row.work_order_policy };
}
