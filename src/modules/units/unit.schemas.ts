import { z } from 'zod';
import { ZText } from '../../http/text.js';
import { UNIT_KINDS } from './unit.table.js';

export const ZUnitCode = z
  .string()
  .regex(/^[A-Za-z0-9_.-]{1,32}$/, 'schema.code');

export const ZUnitInput = z.strictObject({
  code: ZUnitCode,
  name: ZText({ max: 100 }),
  kind: z.enum(UNIT_KINDS),
  divisionCode: z.string().regex(/^\d{6}$/, 'validation.divisionCode'),
  parentCode: ZUnitCode.optional(),
  endOfShift: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'schema.localTime')
    .optional(),
});
export type TUnitInput = z.infer<typeof ZUnitInput>;

export const ZUnit = z.object({
  code: z.string(),
  name: z.string(),
  kind: z.enum(UNIT_KINDS),
  divisionCode: z.string(),
  divisionName: z.string().nullable(),
  provinceCode: z.string(),
  cityCode: z.string().nullable(),
  parentCode: z.string().nullable(),
  endOfShift: z.string().nullable(),
});
export type TUnit = z.infer<typeof ZUnit>;

export const ZUnitUpsertResult = z.union([
  z.object({ index: z.number(), code: z.string(), created: z.boolean() }),
  z.object({ index: z.number(), field: z.string().optional(), error: z.string() }),
]);
export type TUnitUpsertResult = z.infer<typeof ZUnitUpsertResult>;
