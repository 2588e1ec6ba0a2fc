import { z } from 'zod';
import { ZPlainText, ZText } from '../../http/text.js';
import { ZPartnerCode } from '../auth/api-token.schemas.js';
import { ROLES } from '../auth/api-token.table.js';
import { ZUnitCode } from '../units/unit.schemas.js';
import { ZPageLimit } from '../../http/paging.js';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from './password.js';

/** Usernames are compared lower-cased: `Zhang.Wei` and `zhang.wei` are one person. */
export const ZUsername = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9._-]{1,63}$/, 'schema.username');

export const ZPassword = z
  .string()
  .min(MIN_PASSWORD_LENGTH, 'text.tooShort')
  .max(MAX_PASSWORD_LENGTH, 'text.tooLong');

const ZDisplayName = ZText({ max: 100 });
const ZUserUnit = ZUnitCode.describe('for the post’s own staff (not role partner): the code of the unit the user works at');

export const ZNewUser = z.strictObject({
  username: ZUsername,
  role: z.enum(ROLES),
  password: ZPassword,
  displayName: ZDisplayName.optional(),
  partner: ZPartnerCode.optional(),
  unit: ZUserUnit.optional(),
});
export type TNewUser = z.input<typeof ZNewUser>;

/** POST /users: as `songda user create`, except that a password left out is made up and shown once. */
export const ZCreateUserBody = ZNewUser.extend({
  password: ZPassword.optional().describe(`at least ${MIN_PASSWORD_LENGTH} characters; left out, one is generated and answered once`),
});
export type TCreateUserBody = z.infer<typeof ZCreateUserBody>;

export const ZUser = z.object({
  username: z.string(),
  role: z.enum(ROLES),
  displayName: z.string().describe('the name to show; the username when none was given'),
  partner: z.string().nullable().describe('for role partner: the partner the user acts for, whose data alone the console shows'),
});
export type TUser = z.infer<typeof ZUser>;

const ZInstant = z.string().describe('ISO 8601, with the offset of the configured time zone');

/** A user as the administrators' list shows them (never the password or its hash). */
export const ZUserAccount = ZUser.extend({
  unit: z.string().nullable().describe('the unit a staff user works at; null when none'),
  createdAt: ZInstant,
  disabledAt: ZInstant.nullable().describe('when the user was disabled (cannot sign in; sessions ended); null while active'),
});
export type TUserAccount = z.infer<typeof ZUserAccount>;

export const ZUserParams = z.strictObject({ username: ZUsername });

export const ZUserListQuery = z.strictObject({
  role: z.enum(ROLES).optional(),
  unit: ZUnitCode.optional(),
  partner: ZPartnerCode.optional(),
  state: z.enum(['active', 'disabled', 'all']).default('all').describe('active, disabled, or all (default)'),
  limit: ZPageLimit,
  cursor: ZUsername.optional().describe('nextCursor of the previous page, unchanged'),
});
export type TUserListQuery = z.infer<typeof ZUserListQuery>;

export const ZUserPage = z.object({
  rows: z.array(ZUserAccount),
  nextCursor: z.string().nullable().describe('pass as cursor for the next page; null on the last page'),
});
export type TUserPage = z.infer<typeof ZUserPage>;

/**
 * PATCH /users/:username: only the fields sent change. `unit` and `partner` take null to clear; a
 * role change must leave the user with what the new role needs (partner for role partner, no unit).
 */
export const ZUpdateUserBody = z.strictObject({
  role: z.enum(ROLES).optional(),
  displayName: ZDisplayName.nullable().optional().describe('null: show the username'),
  unit: ZUserUnit.nullable().optional(),
  partner: ZPartnerCode.nullable().optional(),
  disabled: z.boolean().optional().describe('true: cannot sign in, and every session ends at once; false: may sign in again'),
});
export type TUpdateUserBody = z.infer<typeof ZUpdateUserBody>;

export const ZPasswordResetBody = z.strictObject({
  password: ZPassword.optional().describe('the new password; left out, one is generated and answered once'),
});

export const ZUserCreated = z.object({
  user: ZUserAccount,
  password: z.string().nullable().describe('the generated password, shown only in this answer; null when the request gave one'),
});

export const ZPasswordReset = z.object({
  username: z.string(),
  password: z.string().nullable().describe('the generated password, shown only in this answer; null when the request gave one'),
  sessionsEnded: z.number().describe('the user’s sessions ended by the reset: they sign in again with the new password'),
});

// Sign-in takes any string up to the limits: a malformed username is just a wrong one (the answer
// must not tell which usernames could exist).
export const ZSignInBody = z.strictObject({
  username: ZPlainText({ max: 200 }).min(1),
  password: z.string().min(1).max(MAX_PASSWORD_LENGTH),
});
export type TSignInBody = z.infer<typeof ZSignInBody>;

export const ZSessionAnswer = z.object({ user: ZUser });

export const ZPasswordChangeBody = z.strictObject({
  currentPassword: z.string().min(1).max(MAX_PASSWORD_LENGTH).describe('the password the user signs in with now'),
  newPassword: ZPassword.describe(`the new password, ${MIN_PASSWORD_LENGTH} characters or more`),
});
export type TPasswordChangeBody = z.infer<typeof ZPasswordChangeBody>;

export const ZPasswordChanged = z.object({
  sessionsEnded: z.number().describe('the user’s other sessions ended by the change; this one stays signed in'),
});
