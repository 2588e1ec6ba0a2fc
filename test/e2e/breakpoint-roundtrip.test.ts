import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { sweepSilences } from '../../src/modules/breakpoints/sweep.service.js';
import { MISSING_SCAN_TYPES, SILENCE_TYPES } from '../../src/simulation/breakpoint-truth.js';
import type { TruthBreakpoint } from '../../src/simulation/write-simulation.js';
import { describeEachDialect } from '../test-db.js';
import { type Simulation, allBreakpoints, ingestScans, loadUnits, scanMs, scansByItem, seededShuffle, shanghaiMidnightDaysAgo, simulate } from '../simulated-store.js';

/**
 * Break-point detection end to end against a known answer: a simulated province's mail with dropped
 * scans, items that stop and late uploads (src/simulation), ingested in a shuffled order through the
 * real scan path, swept once at the end of the period; the open break-points must be exactly those
 * truth.json names (DESIGN §5), on both engines.
 */

const ITEMS = 20_000;
const SEED = 42;
const SHUFFLE_SEED = 4242;
const BATCH = 5_000;
/** Generous: 20,000 items (~200,000 scans) on a 2-core machine, twice (shuffled, then again). */
const TIMEOUT = 15 * 60_000;

const SILENCES = new Set<string>(SILENCE_TYPES);
const ALL_TYPES = [...MISSING_SCAN_TYPES, ...SILENCE_TYPES];

let sim: Simulation;
let byItem: ReturnType<typeof scansByItem>;

beforeAll(async () => {
  const started = performance.now();
  // Ten days ago, local midnight: the five simulated days and truth's asOf are all in the past, so
  // no scan is refused as being from the future.
  sim = await simulate({ seed: SEED, items: ITEMS, startMs: shanghaiMidnightDaysAgo(10), days: 5, dropRate: 0.05, silenceRate: 0.05, lateRate: 0.1 });
  byItem = scansByItem(sim.scans);
  console.log(
    `simulation: ${ITEMS} items, ${sim.scans.length} scans, ${sim.truth.breakpoints.length} break-points in truth, ` +
      `start ${new Date(sim.options.startMs).toISOString()}, asOf ${sim.truth.asOf} (${Math.round(performance.now() - started)} ms)`,
  );
}, 5 * 60_000);
afterAll(() => sim?.remove());

/** How a break-point is compared: its key, and for a silence the instant it opened. */
function truthKey(b: TruthBreakpoint): string {
  const key = `${b.trackingNo} ${b.type} visit ${b.visit} ${b.responsibleUnit}`;
  if (!SILENCES.has(b.type)) return key;
  if (b.visibleAt === undefined) throw new Error(`truth silence without visibleAt: ${JSON.stringify(b)}`);
  return `${key} opened ${new Date(Date.parse(b.visibleAt)).toISOString()}`;
}

interface Row {
  tracking_no: string;
  type: string;
  visit: number;
  responsible_unit: string;
  opened_at: number;
  closed_at: number | null;
}

function storedKey(r: Row): string {
  const key = `${r.tracking_no} ${r.type} visit ${r.visit} ${r.responsible_unit}`;
  return SILENCES.has(r.type) ? `${key} opened ${new Date(r.opened_at).toISOString()}` : key;
}

/** The first few differences, each with what is needed to reproduce it: the item's events, truth, and what was stored. */
function describeMismatches(missing: string[], extra: string[], rows: readonly Row[]): string {
  // A break-point found with the right type, unit and instant but another visit number points at the
  // numbering of visits, not at the rules.
  const withoutVisit = (key: string) => key.replace(/ visit \d+ /, ' ');
  const extraWithoutVisit = new Set(extra.map(withoutVisit));
  const onlyVisit = missing.filter((k) => extraWithoutVisit.has(withoutVisit(k))).length;
  const byType = (keys: string[]) => JSON.stringify(Object.fromEntries(ALL_TYPES.map((t) => [t, keys.filter((k) => k.split(' ')[1] === t).length]).filter(([, n]) => n !== 0)));
  const lines = [
    `${missing.length} in truth but not open in the store ${byType(missing)}, ${extra.length} open in the store but not in truth ${byType(extra)}; ` +
      `${onlyVisit} of the missing ones are stored with another visit number only`,
  ];
  const items = new Set<string>();
  const show = (label: string, keys: string[]) => {
    for (const key of keys.slice(0, 5)) {
      lines.push(`  ${label}: ${key}`);
      items.add(key.split(' ')[0]!);
    }
  };
  show('missing', missing);
  show('extra', extra);
  for (const trackingNo of [...items].slice(0, 3)) {
    lines.push(`item ${trackingNo}:`);
    for (const s of byItem.get(trackingNo) ?? []) lines.push(`    event ${s.at} ${s.code} at ${s.site}${s.nextSite ? ` → ${s.nextSite}` : ''}`);
    for (const b of sim.truth.breakpoints.filter((t) => t.trackingNo === trackingNo)) lines.push(`    truth ${JSON.stringify(b)}`);
    for (const r of rows.filter((row) => row.tracking_no === trackingNo)) {
      lines.push(
        `    stored ${r.type} visit ${r.visit} ${r.responsible_unit} opened ${new Date(r.opened_at).toISOString()} ${r.closed_at === null ? 'open' : `closed ${new Date(r.closed_at).toISOString()}`}`,
      );
    }
  }
  return lines.join('\n');
}

describeEachDialect(`break-points of ${ITEMS.toLocaleString('en')} simulated items`, (ctx) => {
  const timings: Record<string, number> = {};
  const timed = async <T>(phase: string, run: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    try {
      return await run();
    } finally {
      timings[phase] = Math.round(performance.now() - started);
    }
  };
  afterAll(() => console.log(`[${ctx.dialect}] timings (ms): ${JSON.stringify(timings)}`));

  let openAfterFirstPass: Row[];
  const rules = () => loadConfig({ SONGDA_DB: ctx.target.url, SONGDA_LOG_LEVEL: 'silent' }).silence;

  it('truth holds every kind of break-point, judged with the thresholds Songda uses by default', () => {
    const byType = Object.fromEntries(ALL_TYPES.map((type) => [type, sim.truth.breakpoints.filter((b) => b.type === type).length]));
    for (const type of ALL_TYPES) expect(byType[type], `${type} in truth ${JSON.stringify(byType)}`).toBeGreaterThan(0);
    const r = rules();
    const t = sim.truth.thresholds;
    expect({ transitMs: r.transitMs, officeMs: r.officeMs, heldMs: r.heldMs, defaultEndOfShift: r.defaultEndOfShift, timeZone: r.timeZone }).toEqual({
      transitMs: t.silentInTransitHours * 3_600_000,
      officeMs: t.silentAtOfficeHours * 3_600_000,
      heldMs: t.silentHeldHours * 3_600_000,
      defaultEndOfShift: t.endOfShift,
      timeZone: t.timeZone,
    });
    // Nothing in the data is from after asOf, nor from the future.
    expect(sim.scans.reduce((latest, s) => Math.max(latest, scanMs(s)), 0)).toBeLessThanOrEqual(sim.asOfMs);
    expect(sim.asOfMs).toBeLessThan(Date.now());
  });

  it(
    'ingests the scans in shuffled order, sweeps once at asOf, and holds exactly the open break-points of truth',
    async () => {
      const handle = ctx.handle;
      const now = Date.now();
      await timed('units', () => loadUnits(handle, sim.units, now));
      const shuffled = seededShuffle(sim.scans, SHUFFLE_SEED);
      const totals = await timed('ingest', () => ingestScans(handle, rules(), shuffled, { batchSize: BATCH, now }));
      expect(totals).toEqual({ accepted: sim.scans.length, duplicates: 0, batches: Math.ceil(sim.scans.length / BATCH) });

      const swept = await timed('sweep', () => sweepSilences(handle, sim.asOfMs, Date.now()));
      const rows = await allBreakpoints(handle);
      const open = rows.filter((r) => r.closed_at === null);
      const truthSilences = sim.truth.breakpoints.filter((b) => SILENCES.has(b.type)).length;
      expect(swept.opened, 'silences opened by the sweep').toBe(truthSilences);

      const expected = new Set(sim.truth.breakpoints.map(truthKey));
      const actual = new Set(open.map(storedKey));
      expect(expected.size, 'truth has no duplicate break-point').toBe(sim.truth.breakpoints.length);
      expect(actual.size, 'at most one open break-point per item, type and visit').toBe(open.length);
      const missing = [...expected].filter((k) => !actual.has(k));
      const extra = [...actual].filter((k) => !expected.has(k));
      const truePositives = expected.size - missing.length;
      const precision = actual.size === 0 ? 0 : truePositives / actual.size;
      const recall = truePositives / expected.size;
      console.log(`[${ctx.dialect}] ${open.length} open of ${rows.length} stored break-points; precision ${precision}, recall ${recall}`);
      // Kept before the verdict: the tests below check other things and should run either way.
      openAfterFirstPass = open;
      expect({ precision, recall }, describeMismatches(missing, extra, rows)).toEqual({ precision: 1, recall: 1 });
    },
    TIMEOUT,
  );

  it(
    'opens each missing-scan break-point at the first event after the gap',
    async () => {
      expect(openAfterFirstPass, 'needs the ingest above').toBeDefined();
      const visibleAt = new Map(sim.truth.breakpoints.filter((b) => !SILENCES.has(b.type)).map((b) => [truthKey(b), b.visibleAt]));
      const wrong = openAfterFirstPass
        .filter((r) => !SILENCES.has(r.type))
        .flatMap((r) => {
          const at = visibleAt.get(storedKey(r));
          return at !== undefined && Date.parse(at) !== r.opened_at ? [`${storedKey(r)}: stored ${new Date(r.opened_at).toISOString()}, truth ${at}`] : [];
        });
      expect(wrong.slice(0, 10), `${wrong.length} missing-scan break-points open at another instant than truth's visibleAt`).toEqual([]);
    },
    TIMEOUT,
  );

  it(
    'changes nothing when every scan is sent again: all duplicates, the same break-points, nothing more to sweep',
    async () => {
      expect(openAfterFirstPass, 'needs the ingest above').toBeDefined();
      const handle = ctx.handle;
      const before = await allBreakpoints(handle);
      const totals = await timed('re-ingest', () => ingestScans(handle, rules(), sim.scans, { batchSize: BATCH, now: Date.now() }));
      expect(totals).toEqual({ accepted: 0, duplicates: sim.scans.length, batches: Math.ceil(sim.scans.length / BATCH) });
      expect(await timed('sweep again', () => sweepSilences(handle, sim.asOfMs, Date.now()))).toEqual({ opened: 0, closed: 0 });
      const after = await allBreakpoints(handle);
      expect(after).toEqual(before);
      expect(new Set(after.filter((r) => r.closed_at === null).map(storedKey))).toEqual(new Set(openAfterFirstPass.map(storedKey)));
    },
    TIMEOUT,
  );
});
