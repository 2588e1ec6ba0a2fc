import { expect, it } from 'vitest';
import { localPeriod } from '../../src/http/query-days.js';
import { RATE_GROUPINGS } from '../../src/modules/breakpoints/breakpoint.schemas.js';
import { countRateOfPeriod } from '../../src/modules/breakpoints/breakpoint-rate-day.js';
import { countItems } from '../../src/modules/items/item-list.service.js';
import { readMarkers } from '../../src/modules/overview/overview.repository.js';
import { FIXED_NOW, HOUR, MINUTE, type TestApp, createSite, postScansInBatches as postScans, type ScanEventInput as Scan, newTestApp, newTrackingNo, shanghai } from '../factories.js';
import { mulberry32 as random } from '../../src/simulation/random.js';
import { describeEachDialect } from '../test-db.js';

// The stored days follow scan batches by counting what each batch changed (overview-counts.ts), not
// by computing the days again. Here random batches of scans (late ones that fill gaps or come
// before an item's first acceptance, next steps and deliveries, new items), sweeps and a unit's move
// change a store whose days are stored; after each, every day's figures of the overview and the rate
// report must equal the full recomputation (countRateOfPeriod, the item list's countItems).

const TZ = 'Asia/Shanghai';
const DAYS = ['2026-11-17', '2026-11-18', '2026-11-19', '2026-11-20', '2026-11-21', '2026-11-22'];

async function get<T>(t: TestApp, path: string): Promise<T> {
  const res = await t.request('GET', path, { role: 'viewer' });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as T;
}

interface Counts {
  items: number;
  itemsWithBreakpoint: number;
  filledLate: number;
}
const byGroup = (rows: (Counts & { group: string })[]) =>
  Object.fromEntries(rows.map((r) => [r.group, { items: r.items, itemsWithBreakpoint: r.itemsWithBreakpoint, filledLate: r.filledLate }]));

/** Every day: the overview and the rate report (from the stored days) against the full recomputation. */
async function expectDaysMatchRecount(t: TestApp, round: string): Promise<void> {
  for (const day of DAYS) {
    const period = localPeriod(day, day, TZ);
    const full = await countRateOfPeriod(t.db, period);
    const accepted = await countItems(t.db, { accepted: period });
    const delivered = await countItems(t.db, { delivered: period });
    const acceptedDelivered = await countItems(t.db, { accepted: period, statuses: ['DELIVERED'] });
    const overview = await get<{
      range: { accepted: number; delivered: number; acceptedDelivered: number; items: number; withBreakpoint: number };
      rateByCity: { cityCode: string; items: number; withBreakpoint: number }[];
    }>(t, `/api/v1/reports/overview?from=${day}&to=${day}`);
    expect(overview.range, `${round}: overview of ${day}`).toEqual({
      ...overview.range,
      accepted,
      delivered,
      acceptedDelivered,
      items: full.total.items,
      withBreakpoint: full.total.itemsWithBreakpoint,
    });
    expect(
      overview.rateByCity.map((c) => [c.cityCode, c.items, c.withBreakpoint]),
      `${round}: overview's cities of ${day}`,
    ).toEqual([...full.groups.city].sort(([a], [b]) => (a < b ? -1 : 1)).map(([code, c]) => [code, c.items, c.itemsWithBreakpoint]));
    for (const grouping of RATE_GROUPINGS) {
      const report = await get<{ total: Counts; rows: (Counts & { group: string })[] }>(t, `/api/v1/reports/breakpoint-rate?from=${day}&to=${day}&groupBy=${grouping}`);
      expect({ items: report.total.items, itemsWithBreakpoint: report.total.itemsWithBreakpoint, filledLate: report.total.filledLate }, `${round}: rate of ${day}`).toEqual(full.total);
      expect(byGroup(report.rows), `${round}: rate of ${day} by ${grouping}`).toEqual(Object.fromEntries(full.groups[grouping]));
    }
  }
}

/** When each stored day was computed in full. */
async function computedAt(t: TestApp): Promise<Record<string, number>> {
  const markers = [...(await readMarkers(t.db, 'overview', TZ)), ...(await readMarkers(t.db, 'rate', TZ))];
  return Object.fromEntries(markers.map((m) => [m.day, m.computedWm]));
}

describeEachDialect('the stored days after scan batches', (ctx) => {
  it('equal the full recomputation after random batches of scans, sweeps and a unit moving, without computing the days again', async () => {
    const t = await newTestApp(ctx);
    const rnd = random(20261203);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;
    const counters = [await createSite(t, { kind: 'counter', divisionCode: '420506' }), await createSite(t, { kind: 'counter', divisionCode: '420102' })];
    const centres = [await createSite(t, { kind: 'processing_centre', divisionCode: '420502' }), await createSite(t, { kind: 'processing_centre', divisionCode: '640104' })];
    const offices = [
      await createSite(t, { kind: 'delivery_office', divisionCode: '420506' }),
      await createSite(t, { kind: 'delivery_office', divisionCode: '420602' }),
      await createSite(t, { kind: 'delivery_office', divisionCode: '640104' }),
    ];

    // Each item's whole journey, from a random instant on the 17th–20th; a batch sends some items
    // their next steps, and holds back about one scan in five to arrive in a later batch.
    const journeys = new Map<string, Scan[]>();
    const newItems = (n: number) => {
      for (let i = 0; i < n; i++) {
        const trackingNo = newTrackingNo();
        const route = [pick(counters), ...Array.from({ length: Math.floor(rnd() * 3) }, () => pick(centres)), pick(offices)];
        const steps: [string, string][] = [];
        route.forEach((site, k) => {
          if (k === 0) steps.push(['ACCEPTED', site], ['DISPATCHED', site]);
          else if (k < route.length - 1) steps.push(['ARRIVED', site], ['DISPATCHED', site]);
          else steps.push(['AT_DELIVERY_OFFICE', site], ['OUT_FOR_DELIVERY', site], ['DELIVERED', site]);
        });
        let at = Date.parse('2026-11-17T00:00:00+08:00') + Math.floor(rnd() * 4 * 24) * HOUR;
        journeys.set(
          trackingNo,
          steps.map(([code, site]) => {
            const scan = { trackingNo, code, site, at: shanghai(at) };
            at += (1 + Math.floor(rnd() * 9)) * HOUR + Math.floor(rnd() * 60) * MINUTE;
            return scan;
          }),
        );
      }
    };
    const sent = new Map<string, number>();
    const held: Scan[] = [];
    const batch = (): Scan[] => {
      const out: Scan[] = [];
      // Some of the held-back scans arrive now (late: fill gaps, or an acceptance before the first one).
      for (let i = held.length - 1; i >= 0; i--) if (rnd() < 0.5) out.push(...held.splice(i, 1));
      for (const [trackingNo, scans] of journeys) {
        if (rnd() < 0.4) continue;
        const from = sent.get(trackingNo) ?? 0;
        const to = Math.min(scans.length, from + 1 + Math.floor(rnd() * 3));
        for (const scan of scans.slice(from, to)) (rnd() < 0.2 ? held : out).push(scan);
        sent.set(trackingNo, to);
      }
      return out;
    };
    const sweep = async (hours: number) => {
      const res = await t.request('POST', '/api/v1/breakpoints/sweep', { body: { asOf: shanghai(FIXED_NOW + hours * HOUR) } });
      expect(res.statusCode, res.body).toBe(200);
    };

    newItems(60);
    await postScans(t, batch());
    await expectDaysMatchRecount(t, 'first batch');
    const stored = await computedAt(t);
    expect(Object.keys(stored).sort()).toEqual(DAYS);

    for (let round = 1; round <= 4; round++) {
      if (round === 2) newItems(20);
      await postScans(t, batch());
      if (round % 2 === 0) await sweep(round * 12);
      await expectDaysMatchRecount(t, `batch ${round}`);
    }
    // No day was computed again: every batch was counted by what it changed.
    expect(await computedAt(t)).toEqual(stored);

    // A counter moves to another city: the days are grouped again (computed in full), then batches
    // are counted by what they change again.
    const moved = await t.request('POST', '/api/v1/units', { body: [{ code: counters[0], name: '营业部', kind: 'counter', divisionCode: '420103' }] });
    expect(moved.statusCode, moved.body).toBe(200);
    await expectDaysMatchRecount(t, 'after the move');
    const regrouped = await computedAt(t);
    for (let round = 5; round <= 7; round++) {
      await postScans(t, batch());
      if (round === 6) await sweep(96);
      await expectDaysMatchRecount(t, `batch ${round}`);
    }
    // Everything held back, last.
    await postScans(t, held.splice(0));
    await expectDaysMatchRecount(t, 'the held-back scans');
    expect(await computedAt(t)).toEqual(regrouped);
  }, 240_000);
});
