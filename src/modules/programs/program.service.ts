import type { Db } from '../../db/database.js';
import { type ProgramAccess, type Scope, seesProgram } from '../../domain/access-scope.js';
import { DEFAULT_HOLD_POLICY, type HoldPolicy } from '../../domain/holding.js';
import { AppError } from '../../errors.js';
import { findProgram, findProgramName, listPrograms } from './program.repository.js';
import type { Selectable } from 'kysely';
import type { PayerMode, ProgramTable } from './program.table.js';
import { msg } from '../../i18n/message.js';

export interface PayerShare {
  partner: string;
  share: number;
}

export interface ProgramRequirements {
  /** Deliver to the recipient in person only (本人签收). */
  recipientOnly: boolean;
  /** The courier checks the recipient's ID at the door. */
  idCheck: boolean;
  /** The bank whose staff activate the card at the door, when there is one. */
  activationBank?: string;
  /** Failed attempts before the item is held for pickup; `holdPolicyOf` gives the default when unset. */
  maxAttempts?: number;
  /** Days a held item waits at the office before it is due to return. */
  holdDays?: number;
}

/** The program's attempts and holding days; a program made before they existed, or that sets none, gets the defaults. */
export function holdPolicyOf(requirements: ProgramRequirements | undefined): HoldPolicy {
  return {
    maxAttempts: requirements?.maxAttempts ?? DEFAULT_HOLD_POLICY.maxAttempts,
    holdDays: requirements?.holdDays ?? DEFAULT_HOLD_POLICY.holdDays,
  };
}

/** One delivery service agreed with an agency (DESIGN §7). */
export interface Program {
  code: string;
  name: string;
  documentType: string;
  /** The sponsoring agency: a partner code. */
  sponsor: string;
  payerMode: PayerMode;
  payerShares: PayerShare[] | null;
  requirements: ProgramRequirements;
  slaDays: number;
  createdAt: number;
  updatedAt: number;
}

export async function getProgram(db: Db, code: string): Promise<Program | undefined> {
  const row = await findProgram(db, code);
  return row && toProgram(row);
}

/** The program's name, for an answer that shows nothing else of it (a citizen's tracking). */
export async function getProgramName(db: Db, code: string): Promise<string | undefined> {
  return findProgramName(db, code);
}

/**
 * The program, if the caller's scope holds it for this use; otherwise 404 exactly as for a program
 * that does not exist. Every route that names a program (its recipients, requests, invitations,
 * report) looks it up here.
 */
export async function getProgramInScope(db: Db, code: string, scope: Scope, access: ProgramAccess = 'read'): Promise<Program> {
  const program = seesProgram(scope, code, access) ? await getProgram(db, code) : undefined;
  if (!program) throw new AppError('not_found', msg('notFound.program', { code }));
  return program;
}

/** The codes of the programs the caller may read: every program for the post's own staff. */
export async function programCodesInScope(db: Db, scope: Scope): Promise<string[]> {
  if (scope !== 'all') return [...scope.programs];
  return (await listPrograms(db)).map((p) => p.code);
}

export function toProgram(row: Selectable<ProgramTable>): Program {
  return {
    code: row.code,
    name: row.name,
    documentType: row.document_type,
    sponsor: row.sponsor,
    payerMode: row.payer_mode,
    payerShares: row.payer_shares === null ? null : (JSON.parse(row.payer_shares) as PayerShare[]),
    requirements: JSON.parse(row.requirements) as ProgramRequirements,
    slaDays: row.sla_days,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

/**
 * Who pays postage for the program's items, and in what share (summing to 1; empty when the
 * recipient pays). A `bank` program without shares is paid by its activation bank; a `government`
 * program without shares by its sponsor.
 */
export function programPayers(program: Pick<Program, 'payerMode' | 'payerShares' | 'sponsor' | 'requirements'>): PayerShare[] {
  switch (program.payerMode) {
    case 'recipient':
      return [];
    case 'multi_party':
      return program.payerShares ?? [];
    case 'bank':
      if (program.payerShares) return program.payerShares;
      return program.requirements.activationBank ? [{ partner: program.requirements.activationBank, share: 1 }] : [];
    case 'government':
      return program.payerShares ?? [{ partner: program.sponsor, share: 1 }];
  }
}

/** Every program. */
export async function getPrograms(db: Db): Promise<Program[]> {
  return (await listPrograms(db)).map(toProgram);
}
