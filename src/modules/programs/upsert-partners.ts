import type { Db } from '../../db/database.js';
import { findDivision } from '../../domain/divisions.js';
import { firstIssue } from '../../http/per-element.js';
import { findPartners, upsertPartner } from './partner.repository.js';
import { listPrograms } from './program.repository.js';
import { ROLE_KINDS, kindTerms, partnerRoles } from './program.rules.js';
import { ZPartnerInput, type TUpsertQuery, type TUpsertResult } from './program.schemas.js';
import { toProgram } from './program.service.js';
import type { PartnerKind } from './program.table.js';
import { type WithMessages, msg } from '../../i18n/message.js';

interface KindRequirement {
  kinds: readonly PartnerKind[];
  /** The first program field that names the partner, and its program. */
  field: string;
  program: string;
}

/**
 * Creates or updates partners one element at a time. A partner's kind may not change while a
 * program relies on it (a sponsor must stay an agency, an activation bank a bank), because the
 * program's rules were checked against that kind. With `onlyNew`, a partner that exists is left as it is.
 */
export async function upsertPartners(db: Db, elements: readonly unknown[], now: number, { onlyNew }: TUpsertQuery = { onlyNew: false }): Promise<WithMessages<TUpsertResult>[]> {
  const parsed = elements.map((e) => ZPartnerInput.safeParse(e));
  const codes = [...new Set(parsed.flatMap((p) => (p.success ? [p.data.code] : [])))];
  const existing = new Map((await findPartners(db, codes)).map((p) => [p.code, p]));
  const required = existing.size > 0 ? await requiredKinds(db) : new Map<string, KindRequirement>();

  const results: WithMessages<TUpsertResult>[] = [];
  for (const [index, p] of parsed.entries()) {
    if (!p.success) {
      results.push({ index, ...firstIssue(p.error) });
      continue;
    }
    const partner = p.data;
    if (!findDivision(partner.divisionCode)) {
      results.push({ index, field: 'divisionCode', error: msg('partners.unknownDivision', { code: partner.divisionCode }) });
      continue;
    }
    const before = existing.get(partner.code);
    if (before && onlyNew) {
      results.push({ index, field: 'code', error: msg('partner.exists', { code: partner.code }) });
      continue;
    }
    const need = required.get(partner.code);
    if (before && need && !need.kinds.includes(partner.kind)) {
      results.push({ index, field: 'kind', error: msg('partner.kindMustStay', { code: partner.code, field: need.field, program: need.program, kinds: kindTerms(need.kinds) }) });
      continue;
    }
    await upsertPartner(db, { code: partner.code, name: partner.name, kind: partner.kind, division_code: partner.divisionCode }, now);
    results.push({ index, code: partner.code, created: !before });
    if (!before) existing.set(partner.code, { ...partner, division_code: partner.divisionCode, green_channel: 0, created_at: now, updated_at: now });
  }
  return results;
}

/** The kinds each partner must keep because a program names it (as sponsor, bank or payer). */
async function requiredKinds(db: Db): Promise<Map<string, KindRequirement>> {
  const required = new Map<string, KindRequirement>();
  for (const program of (await listPrograms(db)).map(toProgram)) {
    for (const { partner, role, field } of partnerRoles({ ...program, payerShares: program.payerShares ?? undefined })) {
      const kinds: readonly PartnerKind[] = ROLE_KINDS[role];
      const before = required.get(partner);
      // A partner in two roles keeps only the kinds both allow.
      required.set(partner, {
        kinds: before ? before.kinds.filter((k) => kinds.includes(k)) : kinds,
        field: before ? before.field : field,
        program: before ? before.program : program.code,
      });
    }
  }
  return required;
}
