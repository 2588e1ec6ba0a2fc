import { z } from 'zod';
import { ZPlainText } from '../../http/text.js';
import { ZLocalDate as ZQueryDay } from '../../http/query-days.js';

export const ZLocalDate = ZQueryDay.describe('local day YYYY-MM-DD in the configured time zone (SONGDA_TZ, Asia/Shanghai by default)');

export const ZReconciliationParams = z.object({ code: ZPlainText({ max: 64 }).describe('delivery office unit code') });
export const ZReconciliationQuery = z.object({ date: ZLocalDate });

const trackingNos = z.array(z.string()).describe('tracking numbers, sorted');

export const ZReconciliation = z.object({
  office: z.string(),
  date: z.string(),
  endOfShift: z.string().describe("the office's end of shift on the day, ISO 8601 with the zone's offset"),
  inbound: z
    .object({ total: z.number(), handedOver: z.number(), missing: trackingNos })
    .describe('进口投递对比: items that arrived during the day vs handed over (out for delivery, held or delivered) by its end'),
  held: z
    .object({ total: z.number(), takenOut: z.number(), stillHeld: trackingNos })
    .describe('留存出库下段: items held at the start of the day or during it vs taken out (out for delivery or delivered) by its end'),
  shift: z
    .object({
      total: z.number(),
      delivered: z.number(),
      failed: z.number(),
      held: z.number(),
      stillOut: trackingNos,
      balanced: z.boolean(),
    })
    .describe('收班平衡合拢: items out for delivery during the day and their result by end of shift; balanced when none is still out'),
  lists: z
    .object({
      inbound: trackingNos.describe('the items of inbound.total'),
      handedOver: trackingNos.describe('the items of inbound.handedOver'),
      held: trackingNos.describe('the items of held.total'),
      takenOut: trackingNos.describe('the items of held.takenOut'),
      shift: trackingNos.describe('the items of shift.total'),
      delivered: trackingNos.describe('the items of shift.delivered'),
      failed: trackingNos.describe('the items of shift.failed'),
      heldAtShift: trackingNos.describe('the items of shift.held'),
    })
    .describe('the items every figure counts (the differences are listed in missing, stillHeld and stillOut): each figure is the length of its list'),
});
export type TReconciliation = z.infer<typeof ZReconciliation>;
