import type { Db } from '../../db/database.js';
import { findPartner, findPartners } from './partner.repository.js';
import type { Selectable } from 'kysely';
import type { PartnerKind, PartnerTable } from './program.table.js';

/** An agency, bank, card factory, service station or admin service centre a program works with. */
export interface Partner {
  code: string;
  name: string;
  kind: PartnerKind;
  divisionCode: string;
}

export async function getPartner(db: Db, code: string): Promise<Partner | undefined> {
  const row = await findPartner(db, code);
  return row && toPartner(row);
}

/** The partners that exist among `codes`, by code; unknown codes are simply absent. */
export async function getPartners(db: Db, codes: string[]): Promise<Map<string, Partner>> {
  const rows = await findPartners(db, [...new Set(codes)]);
  return new Map(rows.map((r) => [r.code, toPartner(r)]));
}

export function toPartner(row: Selectable<PartnerTable>): Partner {
  return { code: row.code, name: row.name, kind: row.kind, divisionCode: row.division_code };
}
