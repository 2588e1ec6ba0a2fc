import { describe, expect, it } from 'vitest';
import { type LastEvent, DEFAULT_SILENCE_THRESHOLDS, MISSING_SCAN_TYPES, SILENCE_TYPES, judgeSilence } from './breakpoint-truth.js';
import { type GeneratedItem, type GenerateOptions, generateItems } from './generate-scans.js';
import { buildProvinceUnits } from './province-units.js';
import { atMs, breakpointsByRule } from './test-helpers.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const hubei = buildProvinceUnits('420000');
// 2026-03-01 00:00 +08:00
const START = Date.UTC(2026, 1, 28, 16);
const DAYS = 6;
const AS_OF = START + DAYS * DAY;

const faulty: GenerateOptions = { seed: 5, items: 3000, startMs: START, days: DAYS, dropRate: 0.2, silenceRate: 0.2, lateRate: 0.1 };
const items = [...generateItems(hubei, faulty)];
const clean = [...generateItems(hubei, { ...faulty, dropRate: 0, silenceRate: 0, lateRate: 0 })];

/** The item's visits, 1-based, as runs of events at one site in time order. */
function visits(item: GeneratedItem) {
  const runs: GeneratedItem['scans'][] = [];
  for (const scan of item.scans) {
    const run = runs.at(-1);
    if (run && run[0]!.site === scan.site) run.push(scan);
    else runs.push([scan]);
  }
  return (n: number) => runs[n - 1]!;
}

describe('faults put into generated items', () => {
  it('is deterministic for a seed', () => {
    expect([...generateItems(hubei, faulty)]).toEqual(items);
    const other = [...generateItems(hubei, { ...faulty, seed: 6 })];
    expect(JSON.stringify(other.map((i) => i.breakpoints))).not.toBe(JSON.stringify(items.map((i) => i.breakpoints)));
  });

  it('spoils the same routes: each item keeps a subsequence of its clean scans, and untouched items are unchanged', () => {
    items.forEach((item, i) => {
      const original = clean[i]!;
      expect(item.trackingNo).toBe(original.trackingNo);
      if (!item.faults.droppedScan && !item.faults.stopped) expect(item.scans).toEqual(original.scans);
      const originalScans = original.scans.map((scan) => JSON.stringify(scan));
      let k = 0;
      for (const scan of item.scans.map((s) => JSON.stringify(s))) {
        while (k < originalScans.length && originalScans[k] !== scan) k++;
        expect(k, item.trackingNo).toBeLessThan(originalScans.length);
        k++;
      }
      expect(original.scans.length - item.scans.length).toBeGreaterThanOrEqual(item.faults.droppedScan ? 1 : 0);
    });
  });

  it('drops scans at about the drop rate, and every kind of missing scan appears', () => {
    const dropped = items.filter((i) => i.faults.droppedScan).length;
    expect(dropped / items.length).toBeGreaterThan(0.16);
    expect(dropped / items.length).toBeLessThan(0.22); // a few items have no scan that can go
    const byType = countTypes(items);
    for (const type of MISSING_SCAN_TYPES) expect(byType[type], type).toBeGreaterThan(60);
    const missing = items.flatMap((i) => i.breakpoints).filter((b) => b.type.startsWith('MISSING_'));
    expect(missing).toHaveLength(dropped);
  });

  it('stops items at about the silence rate, never after a delivery, and silences appear of every kind', () => {
    const stopped = items.filter((i) => i.faults.stopped);
    expect(stopped.length / items.length).toBeGreaterThan(0.17);
    expect(stopped.length / items.length).toBeLessThan(0.23);
    expect(stopped.every((i) => !i.scans.some((s) => s.code === 'DELIVERED'))).toBe(true);
    const byType = countTypes(items);
    // HELD and DELIVERY_FAILED are few, and must be 72 h old by the end of the period.
    for (const type of SILENCE_TYPES) expect(byType[type], type).toBeGreaterThan(type === 'SILENT_HELD' ? 2 : 20);
  });

  it('writes down exactly the break-points the rules find in the data', () => {
    for (const item of items) expect(item.breakpoints, item.trackingNo).toEqual(breakpointsByRule(item.scans, AS_OF, hubei));
    expect(clean.every((item) => item.faults.lateScans === 0 && !item.breakpoints.some((b) => b.type.startsWith('MISSING_')))).toBe(true);
  });

  it('gives break-points that agree with the scans they describe', () => {
    for (const item of items) {
      const visit = visits(item);
      const last = item.scans.at(-1)!;
      const delivered = item.scans.some((s) => s.code === 'DELIVERED');
      for (const b of item.breakpoints) {
        const run = visit(b.visit);
        const where = `${item.trackingNo} ${b.type}`;
        switch (b.type) {
          case 'MISSING_ACCEPTANCE':
            expect(item.scans.some((s) => s.code === 'ACCEPTED'), where).toBe(false);
            expect(b.visit).toBe(1);
            break;
          case 'MISSING_INBOUND':
            expect(b.visit).toBeGreaterThan(1);
            expect(['ARRIVED', 'AT_DELIVERY_OFFICE'], where).not.toContain(run[0]!.code);
            break;
          case 'MISSING_OUTBOUND':
            expect(run.at(-1)!.code, where).not.toBe('DISPATCHED');
            expect(run.at(-1), where).not.toBe(last);
            break;
          case 'MISSING_OUT_FOR_DELIVERY':
            expect(run.some((s, k) => (s.code === 'DELIVERED' || s.code === 'DELIVERY_FAILED') && run[k - 1]?.code !== 'OUT_FOR_DELIVERY'), where).toBe(true);
            break;
          default: {
            expect(delivered, where).toBe(false);
            expect(run.at(-1), where).toBe(last);
            expect(SILENCE_CODES[b.type], where).toContain(last.code);
            expect(atMs(b.visibleAt!)).toBeLessThan(AS_OF);
            expect(atMs(b.visibleAt!)).toBeGreaterThan(atMs(last.at));
          }
        }
        expect(b.responsibleUnit).toBe(b.type === 'SILENT_IN_TRANSIT' && last.code === 'DISPATCHED' ? last.nextSite : run[0]!.site);
      }
      if (delivered) expect(item.breakpoints.filter((b) => !b.type.startsWith('MISSING_'))).toEqual([]);
    }
  });
});

const SILENCE_CODES: Record<string, string[]> = {
  SILENT_IN_TRANSIT: ['ACCEPTED', 'DISPATCHED', 'ARRIVED', 'RETURNED'],
  SILENT_AT_OFFICE: ['ARRIVED', 'AT_DELIVERY_OFFICE'],
  NO_DELIVERY_RESULT: ['OUT_FOR_DELIVERY'],
  SILENT_HELD: ['HELD', 'DELIVERY_FAILED'],
};

function countTypes(list: readonly GeneratedItem[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const b of list.flatMap((i) => i.breakpoints)) counts[b.type] = (counts[b.type] ?? 0) + 1;
  return counts;
}

describe('judgeSilence', () => {
  // 2026-03-01 09:30 +08:00
  const at = Date.UTC(2026, 2, 1, 1, 30);
  const event = (code: LastEvent['code'], overrides: Partial<LastEvent> = {}): LastEvent => ({ code, atMs: at, site: 'D420506', atDeliveryOffice: true, ...overrides });
  const judge = (last: LastEvent, asOf: number) => judgeSilence(last, asOf, DEFAULT_SILENCE_THRESHOLDS);

  it('counts only more than the threshold', () => {
    const accepted = event('ACCEPTED', { site: 'C420506', atDeliveryOffice: false });
    expect(judge(accepted, at + 48 * HOUR)).toBeUndefined();
    expect(judge(accepted, at + 48 * HOUR + 1)).toEqual({ type: 'SILENT_IN_TRANSIT', responsibleUnit: 'C420506', visibleAtMs: at + 48 * HOUR });
    expect(judge(event('AT_DELIVERY_OFFICE'), at + 24 * HOUR + 1)?.type).toBe('SILENT_AT_OFFICE');
    expect(judge(event('HELD'), at + 72 * HOUR)).toBeUndefined();
    expect(judge(event('DELIVERY_FAILED'), at + 72 * HOUR + 1)?.type).toBe('SILENT_HELD');
    expect(judge(event('DELIVERED'), at + 100 * DAY)).toBeUndefined();
  });

  it('blames the next site of a dispatch, and tells an office from a centre on arrival', () => {
    const dispatched = event('DISPATCHED', { site: 'P420500', nextSite: 'D420506', atDeliveryOffice: false });
    expect(judge(dispatched, at + 49 * HOUR)?.responsibleUnit).toBe('D420506');
    expect(judge(event('ARRIVED', { site: 'P420500', atDeliveryOffice: false }), at + 30 * HOUR)).toBeUndefined();
    expect(judge(event('ARRIVED'), at + 30 * HOUR)?.type).toBe('SILENT_AT_OFFICE');
    expect(judge(event('RETURNED'), at + 49 * HOUR)).toMatchObject({ type: 'SILENT_IN_TRANSIT', responsibleUnit: 'D420506' });
  });

  it('waits for the end of shift of the day of the round, or the next day after it', () => {
    const shiftEnd = Date.UTC(2026, 2, 1, 13); // 21:00 +08:00
    expect(judge(event('OUT_FOR_DELIVERY'), shiftEnd)).toBeUndefined();
    expect(judge(event('OUT_FOR_DELIVERY'), shiftEnd + 1)).toEqual({ type: 'NO_DELIVERY_RESULT', responsibleUnit: 'D420506', visibleAtMs: shiftEnd });
    const late = event('OUT_FOR_DELIVERY', { atMs: shiftEnd + 30 * 60_000 });
    expect(judge(late, shiftEnd + HOUR)).toBeUndefined();
    expect(judge(late, shiftEnd + DAY + 1)?.visibleAtMs).toBe(shiftEnd + DAY);
    expect(judge(event('OUT_FOR_DELIVERY', { endOfShiftMin: 18 * 60 }), shiftEnd - 3 * HOUR + 1)?.type).toBe('NO_DELIVERY_RESULT');
  });
});
