import type { ClockState, Deadline } from '../../domain/work-order-clock.js';
import { formatZoned } from '../../domain/scan-time.js';
import type { WorkOrderHistoryRow, WorkOrderRow } from './work-order.repository.js';
import type { TWorkOrder, ZWorkOrderHistoryRow } from './work-order.schemas.js';
import type { z } from 'zod';

export interface ViewDeps {
  timeZone: string;
  siteName(code: string): string | null;
}

const at = (ms: number | null, timeZone: string) => (ms === null ? null : formatZoned(Number(ms), timeZone));

function deadlineView(d: Deadline, timeZone: string) {
  return { dueAt: formatZoned(d.dueAt.getTime(), timeZone), doneAt: d.doneAt === null ? null : formatZoned(d.doneAt.getTime(), timeZone), state: d.state, minutesLeft: d.minutesLeft };
}

/** The order as staff and partners read it, with the clock computed at the reader's `now`. */
export function workOrderView(row: WorkOrderRow, clock: ClockState, deps: ViewDeps): TWorkOrder {
  const contact = row.contact_name === null && row.contact_phone_masked === null ? null : { name: row.contact_name, phone: row.contact_phone_masked };
  return {
    number: row.number,
    type: row.type as TWorkOrder['type'],
    channel: row.channel as TWorkOrder['channel'],
    status: row.status as TWorkOrder['status'],
    priority: row.priority as TWorkOrder['priority'],
    greenChannel: Number(row.green_channel) === 1,
    trackingNo: row.tracking_no,
    programCode: row.program_code,
    contact,
    description: row.description,
    address: row.new_address === null ? null : { address: row.new_address, divisionCode: row.new_division_code },
    unit: { code: row.unit, name: deps.siteName(row.unit) },
    assignee: row.assignee,
    escalationLevel: clock.escalationLevel,
    paused: clock.paused,
    firstResponse: deadlineView(clock.firstResponse, deps.timeZone),
    resolution: deadlineView(clock.resolution, deps.timeZone),
    outcome: row.outcome as TWorkOrder['outcome'],
    satisfaction: row.satisfaction === null ? null : Number(row.satisfaction),
    reopenCount: Number(row.reopen_count),
    createdBy: { kind: row.created_by_kind as TWorkOrder['createdBy']['kind'], actor: row.created_by },
    createdAt: formatZoned(Number(row.created_at), deps.timeZone),
    updatedAt: formatZoned(Number(row.updated_at), deps.timeZone),
    resolvedAt: at(row.resolved_at, deps.timeZone),
    closedAt: at(row.closed_at, deps.timeZone),
  };
}

export function historyView(row: WorkOrderHistoryRow, timeZone: string): z.infer<typeof ZWorkOrderHistoryRow> {
  return {
    seq: Number(row.seq),
    at: formatZoned(Number(row.at), timeZone),
    action: row.action,
    by: { kind: row.actor_kind as 'staff', actor: row.actor },
    fromStatus: row.from_status as z.infer<typeof ZWorkOrderHistoryRow>['fromStatus'],
    toStatus: row.to_status as z.infer<typeof ZWorkOrderHistoryRow>['toStatus'],
    unit: row.unit,
    user: row.user_name,
    message: row.message,
    outcome: row.outcome,
    escalationLevel: row.escalation_level === null ? null : Number(row.escalation_level),
  };
}
