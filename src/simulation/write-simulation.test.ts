import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateScans } from '../modules/scans/parse-scan-lines.js';
import { type SimulationTruth, readTruth } from './breakpoint-truth.js';
import { type GeneratedItem, type ScanLine, generateItems } from './generate-scans.js';
import { buildProvinceUnits } from './province-units.js';
import { atMs, breakpointsByRule } from './test-helpers.js';
import { type SimulationCounts, type SimulationOptions, SIMULATION_FILES, writeSimulation } from './write-simulation.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const hubei = buildProvinceUnits('420000');
const siteCodes = new Set(hubei.map((u) => u.code));
// 2026-03-01 00:00 +08:00
const START = Date.UTC(2026, 1, 28, 16);
const options: SimulationOptions = { seed: 12, items: 2500, startMs: START, days: 5, dropRate: 0.2, silenceRate: 0.2, lateRate: 0.2 };

let dir: string;
let counts: SimulationCounts;
let scans: ScanLine[];
let truth: SimulationTruth;
let generated: GeneratedItem[];
const read = (name: string) => readFileSync(join(dir, name), 'utf8');
const ndjson = <T>(name: string): T[] =>
  read(name)
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as T);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'songda-sim-'));
  counts = await writeSimulation(join(dir, 'a'), options);
  dir = join(dir, 'a');
  scans = ndjson<ScanLine>('scans.ndjson');
  truth = await readTruth(dir);
  generated = [...generateItems(hubei, options)];
});
afterAll(() => rmSync(join(dir, '..'), { recursive: true, force: true }));

describe('writeSimulation', () => {
  it('writes the units, the items and every generated scan', () => {
    expect(JSON.parse(read('units.json'))).toEqual(hubei);
    const items = ndjson<Record<string, unknown>>('items.ndjson');
    expect(items).toEqual(generated.map(({ trackingNo, originUnit, destination, weightGrams }) => ({ trackingNo, originUnit, destination, weightGrams })));
    const key = (s: ScanLine) => `${s.trackingNo} ${atMs(s.at)} ${s.code}`;
    const expected = generated.flatMap((item) => item.scans);
    expect(scans.length).toBe(expected.length);
    expect(new Set(scans.map(key))).toEqual(new Set(expected.map(key)));
    expect(counts).toMatchObject({ units: hubei.length, items: options.items, scans: scans.length });

    const { rejected } = validateScans(
      scans.map((value, i) => ({ line: i + 1, value })),
      { now: START + options.days * DAY, isKnownSite: (code) => siteCodes.has(code) },
    );
    expect(rejected).toEqual([]);
  });

  it('uploads some scans 1–12 h late, out of time order, and none from after the period', () => {
    const end = START + options.days * DAY;
    let latest = 0;
    let late = 0;
    for (const scan of scans) {
      const ms = atMs(scan.at);
      expect(ms).toBeLessThanOrEqual(end);
      expect(ms).toBeGreaterThanOrEqual(latest - 12 * HOUR);
      if (ms < latest - HOUR) late++;
      latest = Math.max(latest, ms);
    }
    expect(counts.lateScans / counts.scans).toBeGreaterThan(0.17);
    expect(counts.lateScans / counts.scans).toBeLessThan(0.23);
    expect(late).toBeGreaterThan(counts.lateScans / 2);
    // An item's own scans arrive out of order too.
    const seen = new Map<string, number>();
    let backwards = 0;
    for (const scan of scans) {
      if (atMs(scan.at) < (seen.get(scan.trackingNo) ?? 0)) backwards++;
      seen.set(scan.trackingNo, Math.max(seen.get(scan.trackingNo) ?? 0, atMs(scan.at)));
    }
    expect(backwards).toBeGreaterThan(100);
  });

  it('writes the truth of the generated items, judged at the end of the period', () => {
    expect(truth.asOf).toBe('2026-03-06T00:00:00+08:00');
    expect(truth.thresholds).toEqual({ silentInTransitHours: 48, silentAtOfficeHours: 24, silentHeldHours: 72, endOfShift: '21:00', timeZone: 'Asia/Shanghai' });
    expect(truth.breakpoints).toEqual(generated.flatMap((item) => item.breakpoints));
    const byType = Object.fromEntries(Object.keys(counts.breakpoints).map((type) => [type, truth.breakpoints.filter((b) => b.type === type).length]));
    expect(counts.breakpoints).toEqual(byType);
  });

  it('holds every break-point the rules find in scans.ndjson, and no other', () => {
    const byItem = new Map<string, ScanLine[]>();
    for (const scan of scans) byItem.set(scan.trackingNo, [...(byItem.get(scan.trackingNo) ?? []), scan]);
    const found = [...byItem.values()].flatMap((events) => breakpointsByRule(events, atMs(truth.asOf), hubei));
    const text = (list: readonly object[]) => new Set(list.map((b) => JSON.stringify(b)));
    expect(text(truth.breakpoints)).toEqual(text(found));
  });

  it('writes the same files for the same options', async () => {
    const again = join(dir, '..', 'b');
    const small = { ...options, items: 400 };
    await writeSimulation(again, small);
    const twice = join(dir, '..', 'c');
    await writeSimulation(twice, small);
    for (const name of SIMULATION_FILES) expect(readFileSync(join(twice, name), 'utf8'), name).toBe(readFileSync(join(again, name), 'utf8'));
    await writeSimulation(twice, { ...small, seed: 13 });
    expect(readFileSync(join(twice, 'scans.ndjson'), 'utf8')).not.toBe(readFileSync(join(again, 'scans.ndjson'), 'utf8'));
  });
});
