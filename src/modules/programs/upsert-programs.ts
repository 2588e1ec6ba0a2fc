import type { Db } from '../../db/database.js';
import { firstIssue } from '../../http/per-element.js';
import { getPartners } from './partner.service.js';
import { findProgramCodes, upsertProgram } from './program.repository.js';
import { checkProgram, partnerRoles } from './program.rules.js';
import { ZProgramInput, type TProgramInput, type TUpsertQuery, type TUpsertResult } from './program.schemas.js';
import { type WithMessages, msg } from '../../i18n/message.js';

/**
 * Creates or updates programs one element at a time; a bad element is answered with its index and
 * the field at fault and never stops the good ones. Every partner a program names must exist already.
 * With `onlyNew`, a program that exists is left as it is.
 */
export async function upsertPrograms(db: Db, elements: readonly unknown[], now: number, { onlyNew }: TUpsertQuery = { onlyNew: false }): Promise<WithMessages<TUpsertResult>[]> {
  const parsed = elements.map((e) => ZProgramInput.safeParse(e));
  const valid = parsed.flatMap((p) => (p.success ? [p.data] : []));
  const partners = await getPartners(db, valid.flatMap(namedPartners));
  const existing = await findProgramCodes(db, [...new Set(valid.map((p) => p.code))]);

  const results: WithMessages<TUpsertResult>[] = [];
  for (const [index, p] of parsed.entries()) {
    if (!p.success) {
      results.push({ index, ...firstIssue(p.error) });
      continue;
    }
    const program = p.data;
    if (onlyNew && existing.has(program.code)) {
      results.push({ index, field: 'code', error: msg('program.exists', { code: program.code }) });
      continue;
    }
    const problem = checkProgram(program, partners);
    if (problem) {
      results.push({ index, ...problem });
      continue;
    }
    const { activationBank, ...flags } = program.requirements;
    await upsertProgram(
      db,
      {
        code: program.code,
        name: program.name,
        document_type: program.documentType,
        sponsor: program.sponsor,
        payer_mode: program.payerMode,
        payer_shares: program.payerShares ? JSON.stringify(program.payerShares.map((s) => ({ partner: s.partner, share: s.share }))) : null,
        // Keys in a fixed order, activationBank only when there is one: what GET shows is what was meant.
        requirements: JSON.stringify({
          recipientOnly: flags.recipientOnly,
          idCheck: flags.idCheck,
          ...(activationBank ? { activationBank } : {}),
          ...(flags.maxAttempts === undefined ? {} : { maxAttempts: flags.maxAttempts }),
          ...(flags.holdDays === undefined ? {} : { holdDays: flags.holdDays }),
        }),
        sla_days: program.slaDays,
      },
      now,
    );
    results.push({ index, code: program.code, created: !existing.has(program.code) });
    existing.add(program.code);
  }
  return results;
}

function namedPartners(program: TProgramInput): string[] {
  return [...partnerRoles(program).map((r) => r.partner), ...(program.payerShares ?? []).map((s) => s.partner)];
}
