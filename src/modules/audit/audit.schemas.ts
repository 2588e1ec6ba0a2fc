import { z } from 'zod';
import { ZPlainText } from '../../http/text.js';
import { ZPageLimit } from '../../http/paging.js';
import { ZLocalDate } from '../../http/query-days.js';

/** Where a page ended: (at, id) of its last row, as an opaque string. */
export interface AuditKeyset {
  at: number;
  id: number;
}

export function encodeAuditCursor(k: AuditKeyset): string {
  return Buffer.from(`a.${k.at}.${k.id}`, 'utf8').toString('base64url');
}

function decodeAuditCursor(cursor: string): AuditKeyset | undefined {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(cursor)) return undefined;
  const m = /^a\.(\d{1,16})\.(\d{1,16})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!m) return undefined;
  const at = Number(m[1]);
  const id = Number(m[2]);
  return Number.isSafeInteger(at) && Number.isSafeInteger(id) ? { at, id } : undefined;
}

export const ZAuditQuery = z.strictObject({
  action: ZPlainText({ max: 64 }).optional().describe('e.g. recipient.reveal'),
  actor: ZPlainText({ max: 128 }).optional().describe('e.g. token:0123abcd…'),
  subject: ZPlainText({ max: 128 }).optional().describe('e.g. a recipient id'),
  from: ZLocalDate.optional().describe('first local day of the rows, YYYY-MM-DD (in the configured time zone)'),
  to: ZLocalDate.optional().describe('last local day of the rows, YYYY-MM-DD, included'),
  limit: ZPageLimit,
  cursor: z
    .string()
    .describe('nextCursor of the previous page, unchanged')
    .transform((value, ctx) => {
      const at = decodeAuditCursor(value);
      if (!at) {
        ctx.addIssue({ code: 'custom', message: 'schema.cursor' });
        return z.NEVER;
      }
      return at;
    })
    .optional(),
});
export type TAuditQuery = z.infer<typeof ZAuditQuery>;

export const ZAuditEntry = z.object({
  id: z.number(),
  at: z.string().describe('ISO 8601, with the offset of the configured time zone'),
  actor: z.string(),
  action: z.string(),
  subject: z.string(),
  detail: z.record(z.string(), z.unknown()).nullable().describe('what the act concerned, as recorded with it'),
  partner: z.string().nullable().describe('the partner the row concerns; null for the post’s own acts'),
});

export const ZAuditPage = z.object({
  rows: z.array(ZAuditEntry),
  nextCursor: z.string().nullable().describe('pass as cursor for the next page; null on the last page'),
});
export type TAuditPage = z.infer<typeof ZAuditPage>;
