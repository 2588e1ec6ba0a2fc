import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { getOfficeReconciliation } from '../../src/modules/reconciliation/reconciliation.service.js';
import type { ScanLine } from '../../src/simulation/generate-scans.js';
import { newTestApp } from '../factories.js';
import { describeEachDialect } from '../test-db.js';
import { DAY_MS, type Simulation, ingestScans, loadUnits, scanMs, scansByItem, shanghaiDate, shanghaiMidnightDaysAgo, simulate } from '../simulated-store.js';

/**
 * Office reconciliation (DESIGN §6) end to end: a simulated province's mail with late uploads is
 * ingested through the real scan path, and the three balances the service gives for each delivery
 * office and day are compared with the same balances counted here, straight from scans.ndjson.
 */

const ITEMS = 3_000;
const DAYS = 5;
const BATCH = 1_000;
const TIMEOUT = 5 * 60_000;
const DEFAULT_END_OF_SHIFT = '21:00';
/** The service looks this far back for items on the shelf when the day starts. */
const HELD_LOOKBACK_DAYS = 30;

let sim: Simulation;
let byItem: Map<string, ScanLine[]>;
/** Local dates of the period, from the day before it to the day after it. */
let dates: string[];
let offices: { code: string; endOfShift: string }[];
/** Per delivery office, the items with any scan there (nothing else can enter its balances). */
let itemsAt: Map<string, string[]>;
let pairs: ReturnType<typeof pairsToCheck>;

beforeAll(async () => {
  const startMs = shanghaiMidnightDaysAgo(10);
  // Routes that follow every rule of DESIGN §4 (no dropped scan), 10 % of the scans uploaded 1–12 h
  // late and out of order, and 5 % of the items stopping somewhere: without those, every round
  // would come back complete and the end-of-shift balance would never show an item still out.
  sim = await simulate({ seed: 7, items: ITEMS, startMs, days: DAYS, lateRate: 0.1, silenceRate: 0.05 });
  byItem = scansByItem(sim.scans);
  dates = Array.from({ length: DAYS + 2 }, (_, i) => shanghaiDate(startMs + (i - 1) * DAY_MS));
  offices = sim.units.filter((u) => u.kind === 'delivery_office').map((u) => ({ code: u.code, endOfShift: u.endOfShift ?? DEFAULT_END_OF_SHIFT }));
  itemsAt = new Map();
  for (const [trackingNo, scans] of byItem) {
    for (const site of new Set(scans.map((s) => s.site))) itemsAt.set(site, [...(itemsAt.get(site) ?? []), trackingNo]);
  }
  pairs = pairsToCheck();
}, TIMEOUT);
afterAll(() => sim?.remove());

// ---------------------------------------------------------------------------------------------
// The balances of DESIGN §6, counted from the scan lines alone. "Later" is by instant: the
// simulation never stamps two scans of one item with the same instant (checked below).
// ---------------------------------------------------------------------------------------------

interface Expected {
  inbound: { total: number; handedOver: number; missing: string[] };
  held: { total: number; takenOut: number; stillHeld: string[] };
  shift: { total: number; delivered: number; failed: number; held: number; stillOut: string[]; balanced: boolean };
}

/** Instant of local time `hhmm` on Shanghai date `date`. */
const localInstant = (date: string, hhmm: string) => Date.parse(`${date}T${hhmm}:00+08:00`);

function countBalances(office: string, endOfShift: string, date: string): Expected {
  const dayStart = localInstant(date, '00:00');
  const dayEnd = dayStart + DAY_MS;
  const shiftEnd = localInstant(date, endOfShift);
  const lookbackStart = dayStart - HELD_LOOKBACK_DAYS * DAY_MS;
  const during = (ms: number) => ms >= dayStart && ms < dayEnd;
  const result: Expected = {
    inbound: { total: 0, handedOver: 0, missing: [] },
    held: { total: 0, takenOut: 0, stillHeld: [] },
    shift: { total: 0, delivered: 0, failed: 0, held: 0, stillOut: [], balanced: true },
  };

  for (const trackingNo of itemsAt.get(office) ?? []) {
    const events = byItem.get(trackingNo)!.map((s) => ({ code: s.code, ms: scanMs(s), here: s.site === office }));

    // 进口投递对比: arrived at the office during D (judged from its last arrival of D); handed over
    // if the office later took it out, put it on the shelf or delivered it, before D ended.
    let arrival = -1;
    events.forEach((e, i) => {
      if (e.here && (e.code === 'ARRIVED' || e.code === 'AT_DELIVERY_OFFICE') && during(e.ms)) arrival = i;
    });
    if (arrival >= 0) {
      result.inbound.total++;
      const handedOver = events.slice(arrival + 1).some((e) => e.here && ['OUT_FOR_DELIVERY', 'HELD', 'DELIVERED'].includes(e.code) && e.ms < dayEnd);
      if (handedOver) result.inbound.handedOver++;
      else result.inbound.missing.push(trackingNo);
    }

    // 留存出库下段: on the office's shelf when D starts (its last event before D is a HELD there),
    // or put there during D; taken out if the office then took it out or delivered it before D ended.
    let lastBefore = -1;
    let heldDuring = -1;
    events.forEach((e, i) => {
      if (e.ms < dayStart) lastBefore = i;
      if (e.here && e.code === 'HELD' && during(e.ms)) heldDuring = i;
    });
    const before = events[lastBefore];
    const heldAtStart = before !== undefined && before.here && before.code === 'HELD' && before.ms >= lookbackStart;
    if (heldAtStart || heldDuring >= 0) {
      result.held.total++;
      const from = heldDuring >= 0 ? heldDuring : lastBefore;
      const takenOut = events.slice(from + 1).some((e) => e.here && (e.code === 'OUT_FOR_DELIVERY' || e.code === 'DELIVERED') && e.ms < dayEnd);
      if (takenOut) result.held.takenOut++;
      else result.held.stillHeld.push(trackingNo);
    }

    // 收班平衡合拢: out for delivery from the office during D (its last such scan of D); by the end of
    // that scan's shift it is delivered, failed, held or still out.
    let out = -1;
    events.forEach((e, i) => {
      if (e.here && e.code === 'OUT_FOR_DELIVERY' && during(e.ms)) out = i;
    });
    if (out >= 0) {
      result.shift.total++;
      const deadline = events[out]!.ms <= shiftEnd ? shiftEnd : shiftEnd + DAY_MS;
      const results = events.slice(out + 1).filter((e) => e.here && e.ms <= deadline && ['DELIVERED', 'DELIVERY_FAILED', 'HELD'].includes(e.code));
      const outcome = results.some((e) => e.code === 'DELIVERED') ? 'delivered' : results.at(-1)?.code === 'DELIVERY_FAILED' ? 'failed' : results.length > 0 ? 'held' : 'stillOut';
      if (outcome === 'stillOut') result.shift.stillOut.push(trackingNo);
      else result.shift[outcome]++;
    }
  }
  for (const list of [result.inbound.missing, result.held.stillHeld, result.shift.stillOut]) list.sort();
  result.shift.balanced = result.shift.stillOut.length === 0;
  return result;
}

/** Every (office, day) with anything to balance, and a few with nothing. */
function pairsToCheck(): { office: string; endOfShift: string; date: string; expected: Expected }[] {
  const all = offices.flatMap((o) => dates.map((date) => ({ office: o.code, endOfShift: o.endOfShift, date, expected: countBalances(o.code, o.endOfShift, date) })));
  const busy = all.filter((p) => p.expected.inbound.total + p.expected.held.total + p.expected.shift.total > 0);
  const idle = all.filter((p) => !busy.includes(p));
  return [...busy, ...idle.slice(0, 3)];
}

type Report = Awaited<ReturnType<typeof getOfficeReconciliation>>;

describeEachDialect(`reconciliation of ${ITEMS.toLocaleString('en')} simulated items`, (ctx) => {
  /** The service's answer per `${office} ${date}`. */
  const reports = new Map<string, Report>();
  const reportOf = (office: string, date: string): Report => {
    const report = reports.get(`${office} ${date}`);
    if (!report) throw new Error(`no report for ${office} ${date}`);
    return report;
  };

  beforeAll(async () => {
    let started = performance.now();
    const now = Date.now();
    await loadUnits(ctx.handle, sim.units, now);
    const rules = loadConfig({ SONGDA_DB: ctx.target.url, SONGDA_LOG_LEVEL: 'silent' }).silence;
    // In upload order: the late scans reach Songda after later ones, as they would in service.
    const totals = await ingestScans(ctx.handle, rules, sim.scans, { batchSize: BATCH, now });
    expect(totals.accepted).toBe(sim.scans.length);
    const ingestMs = Math.round(performance.now() - started);
    started = performance.now();
    const deps = { db: ctx.handle.db, timeZone: 'Asia/Shanghai', defaultEndOfShift: DEFAULT_END_OF_SHIFT };
    for (const o of offices) for (const date of dates) reports.set(`${o.code} ${date}`, await getOfficeReconciliation(deps, o.code, date));
    console.log(`[${ctx.dialect}] ${sim.scans.length} scans ingested in ${ingestMs} ms; ${reports.size} (office, day) reports in ${Math.round(performance.now() - started)} ms`);
  }, TIMEOUT);

  it('has data worth balancing: no two scans of an item at one instant, late uploads, and every outcome', () => {
    for (const scans of byItem.values()) expect(new Set(scans.map(scanMs)).size).toBe(scans.length);
    expect(sim.counts.lateScans).toBeGreaterThan(0);
    const sum = (f: (e: Expected) => number) => pairs.reduce((n, p) => n + f(p.expected), 0);
    const totals = {
      inbound: sum((e) => e.inbound.total),
      handedOver: sum((e) => e.inbound.handedOver),
      missing: sum((e) => e.inbound.missing.length),
      held: sum((e) => e.held.total),
      takenOut: sum((e) => e.held.takenOut),
      stillHeld: sum((e) => e.held.stillHeld.length),
      out: sum((e) => e.shift.total),
      delivered: sum((e) => e.shift.delivered),
      heldAfterOut: sum((e) => e.shift.held),
      stillOut: sum((e) => e.shift.stillOut.length),
    };
    console.log(`[${ctx.dialect}] counted from the scans over ${pairs.length} (office, day) pairs: ${JSON.stringify(totals)}`);
    for (const [name, n] of Object.entries(totals)) expect(n, name).toBeGreaterThan(0);
    expect(pairs.filter((p) => !p.expected.shift.balanced).length).toBeGreaterThan(0);
    expect(pairs.filter((p) => p.expected.shift.total > 0 && p.expected.shift.balanced).length).toBeGreaterThan(0);
  });

  it('agrees with the balances counted from the scans, for every office and day', () => {
    const differences: string[] = [];
    for (const { office, endOfShift, date, expected } of pairs) {
      const report = reportOf(office, date);
      if (report.endOfShift !== `${date}T${endOfShift}:00.000+08:00`) differences.push(`${office} ${date}: end of shift ${report.endOfShift}`);
      for (const name of ['inbound', 'held', 'shift'] as const) {
        const got = report[name];
        const want = expected[name];
        if (JSON.stringify(got) !== JSON.stringify(want)) differences.push(`${office} ${date} ${name}: service ${JSON.stringify(got)}, counted ${JSON.stringify(want)}`);
      }
    }
    expect(differences.slice(0, 5), `${differences.length} differences over ${pairs.length} (office, day) pairs`).toEqual([]);
    // The pairs with nothing to balance answer zeros everywhere.
    const idle = [...reports.entries()].filter(([key]) => !pairs.some((p) => `${p.office} ${p.date}` === key));
    for (const [key, r] of idle) expect(r.inbound.total + r.held.total + r.shift.total, key).toBe(0);
  });

  it("lists the items truth.json says went silent at an office, on the day they went silent, and no other item is still out", () => {
    const lastScan = (trackingNo: string) => byItem.get(trackingNo)!.at(-1)!;
    const silent = { NO_DELIVERY_RESULT: 0, SILENT_AT_OFFICE: 0, SILENT_HELD: 0 };
    const unlisted: string[] = [];
    const noResult = new Set<string>();
    for (const b of sim.truth.breakpoints) {
      const last = lastScan(b.trackingNo);
      const day = shanghaiDate(scanMs(last));
      if (b.type === 'NO_DELIVERY_RESULT') {
        silent.NO_DELIVERY_RESULT++;
        noResult.add(`${b.responsibleUnit} ${day} ${b.trackingNo}`);
        if (!reportOf(b.responsibleUnit, day).shift.stillOut.includes(b.trackingNo)) unlisted.push(`${JSON.stringify(b)} not still out on ${day}`);
      } else if (b.type === 'SILENT_AT_OFFICE') {
        silent.SILENT_AT_OFFICE++;
        if (!reportOf(b.responsibleUnit, day).inbound.missing.includes(b.trackingNo)) unlisted.push(`${JSON.stringify(b)} not missing from inbound on ${day}`);
      } else if (b.type === 'SILENT_HELD' && last.code === 'HELD') {
        silent.SILENT_HELD++;
        // On the shelf from that day to the end of the data.
        for (const date of dates.filter((d) => d >= day)) {
          if (!reportOf(b.responsibleUnit, date).held.stillHeld.includes(b.trackingNo)) unlisted.push(`${JSON.stringify(b)} not still held on ${date}`);
        }
      }
    }
    for (const [type, n] of Object.entries(silent)) expect(n, `${type} in truth at an office`).toBeGreaterThan(0);
    expect(unlisted.slice(0, 5), `${unlisted.length} silent items not listed`).toEqual([]);

    // Still out and not a NO_DELIVERY_RESULT of truth: only a round whose end of shift is not past asOf.
    const unexplained: string[] = [];
    for (const [key, r] of reports) {
      for (const trackingNo of r.shift.stillOut) {
        if (noResult.has(`${key} ${trackingNo}`)) continue;
        const out = byItem.get(trackingNo)!.filter((s) => s.code === 'OUT_FOR_DELIVERY' && `${s.site} ${shanghaiDate(scanMs(s))}` === key).at(-1)!;
        const [, date] = key.split(' ') as [string, string];
        const shiftEnd = Date.parse(r.endOfShift);
        const deadline = scanMs(out) <= shiftEnd ? shiftEnd : shiftEnd + DAY_MS;
        if (deadline < sim.asOfMs) unexplained.push(`${trackingNo} still out at ${key} (deadline ${new Date(deadline).toISOString()}, date ${date})`);
      }
    }
    expect(unexplained.slice(0, 5), `${unexplained.length} items still out that truth does not call NO_DELIVERY_RESULT`).toEqual([]);
  });

  it(
    'answers the same over HTTP',
    async () => {
      const t = await newTestApp(ctx, { now: Date.now() });
      const busiest = [...pairs].sort((a, b) => weight(b.expected) - weight(a.expected)).slice(0, 5);
      for (const { office, date } of busiest) {
        const res = await t.request('GET', `/api/v1/offices/${office}/reconciliation?date=${date}`, { role: 'viewer' });
        expect(res.statusCode, res.body).toBe(200);
        expect(res.json()).toEqual(reportOf(office, date));
      }
    },
    TIMEOUT,
  );
});

const weight = (e: Expected) => e.inbound.total + e.held.total + e.shift.total;
