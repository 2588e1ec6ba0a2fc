import { type Generated, type RawBuilder, type SqlBool, sql } from 'kysely';

export const MISSING_SCAN_TYPES = ['MISSING_ACCEPTANCE', 'MISSING_INBOUND', 'MISSING_OUTBOUND', 'MISSING_OUT_FOR_DELIVERY'] as const;
export const SILENCE_TYPES = ['SILENT_IN_TRANSIT', 'SILENT_AT_OFFICE', 'NO_DELIVERY_RESULT', 'SILENT_HELD'] as const;
/**
 * A delivery without the proof its program requires (decision 0038): kept apart from the missing-scan
 * types, so the break-point rate of DESIGN §5 never counts it, and apart from the silences, so no
 * later scan closes it — only proof attached to the delivery does.
 */
export const PROOF_TYPES = ['MISSING_PROOF'] as const;
export const BREAKPOINT_TYPES = [...MISSING_SCAN_TYPES, ...SILENCE_TYPES, ...PROOF_TYPES] as const;
export type MissingScanType = (typeof MISSING_SCAN_TYPES)[number];
export type SilenceType = (typeof SILENCE_TYPES)[number];
export type ProofType = (typeof PROOF_TYPES)[number];
export type BreakpointType = (typeof BREAKPOINT_TYPES)[number];

export interface BreakpointTable {
  id: Generated<number>;
  tracking_no: string;
  type: BreakpointType;
  visit: number;
  responsible_unit: string;
  opened_at: number;
  /** Null while open; a closed break-point is kept, with the instant it closed. */
  closed_at: number | null;
  detail: string;
  updated_at: number;
}

/** An outbox row tells of an opening (or reopening) or of a closing. */
export type BreakpointOutboxKind = 'opened' | 'closed';

export interface BreakpointOutboxTable {
  id: Generated<number>;
  kind: Generated<BreakpointOutboxKind>;
  breakpoint_id: number;
  tracking_no: string;
  type: BreakpointType;
  responsible_unit: string;
  opened_at: number;
  /** Set on a closing row: the instant the break-point closed. */
  closed_at: number | null;
  created_at: number;
  delivered_at: number | null;
}

/** Which open break-points make "an item with an open break-point" (all types when none are named). */
export interface OpenBreakpointMatch {
  types?: readonly BreakpointType[];
  responsibleUnit?: string;
  /** Blamed on a unit of this city (a province code for units registered without a city). */
  responsibleCity?: string;
  /** Blamed on a unit of this province. */
  responsibleProvince?: string;
}

/**
 * The one definition of "the item has an open break-point", for the list of break-points (one row
 * each) and the list of items (each item once) alike: `b` is a row of `breakpoints`. It sits beside
 * the table's types because both the break-points module and the item list read it, and the item
 * list cannot import the break-points module (which depends on items).
 */
export function isOpenBreakpoint(b: string, match: OpenBreakpointMatch): RawBuilder<SqlBool> {
  const col = (name: string) => sql.ref(`${b}.${name}`);
  const terms: RawBuilder<SqlBool>[] = [sql<SqlBool>`${col('closed_at')} is null`];
  if (match.types) terms.push(sql<SqlBool>`${col('type')} in (${sql.join(match.types.map((t) => sql.lit(t)))})`);
  if (match.responsibleUnit !== undefined) terms.push(sql<SqlBool>`${col('responsible_unit')} = ${match.responsibleUnit}`);
  const unitIn = (where: RawBuilder<unknown>) =>
    sql<SqlBool>`exists (select 1 from units ub where ub.code = ${col('responsible_unit')} and ${where})`;
  if (match.responsibleCity !== undefined) terms.push(unitIn(sql`coalesce(ub.city_code, ub.province_code) = ${match.responsibleCity}`));
  if (match.responsibleProvince !== undefined) terms.push(unitIn(sql`ub.province_code = ${match.responsibleProvince}`));
  return sql<SqlBool>`(${sql.join(terms, sql` and `)})`;
}

/**
 * The item `trackingNo` (a column reference) has a break-point that `isOpenBreakpoint` matches.
 * Blamed on a unit or a city, the matching open break-points are few (a unit's, a city's: hundreds to
 * a few thousand of a province's tens of thousands), so they are written as the list of their items,
 * which the database reads once from the open break-points' index and then looks the items up, instead
 * of asking every item of a period whether it has one: a 30-day item list by city and open break-point
 * on a million items read 2.5 times fewer pages so (docs/benchmarks.md). Unblamed or by province,
 * most items of a period qualify and the question per item stays cheaper.
 */
export function hasOpenBreakpoint(trackingNo: string, match: OpenBreakpointMatch): RawBuilder<SqlBool> {
  if (match.responsibleUnit !== undefined || match.responsibleCity !== undefined) {
    return sql<SqlBool>`${sql.ref(trackingNo)} in (select ob.tracking_no from breakpoints ob where ${isOpenBreakpoint('ob', match)})`;
  }
  return sql<SqlBool>`exists (select 1 from breakpoints ob where ob.tracking_no = ${sql.ref(trackingNo)} and ${isOpenBreakpoint('ob', match)})`;
}
