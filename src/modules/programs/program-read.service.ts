import type { Db } from '../../db/database.js';
import { findDivision } from '../../domain/divisions.js';
import { offsetMinutesAt } from '../../domain/local-day.js';
import { formatInstant } from '../../domain/scan-time.js';
import { type Scope, seesPartner, seesProgram } from '../../domain/access-scope.js';
import { listPartners } from './partner.repository.js';
import { listPrograms } from './program.repository.js';
import type { TPartner, TProgram } from './program.schemas.js';
import { type Program, getProgramInScope, toProgram } from './program.service.js';
import type { PartnerKind } from './program.table.js';

/** The partners; a partner's credential sees itself alone. */
export async function getPartnerList(db: Db, filter: { kind?: PartnerKind }, scope: Scope): Promise<TPartner[]> {
  return (await listPartners(db, filter)).filter((p) => seesPartner(scope, p.code)).map((p) => ({
    code: p.code,
    name: p.name,
    kind: p.kind,
    divisionCode: p.division_code,
    divisionName: findDivision(p.division_code)?.fullName ?? null,
  }));
}

/** The programs, or those of them where a partner's credential plays a role. */
export async function getProgramList(db: Db, timeZone: string, scope: Scope): Promise<TProgram[]> {
  return (await listPrograms(db)).filter((row) => seesProgram(scope, row.code)).map((row) => showProgram(toProgram(row), timeZone));
}

/**
 * How many recipients are listed for a program (one indexed count). Recipient lists belong to
 * programs, so the recipients module answers it and the composition root passes it in.
 */
export type CountRecipients = (db: Db, programCode: string) => Promise<number>;

/** One program with the number of recipients listed for it. */
export async function getProgramDetail(db: Db, code: string, timeZone: string, countRecipients: CountRecipients, scope: Scope): Promise<TProgram & { recipients: number }> {
  const program = await getProgramInScope(db, code, scope);
  return { ...showProgram(program, timeZone), recipients: await countRecipients(db, code) };
}

function showProgram(p: Program, timeZone: string): TProgram {
  return {
    code: p.code,
    name: p.name,
    documentType: p.documentType,
    sponsor: p.sponsor,
    payerMode: p.payerMode,
    payerShares: p.payerShares,
    requirements: p.requirements,
    slaDays: p.slaDays,
    createdAt: zoned(p.createdAt, timeZone),
    updatedAt: zoned(p.updatedAt, timeZone),
  };
}

export const zoned = (ms: number, timeZone: string) => formatInstant(ms, offsetMinutesAt(ms, timeZone));
