import { z } from 'zod';
import { WORK_ORDER_TYPES, type WorkOrderType } from '../../domain/work-order-clock.js';

const ZMinutes = z.int().min(1).max(60 * 24 * 365).describe('business minutes, on the unit’s calendar');
const ZTypePolicy = z.strictObject({ firstResponseMinutes: ZMinutes.optional(), resolutionMinutes: ZMinutes.optional() });

/** A program's own deadlines per type (what is not named keeps the default of docs/work-orders-deadlines.md), and its proactive service. */
export const ZWorkOrderPolicy = z.strictObject({
  ...(Object.fromEntries(WORK_ORDER_TYPES.map((type) => [type, ZTypePolicy.optional()])) as Record<WorkOrderType, z.ZodOptional<typeof ZTypePolicy>>),
  proactive: z
    .strictObject({ afterHours: z.int().min(1).max(24 * 30).describe('hours an open break-point waits before a proactive order is opened for its item') })
    .optional()
    .describe('absent: no proactive service for the program'),
});

export const ZProgramWorkOrderSettingsInput = z
  .strictObject({
    greenChannel: z.boolean().optional().describe('the program’s orders start urgent and sort first'),
    policy: ZWorkOrderPolicy.nullable().optional().describe('null: back to the defaults'),
  })
  .describe('only the fields sent change');

export const ZProgramWorkOrderSettings = z.object({
  programCode: z.string(),
  greenChannel: z.boolean().describe('the program’s own flag'),
  sponsorGreenChannel: z.boolean().describe('the sponsor’s flag: either puts the program’s orders on the green channel'),
  policy: ZWorkOrderPolicy.nullable(),
});

export const ZPartnerGreenChannelInput = z.strictObject({ greenChannel: z.boolean() });
export const ZPartnerGreenChannel = z.object({ partner: z.string(), greenChannel: z.boolean() });

const ZCalendar = z.object({
  timeZone: z.string().describe('IANA zone, e.g. Asia/Shanghai'),
  hours: z
    .object({ open: z.string().describe('HH:MM'), close: z.string().describe('HH:MM, 24:00 allowed, after open'), weekdays: z.array(z.int()).describe('1 = Monday … 7 = Sunday') })
    .nullable()
    .describe('null: around the clock'),
  holidays: z.array(z.string()).describe('YYYY-MM-DD: no work that day'),
  workdays: z.array(z.string()).describe('YYYY-MM-DD: worked although not a weekday of `hours` (调休)'),
});
export const ZUnitCalendarInput = z.strictObject({
  calendar: z.record(z.string(), z.unknown()).nullable().describe('a calendar as in the answer, checked field by field; null: around the clock'),
});
export const ZUnitCalendar = z.object({ unit: z.string(), calendar: ZCalendar.nullable().describe('null: around the clock (the default)') });

export const ZCodeParams = z.object({ code: z.string().max(64) });
