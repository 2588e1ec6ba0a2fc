import { describe, expect, it } from 'vitest';
import { findDivision } from '../domain/divisions.js';
import { formatS10 } from '../domain/s10.js';
import { parseInstant } from '../domain/scan-time.js';
import { validateScans } from '../modules/scans/parse-scan-lines.js';
import { ZUnitInput } from '../modules/units/unit.schemas.js';
import { type GeneratedItem, type GenerateOptions, type ScanLine, generateItems, generateScanLines } from './generate-scans.js';
import { buildProvinceUnits } from './province-units.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const hubei = buildProvinceUnits('420000');
const siteCodes = new Set(hubei.map((u) => u.code));
const unitByCode = new Map(hubei.map((u) => [u.code, u]));
// 2026-03-01 00:00 +08:00
const START = Date.UTC(2026, 1, 28, 16);

const options = (overrides: Partial<GenerateOptions> = {}): GenerateOptions => ({ seed: 7, items: 3000, startMs: START, days: 5, ...overrides });
const atMs = (line: ScanLine): number => {
  const parsed = parseInstant(line.at);
  if (!parsed.ok) throw new Error(String(parsed.message));
  return parsed.ms;
};
const localMinutes = (line: ScanLine): number => {
  const local = new Date(atMs(line) + 8 * HOUR);
  return local.getUTCHours() * 60 + local.getUTCMinutes();
};

describe('buildProvinceUnits', () => {
  it('builds 湖北省: a province centre, a centre per city, a counter and an office per county', () => {
    const counties = 105;
    const cities = 13; // 省直辖县级行政区划 (仙桃, 潜江, 天门, 神农架) has no centre of its own
    expect(hubei).toHaveLength(1 + cities + 2 * counties);
    expect(hubei[0]).toEqual({ code: 'P420000', name: '湖北省邮区中心', kind: 'processing_centre', divisionCode: '420100' });
    expect(unitByCode.get('P420500')).toMatchObject({ name: '宜昌市邮区中心局', divisionCode: '420500', parentCode: 'P420000' });
    expect(unitByCode.get('C420506')).toMatchObject({ name: '夷陵区营业部', kind: 'counter', divisionCode: '420506', parentCode: 'P420500' });
    expect(unitByCode.get('D420506')).toMatchObject({ name: '夷陵区揽投部', kind: 'delivery_office', parentCode: 'P420500', endOfShift: '21:00' });
    expect(unitByCode.get('D429004')).toMatchObject({ name: '仙桃市揽投部', parentCode: 'P420000' });
  });

  it('gives valid units with real divisions, each parent before its children', () => {
    const seen = new Set<string>();
    for (const unit of hubei) {
      expect(ZUnitInput.safeParse(unit).success).toBe(true);
      expect(findDivision(unit.divisionCode)?.provinceCode).toBe('420000');
      if (unit.parentCode) expect(seen.has(unit.parentCode)).toBe(true);
      seen.add(unit.code);
    }
    expect(seen.size).toBe(hubei.length);
  });

  it('handles municipalities, cities without counties and repeated county names', () => {
    const beijing = buildProvinceUnits('110000');
    expect(beijing[0]).toMatchObject({ code: 'P110000', divisionCode: '110000' });
    expect(beijing.filter((u) => u.kind === 'processing_centre')).toHaveLength(1);
    expect(buildProvinceUnits('440000').find((u) => u.code === 'C441900')).toMatchObject({ name: '东莞市营业部', parentCode: 'P441900' });
    const jiangsu = buildProvinceUnits('320000');
    expect(jiangsu.find((u) => u.code === 'D320302')?.name).toBe('徐州市鼓楼区揽投部');
    expect(() => buildProvinceUnits('420500')).toThrow(RangeError);
  });
});

describe('generateItems', () => {
  const items = [...generateItems(hubei, options())];
  const end = START + 5 * DAY;

  it('is deterministic for a seed and differs between seeds', () => {
    expect([...generateItems(hubei, options())]).toEqual(items);
    expect([...generateItems(hubei, options({ seed: 8 }))].slice(0, 100)).not.toEqual(items.slice(0, 100));
  });

  it('numbers items with consecutive S10 serials', () => {
    expect(items[0]!.trackingNo).toBe(formatS10('EA', 20_000_000));
    expect(items.at(-1)!.trackingNo).toBe(formatS10('EA', 20_002_999));
    const other = generateItems(hubei, options({ items: 1, serviceIndicator: 'EB', firstSerial: 5 })).next().value as GeneratedItem;
    expect(other.trackingNo).toBe(formatS10('EB', 5));
  });

  it('gives scans that pass the scan rules', () => {
    const lines = items.flatMap((item) => item.scans);
    const { scans, rejected } = validateScans(
      lines.map((value, i) => ({ line: i + 1, value })),
      { now: end, isKnownSite: (code) => siteCodes.has(code) },
    );
    expect(rejected).toEqual([]);
    expect(scans).toHaveLength(lines.length);
    expect(scans.every((s) => s.atOffsetMin === 480 && s.atMs <= end && s.operator?.startsWith('op-'))).toBe(true);
  });

  it('follows routes with no break-points', () => {
    for (const item of items) expect(visitProblems(item), item.trackingNo).toEqual([]);
    // The check itself sees a missing outbound scan and a delivery without a round.
    const item = items[0]!;
    expect(visitProblems({ ...item, scans: item.scans.filter((s) => s.code !== 'DISPATCHED') })).not.toEqual([]);
    expect(visitProblems({ ...item, scans: item.scans.filter((s) => s.code !== 'OUT_FOR_DELIVERY') })).not.toEqual([]);
  });

  it('keeps realistic hours: acceptance 08:30–17:30, rounds 08:00–10:00, deliveries before 21:00', () => {
    for (const item of items) {
      for (const scan of item.scans) {
        const minutes = localMinutes(scan);
        if (scan.code === 'ACCEPTED') expect(minutes).toBeGreaterThanOrEqual(8 * 60 + 30);
        if (scan.code === 'ACCEPTED') expect(minutes).toBeLessThan(17 * 60 + 30);
        if (scan.code === 'OUT_FOR_DELIVERY') expect(minutes).toBeGreaterThanOrEqual(8 * 60);
        if (scan.code === 'OUT_FOR_DELIVERY') expect(minutes).toBeLessThanOrEqual(10 * 60);
        if (scan.code === 'DELIVERED' || scan.code === 'DELIVERY_FAILED') expect(minutes).toBeLessThan(21 * 60);
      }
    }
  });

  it('spreads acceptance over the period and leaves the latest items in transit', () => {
    const accepted = items.map((item) => atMs(item.scans[0]!));
    expect(accepted[0]).toBeLessThan(START + DAY);
    expect(accepted.at(-1)).toBeGreaterThan(end - DAY);
    // Items accepted in the first two days have had time to finish their routes, even a redelivery;
    // only an item with repeated failed attempts, left on the shelf, or on its way back may still be open.
    const early = items.filter((item) => atMs(item.scans[0]!) < START + 2 * DAY);
    const slow = (item: GeneratedItem) =>
      item.scans.some((s) => s.code === 'RETURNED') || item.scans.at(-1)!.code === 'HELD' || item.scans.filter((s) => s.code === 'DELIVERY_FAILED').length > 1;
    expect(early.every((item) => item.scans.at(-1)!.code === 'DELIVERED' || slow(item))).toBe(true);
    expect(early.filter((item) => item.scans.at(-1)!.code !== 'DELIVERED').length).toBeLessThan(early.length * 0.02);
    expect(items.slice(-50).some((item) => item.scans.at(-1)!.code !== 'DELIVERED')).toBe(true);

    const perItem = early.reduce((n, item) => n + item.scans.length, 0) / early.length;
    expect(perItem).toBeGreaterThan(7);
    expect(perItem).toBeLessThan(10);
    const firstTime = early.filter((item) => item.scans.at(-2)?.code === 'OUT_FOR_DELIVERY' && !item.scans.some((s) => s.code === 'DELIVERY_FAILED'));
    expect(firstTime.length / early.length).toBeGreaterThan(0.8);
    expect(firstTime.length / early.length).toBeLessThan(0.9);
  });

  it('delivers at the office of the destination county, with an address there', () => {
    for (const item of items.slice(0, 500)) {
      const last = item.scans.at(-1)!;
      if (last.code !== 'DELIVERED' || item.scans.some((s) => s.code === 'RETURNED')) continue;
      const office = unitByCode.get(last.site)!;
      expect(office.kind).toBe('delivery_office');
      expect(office.divisionCode).toBe(item.destination.divisionCode);
      expect(item.destination.address.startsWith(findDivision(office.divisionCode)!.fullName)).toBe(true);
      expect(item.originUnit).toBe(item.scans[0]!.site);
    }
  });
});

describe('routes beyond the first round', () => {
  const long = [...generateItems(hubei, options({ items: 4000, days: 12, seed: 21 }))];
  const codes = (item: GeneratedItem) => item.scans.map((s) => s.code);

  it('repeats failed attempts, lets recipients collect at the counter, and returns what nobody takes', () => {
    const repeated = long.filter((item) => codes(item).filter((c) => c === 'DELIVERY_FAILED').length >= 2);
    const pickups = long.filter((item) => codes(item).at(-1) === 'DELIVERED' && codes(item).at(-2) === 'HELD');
    const returned = long.filter((item) => codes(item).includes('RETURNED') && codes(item).at(-1) === 'DELIVERED');
    expect(repeated.length).toBeGreaterThan(10);
    expect(pickups.length / long.length).toBeGreaterThan(0.04);
    expect(pickups.length / long.length).toBeLessThan(0.12);
    expect(returned.length / long.length).toBeGreaterThan(0.008);
    expect(returned.length / long.length).toBeLessThan(0.04);
    for (const item of long) expect(visitProblems(item), item.trackingNo).toEqual([]);
    expect(Math.max(...long.map((item) => codes(item).filter((c) => c === 'DELIVERY_FAILED').length))).toBe(3);
  });

  it('sends a return back, after two days on the shelf, to the delivery office of the sender', () => {
    const returned = long.filter((item) => codes(item).includes('RETURNED') && codes(item).at(-1) === 'DELIVERED');
    let travelled = 0;
    for (const item of returned) {
      const r = codes(item).indexOf('RETURNED');
      const held = item.scans[r - 1]!;
      const sentBack = item.scans[r]!;
      expect(held.code).toBe('HELD');
      expect(sentBack.site).toBe(held.site);
      expect(atMs(sentBack) - atMs(held)).toBeGreaterThan(24 * HOUR);
      expect(atMs(sentBack) - atMs(held)).toBeLessThan(72 * HOUR); // never a held silence in clean data
      const delivered = item.scans.at(-1)!;
      expect(delivered.site).toBe(`D${item.originUnit.slice(1)}`);
      if (delivered.site === sentBack.site) continue;
      travelled++;
      const back = codes(item).slice(r);
      expect(back[1]).toBe('DISPATCHED');
      expect(back.slice(-3)).toEqual(['AT_DELIVERY_OFFICE', 'OUT_FOR_DELIVERY', 'DELIVERED']);
    }
    expect(travelled).toBeGreaterThan(returned.length / 4); // the others were sent within one county
    expect(travelled).toBeLessThan(returned.length);
  });
});

describe('generateScanLines', () => {
  const streamOptions = options({ items: 7000, days: 4, seed: 11 });
  const byItem = new Map<string, ScanLine[]>();
  for (const item of generateItems(hubei, streamOptions)) byItem.set(item.trackingNo, item.scans);
  const total = [...byItem.values()].reduce((n, scans) => n + scans.length, 0);

  it('yields the scans of generateItems, in time order', () => {
    expect(total).toBeGreaterThan(50_000);
    let previous = 0;
    let inOrder = true;
    const seen = new Map<string, ScanLine[]>();
    for (const line of generateScanLines(hubei, streamOptions)) {
      const ms = atMs(line);
      if (ms < previous) inOrder = false;
      previous = ms;
      const list = seen.get(line.trackingNo) ?? [];
      list.push(line);
      seen.set(line.trackingNo, list);
    }
    expect(inOrder).toBe(true);
    expect(seen).toEqual(byItem);
  });

  it('holds no more items than the bound, and still yields every scan of each item in order', () => {
    const bound = 40;
    const remaining = new Map([...byItem].map(([trackingNo, scans]) => [trackingNo, scans.length]));
    const position = new Map<string, number>();
    let open = 0;
    let maxOpen = 0;
    let count = 0;
    for (const line of generateScanLines(hubei, { ...streamOptions, maxInFlightItems: bound })) {
      count++;
      const k = position.get(line.trackingNo) ?? 0;
      expect(line).toEqual(byItem.get(line.trackingNo)![k]);
      position.set(line.trackingNo, k + 1);
      const left = remaining.get(line.trackingNo)! - 1;
      remaining.set(line.trackingNo, left);
      if (k === 0) open++;
      if (left === 0) open--;
      maxOpen = Math.max(maxOpen, open);
    }
    expect(count).toBe(total);
    expect(maxOpen).toBeLessThanOrEqual(bound);
    expect(maxOpen).toBeGreaterThan(bound / 2); // the bound was reached, not merely respected
  });
});

describe('generateScanLines on a sparse stream', () => {
  it('skips long idle stretches without losing scans', () => {
    const sparse = options({ items: 4, days: 90 });
    const expected = [...generateItems(hubei, sparse)].flatMap((item) => item.scans);
    const lines = [...generateScanLines(hubei, sparse)];
    expect(lines).toEqual(expected.sort((a, b) => atMs(a) - atMs(b)));
  });
});

/** The visit rules of DESIGN §4, plus the route's own consistency; empty when the item is clean. */
function visitProblems(item: GeneratedItem): string[] {
  const problems: string[] = [];
  const visits: ScanLine[][] = [];
  for (const scan of item.scans) {
    const visit = visits.at(-1);
    if (visit && visit[0]!.site === scan.site) visit.push(scan);
    else visits.push([scan]);
  }
  for (let i = 1; i < item.scans.length; i++) {
    if (atMs(item.scans[i]!) <= atMs(item.scans[i - 1]!)) problems.push(`scan ${i} is not after the one before`);
  }
  visits.forEach((visit, v) => {
    const first = visit[0]!.code;
    if (v === 0 && first !== 'ACCEPTED') problems.push(`visit 1 opens with ${first}`);
    if (v > 0 && first !== 'ARRIVED' && first !== 'AT_DELIVERY_OFFICE') problems.push(`visit ${v + 1} opens with ${first}`);
    const last = visit.at(-1)!;
    const following = visits[v + 1];
    if (following && last.code !== 'DISPATCHED') problems.push(`visit ${v + 1} closes with ${last.code}`);
    if (following && last.nextSite !== following[0]!.site) problems.push(`visit ${v + 1} dispatched to ${last.nextSite}`);
    visit.forEach((scan, k) => {
      const before = visit[k - 1]?.code;
      if ((scan.code === 'DELIVERED' || scan.code === 'DELIVERY_FAILED') && before !== 'OUT_FOR_DELIVERY' && !(scan.code === 'DELIVERED' && before === 'HELD')) {
        problems.push(`${scan.code} after ${before} in visit ${v + 1}`);
      }
      if (scan.code === 'DELIVERY_FAILED' && !scan.reason) problems.push('a failed delivery without a reason');
    });
  });
  return problems;
}
