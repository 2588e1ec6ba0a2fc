import type { Db } from '../../db/database.js';
import type { PartnerScope } from '../../domain/access-scope.js';
import { listPrograms } from './program.repository.js';
import { type Program, programPayers, toProgram } from './program.service.js';

/** The partners that play a role in a program: its sponsor, its payers, its activation bank. */
export function programPartners(program: Program): Set<string> {
  const partners = new Set([program.sponsor, ...programPayers(program).map((p) => p.partner)]);
  if (program.requirements.activationBank) partners.add(program.requirements.activationBank);
  return partners;
}

/**
 * What a partner's credential may see: the programs where the partner plays a role, and those it
 * sponsors. Read per request, so a program changed a moment ago is answered as it now is; programs
 * are few (one per agreement with an agency), so reading them all is one small query.
 */
export async function partnerScope(db: Db, partner: string): Promise<PartnerScope> {
  const programs: string[] = [];
  const sponsored: string[] = [];
  for (const row of await listPrograms(db)) {
    const program = toProgram(row);
    if (!programPartners(program).has(partner)) continue;
    programs.push(program.code);
    if (program.sponsor === partner) sponsored.push(program.code);
  }
  return { partner, programs, sponsored };
}
