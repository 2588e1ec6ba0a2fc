import { z } from 'zod';
import { ZLocalDate } from '../../http/query-days.js';
import { ZPlainText, ZText } from '../../http/text.js';
import { CHANGED_BY } from './address-change.table.js';

const ZDivisionCode = z.string().regex(/^\d{6}$/, 'validation.countyCode');
const ZNewAddress = ZText({ max: 200 }).min(1).describe('the new address; names its province, city and county unless divisionCode is given');

export const ZAddressChangeInput = z.object({
  address: ZNewAddress,
  divisionCode: ZDivisionCode.optional().describe('the county (区/县) of the address; must agree with the address'),
  reason: ZText({ max: 200 }).min(1).describe('why the address changes (e.g. the recipient moved)'),
});
export type TAddressChangeInput = z.infer<typeof ZAddressChangeInput>;

const ZOneTimeCode = ZPlainText({ max: 16 }).min(1).describe('the 6-digit code sent by SMS through POST /public/items/{trackingNo}/verify');

export const ZCitizenAddressChangeInput = z.object({
  code: ZOneTimeCode,
  address: ZNewAddress,
  divisionCode: ZDivisionCode.optional().describe('the county (区/县) of the address; must agree with the address'),
});

export const ZRescheduleInput = z.object({
  code: ZOneTimeCode,
  date: ZLocalDate.describe('the day the recipient asks for, a local date from tomorrow to 14 days ahead'),
});

const ZOffice = z.object({ code: z.string(), name: z.string().nullable() });

export const ZAddressChange = z.object({
  at: z.string().describe('local time (SONGDA_TZ), ISO 8601 with offset'),
  oldAddress: z.string().nullable(),
  oldDivisionCode: z.string().nullable(),
  oldOffice: ZOffice.nullable(),
  newAddress: z.string(),
  newDivisionCode: z.string(),
  newDivisionName: z.string().nullable(),
  newOffice: ZOffice,
  reason: z.string().nullable().describe('null for a change by the recipient'),
  byKind: z.enum(CHANGED_BY),
  by: z.string().nullable().describe('the user or token that made it; null for the recipient'),
});

export const ZAddressChanges = z.object({
  trackingNo: z.string(),
  deliveryOffice: ZOffice.nullable().describe('the office the item is routed to now'),
  changes: z.array(ZAddressChange).describe('oldest first'),
  wishedDate: z.string().nullable().describe('the day the recipient asked for (POST /public/items/{trackingNo}/reschedule); null when none'),
});
export type TAddressChanges = z.infer<typeof ZAddressChanges>;

export const ZAddressChanged = z.object({
  trackingNo: z.string(),
  deliveryOffice: ZOffice,
  change: ZAddressChange,
});
export type TAddressChanged = z.infer<typeof ZAddressChanged>;

export const ZCitizenAnswer = z.object({
  trackingNo: z.string(),
  message: z.string(),
});
