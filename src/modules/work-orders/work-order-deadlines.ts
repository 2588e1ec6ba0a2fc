import type { Db } from '../../db/database.js';
import {
  ALWAYS_OPEN,
  type ClockEvent,
  type ClockPolicy,
  type ClockState,
  type PolicyOverride,
  WORK_ORDER_TYPES,
  type WorkCalendar,
  type WorkOrderPriority,
  type WorkOrderStatus,
  type WorkOrderType,
  calendarFrom,
  clockOf,
  policyFor,
} from '../../domain/work-order-clock.js';
import { findProgramWorkOrderTerms } from '../programs/work-order-terms.js';
import { findWorkCalendarJson } from '../units/work-calendar.repository.js';
import { NO_DEADLINE } from './work-order.table.js';

/** What an order's clock runs on: the policy of its type, priority and program, and its unit's calendar. */
export interface ClockRules {
  policy: ClockPolicy;
  calendar: WorkCalendar;
}

/** The rows of an order's history as far as the clock cares. */
export interface ClockHistoryRow {
  at: number;
  to_status: string;
  responds: number;
  escalation_level?: number | null;
}

/**
 * Reads the rules of orders' clocks, each program's policy and each unit's calendar once: a queue page
 * of fifty orders of a few units and programs asks a few times, not fifty.
 */
export class ClockRuleReader {
  readonly #calendars = new Map<string, Promise<WorkCalendar>>();
  readonly #overrides = new Map<string, Promise<PolicyOverride | undefined>>();
  constructor(private readonly db: Db) {}

  async rulesFor(order: { type: string; priority: string; program_code: string | null; unit: string }): Promise<ClockRules> {
    const [calendar, override] = await Promise.all([this.calendarOf(order.unit), order.program_code === null ? undefined : this.overrideOf(order.program_code)]);
    return { policy: policyFor(order.type as WorkOrderType, order.priority as WorkOrderPriority, override), calendar };
  }

  calendarOf(unit: string): Promise<WorkCalendar> {
    let calendar = this.#calendars.get(unit);
    if (!calendar) {
      calendar = findWorkCalendarJson(this.db, unit).then((json) => (json ? calendarFrom(JSON.parse(json)) : ALWAYS_OPEN));
      this.#calendars.set(unit, calendar);
    }
    return calendar;
  }

  overrideOf(programCode: string): Promise<PolicyOverride | undefined> {
    let override = this.#overrides.get(programCode);
    if (!override) {
      override = findProgramWorkOrderTerms(this.db, programCode).then((terms) => policyOverrideFrom(terms?.policyJson ?? null));
      this.#overrides.set(programCode, override);
    }
    return override;
  }
}

/**
 * A program's stored policy: per type, whole positive minutes for either deadline. What is not that is
 * left out (the type keeps its default), so a bad stored value never stops the orders of a program.
 */
export function policyOverrideFrom(json: string | null): PolicyOverride | undefined {
  if (json === null) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const override: PolicyOverride = {};
  for (const type of WORK_ORDER_TYPES) {
    const entry = (value as Record<string, unknown>)[type];
    if (typeof entry !== 'object' || entry === null) continue;
    const minutes = (key: keyof ClockPolicy) => {
      const v = (entry as Record<string, unknown>)[key];
      return Number.isSafeInteger(v) && (v as number) > 0 ? (v as number) : undefined;
    };
    const first = minutes('firstResponseMinutes');
    const resolution = minutes('resolutionMinutes');
    override[type] = { ...(first === undefined ? {} : { firstResponseMinutes: first }), ...(resolution === undefined ? {} : { resolutionMinutes: resolution }) };
  }
  return override;
}

export function clockEventsOf(history: readonly ClockHistoryRow[]): ClockEvent[] {
  return history.map((h) => ({ at: new Date(Number(h.at)), status: h.to_status as WorkOrderStatus, responds: Number(h.responds) === 1 }));
}

/** The order's clock at `now`, with the escalation level the clock gives or a recorded escalation raised it to, whichever is higher. */
export function orderClock(rules: ClockRules, history: readonly ClockHistoryRow[], now: number): ClockState {
  const state = clockOf({ events: clockEventsOf(history), policy: rules.policy, calendar: rules.calendar, now: new Date(now) });
  const recorded = Math.max(0, ...history.map((h) => Number(h.escalation_level ?? 0)));
  return { ...state, escalationLevel: Math.max(state.escalationLevel, recorded) as ClockState['escalationLevel'] };
}

const FINISHED: ReadonlySet<string> = new Set(['resolved', 'closed']);

/** The clock's columns of the order's row, as of its last action: what the queue sorts by and the overdue filter reads. */
export function clockColumns(state: ClockState, status: string) {
  const open = !FINISHED.has(status);
  const dues = [state.firstResponse, state.resolution].filter((d) => d.doneAt === null).map((d) => d.dueAt.getTime());
  return {
    first_response_due_at: state.firstResponse.dueAt.getTime(),
    first_response_done_at: state.firstResponse.doneAt?.getTime() ?? null,
    resolution_due_at: state.resolution.dueAt.getTime(),
    resolution_done_at: state.resolution.doneAt?.getTime() ?? null,
    next_due_at: open && dues.length > 0 ? Math.min(...dues) : NO_DEADLINE,
    paused: state.paused ? 1 : 0,
    escalation_level: state.escalationLevel,
  };
}
