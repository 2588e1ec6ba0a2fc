import type { Db } from '../../db/database.js';
import { findDivision } from '../../domain/divisions.js';
import { ZUnitInput, type TUnit, type TUnitInput, type TUnitUpsertResult } from './unit.schemas.js';
import { findUnit, findUnitCodes, listAllUnitNames, listUnits, upsertUnit } from './unit.repository.js';
import type { UnitTable } from './unit.table.js';
import { firstIssue } from '../../http/per-element.js';
import { type WithMessages, msg } from '../../i18n/message.js';

/**
 * Upserts units one element at a time: a bad element is answered with its index and the field at
 * fault, and never stops the good ones.
 */
export async function upsertUnits(db: Db, elements: readonly unknown[], now: number): Promise<WithMessages<TUnitUpsertResult>[]> {
  const parsed = elements.map((e) => ZUnitInput.safeParse(e));
  const parentCodes = parsed.flatMap((p) => (p.success && p.data.parentCode ? [p.data.parentCode] : []));
  const existingParents = await findUnitCodes(db, [...new Set(parentCodes)]);
  const existing = await findUnitCodes(db, [...new Set(parsed.flatMap((p) => (p.success ? [p.data.code] : [])))]);
  const codesInBatch = storableCodes(parsed.flatMap((p) => (p.success ? [p.data] : [])), existingParents);

  const results: WithMessages<TUnitUpsertResult>[] = [];
  for (const [index, p] of parsed.entries()) {
    if (!p.success) {
      results.push({ index, ...firstIssue(p.error) });
      continue;
    }
    const unit = p.data;
    const division = findDivision(unit.divisionCode);
    if (!division) {
      results.push({ index, field: 'divisionCode', error: msg('units.unknownDivision', { code: unit.divisionCode }) });
      continue;
    }
    if (unit.parentCode && !existingParents.has(unit.parentCode) && !codesInBatch.has(unit.parentCode)) {
      results.push({ index, field: 'parentCode', error: msg('units.unknownParent', { code: unit.parentCode }) });
      continue;
    }
    await upsertUnit(
      db,
      {
        code: unit.code,
        name: unit.name,
        kind: unit.kind,
        division_code: division.code,
        province_code: division.provinceCode,
        city_code: division.cityCode,
        parent_code: unit.parentCode ?? null,
        end_of_shift: unit.endOfShift ?? null,
      },
      now,
    );
    results.push({ index, code: unit.code, created: !existing.has(unit.code) });
    existing.add(unit.code);
  }
  return results;
}

/**
 * Codes of the batch that will be stored, so that a child may name a parent created in the same
 * request (before or after it) but never one that is itself rejected, directly or up its chain.
 */
function storableCodes(units: readonly TUnitInput[], existingParents: ReadonlySet<string>): Set<string> {
  const candidates = units.filter((u) => findDivision(u.divisionCode));
  let codes = new Set(candidates.map((u) => u.code));
  // Each pass drops the codes whose parent is neither stored nor storable; stop when none drops.
  for (;;) {
    const next = new Set(candidates.filter((u) => !u.parentCode || existingParents.has(u.parentCode) || codes.has(u.parentCode)).map((u) => u.code));
    if (next.size === codes.size) return codes;
    codes = next;
  }
}

export async function getUnits(db: Db, filter: Parameters<typeof listUnits>[1] = {}): Promise<TUnit[]> {
  return (await listUnits(db, filter)).map(toUnit);
}

export async function getUnit(db: Db, code: string): Promise<TUnit | undefined> {
  const row = await findUnit(db, code);
  return row && toUnit(row);
}

function toUnit(row: UnitTable): TUnit {
  return {
    code: row.code,
    name: row.name,
    kind: row.kind,
    divisionCode: row.division_code,
    divisionName: findDivision(row.division_code)?.fullName ?? null,
    provinceCode: row.province_code,
    cityCode: row.city_code,
    parentCode: row.parent_code,
    endOfShift: row.end_of_shift,
  };
}

/**
 * Unit codes and names, held in memory for the scan hot path. Units added by another server are
 * picked up by `reload`, which the scan service calls when a batch names a site it does not know
 * (at most once a second, so a stream of bad site codes cannot turn into a stream of queries).
 */
export interface SiteDirectory {
  has(code: string): boolean;
  name(code: string): string | null;
  /** Re-reads the units unless that was done less than a second ago; true if it re-read. */
  reload(now: number): Promise<boolean>;
  /** Re-reads the units now, e.g. after this server changed them. */
  refresh(): Promise<void>;
}

/** A unit added through another server is not in this server's directory yet: look again once. */
export async function knowUnits(deps: { sites: SiteDirectory; now: number }, codes: Iterable<string>): Promise<void> {
  for (const code of codes) {
    if (!deps.sites.has(code)) {
      await deps.sites.reload(deps.now);
      return;
    }
  }
}

export async function loadSiteDirectory(db: Db): Promise<SiteDirectory> {
  const read = async () => new Map((await listAllUnitNames(db)).map((r) => [r.code, r.name]));
  let names = await read();
  let loadedAt = 0;
  return {
    has: (code) => names.has(code),
    name: (code) => names.get(code) ?? null,
    async reload(now) {
      if (now - loadedAt < 1000) return false;
      names = await read();
      loadedAt = now;
      return true;
    },
    async refresh() {
      names = await read();
    },
  };
}
