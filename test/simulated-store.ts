// A simulation (src/simulation) written to a temporary directory, read back, and loaded into a test
// database through the same services the API uses: units with `upsertUnits`, scans with
// `recordScans` and the real recorder. For the end-to-end checks against truth.json.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { DbHandle } from '../src/db/open-db.js';
import type { SilenceRules } from '../src/domain/breakpoint-rules.js';
import { createScanRecorder } from '../src/modules/scans/record-scans.js';
import { recordScans } from '../src/modules/scans/scan.service.js';
import type { TUnitInput } from '../src/modules/units/unit.schemas.js';
import { loadSiteDirectory, upsertUnits } from '../src/modules/units/unit.service.js';
import type { ScanLine } from '../src/simulation/generate-scans.js';
import { type SimulationCounts, type SimulationOptions, type SimulationTruth, readTruth, writeSimulation } from '../src/simulation/write-simulation.js';

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;
/** Asia/Shanghai is UTC+8 all year (no daylight saving). */
const SHANGHAI_OFFSET_MS = 8 * HOUR_MS;

export interface Simulation {
  dir: string;
  options: SimulationOptions;
  counts: SimulationCounts;
  units: TUnitInput[];
  /** scans.ndjson, in upload order. */
  scans: ScanLine[];
  truth: SimulationTruth;
  asOfMs: number;
  remove(): Promise<void>;
}

/** Local midnight in Shanghai `days` days before the local day of `nowMs`. */
export function shanghaiMidnightDaysAgo(days: number, nowMs = Date.now()): number {
  const today = Math.floor((nowMs + SHANGHAI_OFFSET_MS) / DAY_MS) * DAY_MS - SHANGHAI_OFFSET_MS;
  return today - days * DAY_MS;
}

/** The Shanghai local date (YYYY-MM-DD) of an instant. */
export function shanghaiDate(ms: number): string {
  return new Date(ms + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** Writes a simulation into a fresh temporary directory and reads its files back. */
export async function simulate(options: SimulationOptions): Promise<Simulation> {
  const dir = await mkdtemp(join(tmpdir(), 'songda-e2e-sim-'));
  try {
    const counts = await writeSimulation(dir, options);
    const units = JSON.parse(await readFile(join(dir, 'units.json'), 'utf8')) as TUnitInput[];
    const scans = (await readFile(join(dir, 'scans.ndjson'), 'utf8'))
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as ScanLine);
    const truth = await readTruth(dir);
    const asOfMs = Date.parse(truth.asOf);
    if (!Number.isFinite(asOfMs)) throw new Error(`truth.asOf is not an instant: ${truth.asOf}`);
    return { dir, options, counts, units, scans, truth, asOfMs, remove: () => rm(dir, { recursive: true, force: true }) };
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
}

/** Stores the simulation's units through the units service and checks that none was refused. */
export async function loadUnits(handle: DbHandle, units: readonly TUnitInput[], now: number): Promise<void> {
  const results = await upsertUnits(handle.db, units, now);
  const refused = results.filter((r) => 'error' in r);
  expect(refused, 'units refused by upsertUnits').toEqual([]);
  expect(results.length).toBe(units.length);
}

export interface IngestTotals {
  accepted: number;
  duplicates: number;
  batches: number;
}

/**
 * Records `scans` in batches of `batchSize`, each one request's worth through `recordScans` and the
 * engine's real recorder (created here, closed at the end). Any rejected line fails the test.
 */
export async function ingestScans(handle: DbHandle, rules: SilenceRules, scans: readonly ScanLine[], options: { batchSize: number; now: number }): Promise<IngestTotals> {
  const sites = await loadSiteDirectory(handle.db);
  const recorder = createScanRecorder(handle, rules);
  const totals: IngestTotals = { accepted: 0, duplicates: 0, batches: 0 };
  try {
    for (let i = 0; i < scans.length; i += options.batchSize) {
      const batch = scans.slice(i, i + options.batchSize);
      const result = await recordScans({ recorder, sites }, batch, options.now);
      if (result.rejected.length > 0) {
        throw new Error(`batch at line ${i + 1} rejected ${result.rejected.length} scans, e.g. ${JSON.stringify(result.rejected.slice(0, 3))}`);
      }
      totals.accepted += result.accepted;
      totals.duplicates += result.duplicates;
      totals.batches++;
    }
  } finally {
    await recorder.close();
  }
  return totals;
}

/** A copy of `items` in a seeded random order (Fisher–Yates on mulberry32): the same seed, the same order. */
export function seededShuffle<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** A scan line's instant in epoch ms. */
export const scanMs = (scan: Pick<ScanLine, 'at'>): number => Date.parse(scan.at);

/** The scans grouped by item, each item's in time order (by instant; the simulation never repeats one). */
export function scansByItem(scans: readonly ScanLine[]): Map<string, ScanLine[]> {
  const byItem = new Map<string, ScanLine[]>();
  for (const scan of scans) {
    const list = byItem.get(scan.trackingNo);
    if (list) list.push(scan);
    else byItem.set(scan.trackingNo, [scan]);
  }
  for (const list of byItem.values()) list.sort((a, b) => scanMs(a) - scanMs(b));
  return byItem;
}

/** Every row of the breakpoints table, in id order. */
export function allBreakpoints(handle: DbHandle) {
  return handle.db
    .selectFrom('breakpoints')
    .select(['id', 'tracking_no', 'type', 'visit', 'responsible_unit', 'opened_at', 'closed_at'])
    .orderBy('id')
    .execute()
    .then((rows) => rows.map((r) => ({ ...r, id: Number(r.id), visit: Number(r.visit), opened_at: Number(r.opened_at), closed_at: r.closed_at === null ? null : Number(r.closed_at) })));
}
