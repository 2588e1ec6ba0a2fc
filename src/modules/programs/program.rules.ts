import { SHARE_SCALE, type TProgramInput } from './program.schemas.js';
import type { Partner } from './partner.service.js';
import type { PartnerKind } from './program.table.js';
import { type Message, type Param, msg, term } from '../../i18n/message.js';

export interface RuleProblem {
  field: string;
  error: Message;
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

const ROLE_NAMES: Record<ProgramRole, Message> = {
  sponsor: msg('program.role.sponsor'),
  activationBank: msg('program.role.activationBank'),
  bankPayer: msg('program.role.bankPayer'),
  governmentPayer: msg('program.role.governmentPayer'),
};

/** The kinds a role allows (one or two), named from the glossary: 银行, or 发证机关或政务服务中心. */
export function kindTerms(kinds: readonly string[]): Param {
  const [a, b, ...more] = kinds.map((k) => term('partnerKind', k));
  return b === undefined || more.length > 0 ? kinds.map((k) => term('partnerKind', k)) : msg('program.eitherKind', { a: a!, b });
}

/**
 * The first way a program breaks the rules of its payer mode or names a partner that does not
 * exist or has the wrong kind; undefined when it is sound. `partners` holds every partner it names
 * that exists.
 */
export function checkProgram(program: TProgramInput, partners: ReadonlyMap<string, Partner>): RuleProblem | undefined {
  const shares = program.payerShares;
  const seen = new Set<string>();
  for (const [i, s] of (shares ?? []).entries()) {
    if (seen.has(s.partner)) return { field: `payerShares.${i}.partner`, error: msg('program.partnerTwice', { field: `payerShares.${i}.partner`, partner: s.partner }) };
    seen.add(s.partner);
    if (!partners.has(s.partner)) return { field: `payerShares.${i}.partner`, error: msg('access.unknownPartner', { field: `payerShares.${i}.partner`, partner: s.partner }) };
  }
  for (const { partner, role, field } of partnerRoles(program)) {
    const found = partners.get(partner);
    if (!found) return { field, error: msg('access.unknownPartner', { field, partner }) };
    const kinds: readonly PartnerKind[] = ROLE_KINDS[role];
    if (!kinds.includes(found.kind)) {
      return { field, error: msg('program.wrongKind', { field, partner, kind: term('partnerKind', found.kind), role: ROLE_NAMES[role], kinds: kindTerms(kinds) }) };
    }
  }

  switch (program.payerMode) {
    case 'recipient':
      if (shares) return { field: 'payerShares', error: msg('program.recipientPaysNoPayer') };
      return undefined;
    case 'government':
      if (shares && (shares.length !== 1 || scaled(shares[0]!.share) !== SHARE_SCALE)) {
        return { field: 'payerShares', error: msg('program.governmentOnePayer') };
      }
      return undefined;
    case 'bank':
      if (shares) {
        if (shares.length !== 1 || scaled(shares[0]!.share) !== SHARE_SCALE) {
          return { field: 'payerShares', error: msg('program.bankOnePayer') };
        }
      } else if (!program.requirements.activationBank) {
        return { field: 'payerShares', error: msg('program.bankNeedsBank', { example: 'payerShares [{partner, share: 1}]' }) };
      }
      return undefined;
    case 'multi_party': {
      if (!shares || shares.length < 2) {
        return { field: 'payerShares', error: msg('program.multiPartyTwoPayers') };
      }
      // Exact: shares are whole ten-thousandths (checked by the schema), so their sum is compared as integers.
      const total = shares.reduce((sum, s) => sum + scaled(s.share), 0);
      if (total !== SHARE_SCALE) {
        return { field: 'payerShares', error: msg('program.sharesSum', { total: total / SHARE_SCALE }) };
      }
      return undefined;
    }
  }
}

const scaled = (share: number) => Math.round(share * SHARE_SCALE);
