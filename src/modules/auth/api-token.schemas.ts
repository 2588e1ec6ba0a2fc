import { z } from 'zod';
import { offsetMinutesAt } from '../../domain/local-day.js';
import { formatInstant } from '../../domain/scan-time.js';
import { ZText } from '../../http/text.js';
import { ZCode } from '../programs/program.schemas.js';
import type { ApiTokenTable } from './api-token.table.js';
import { ROLES, TOKEN_SOURCES } from './api-token.table.js';
import { MAX_TOKEN_DAYS } from './api-token.service.js';

/** A token's name, as the API and `songda token create --name` take it. */
export const ZTokenName = ZText({ max: 100 });

/** A partner code as a token or a user names it; whether it exists is checked by the service (422). */
export const ZPartnerCode = ZCode.describe('for role partner, and only then: the code of the partner the credential acts for');

export const ZCreateTokenBody = z.strictObject({
  role: z.enum(ROLES),
  partner: ZPartnerCode.optional(),
  name: ZTokenName.optional(),
  expiresInDays: z
    .number()
    .int('schema.wholeDays')
    // A refinement rather than .min/.max: its issue carries the parameter of the message.
    .refine((days) => days >= 1 && days <= MAX_TOKEN_DAYS, { message: 'schema.dayCount', params: { max: MAX_TOKEN_DAYS } })
    .optional()
    .describe(`days until the token stops working, 1–${MAX_TOKEN_DAYS}; without it, the token works until revoked`),
});
export type TCreateTokenBody = z.infer<typeof ZCreateTokenBody>;

const ZInstant = z.string().describe('ISO 8601, with the offset of the configured time zone');

export const ZTokenCreated = z.object({
  id: z.string(),
  role: z.enum(ROLES),
  partner: z.string().nullable().describe('the partner a partner token acts for; null for other roles'),
  token: z.string().describe('the token itself: shown only in this answer'),
  expiresAt: ZInstant.nullable(),
});

export const ZTokenParams = z.strictObject({ id: z.string().regex(/^[0-9a-f]{16}$/, 'schema.tokenId') });

export const ZApiToken = z.object({
  id: z.string(),
  role: z.enum(ROLES),
  name: z.string().nullable(),
  partner: z.string().nullable().describe('the partner a partner token acts for; null for other roles'),
  source: z.enum(TOKEN_SOURCES).nullable().describe('api, cli, environment (SONGDA_ADMIN_TOKEN), demo, first-start; null if made before this was recorded'),
  createdAt: ZInstant,
  expiresAt: ZInstant.nullable(),
  revokedAt: ZInstant.nullable(),
  state: z.enum(['active', 'expired', 'revoked']).describe('at the time of the answer'),
});
export type TApiToken = z.infer<typeof ZApiToken>;

export const showInstant = (ms: number, timeZone: string) => formatInstant(ms, offsetMinutesAt(ms, timeZone));

type ShownToken = Pick<ApiTokenTable, 'id' | 'role' | 'name' | 'source' | 'created_at' | 'expires_at' | 'revoked_at' | 'partner'>;

/** A stored token as the API lists it: never its value, which is not stored. */
export function showApiToken(row: ShownToken, now: number, timeZone: string): TApiToken {
  const expiresAt = row.expires_at === null ? null : Number(row.expires_at);
  const revokedAt = row.revoked_at === null ? null : Number(row.revoked_at);
  return {
    id: row.id,
    role: row.role,
    name: row.name,
    partner: row.partner,
    source: row.source,
    createdAt: showInstant(Number(row.created_at), timeZone),
    expiresAt: expiresAt === null ? null : showInstant(expiresAt, timeZone),
    revokedAt: revokedAt === null ? null : showInstant(revokedAt, timeZone),
    state: revokedAt !== null ? 'revoked' : expiresAt !== null && expiresAt <= now ? 'expired' : 'active',
  };
}
