import { SHARE_SCALE, type TProgramInput } from './program.schemas.js';
import type { Partner } from './partner.service.js';
import type { PartnerKind } from './program.table.js';

export interface RuleProblem {
  field: string;
  error: string;
}

/** Kinds a partner may have in each role of a program. */
export const ROLE_KINDS = {
  sponsor: ['agency'],
  activationBank: ['bank'],
  bankPayer: ['bank'],
  // 政邮合作: the post is paid by a government body, an agency or an admin service centre.
  governmentPayer: ['agency', 'admin_centre'],
} as const satisfies Record<string, readonly PartnerKind[]>;

export type ProgramRole = keyof typeof ROLE_KINDS;

/** Each partner the program names, with the role it plays (a partner may play several). */
export function partnerRoles(program: Pick<TProgramInput, 'sponsor' | 'payerMode' | 'payerShares' | 'requirements'>): { partner: string; role: ProgramRole; field: string }[] {
  const roles: { partner: string; role: ProgramRole; field: string }[] = [{ partner: program.sponsor, role: 'sponsor', field: 'sponsor' }];
  if (program.requirements.activationBank) {
    roles.push({ partner: program.requirements.activationBank, role: 'activationBank', field: 'requirements.activationBank' });
  }
  const shares = program.payerShares ?? [];
  if (program.payerMode === 'bank') shares.forEach((s, i) => roles.push({ partner: s.partner, role: 'bankPayer', field: `payerShares.${i}.partner` }));
  if (program.payerMode === 'government') shares.forEach((s, i) => roles.push({ partner: s.partner, role: 'governmentPayer', field: `payerShares.${i}.partner` }));
  return roles;
}

const ROLE_NAMES: Record<ProgramRole, string> = {
  sponsor: 'the sponsor',
  activationBank: 'the activation bank',
  bankPayer: 'the paying bank',
  governmentPayer: 'the paying government body',
};

/**
 * The first way a program breaks the rules of its payer mode or names a partner that does not
 * exist or has the wrong kind; undefined when it is sound. `partners` holds every partner it names
 * that exists.
 */
export function checkProgram(program: TProgramInput, partners: ReadonlyMap<string, Partner>): RuleProblem | undefined {
  const shares = program.payerShares;
  const seen = new Set<string>();
  for (const [i, s] of (shares ?? []).entries()) {
    if (seen.has(s.partner)) return { field: `payerShares.${i}.partner`, error: `payerShares.${i}.partner: ${s.partner} is named twice` };
    seen.add(s.partner);
    if (!partners.has(s.partner)) return { field: `payerShares.${i}.partner`, error: `payerShares.${i}.partner: unknown partner ${s.partner}` };
  }
  for (const { partner, role, field } of partnerRoles(program)) {
    const found = partners.get(partner);
    if (!found) return { field, error: `${field}: unknown partner ${partner}` };
    const kinds: readonly PartnerKind[] = ROLE_KINDS[role];
    if (!kinds.includes(found.kind)) {
      return { field, error: `${field}: ${partner} is ${found.kind}, but ${ROLE_NAMES[role]} must be ${kinds.join(' or ')}` };
    }
  }

  switch (program.payerMode) {
    case 'recipient':
      if (shares) return { field: 'payerShares', error: 'payerShares: the recipient pays in payerMode recipient, so name no payer' };
      return undefined;
    case 'government':
      if (shares && (shares.length !== 1 || scaled(shares[0]!.share) !== SHARE_SCALE)) {
        return { field: 'payerShares', error: 'payerShares: payerMode government has one payer (the sponsor unless named here) with share 1' };
      }
      return undefined;
    case 'bank':
      if (shares) {
        if (shares.length !== 1 || scaled(shares[0]!.share) !== SHARE_SCALE) {
          return { field: 'payerShares', error: 'payerShares: payerMode bank has exactly one payer, a bank, with share 1' };
        }
      } else if (!program.requirements.activationBank) {
        return { field: 'payerShares', error: 'payerShares: payerMode bank needs its paying bank: payerShares [{partner, share: 1}] or requirements.activationBank' };
      }
      return undefined;
    case 'multi_party': {
      if (!shares || shares.length < 2) {
        return { field: 'payerShares', error: 'payerShares: payerMode multi_party needs at least two payers with their shares' };
      }
      // Exact: shares are whole ten-thousandths (checked by the schema), so their sum is compared as integers.
      const total = shares.reduce((sum, s) => sum + scaled(s.share), 0);
      if (total !== SHARE_SCALE) {
        return { field: 'payerShares', error: `payerShares: shares must add up to 1, they add up to ${total / SHARE_SCALE}` };
      }
      return undefined;
    }
  }
}

const scaled = (share: number) => Math.round(share * SHARE_SCALE);
