import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.js';
import {
  ALWAYS_OPEN,
  type ClockEvent,
  type ClockPolicy,
  SEED_CENTRE_CALENDAR,
  WORK_ORDER_STATUSES,
  WORK_ORDER_TYPES,
  type WorkCalendar,
  type WorkOrderStatus,
  calendarFrom,
  clockOf,
  policyFor,
} from './work-order-clock.js';
import { BusinessAxis } from './work-order-clock-calendar.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** An instant written in Shanghai's wall clock. */
const sh = (wall: string) => new Date(`${wall}+08:00`);
const ev = (at: Date, status: WorkOrderStatus, responds = false): ClockEvent => ({ at, status, responds });
const later = (at: Date, ms: number) => new Date(at.getTime() + ms);
const ENQUIRY: ClockPolicy = { firstResponseMinutes: 60, resolutionMinutes: 480 };

/** Monday to Friday 09:00–18:00 in Shanghai, 2027-02-08 off, Saturday 2027-02-20 worked (调休). */
const OFFICE: WorkCalendar = {
  timeZone: 'Asia/Shanghai',
  hours: { open: '09:00', close: '18:00', weekdays: [1, 2, 3, 4, 5] },
  holidays: ['2027-02-08'],
  workdays: ['2027-02-20'],
};
/** Working hours across the spring-forward night of 2027-03-28 (23-hour day) in Berlin. */
const BERLIN: WorkCalendar = { timeZone: 'Europe/Berlin', hours: { open: '09:00', close: '17:00', weekdays: [1, 2, 3, 4, 5] }, holidays: [], workdays: [] };

describe('policyFor', () => {
  it('gives the documented defaults, halved (rounded up) when urgent', () => {
    expect(policyFor('enquiry', 'normal')).toEqual({ firstResponseMinutes: 60, resolutionMinutes: 480 });
    expect(policyFor('complaint', 'normal')).toEqual({ firstResponseMinutes: 120, resolutionMinutes: 1440 });
    expect(policyFor('address_change', 'normal')).toEqual({ firstResponseMinutes: 120, resolutionMinutes: 720 });
    expect(policyFor('redelivery', 'normal')).toEqual({ firstResponseMinutes: 120, resolutionMinutes: 1440 });
    expect(policyFor('loss_report', 'normal')).toEqual({ firstResponseMinutes: 240, resolutionMinutes: 4320 });
    expect(policyFor('other', 'normal')).toEqual({ firstResponseMinutes: 120, resolutionMinutes: 1440 });
    expect(policyFor('loss_report', 'urgent')).toEqual({ firstResponseMinutes: 120, resolutionMinutes: 2160 });
  });

  it('applies a program’s override per type and field, then halves for urgent', () => {
    const override = { complaint: { resolutionMinutes: 45 }, enquiry: {} };
    expect(policyFor('complaint', 'normal', override)).toEqual({ firstResponseMinutes: 120, resolutionMinutes: 45 });
    expect(policyFor('complaint', 'urgent', override)).toEqual({ firstResponseMinutes: 60, resolutionMinutes: 23 });
    expect(policyFor('enquiry', 'normal', override)).toEqual(policyFor('enquiry', 'normal'));
    expect(policyFor('other', 'urgent', { other: { firstResponseMinutes: 1 } }).firstResponseMinutes).toBe(1);
  });
});

describe('clockOf on 7×24', () => {
  const created = sh('2026-12-04T10:00:00');

  it('runs from creation: created + minutes, time left, both deadlines', () => {
    const s = clockOf({ events: [ev(created, 'new')], policy: ENQUIRY, calendar: ALWAYS_OPEN, now: sh('2026-12-04T10:20:30') });
    expect(s.paused).toBe(false);
    expect(s.firstResponse).toEqual({ dueAt: sh('2026-12-04T11:00:00'), doneAt: null, state: 'running', minutesLeft: 40 });
    expect(s.resolution).toEqual({ dueAt: sh('2026-12-04T18:00:00'), doneAt: null, state: 'running', minutesLeft: 460 });
    expect(s.escalationLevel).toBe(0);
  });

  it('is done at the first response and at the resolve; hit or missed against the deadline', () => {
    const events = [ev(created, 'new'), ev(sh('2026-12-04T11:30:00'), 'in_progress', true), ev(sh('2026-12-04T12:00:00'), 'in_progress', true), ev(sh('2026-12-04T17:00:00'), 'resolved', true)];
    const s = clockOf({ events, policy: ENQUIRY, calendar: ALWAYS_OPEN, now: sh('2026-12-05T10:00:00') });
    expect(s.firstResponse).toEqual({ dueAt: sh('2026-12-04T11:00:00'), doneAt: sh('2026-12-04T11:30:00'), state: 'missed', minutesLeft: 0 });
    expect(s.resolution).toEqual({ dueAt: sh('2026-12-04T18:00:00'), doneAt: sh('2026-12-04T17:00:00'), state: 'hit', minutesLeft: 0 });
    expect(s.paused).toBe(true);
    expect(s.escalationLevel).toBe(0);
  });

  it('pauses while waiting for the customer, not while waiting for a unit', () => {
    const events = [ev(created, 'new'), ev(sh('2026-12-04T10:30:00'), 'waiting_customer', true), ev(sh('2026-12-04T13:30:00'), 'in_progress'), ev(sh('2026-12-04T14:00:00'), 'waiting_unit')];
    const s = clockOf({ events, policy: ENQUIRY, calendar: ALWAYS_OPEN, now: sh('2026-12-04T15:00:00') });
    expect(s.paused).toBe(false);
    expect(s.resolution.dueAt).toEqual(sh('2026-12-04T21:00:00'));
    expect(s.resolution.minutesLeft).toBe(360);
    // While paused: as if it resumed now, with the time left when it paused.
    const paused = clockOf({ events: events.slice(0, 2), policy: ENQUIRY, calendar: ALWAYS_OPEN, now: sh('2026-12-04T12:00:00') });
    expect(paused.paused).toBe(true);
    expect(paused.resolution).toEqual({ dueAt: sh('2026-12-04T19:30:00'), doneAt: null, state: 'paused', minutesLeft: 450 });
  });

  it('resumes the resolution clock on reopen with the time already used; first response stays done', () => {
    const events = [
      ev(created, 'new'),
      ev(sh('2026-12-04T12:00:00'), 'resolved', true),
      ev(sh('2026-12-04T20:00:00'), 'closed'),
      ev(sh('2026-12-05T10:00:00'), 'in_progress'),
    ];
    const reopened = clockOf({ events, policy: ENQUIRY, calendar: ALWAYS_OPEN, now: sh('2026-12-05T11:00:00') });
    expect(reopened.firstResponse).toMatchObject({ doneAt: sh('2026-12-04T12:00:00'), state: 'missed' });
    // Used: 2 h before the resolve, 1 h since the reopen; 5 h left.
    expect(reopened.resolution).toEqual({ dueAt: sh('2026-12-05T16:00:00'), doneAt: null, state: 'running', minutesLeft: 300 });
    const again = [...events, ev(sh('2026-12-05T14:00:00'), 'resolved', true), ev(sh('2026-12-05T16:00:00'), 'closed')];
    const resolved = clockOf({ events: again, policy: ENQUIRY, calendar: ALWAYS_OPEN, now: sh('2026-12-06T00:00:00') });
    expect(resolved.resolution).toEqual({ dueAt: sh('2026-12-05T16:00:00'), doneAt: sh('2026-12-05T14:00:00'), state: 'hit', minutesLeft: 0 });
  });

  it('escalates: first response overdue, resolution overdue, twice the resolution time', () => {
    const at = (wall: string) => clockOf({ events: [ev(created, 'new')], policy: ENQUIRY, calendar: ALWAYS_OPEN, now: sh(wall) });
    expect(at('2026-12-04T11:00:00').escalationLevel).toBe(0);
    const late = at('2026-12-04T11:00:30');
    expect(late.escalationLevel).toBe(1);
    expect(late.firstResponse).toMatchObject({ state: 'overdue', minutesLeft: -1 });
    expect(at('2026-12-04T18:01:00').escalationLevel).toBe(2);
    expect(at('2026-12-05T01:59:00').escalationLevel).toBe(2);
    expect(at('2026-12-05T02:00:00').escalationLevel).toBe(3);
    // Answered: level 2 comes from the resolution alone.
    const answered = [ev(created, 'new'), ev(sh('2026-12-04T10:10:00'), 'in_progress', true)];
    expect(clockOf({ events: answered, policy: ENQUIRY, calendar: ALWAYS_OPEN, now: sh('2026-12-04T17:00:00') }).escalationLevel).toBe(0);
    expect(clockOf({ events: answered, policy: ENQUIRY, calendar: ALWAYS_OPEN, now: sh('2026-12-04T19:00:00') }).escalationLevel).toBe(2);
  });

  it('says overdue, not paused, when the pause came after the deadline; the pause stops the count', () => {
    const events = [ev(created, 'new'), ev(sh('2026-12-04T11:30:00'), 'waiting_customer')];
    const s = clockOf({ events, policy: ENQUIRY, calendar: ALWAYS_OPEN, now: sh('2026-12-04T16:00:00') });
    expect(s.paused).toBe(true);
    expect(s.firstResponse).toEqual({ dueAt: sh('2026-12-04T11:00:00'), doneAt: null, state: 'overdue', minutesLeft: -30 });
    expect(s.resolution.state).toBe('paused');
  });

  it('reads rows in time order and ignores rows after now', () => {
    const events = [ev(sh('2026-12-04T10:30:00'), 'in_progress', true), ev(created, 'new'), ev(sh('2026-12-04T12:00:00'), 'resolved', true)];
    const s = clockOf({ events, policy: ENQUIRY, calendar: ALWAYS_OPEN, now: sh('2026-12-04T11:00:00') });
    expect(s.firstResponse.doneAt).toEqual(sh('2026-12-04T10:30:00'));
    expect(s.resolution).toMatchObject({ doneAt: null, state: 'running', minutesLeft: 420 });
  });
});

describe('clockOf on calendars', () => {
  it('starts an order created at night on the centre calendar at the next opening', () => {
    const s = clockOf({ events: [ev(sh('2026-12-04T02:00:00'), 'new')], policy: ENQUIRY, calendar: SEED_CENTRE_CALENDAR, now: sh('2026-12-04T07:00:00') });
    expect(s.firstResponse).toEqual({ dueAt: sh('2026-12-04T09:00:00'), doneAt: null, state: 'running', minutesLeft: 60 });
    expect(s.resolution.dueAt).toEqual(sh('2026-12-04T16:00:00'));
  });

  it('carries a deadline over the night, and one that falls on the closing time to the next opening', () => {
    const over = clockOf({ events: [ev(sh('2026-12-04T23:30:00'), 'new')], policy: ENQUIRY, calendar: SEED_CENTRE_CALENDAR, now: sh('2026-12-04T23:30:00') });
    expect(over.firstResponse.dueAt).toEqual(sh('2026-12-05T08:30:00'));
    const events = [ev(sh('2026-12-04T23:00:00'), 'new')];
    const atNight = clockOf({ events, policy: ENQUIRY, calendar: SEED_CENTRE_CALENDAR, now: sh('2026-12-05T03:00:00') });
    expect(atNight.firstResponse).toEqual({ dueAt: sh('2026-12-05T08:00:00'), doneAt: null, state: 'running', minutesLeft: 0 });
    const answeredAtOpening = [...events, ev(sh('2026-12-05T08:00:00'), 'in_progress', true)];
    expect(clockOf({ events: answeredAtOpening, policy: ENQUIRY, calendar: SEED_CENTRE_CALENDAR, now: sh('2026-12-05T09:00:00') }).firstResponse.state).toBe('hit');
    expect(clockOf({ events, policy: ENQUIRY, calendar: SEED_CENTRE_CALENDAR, now: sh('2026-12-05T08:00:01') }).firstResponse.state).toBe('overdue');
  });

  it('skips a weekend', () => {
    const policy = policyFor('complaint', 'normal');
    const s = clockOf({ events: [ev(sh('2027-02-26T17:00:00'), 'new')], policy, calendar: OFFICE, now: sh('2027-02-27T12:00:00') });
    expect(s.firstResponse).toMatchObject({ dueAt: sh('2027-03-01T10:00:00'), state: 'running', minutesLeft: 60 });
    // 1440 business minutes are 24 hours of office time: 1 h on Friday, 2 × 9 h, then 5 h on Wednesday.
    expect(s.resolution.dueAt).toEqual(sh('2027-03-03T14:00:00'));
  });

  it('skips a holiday, and works a make-up day (调休)', () => {
    const policy = policyFor('complaint', 'normal');
    // Friday 2027-02-05 17:00: the weekend, then Monday 02-08 is a holiday.
    const holiday = clockOf({ events: [ev(sh('2027-02-05T17:00:00'), 'new')], policy, calendar: OFFICE, now: sh('2027-02-05T17:00:00') });
    expect(holiday.firstResponse.dueAt).toEqual(sh('2027-02-09T10:00:00'));
    // Friday 2027-02-19 17:00: Saturday 02-20 is worked.
    const makeUp = clockOf({ events: [ev(sh('2027-02-19T17:00:00'), 'new')], policy, calendar: OFFICE, now: sh('2027-02-19T17:00:00') });
    expect(makeUp.firstResponse.dueAt).toEqual(sh('2027-02-20T10:00:00'));
    // The centre's National Day: 10-01 to 10-03 off, so 9-30 23:00 + 480 minutes ends on 10-04.
    const national = clockOf({ events: [ev(sh('2027-09-30T23:00:00'), 'new')], policy: ENQUIRY, calendar: SEED_CENTRE_CALENDAR, now: sh('2027-10-02T12:00:00') });
    expect(national.firstResponse).toMatchObject({ dueAt: sh('2027-10-04T08:00:00'), state: 'running', minutesLeft: 0 });
    expect(national.resolution).toMatchObject({ dueAt: sh('2027-10-04T15:00:00'), minutesLeft: 420 });
  });

  it('pauses across a night: both deadlines move on by the paused business time only', () => {
    const events = [ev(sh('2026-12-04T22:00:00'), 'new'), ev(sh('2026-12-04T22:30:00'), 'waiting_customer'), ev(sh('2026-12-05T09:00:00'), 'in_progress')];
    const during = clockOf({ events: events.slice(0, 2), policy: ENQUIRY, calendar: SEED_CENTRE_CALENDAR, now: sh('2026-12-05T03:00:00') });
    // As if it resumed now: now is night, so the rest counts from 08:00.
    expect(during.firstResponse).toEqual({ dueAt: sh('2026-12-05T08:30:00'), doneAt: null, state: 'paused', minutesLeft: 30 });
    expect(during.resolution.dueAt).toEqual(sh('2026-12-05T15:30:00'));
    const after = clockOf({ events, policy: ENQUIRY, calendar: SEED_CENTRE_CALENDAR, now: sh('2026-12-05T09:10:00') });
    // Paused 22:30–24:00 and 08:00–09:00: 150 business minutes; the night was never counted.
    expect(after.firstResponse).toEqual({ dueAt: sh('2026-12-05T09:30:00'), doneAt: null, state: 'running', minutesLeft: 20 });
    expect(after.resolution.dueAt).toEqual(sh('2026-12-05T16:30:00'));
  });

  it('reopens on a calendar with the time used before the resolve', () => {
    const events = [ev(sh('2026-12-04T23:00:00'), 'new'), ev(sh('2026-12-05T10:00:00'), 'resolved', true), ev(sh('2026-12-06T23:30:00'), 'in_progress')];
    // Used: 60 (23:00–24:00) + 120 (08:00–10:00); 300 left from 23:30: 30 that night, 270 from 08:00.
    const s = clockOf({ events, policy: ENQUIRY, calendar: SEED_CENTRE_CALENDAR, now: sh('2026-12-06T23:45:00') });
    expect(s.resolution).toEqual({ dueAt: sh('2026-12-07T12:30:00'), doneAt: null, state: 'running', minutesLeft: 285 });
    expect(s.firstResponse).toMatchObject({ doneAt: sh('2026-12-05T10:00:00'), state: 'missed' });
  });

  it('keeps working hours by the wall clock across a DST change', () => {
    const berlin = (wall: string, offset: string) => new Date(`${wall}${offset}`);
    const policy = policyFor('complaint', 'normal');
    const s = clockOf({ events: [ev(berlin('2027-03-26T16:00:00', '+01:00'), 'new')], policy, calendar: BERLIN, now: berlin('2027-03-26T16:00:00', '+01:00') });
    expect(s.firstResponse.dueAt).toEqual(berlin('2027-03-29T10:00:00', '+02:00'));
    // 7×24 with a holiday, over the 23-hour Sunday: 12 h + 23 h + (holiday) + 13 h.
    const allDay: WorkCalendar = { timeZone: 'Europe/Berlin', hours: null, holidays: ['2027-03-29'], workdays: [] };
    const t = clockOf({ events: [ev(berlin('2027-03-27T12:00:00', '+01:00'), 'new')], policy: { firstResponseMinutes: 48 * 60, resolutionMinutes: 48 * 60 }, calendar: allDay, now: berlin('2027-03-27T12:00:00', '+01:00') });
    expect(t.firstResponse.dueAt).toEqual(berlin('2027-03-30T13:00:00', '+02:00'));
  });

  it('keeps hours on a day that starts at 01:00 where the clocks skip midnight (Santiago)', () => {
    // 2027-09-05 in Santiago: 00:00 (−04:00) does not exist, the day starts at 01:00 (−03:00).
    const santiago: WorkCalendar = { timeZone: 'America/Santiago', hours: { open: '09:00', close: '17:00', weekdays: [1, 2, 3, 4, 5, 6, 7] }, holidays: [], workdays: [] };
    const created = new Date('2027-09-05T16:00:00-03:00');
    const s = clockOf({ events: [ev(created, 'new')], policy: policyFor('complaint', 'normal'), calendar: santiago, now: created });
    expect(s.firstResponse.dueAt).toEqual(new Date('2027-09-06T10:00:00-03:00'));
    // 7×24 with a holiday: the 5th is 23 hours long, the 6th off; 35.5 hours from noon on the 4th.
    const allDay: WorkCalendar = { timeZone: 'America/Santiago', hours: null, holidays: ['2027-09-06'], workdays: [] };
    const noon = new Date('2027-09-04T12:00:00-04:00');
    const t = clockOf({ events: [ev(noon, 'new')], policy: { firstResponseMinutes: 2130, resolutionMinutes: 2130 }, calendar: allDay, now: noon });
    expect(t.firstResponse.dueAt).toEqual(new Date('2027-09-07T00:30:00-03:00'));
  });

  it('refuses a calendar without any working time after its listed days, instead of looking forever', () => {
    const never: WorkCalendar = { timeZone: 'Asia/Shanghai', hours: { open: '09:00', close: '18:00', weekdays: [] }, holidays: [], workdays: ['2027-01-04'] };
    expect(() => clockOf({ events: [ev(sh('2027-01-04T17:00:00'), 'new')], policy: ENQUIRY, calendar: never, now: sh('2027-01-04T17:00:00') })).toThrow(RangeError);
  });
});

describe('calendarFrom', () => {
  const refusal = (json: unknown): string => {
    try {
      calendarFrom(json);
    } catch (e) {
      expect(e).toBeInstanceOf(AppError);
      expect((e as AppError).code).toBe('invalid_request');
      return `${(e as AppError).problem.key} ${(e as AppError).message}`;
    }
    throw new Error('accepted');
  };

  it('reads a stored calendar back, dates sorted and once each', () => {
    const json = JSON.parse(JSON.stringify({ ...OFFICE, holidays: ['2027-10-02', '2027-10-01', '2027-10-01'] }));
    expect(calendarFrom(json)).toEqual({ ...OFFICE, holidays: ['2027-10-01', '2027-10-02'] });
    expect(calendarFrom({ timeZone: 'Asia/Shanghai', hours: null })).toEqual({ ...ALWAYS_OPEN });
    expect(calendarFrom(JSON.parse(JSON.stringify(SEED_CENTRE_CALENDAR)))).toEqual(SEED_CENTRE_CALENDAR);
  });

  it('shares calendars that cannot be changed in place', () => {
    expect(() => SEED_CENTRE_CALENDAR.holidays.push('2027-12-25')).toThrow(TypeError);
    expect(() => ALWAYS_OPEN.workdays.push('2027-12-25')).toThrow(TypeError);
    expect(() => SEED_CENTRE_CALENDAR.hours!.weekdays.pop()).toThrow(TypeError);
  });

  it('names the field it refuses', () => {
    expect(refusal(null)).toMatch(/^clock\.notObject/);
    expect(refusal({ timeZone: 'Mars/Olympus', hours: null })).toMatch(/^clock\.timeZone .*timeZone/);
    expect(refusal({ timeZone: 'Asia/Shanghai', hours: '08:00-24:00' })).toMatch(/^clock\.hours hours/);
    expect(refusal({ timeZone: 'Asia/Shanghai', hours: { open: '8:00', close: '24:00', weekdays: [1] } })).toMatch(/^clock\.hoursTime hours\.open/);
    expect(refusal({ timeZone: 'Asia/Shanghai', hours: { open: '08:00', close: '24:30', weekdays: [1] } })).toMatch(/^clock\.hoursTime hours\.close/);
    expect(refusal({ timeZone: 'Asia/Shanghai', hours: { open: '22:00', close: '06:00', weekdays: [1] } })).toMatch(/^clock\.hoursOrder hours\.close/);
    for (const weekdays of [[], [0], [8], [1, 1], ['1'], undefined]) {
      expect(refusal({ timeZone: 'Asia/Shanghai', hours: { open: '08:00', close: '18:00', weekdays } })).toMatch(/^clock\.weekdays hours\.weekdays/);
    }
    expect(refusal({ timeZone: 'Asia/Shanghai', hours: null, holidays: ['2027-02-30'] })).toMatch(/^clock\.dates holidays/);
    expect(refusal({ timeZone: 'Asia/Shanghai', hours: null, workdays: '2027-02-20' })).toMatch(/^clock\.dates workdays/);
    expect(refusal({ timeZone: 'Asia/Shanghai', hours: null, holidays: ['2027-02-20'], workdays: ['2027-02-20'] })).toMatch(/^clock\.holidayAndWorkday workdays/);
  });
});

// ---- Properties ----------------------------------------------------------------------------------

const ALL_DAY_BERLIN: WorkCalendar = { timeZone: 'Europe/Berlin', hours: null, holidays: ['2027-03-28', '2027-10-31'], workdays: [] };
/** Opens at a midnight that does not exist on 2027-09-05. */
const SANTIAGO: WorkCalendar = { timeZone: 'America/Santiago', hours: { open: '00:00', close: '12:30', weekdays: [1, 3, 5, 6, 7] }, holidays: ['2027-09-06'], workdays: ['2027-09-07'] };
const CALENDARS: readonly WorkCalendar[] = [ALWAYS_OPEN, SEED_CENTRE_CALENDAR, OFFICE, BERLIN, ALL_DAY_BERLIN, SANTIAGO];
const arbCalendar = fc.constantFrom(...CALENDARS);
const arbPolicy = fc.record({ firstResponseMinutes: fc.integer({ min: 1, max: 600 }), resolutionMinutes: fc.integer({ min: 1, max: 6000 }) });
/** Creation instants over 2027 (DST changes, the centre's holidays), at whole seconds. */
const arbCreated = fc.integer({ min: Date.UTC(2027, 0, 1) / 1000, max: Date.UTC(2027, 11, 1) / 1000 }).map((s) => new Date(s * 1000));
const OPEN_STATUSES = ['assigned', 'in_progress', 'waiting_unit'] as const;
/** A history after its creation: gaps up to three days, any status, any response. */
const arbHistory = fc.record({
  created: arbCreated,
  steps: fc.array(fc.record({ gapMinutes: fc.integer({ min: 0, max: 3 * 24 * 60 }), status: fc.constantFrom(...WORK_ORDER_STATUSES.filter((s) => s !== 'new')), responds: fc.boolean() }), { maxLength: 10 }),
});
const historyEvents = (h: { created: Date; steps: { gapMinutes: number; status: WorkOrderStatus; responds: boolean }[] }): ClockEvent[] => {
  const events = [ev(h.created, 'new')];
  for (const step of h.steps) events.push(ev(later(events[events.length - 1]!.at, step.gapMinutes * MINUTE), step.status, step.responds));
  return events;
};
const lastAt = (events: ClockEvent[]) => events[events.length - 1]!.at;

/**
 * An order that stays open and unanswered, with pauses placed in business time: each pause starts
 * `runMinutes` of business time after the last change and lasts `pauseMinutes` of business time.
 */
function pausedOrder(calendar: WorkCalendar, created: Date, pauses: readonly { runMinutes: number; pauseMinutes: number }[]): ClockEvent[] {
  const axis = new BusinessAxis(calendar, created.getTime());
  let x = axis.at(created.getTime());
  const events = [ev(created, 'new')];
  for (const p of pauses) {
    x += p.runMinutes * MINUTE;
    events.push(ev(new Date(axis.instantOf(x)), 'waiting_customer'));
    x += p.pauseMinutes * MINUTE;
    events.push(ev(new Date(axis.instantOf(x)), 'in_progress'));
  }
  return events;
}

/** Business minutes in [from, to), one minute at a time from the wall clock Intl shows: the slow, plain reading. */
function businessMinutesByWallClock(calendar: WorkCalendar, from: number, to: number): number {
  const format = new Intl.DateTimeFormat('en-US', { timeZone: calendar.timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', weekday: 'short' });
  const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
  let minutes = 0;
  for (let t = from; t < to; t += MINUTE) {
    const p = Object.fromEntries(format.formatToParts(t).map((x) => [x.type, x.value]));
    const date = `${p.year}-${p.month}-${p.day}`;
    const time = `${p.hour}:${p.minute}`;
    if (calendar.holidays.includes(date)) continue;
    const h = calendar.hours;
    if (h === null) minutes += 1;
    else if ((h.weekdays.includes(WEEKDAYS.indexOf(p.weekday!) + 1) || calendar.workdays.includes(date)) && time >= h.open && time < h.close) minutes += 1;
  }
  return minutes;
}

describe('business axis', () => {
  it('counts the business minutes a wall clock shows, and finds the instant of a count', () => {
    // Each calendar above around its DST changes, holidays and make-up days, at whole minutes.
    const near = (calendar: WorkCalendar, ...days: string[]) => days.map((d) => [calendar, Date.parse(`${d}T00:00:00Z`)] as const);
    const cases = [
      ...near(ALWAYS_OPEN, '2027-03-26'),
      ...near(SEED_CENTRE_CALENDAR, '2027-02-03', '2027-09-29'),
      ...near(OFFICE, '2027-02-05', '2027-02-18'),
      ...near(BERLIN, '2027-03-26', '2027-10-29'),
      ...near(ALL_DAY_BERLIN, '2027-03-26', '2027-10-29'),
      ...near(SANTIAGO, '2027-09-03'),
    ];
    fc.assert(
      fc.property(fc.constantFrom(...cases), fc.integer({ min: 0, max: 3 * 24 * 60 }), fc.integer({ min: 0, max: 2 * 24 * 60 }), ([calendar, base], a, length) => {
        const from = base + a * MINUTE;
        const to = from + length * MINUTE;
        const axis = new BusinessAxis(calendar, base);
        expect((axis.at(to) - axis.at(from)) / MINUTE).toBe(businessMinutesByWallClock(calendar, from, to));
        const x = axis.at(from) + length * MINUTE;
        const instant = axis.instantOf(x);
        expect(axis.at(instant)).toBe(x);
        // The first working instant there: the minute from it is worked.
        expect(businessMinutesByWallClock(calendar, instant, instant + MINUTE)).toBe(1);
      }),
      { numRuns: 60 },
    );
  });
});

describe('clockOf properties', () => {
  it('is created + minutes on ALWAYS_OPEN with no pause', () => {
    const arbOpen = fc.array(fc.record({ gapMinutes: fc.integer({ min: 0, max: 2000 }), status: fc.constantFrom(...OPEN_STATUSES) }), { maxLength: 6 });
    fc.assert(
      fc.property(arbCreated, arbOpen, arbPolicy, fc.integer({ min: 0, max: 20_000 }), (created, steps, policy, nowMinutes) => {
        const events = historyEvents({ created, steps: steps.map((s) => ({ ...s, responds: false })) });
        const now = later(lastAt(events), nowMinutes * MINUTE);
        const s = clockOf({ events, policy, calendar: ALWAYS_OPEN, now });
        expect(s.firstResponse.dueAt).toEqual(later(created, policy.firstResponseMinutes * MINUTE));
        expect(s.resolution.dueAt).toEqual(later(created, policy.resolutionMinutes * MINUTE));
      }),
    );
  });

  it('never brings a deadline earlier by pausing', () => {
    fc.assert(
      fc.property(arbCalendar, arbHistory, arbPolicy, fc.nat(), fc.integer({ min: 1, max: 5000 }), fc.integer({ min: 0, max: 10_000 }), (calendar, h, policy, where, pauseMinutes, nowMinutes) => {
        const events = historyEvents(h);
        const i = where % events.length;
        // A pause inserted after row i (while its status is in force), ending back in that status.
        const start = later(events[i]!.at, 1000);
        const end = later(start, pauseMinutes * MINUTE);
        const next = events[i + 1]?.at;
        fc.pre(next === undefined || end < next);
        const paused = [...events.slice(0, i + 1), ev(start, 'waiting_customer'), ev(end, events[i]!.status), ...events.slice(i + 1)];
        const now = later(lastAt(paused), nowMinutes * MINUTE);
        const without = clockOf({ events, policy, calendar, now });
        const withPause = clockOf({ events: paused, policy, calendar, now });
        expect(withPause.firstResponse.dueAt.getTime()).toBeGreaterThanOrEqual(without.firstResponse.dueAt.getTime());
        expect(withPause.resolution.dueAt.getTime()).toBeGreaterThanOrEqual(without.resolution.dueAt.getTime());
      }),
    );
  });

  it('moves a deadline by the paused business time, wherever the pause is (dueAt − pause is fixed)', () => {
    fc.assert(
      fc.property(arbCalendar, arbCreated, arbPolicy, fc.integer({ min: 1, max: 3000 }), fc.nat(), fc.nat(), fc.integer({ min: 0, max: 3000 }), (calendar, created, policy, pauseMinutes, a, b, nowMinutes) => {
        const allowed = policy.resolutionMinutes;
        // Two orders, each with one pause of the same business length, started before the deadline.
        const early = pausedOrder(calendar, created, [{ runMinutes: a % allowed, pauseMinutes }]);
        const late = pausedOrder(calendar, created, [{ runMinutes: b % allowed, pauseMinutes }]);
        const now = later(new Date(Math.max(lastAt(early).getTime(), lastAt(late).getTime())), nowMinutes * MINUTE);
        const one = clockOf({ events: early, policy, calendar, now }).resolution.dueAt;
        const other = clockOf({ events: late, policy, calendar, now }).resolution.dueAt;
        expect(one).toEqual(other);
        const axis = new BusinessAxis(calendar, created.getTime());
        expect(axis.at(one.getTime()) - axis.at(created.getTime()) - pauseMinutes * MINUTE).toBe(allowed * MINUTE);
      }),
    );
  });

  it('gives the same deadline when a pause is split into two equal parts', () => {
    fc.assert(
      fc.property(arbCalendar, arbCreated, arbPolicy, fc.integer({ min: 1, max: 1500 }), fc.nat(), fc.nat(), (calendar, created, policy, half, a, b) => {
        const allowed = policy.resolutionMinutes;
        const first = a % allowed;
        const second = b % (allowed - first);
        const whole = pausedOrder(calendar, created, [{ runMinutes: first, pauseMinutes: 2 * half }, { runMinutes: second, pauseMinutes: 0 }]);
        const split = pausedOrder(calendar, created, [{ runMinutes: first, pauseMinutes: half }, { runMinutes: second, pauseMinutes: half }]);
        const now = later(new Date(Math.max(lastAt(whole).getTime(), lastAt(split).getTime())), HOUR);
        expect(clockOf({ events: split, policy, calendar, now }).resolution.dueAt).toEqual(clockOf({ events: whole, policy, calendar, now }).resolution.dueAt);
      }),
    );
  });

  it('says hit or missed exactly when done, hit exactly when done by the deadline', () => {
    fc.assert(
      fc.property(arbCalendar, arbHistory, arbPolicy, fc.integer({ min: -3000, max: 10_000 }), (calendar, h, policy, nowMinutes) => {
        const events = historyEvents(h);
        const now = later(lastAt(events), nowMinutes * MINUTE);
        const s = clockOf({ events, policy, calendar, now });
        for (const d of [s.firstResponse, s.resolution]) {
          expect(d.state === 'hit' || d.state === 'missed').toBe(d.doneAt !== null);
          if (d.doneAt) expect(d.state === 'hit').toBe(d.doneAt <= d.dueAt);
          if (d.doneAt) expect(d.minutesLeft).toBe(0);
          if (d.state === 'overdue') expect(d.minutesLeft).toBeLessThan(0);
          if (d.state === 'running' || d.state === 'paused') expect(d.minutesLeft).toBeGreaterThanOrEqual(0);
        }
        expect(s.paused).toBe(['waiting_customer', 'resolved', 'closed'].includes(statusAt(events, now)));
      }),
    );
  });

  it('never lowers the escalation level as now moves on', () => {
    fc.assert(
      fc.property(arbCalendar, arbHistory, arbPolicy, fc.array(fc.integer({ min: 0, max: 20_000 }), { minLength: 2, maxLength: 6 }), (calendar, h, policy, offsets) => {
        const events = historyEvents(h);
        let level = 0;
        for (const minutes of [...offsets].sort((x, y) => x - y)) {
          const next = clockOf({ events, policy, calendar, now: later(lastAt(events), minutes * MINUTE) }).escalationLevel;
          expect(next).toBeGreaterThanOrEqual(level);
          level = next;
        }
      }),
    );
  });

  it('keeps a running deadline where it is as now moves on, and moves a paused one only later', () => {
    fc.assert(
      fc.property(arbCalendar, arbHistory, arbPolicy, fc.integer({ min: 0, max: 5000 }), fc.integer({ min: 1, max: 5000 }), (calendar, h, policy, m1, step) => {
        const events = historyEvents(h);
        const s1 = clockOf({ events, policy, calendar, now: later(lastAt(events), m1 * MINUTE) });
        const s2 = clockOf({ events, policy, calendar, now: later(lastAt(events), (m1 + step) * MINUTE) });
        for (const key of ['firstResponse', 'resolution'] as const) {
          if (s1.paused) expect(s2[key].dueAt.getTime()).toBeGreaterThanOrEqual(s1[key].dueAt.getTime());
          else expect(s2[key].dueAt).toEqual(s1[key].dueAt);
        }
      }),
    );
  });
});

function statusAt(events: ClockEvent[], now: Date): WorkOrderStatus {
  return events.filter((e) => e.at <= now).at(-1)?.status ?? 'new';
}
