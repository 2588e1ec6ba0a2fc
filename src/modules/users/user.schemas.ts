import { z } from 'zod';
import { ZPlainText, ZText } from '../../http/text.js';
import { ZPartnerCode } from '../auth/api-token.schemas.js';
import { ROLES } from '../auth/api-token.table.js';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from './password.js';

/** Usernames are compared lower-cased: `Zhang.Wei` and `zhang.wei` are one person. */
export const ZUsername = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9._-]{1,63}$/, 'must be 2–64 letters, digits, dot, dash or underscore, starting with a letter or digit');

export const ZNewUser = z.strictObject({
  username: ZUsername,
  role: z.enum(ROLES),
  password: z
    .string()
    .min(MIN_PASSWORD_LENGTH, `must be at least ${MIN_PASSWORD_LENGTH} characters`)
    .max(MAX_PASSWORD_LENGTH, `must be at most ${MAX_PASSWORD_LENGTH} characters`),
  displayName: ZText({ max: 100 }).optional(),
  partner: ZPartnerCode.optional(),
});
export type TNewUser = z.input<typeof ZNewUser>;

export const ZUser = z.object({
  username: z.string(),
  role: z.enum(ROLES),
  displayName: z.string().describe('the name to show; the username when none was given'),
  partner: z.string().nullable().describe('for role partner: the partner the user acts for, whose data alone the console shows'),
});
export type TUser = z.infer<typeof ZUser>;

// Sign-in takes any string up to the limits: a malformed username is just a wrong one (the answer
// must not tell which usernames could exist).
export const ZSignInBody = z.strictObject({
  username: ZPlainText({ max: 200 }).min(1),
  password: z.string().min(1).max(MAX_PASSWORD_LENGTH),
});
export type TSignInBody = z.infer<typeof ZSignInBody>;

export const ZSessionAnswer = z.object({ user: ZUser });
