import type { Db } from '../../db/database.js';
import { provinceOf } from '../../domain/divisions.js';
import { DEFAULT_TARIFF, type PayerWeight, type Tariff, sharesToWeights } from '../../domain/postage.js';
import { getPartner } from '../programs/partner.service.js';
import type { Program } from '../programs/program.service.js';

/** The payer code of a recipient who pays postage (自费), as stored in item_charges. */
export const RECIPIENT_PAYER = 'recipient';

/** What every request of a program needs to become an item, read once per call. */
export interface MailingPlan {
  programCode: string;
  programName: string;
  veteransProgram: boolean;
  tariff: Tariff;
  /** The sponsor's province: postage is same-province when the addressee lives there. */
  originProvinceCode: string | null;
  payers: PayerWeight[] | null;
  /** Set when no request of the program can be mailed yet (no payer, unknown sponsor): they wait. */
  blockedReason: string | null;
}

/**
 * A veterans program is one whose document is the preferential-treatment card (优待证): the
 * discounts and the donation of DESIGN §7 apply to its items only.
 */
export function isVeteransProgram(program: Pick<Program, 'documentType'>): boolean {
  return program.documentType.includes('优待证');
}

/**
 * Who pays for the program's items: the named payer of a `government` or `bank` program (a single
 * entry of its shares), else the sponsor (government) or the activation bank (bank); every party
 * by its share (multi_party); the recipient (recipient).
 */
export function resolvePayers(program: Pick<Program, 'code' | 'sponsor' | 'payerMode' | 'payerShares' | 'requirements'>): { payers: PayerWeight[] } | { reason: string } {
  const shares = program.payerShares ?? [];
  const named = shares.length === 1 ? shares[0]!.partner : undefined;
  switch (program.payerMode) {
    case 'government':
      return { payers: [{ payer: named ?? program.sponsor, weight: 1 }] };
    case 'bank': {
      const bank = named ?? program.requirements.activationBank;
      return bank ? { payers: [{ payer: bank, weight: 1 }] } : { reason: `no payer: program ${program.code} is paid by a bank but names none` };
    }
    case 'multi_party': {
      const weights = mergePayers(sharesToWeights(shares));
      if (weights.length === 0 || weights.some((w) => !(w.weight > 0))) {
        return { reason: `no payer: program ${program.code} is paid by several parties but its shares are missing or not positive` };
      }
      return { payers: weights };
    }
    case 'recipient':
      return { payers: [{ payer: RECIPIENT_PAYER, weight: 1 }] };
  }
}

/** One row per payer in item_charges: a partner named twice gets its shares added. */
function mergePayers(weights: readonly PayerWeight[]): PayerWeight[] {
  const byPayer = new Map<string, number>();
  for (const w of weights) byPayer.set(w.payer, (byPayer.get(w.payer) ?? 0) + w.weight);
  return [...byPayer].map(([payer, weight]) => ({ payer, weight }));
}

export async function loadMailingPlan(db: Db, program: Program): Promise<MailingPlan> {
  const sponsor = await getPartner(db, program.sponsor);
  const originProvinceCode = sponsor ? (provinceOf(sponsor.divisionCode)?.code ?? null) : null;
  const payers = resolvePayers(program);
  let blockedReason: string | null = null;
  if ('reason' in payers) blockedReason = payers.reason;
  else if (!originProvinceCode) blockedReason = `postage zone unknown: the sponsor ${program.sponsor} is not a registered partner with a division`;
  return {
    programCode: program.code,
    programName: program.name,
    veteransProgram: isVeteransProgram(program),
    tariff: DEFAULT_TARIFF,
    originProvinceCode,
    payers: 'payers' in payers ? payers.payers : null,
    blockedReason,
  };
}
