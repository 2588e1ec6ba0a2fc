import { z } from 'zod';
import type { Db } from '../../db/database.js';
import { findDivision } from '../../domain/divisions.js';
import { formatZoned } from '../../domain/scan-time.js';
import { AppError } from '../../errors.js';
import { msg } from '../../i18n/message.js';
import type { Caller } from '../auth/api-token.service.js';
import { findDeliveryWishes } from '../address-changes/address-change.repository.js';
import { listItemsAtOffice } from '../items/items-at-office.repository.js';
import { getProgram } from '../programs/program.service.js';
import { ZUnitCode } from '../units/unit.schemas.js';

/** Most items one list shows: an office's round is tens, a busy one's a few hundred. */
export const MAX_ROUND_ITEMS = 500;

export const ZTodaysRoundQuery = z.object({
  office: ZUnitCode.optional().describe('the delivery office; a courier’s own when left out (a courier may name no other), required for the post’s staff'),
});

export const ZRoundItem = z.object({
  trackingNo: z.string(),
  state: z.enum(['out', 'held']).describe('out: taken out for delivery from the office; held: held at the office for pickup'),
  since: z.string().describe('when the item went out or was held (the last scan)'),
  operator: z.string().nullable().describe('who the last scan names (the scanner’s own text)'),
  program: z.string().nullable(),
  programName: z.string().nullable(),
  address: z.string().nullable().describe('where it goes: the division’s full name and the street address'),
  requirements: z.object({ recipientOnly: z.boolean(), idCheck: z.boolean(), activationBank: z.string().nullable() }),
  wishedDate: z.string().optional().describe('the day the recipient asked for (YYYY-MM-DD), when they asked for one'),
});
export type TRoundItem = z.infer<typeof ZRoundItem>;

export const ZTodaysRound = z.object({
  office: z.string(),
  officeName: z.string().nullable(),
  items: z.array(ZRoundItem),
  truncated: z.boolean().describe(`true when the office has more than ${MAX_ROUND_ITEMS} such items; the newest are listed`),
});
export type TTodaysRound = z.infer<typeof ZTodaysRound>;

/**
 * A courier's round (docs/decisions/0039-courier-phone-page.md): the items out for delivery from the
 * office and those held there, each with what its program asks at the door. The office's, not the
 * courier's own: a scan's operator is the scanner's text, not a Songda user, so which items one
 * courier carries cannot be told; each row shows that text so a courier can recognise their own.
 */
export async function getTodaysRound(
  db: Db,
  query: { office?: string },
  caller: Caller,
  deps: { timeZone: string; siteName(code: string): string | null },
): Promise<TTodaysRound> {
  const office = roundOffice(query.office, caller);
  if (deps.siteName(office) === null && caller.role !== 'courier') throw new AppError('not_found', msg('notFound.unit', { code: office }));
  const rows = await listItemsAtOffice(db, office, MAX_ROUND_ITEMS + 1);
  const programs = new Map<string, Awaited<ReturnType<typeof getProgram>>>();
  for (const code of new Set(rows.flatMap((r) => (r.program_code === null ? [] : [r.program_code])))) programs.set(code, await getProgram(db, code));
  const wishes = await findDeliveryWishes(db, rows.map((r) => r.tracking_no));
  const items = rows.slice(0, MAX_ROUND_ITEMS).map((r): TRoundItem => {
    const program = r.program_code === null ? undefined : programs.get(r.program_code);
    const division = r.dest_division_code === null ? undefined : findDivision(r.dest_division_code)?.fullName;
    // A placed address usually starts with its division already: named once.
    const address = division && !r.dest_address?.startsWith(division) ? [division, r.dest_address].filter((part) => part).join(' ') : r.dest_address;
    return {
      trackingNo: r.tracking_no,
      state: r.last_event_code === 'HELD' ? 'held' : 'out',
      since: formatZoned(r.last_event_at, deps.timeZone),
      operator: r.operator,
      program: r.program_code,
      programName: program?.name ?? null,
      address: address || null,
      requirements: {
        recipientOnly: program?.requirements.recipientOnly ?? false,
        idCheck: program?.requirements.idCheck ?? false,
        activationBank: program?.requirements.activationBank ?? null,
      },
      ...(wishes.has(r.tracking_no) ? { wishedDate: wishes.get(r.tracking_no)! } : {}),
    };
  });
  return { office, officeName: deps.siteName(office), items, truncated: rows.length > MAX_ROUND_ITEMS };
}

/** A courier sees their own office only; the post's staff name the office they look at. */
function roundOffice(asked: string | undefined, caller: Caller): string {
  if (caller.role === 'courier') {
    const own = caller.unit ?? '';
    if (asked !== undefined && asked !== own) throw new AppError('forbidden', msg('courier.roundNotOwn', { unit: own }), { field: 'office' });
    return own;
  }
  if (asked === undefined) throw new AppError('invalid_request', msg('courier.roundNeedsOffice'), { field: 'office' });
  return asked;
}
