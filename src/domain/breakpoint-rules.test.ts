import { describe, expect, it } from 'vitest';
import type { ScanCode } from '../modules/scans/scan-event.table.js';
import { type RuleEvent, type SilenceRules, endOfShiftAfter, findMissingScans, pendingSilence, routeTailOf } from './breakpoint-rules.js';

const H = 3_600_000;
const T0 = Date.UTC(2026, 10, 20, 1, 0); // 2026-11-20 09:00 in Shanghai
let nextId = 1;
const ev = (code: ScanCode, hoursAfterT0: number, site: string, nextSite: string | null = null): RuleEvent => ({
  id: nextId++,
  code,
  atMs: T0 + hoursAfterT0 * H,
  site,
  nextSite,
});
const types = (events: RuleEvent[]) => findMissingScans(events).map((b) => `${b.type}@${b.visit}:${b.responsibleUnit}`);

const RULES: SilenceRules = { transitMs: 48 * H, officeMs: 24 * H, heldMs: 72 * H, defaultEndOfShift: '21:00', timeZone: 'Asia/Shanghai' };
const UNITS: Record<string, { kind: string; endOfShift: string | null }> = {
  C1: { kind: 'counter', endOfShift: null },
  P1: { kind: 'processing_centre', endOfShift: null },
  D1: { kind: 'delivery_office', endOfShift: '18:00' },
  D2: { kind: 'delivery_office', endOfShift: null },
};
const unitOf = (code: string) => UNITS[code];
/** The silence of a whole event set, as the ingest path asks for it. */
const silenceOf = (events: RuleEvent[], units: typeof unitOf, rules: SilenceRules) =>
  pendingSilence(events.at(-1)!, routeTailOf(events)!.visit, events.some((e) => e.code === 'DELIVERED'), units, rules);

/** A clean route: counter → centre → office → delivered. */
const cleanRoute = () => [
  ev('ACCEPTED', 0, 'C1'),
  ev('DISPATCHED', 1, 'C1', 'P1'),
  ev('ARRIVED', 3, 'P1'),
  ev('DISPATCHED', 4, 'P1', 'D1'),
  ev('AT_DELIVERY_OFFICE', 6, 'D1'),
  ev('OUT_FOR_DELIVERY', 23, 'D1'),
  ev('DELIVERED', 25, 'D1'),
];

describe('visits and missing scans', () => {
  it('splits a route into visits and finds nothing on a clean one', () => {
    const route = cleanRoute();
    // Three visits (C1, P1, D1): the walk ends in the third, at the office, after a prepared delivery.
    expect(routeTailOf(route)).toEqual({ visit: 3, site: 'D1', lastCode: 'DELIVERED', visitHasUnpreparedResult: false, hasAccepted: true });
    expect(routeTailOf([...route.slice(0, 2), ev('ARRIVED', 2, 'C1')])?.visit).toBe(1); // same site: still the first visit
    expect(types(route)).toEqual([]);
  });

  it('names each missing scan with its visit and the unit that should have made it', () => {
    const route = cleanRoute();
    expect(types(route.filter((e) => e.code !== 'ACCEPTED'))).toEqual(['MISSING_ACCEPTANCE@1:C1']);
    expect(types(route.filter((e) => !(e.code === 'ARRIVED' && e.site === 'P1')))).toEqual(['MISSING_INBOUND@2:P1']);
    expect(types(route.filter((e) => !(e.code === 'DISPATCHED' && e.site === 'P1')))).toEqual(['MISSING_OUTBOUND@2:P1']);
    expect(types(route.filter((e) => e.code !== 'OUT_FOR_DELIVERY'))).toEqual(['MISSING_OUT_FOR_DELIVERY@3:D1']);
  });

  it('opens a missing-scan break-point at the first event after the gap', () => {
    const route = cleanRoute().filter((e) => !(e.code === 'DISPATCHED' && e.site === 'P1'));
    const [bp] = findMissingScans(route);
    expect(bp?.openedAt).toBe(T0 + 6 * H); // the office's AT_DELIVERY_OFFICE
  });

  it('does not report the first visit as missing inbound when acceptance is missing', () => {
    expect(types([ev('DISPATCHED', 0, 'C1'), ev('ARRIVED', 2, 'P1')])).toEqual(['MISSING_ACCEPTANCE@1:C1']);
  });

  it('accepts repeated attempts, held then redelivered, and counter pick-up', () => {
    const base = cleanRoute().slice(0, 5);
    const repeated = [...base, ev('OUT_FOR_DELIVERY', 23, 'D1'), ev('DELIVERY_FAILED', 25, 'D1'), ev('HELD', 26, 'D1'), ev('OUT_FOR_DELIVERY', 47, 'D1'), ev('DELIVERED', 49, 'D1')];
    expect(types(repeated)).toEqual([]);
    const pickUp = [...base, ev('HELD', 7, 'D1'), ev('DELIVERED', 30, 'D1')];
    expect(types(pickUp)).toEqual([]);
    const failedWithoutRound = [...base, ev('OUT_FOR_DELIVERY', 23, 'D1'), ev('DELIVERY_FAILED', 25, 'D1'), ev('DELIVERY_FAILED', 49, 'D1')];
    expect(types(failedWithoutRound)).toEqual(['MISSING_OUT_FOR_DELIVERY@3:D1']);
    const deliveredAfterFailed = [...base, ev('OUT_FOR_DELIVERY', 23, 'D1'), ev('DELIVERY_FAILED', 25, 'D1'), ev('DELIVERED', 49, 'D1')];
    expect(types(deliveredAfterFailed)).toEqual(['MISSING_OUT_FOR_DELIVERY@3:D1']);
  });

  it('follows a return: the way back needs the same inbound and outbound scans', () => {
    const base = cleanRoute().slice(0, 5);
    const back = [
      ...base,
      ev('OUT_FOR_DELIVERY', 23, 'D1'),
      ev('DELIVERY_FAILED', 25, 'D1'),
      ev('HELD', 26, 'D1'),
      ev('RETURNED', 100, 'D1'),
      ev('DISPATCHED', 101, 'D1', 'P1'),
      ev('ARRIVED', 103, 'P1'),
    ];
    expect(types(back)).toEqual([]);
    expect(types(back.filter((e) => !(e.code === 'DISPATCHED' && e.atMs === T0 + 101 * H)))).toEqual(['MISSING_OUTBOUND@3:D1']);
  });

  it('a late event that fills the gap makes the break-point disappear from the derived set', () => {
    const route = cleanRoute();
    const withoutInbound = route.filter((e) => !(e.code === 'ARRIVED'));
    expect(types(withoutInbound)).toEqual(['MISSING_INBOUND@2:P1']);
    const lateArrival = ev('ARRIVED', 3, 'P1');
    const complete = [...withoutInbound, lateArrival].sort((a, b) => a.atMs - b.atMs || a.id - b.id);
    expect(types(complete)).toEqual([]);
  });
});

describe('pending silences', () => {
  it('blames the next site of a DISPATCHED when given, else the dispatching site', () => {
    const withNext = silenceOf([ev('ACCEPTED', 0, 'C1'), ev('DISPATCHED', 1, 'C1', 'P1')], unitOf, RULES);
    expect(withNext).toEqual({ type: 'SILENT_IN_TRANSIT', responsibleUnit: 'P1', visit: 1, visibleAfter: T0 + 49 * H });
    const without = silenceOf([ev('ACCEPTED', 0, 'C1'), ev('DISPATCHED', 1, 'C1')], unitOf, RULES);
    expect(without?.responsibleUnit).toBe('C1');
  });

  it('tells arrival at a processing centre from arrival at a delivery office', () => {
    const atCentre = silenceOf([ev('ACCEPTED', 0, 'C1'), ev('DISPATCHED', 1, 'C1'), ev('ARRIVED', 3, 'P1')], unitOf, RULES);
    expect(atCentre).toMatchObject({ type: 'SILENT_IN_TRANSIT', responsibleUnit: 'P1', visit: 2, visibleAfter: T0 + 51 * H });
    const atOffice = silenceOf([ev('ACCEPTED', 0, 'C1'), ev('DISPATCHED', 1, 'C1'), ev('ARRIVED', 3, 'D1')], unitOf, RULES);
    expect(atOffice).toMatchObject({ type: 'SILENT_AT_OFFICE', responsibleUnit: 'D1', visibleAfter: T0 + 27 * H });
  });

  it('expects a delivery result by the office end of shift of the same local day, or the next day after it', () => {
    // T0 + 1 h = 10:00 Shanghai; D1 ends its shift at 18:00 → 10:00 UTC.
    const before = silenceOf([ev('OUT_FOR_DELIVERY', 1, 'D1')], unitOf, RULES);
    expect(before).toMatchObject({ type: 'NO_DELIVERY_RESULT', responsibleUnit: 'D1', visibleAfter: Date.UTC(2026, 10, 20, 10, 0) });
    // T0 + 10 h = 19:00 Shanghai, after D1's 18:00 → next day's 18:00.
    const after = silenceOf([ev('OUT_FOR_DELIVERY', 10, 'D1')], unitOf, RULES);
    expect(after?.visibleAfter).toBe(Date.UTC(2026, 10, 21, 10, 0));
    // D2 has no end of shift of its own: the default 21:00.
    expect(silenceOf([ev('OUT_FOR_DELIVERY', 10, 'D2')], unitOf, RULES)?.visibleAfter).toBe(Date.UTC(2026, 10, 20, 13, 0));
  });

  it('gives held and failed items 72 hours, and delivered items no silence at all', () => {
    expect(silenceOf([ev('AT_DELIVERY_OFFICE', 0, 'D1'), ev('HELD', 1, 'D1')], unitOf, RULES)).toMatchObject({ type: 'SILENT_HELD', visibleAfter: T0 + 73 * H });
    expect(silenceOf(cleanRoute(), unitOf, RULES)).toBeNull();
  });

  it('computes end of shift in the configured zone', () => {
    const at = Date.UTC(2026, 10, 20, 2, 0);
    expect(endOfShiftAfter(at, '21:00', 'UTC')).toBe(Date.UTC(2026, 10, 20, 21, 0));
    expect(endOfShiftAfter(at, '21:00', 'Asia/Shanghai')).toBe(Date.UTC(2026, 10, 20, 13, 0));
    expect(endOfShiftAfter(Date.UTC(2026, 2, 29, 10, 0), '21:00', 'Europe/Berlin')).toBe(Date.UTC(2026, 2, 29, 19, 0)); // summer time began that night
  });
});
