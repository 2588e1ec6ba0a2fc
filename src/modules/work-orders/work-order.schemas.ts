import { z } from 'zod';
import { WORK_ORDER_PRIORITIES, WORK_ORDER_STATUSES, WORK_ORDER_TYPES } from '../../domain/work-order-clock.js';
import { ZPageLimit } from '../../http/paging.js';
import { ZLocalDate, checkPeriod } from '../../http/query-days.js';
import { ZPlainText, ZText } from '../../http/text.js';
import { ZUnitCode } from '../units/unit.schemas.js';
import { WORK_ORDER_ACTOR_KINDS, WORK_ORDER_CHANNELS } from './work-order.table.js';

export const WORK_ORDER_ACTIONS = ['assign', 'reply', 'wait', 'resume', 'resolve', 'reopen', 'close', 'escalate', 'note'] as const;
export type WorkOrderAction = (typeof WORK_ORDER_ACTIONS)[number];

/**
 * How an order was resolved. `done`: what was asked was done (an address_change or redelivery order
 * carries out the item's action); `not_done`: it could not be; `answered`: an enquiry answered;
 * `duplicate`, `withdrawn`; `scan_filled`: a proactive order whose break-point a scan closed.
 */
export const WORK_ORDER_OUTCOMES = ['done', 'not_done', 'answered', 'duplicate', 'withdrawn', 'scan_filled'] as const;
export type WorkOrderOutcome = (typeof WORK_ORDER_OUTCOMES)[number];

const ZProgramCode = z.string().regex(/^[A-Za-z0-9_.-]{1,32}$/, 'schema.programCode');
const ZUserName = ZPlainText({ max: 64 }).min(1);
const ZDivisionCode = z.string().regex(/^\d{6}$/, 'validation.countyCode');

export const ZWorkOrderNumber = z.string().regex(/^WO\d{14}$/, 'workOrder.schema.number');
export const ZWorkOrderParams = z.object({ number: ZWorkOrderNumber });

export const ZWorkOrderInput = z.strictObject({
  type: z.enum(WORK_ORDER_TYPES),
  channel: z.enum(WORK_ORDER_CHANNELS),
  trackingNo: ZPlainText({ max: 64 }).min(1).optional().describe('the item the order is about; required for address_change, redelivery and loss_report'),
  programCode: ZProgramCode.optional().describe('the program, when the order is about one but no item; with trackingNo it must be the item’s'),
  contact: z
    .strictObject({
      name: ZText({ max: 50 }).optional(),
      phone: ZPlainText({ max: 32 }).optional().describe('a mainland mobile number; stored sealed, shown masked'),
    })
    .optional()
    .describe('who to answer'),
  description: ZText({ max: 2000 }),
  priority: z.enum(WORK_ORDER_PRIORITIES).optional().describe('normal unless given; a green-channel program or partner makes it urgent'),
  unit: ZUnitCode.optional().describe('the responsible unit, when staff name it; else found from the item (open break-point, delivery office) or the sponsor’s city'),
  address: ZText({ max: 200 }).optional().describe('for address_change: the new address, carried out when the order is resolved as done'),
  divisionCode: ZDivisionCode.optional().describe('for address_change: the county of the new address'),
});
export type TWorkOrderInput = z.infer<typeof ZWorkOrderInput>;

export const ZWorkOrderActionInput = z.strictObject({
  action: z.enum(WORK_ORDER_ACTIONS),
  unit: ZUnitCode.optional().describe('assign: the unit the order moves to'),
  user: ZUserName.optional().describe('assign: the user who handles it'),
  message: ZText({ max: 2000 }).optional().describe('required for reply and note'),
  outcome: z.enum(WORK_ORDER_OUTCOMES).optional().describe('required for resolve'),
  on: z.enum(['customer', 'unit']).optional().describe('wait: whom the order waits on; waiting on the customer pauses the deadlines, on a unit does not'),
  date: ZLocalDate.optional().describe('resolve of a redelivery as done: the day the item is delivered again'),
});
export type TWorkOrderActionInput = z.infer<typeof ZWorkOrderActionInput>;

const ZInstant = z.string().describe('ISO 8601 with the configured zone’s offset');

export const ZDeadline = z.object({
  dueAt: ZInstant.describe('moved on by every pause so far; while paused, as if it resumed now'),
  doneAt: ZInstant.nullable(),
  state: z.enum(['running', 'paused', 'hit', 'missed', 'overdue']),
  minutesLeft: z.number().int().describe('business minutes left (negative when overdue, 0 when done)'),
});

const ZUnitRef = z.object({ code: z.string(), name: z.string().nullable() });

export const ZWorkOrder = z.object({
  number: z.string(),
  type: z.enum(WORK_ORDER_TYPES),
  channel: z.enum(WORK_ORDER_CHANNELS),
  status: z.enum(WORK_ORDER_STATUSES),
  priority: z.enum(WORK_ORDER_PRIORITIES),
  greenChannel: z.boolean(),
  trackingNo: z.string().nullable(),
  programCode: z.string().nullable(),
  contact: z.object({ name: z.string().nullable(), phone: z.string().nullable().describe('masked') }).nullable(),
  description: z.string(),
  address: z.object({ address: z.string(), divisionCode: z.string().nullable() }).nullable().describe('the new address of an address_change order'),
  unit: ZUnitRef,
  assignee: z.string().nullable(),
  escalationLevel: z.number().int().min(0).max(3),
  paused: z.boolean(),
  firstResponse: ZDeadline,
  resolution: ZDeadline,
  outcome: z.enum(WORK_ORDER_OUTCOMES).nullable(),
  satisfaction: z.number().int().min(1).max(5).nullable(),
  reopenCount: z.number().int(),
  createdBy: z.object({ kind: z.enum(WORK_ORDER_ACTOR_KINDS), actor: z.string().nullable() }),
  createdAt: ZInstant,
  updatedAt: ZInstant,
  resolvedAt: ZInstant.nullable(),
  closedAt: ZInstant.nullable(),
});
export type TWorkOrder = z.infer<typeof ZWorkOrder>;

export const ZWorkOrderHistoryRow = z.object({
  seq: z.number().int(),
  at: ZInstant,
  action: z.string().describe(`create, ${WORK_ORDER_ACTIONS.join(', ')}, rate, or an action of a job (escalate)`),
  by: z.object({ kind: z.enum(WORK_ORDER_ACTOR_KINDS), actor: z.string().nullable() }),
  fromStatus: z.enum(WORK_ORDER_STATUSES).nullable(),
  toStatus: z.enum(WORK_ORDER_STATUSES),
  unit: z.string().nullable(),
  user: z.string().nullable(),
  message: z.string().nullable(),
  outcome: z.string().nullable(),
  escalationLevel: z.number().int().nullable(),
});

export const ZWorkOrderItem = z
  .object({
    trackingNo: z.string(),
    status: z.string(),
    events: z.array(z.object({ code: z.string(), at: z.string(), site: z.string(), siteName: z.string().nullable(), reason: z.string().nullable() })),
    breakpoints: z.array(z.object({ type: z.string(), responsibleUnit: z.string(), openedAt: z.string(), closedAt: z.string().nullable() })),
  })
  .nullable()
  .describe('the item’s timeline (as GET /items/{trackingNo}); null for an order about no item');

export const ZWorkOrderDetail = ZWorkOrder.extend({
  history: z.array(ZWorkOrderHistoryRow).describe('oldest first'),
  item: ZWorkOrderItem,
});
export type TWorkOrderDetail = z.infer<typeof ZWorkOrderDetail>;

/** Where the last page ended, in the queue's order: green channel first, then the nearest deadline, then the order's id. */
export interface WorkOrderKeyset {
  green: number;
  due: number;
  id: number;
}

export function encodeWorkOrderCursor(at: WorkOrderKeyset): string {
  return Buffer.from(`${at.green}.${at.due}.${at.id}`, 'utf8').toString('base64url');
}

export function decodeWorkOrderCursor(cursor: string): WorkOrderKeyset | undefined {
  const m = /^([01])\.(\d{1,16})\.(\d{1,16})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!m) return undefined;
  const due = Number(m[2]);
  const id = Number(m[3]);
  return Number.isSafeInteger(due) && Number.isSafeInteger(id) ? { green: Number(m[1]), due, id } : undefined;
}

const commaList = <T extends readonly [string, ...string[]]>(values: T, what: string) =>
  z
    .string()
    .describe(`${what}, one or several separated by commas: ${values.join(', ')}`)
    .transform((v) => v.split(','))
    .pipe(z.array(z.enum(values)).min(1));

export const ZWorkOrderListQuery = z
  .strictObject({
    status: commaList(WORK_ORDER_STATUSES, 'status').optional(),
    type: commaList(WORK_ORDER_TYPES, 'type').optional(),
    channel: commaList(WORK_ORDER_CHANNELS, 'channel').optional(),
    unit: ZUnitCode.optional().describe('the responsible unit'),
    assignee: ZUserName.optional().describe('the user the order is assigned to'),
    program: ZProgramCode.optional(),
    noProgram: z.enum(['yes']).optional().describe('yes: only the orders of no program (the figures’ group \'\')'),
    overdue: z.enum(['yes', 'no']).optional().describe('yes: a deadline not met has passed (as of the order’s last action or now, whichever is later); no: none has'),
    from: ZLocalDate.optional().describe('first local day of creation, inclusive'),
    to: ZLocalDate.optional().describe('last local day of creation, inclusive'),
    limit: ZPageLimit,
    cursor: z
      .string()
      .describe('nextCursor of the previous page, unchanged')
      .transform((value, ctx) => {
        const at = /^[A-Za-z0-9_-]{1,80}$/.test(value) ? decodeWorkOrderCursor(value) : undefined;
        if (!at) {
          ctx.addIssue({ code: 'custom', message: 'schema.cursor' });
          return z.NEVER;
        }
        return at;
      })
      .optional(),
  })
  .superRefine(checkPeriod());
export type TWorkOrderListQuery = z.infer<typeof ZWorkOrderListQuery>;

export const ZWorkOrderPage = z.object({
  rows: z.array(ZWorkOrder).describe('green channel first, then the nearest deadline not yet met; orders with none left last'),
  nextCursor: z.string().nullable().describe('pass as cursor for the next page; null on the last page'),
});
export type TWorkOrderPage = z.infer<typeof ZWorkOrderPage>;

/** A citizen's own question or complaint about an item, after the phone check. */
export const ZCitizenWorkOrderInput = z.strictObject({
  code: ZPlainText({ max: 16 }).min(1).describe('the 6-digit code sent by SMS through POST /public/items/{trackingNo}/verify'),
  type: z.enum(['enquiry', 'complaint']),
  description: ZText({ max: 1000 }),
});

export const ZCitizenCode = z.object({ code: ZPlainText({ max: 16 }).min(1).describe('the one-time code of the phone check') });

export const ZCitizenRatingInput = z.strictObject({
  code: ZPlainText({ max: 16 }).min(1).describe('the one-time code of the phone check'),
  score: z.number().int().min(1).max(5),
});

/** What a citizen sees of an order: no unit, no assignee, no history. */
export const ZCitizenWorkOrder = z.object({
  number: z.string(),
  type: z.enum(WORK_ORDER_TYPES),
  status: z.enum(WORK_ORDER_STATUSES),
  statusName: z.string(),
  description: z.string(),
  createdAt: ZInstant,
  resolvedAt: ZInstant.nullable(),
  reply: z.string().nullable().describe('the last reply or resolution message'),
  satisfaction: z.number().int().nullable(),
  canRate: z.boolean(),
});
export const ZCitizenWorkOrders = z.object({ trackingNo: z.string(), orders: z.array(ZCitizenWorkOrder) });
export type TCitizenWorkOrder = z.infer<typeof ZCitizenWorkOrder>;
