import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_HOLD_POLICY, type HoldingEvent, holdingOf } from './holding.js';
import { formatLocalDate } from './local-day.js';

const ZONE = 'Asia/Shanghai';
const DAY = 86_400_000;
// 2026-11-02T10:00+08:00
const T0 = Date.UTC(2026, 10, 2, 2, 0);
let id = 0;
const e = (code: string, dayOffset: number, site = 'OFFICE', reason: string | null = null): HoldingEvent => ({ id: ++id, code, atMs: T0 + dayOffset * DAY, site, reason });
const failed = (day: number, reason = 'RECIPIENT_ABSENT', site = 'OFFICE') => [e('OUT_FOR_DELIVERY', day - 0.1, site), e('DELIVERY_FAILED', day, site, reason)];
const judge = (events: HoldingEvent[], atDay: number, policy = DEFAULT_HOLD_POLICY) => holdingOf(events, policy, T0 + atDay * DAY, ZONE);

describe('holdingOf', () => {
  it('holds an item after its last failed attempt, until the last day; after that it is due to return', () => {
    const events = [e('AT_DELIVERY_OFFICE', -1), ...failed(0), ...failed(1), ...failed(2)];
    expect(judge(events.slice(0, 5), 1.5)).toEqual({ state: 'moving', attempts: 2 });
    const held = judge(events, 2.5);
    expect(held).toMatchObject({ state: 'held', attempts: 3, office: 'OFFICE', sinceMs: T0 + 2 * DAY, shelved: false });
    expect(held.state === 'held' && formatLocalDate(held.lastDay)).toBe('2026-11-11');
    expect(judge(events, 9.5).state).toBe('held');
    expect(judge(events, 10)).toMatchObject({ state: 'return_due', why: 'hold_expired', office: 'OFFICE' });
  });

  it('reads the events in any order and leaves out those after the instant judged', () => {
    const events = [e('AT_DELIVERY_OFFICE', -1), ...failed(0), ...failed(1), ...failed(2), e('RETURNED', 12)];
    expect(judge([...events].reverse(), 11)).toMatchObject({ state: 'return_due' });
    expect(judge([...events].reverse(), 12)).toEqual({ state: 'returned', attempts: 3 });
  });

  it('sends a refused item to returns due at once', () => {
    expect(judge([e('AT_DELIVERY_OFFICE', -1), ...failed(0, 'REFUSED')], 0.5)).toMatchObject({ state: 'return_due', why: 'refused', attempts: 1, lastDay: null });
  });

  it('holds on a HELD scan before the attempts are used up, and ends the hold when the item goes out again', () => {
    const events = [e('AT_DELIVERY_OFFICE', -1), ...failed(0), e('HELD', 0.2)];
    expect(judge(events, 0.5)).toMatchObject({ state: 'held', shelved: true, attempts: 1 });
    expect(judge([...events, e('OUT_FOR_DELIVERY', 1)], 1.5)).toEqual({ state: 'moving', attempts: 1 });
  });

  it('counts attempts per office: forwarded to another office, the item starts again', () => {
    const events = [...failed(0), ...failed(1), e('DISPATCHED', 1.5), e('AT_DELIVERY_OFFICE', 2, 'OTHER'), ...failed(3, 'RECIPIENT_ABSENT', 'OTHER')];
    expect(judge(events, 3.5)).toEqual({ state: 'moving', attempts: 1 });
  });

  it('takes the program’s own attempts and days; a delivered item is done', () => {
    const events = [...failed(0)];
    expect(judge(events, 0.5, { maxAttempts: 1, holdDays: 2 })).toMatchObject({ state: 'held' });
    expect(judge(events, 3.5, { maxAttempts: 1, holdDays: 2 })).toMatchObject({ state: 'return_due', why: 'hold_expired' });
    expect(judge([...events, e('DELIVERED', 1)], 5, { maxAttempts: 1, holdDays: 2 })).toEqual({ state: 'delivered', attempts: 1 });
  });

  it('gives the same answer whatever order the events arrive in', () => {
    const codes = ['AT_DELIVERY_OFFICE', 'OUT_FOR_DELIVERY', 'DELIVERY_FAILED', 'HELD', 'DISPATCHED', 'RETURNED', 'DELIVERED'];
    const reasons = [null, 'RECIPIENT_ABSENT', 'REFUSED'];
    const event = fc.record({ code: fc.constantFrom(...codes), hour: fc.integer({ min: 0, max: 400 }), site: fc.constantFrom('A', 'B'), reason: fc.constantFrom(...reasons) });
    fc.assert(
      fc.property(fc.array(event, { maxLength: 12 }), fc.integer({ min: 0, max: 420 }), fc.integer(), (drawn, judgedAt, seed) => {
        // Distinct instants: events at one instant are ordered by arrival, which a resend can change.
        const events = drawn.map((d, i) => ({ id: i + 1, code: d.code, atMs: T0 + (d.hour * 1000 + i) * 3_600, site: d.site, reason: d.code === 'DELIVERY_FAILED' ? d.reason : null }));
        const shuffled = fc.sample(fc.shuffledSubarray(events, { minLength: events.length, maxLength: events.length }), { numRuns: 1, seed })[0]!;
        const arrivedOtherwise = shuffled.map((e, i) => ({ ...e, id: i + 1 }));
        const asOf = T0 + judgedAt * 3_600_000;
        expect(holdingOf(arrivedOtherwise, DEFAULT_HOLD_POLICY, asOf, ZONE)).toEqual(holdingOf(events, DEFAULT_HOLD_POLICY, asOf, ZONE));
      }),
    );
  });
});
