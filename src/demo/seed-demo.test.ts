import { loadConfig } from '../config.js';
import { describe, expect, it } from 'vitest';
import { describeEachDialect } from '../../test/test-db.js';
import { parseInstant } from '../domain/scan-time.js';
import { getTimeline } from '../modules/items/item.service.js';
import { getUnits, loadSiteDirectory } from '../modules/units/unit.service.js';
import { SEED_CENTRE_CALENDAR, calendarFrom } from '../domain/work-order-clock.js';
import { generateItems } from '../simulation/generate-scans.js';
import { buildProvinceUnits } from '../simulation/province-units.js';
import { DEMO_PROVINCE, demoTraffic, seedDemo } from './seed-demo.js';
import { testCipher } from '../../test/factories-requests.js';
import { syncS10Ranges } from '../modules/items/s10-allocation.repository.js';

const demoOptions = (now: number) => ({ now, silence: loadConfig({}).silence, cipher: testCipher, publicUrl: 'http://localhost:8080', timeZone: TZ, sms: loadConfig({}).sms });
const DAY = 86_400_000;

// 2026-11-21 00:30 +08:00: a new local day before any counter opens, the hardest hour for "today".
const NOW = Date.parse('2026-11-21T00:30:00+08:00');
const MIDNIGHT = Date.parse('2026-11-21T00:00:00+08:00');
const TZ = 'Asia/Shanghai';

describe('the demo traffic', () => {
  const units = buildProvinceUnits(DEMO_PROVINCE);
  const acceptances = (now: number) => demoTraffic(now, TZ).flatMap((o) => [...generateItems(units, o)].flatMap((item) => item.scans.filter((s) => s.code === 'ACCEPTED').map((s) => instant(s.at))));

  // A manager opening the demo at any hour finds items accepted today and on each of the days before.
  for (const local of ['00:00:30', '00:30:00', '08:00:00', '12:00:00', '23:50:00']) {
    it(`has items accepted today and on each of the three days before, at ${local}`, () => {
      const now = Date.parse(`2026-11-21T${local}+08:00`);
      const accepted = acceptances(now);
      expect(accepted.every((ms) => ms <= now)).toBe(true);
      const onDay = (daysBefore: number) => accepted.filter((ms) => ms >= MIDNIGHT - daysBefore * DAY && ms < MIDNIGHT - (daysBefore - 1) * DAY).length;
      expect(onDay(0)).toBeGreaterThan(0);
      for (const daysBefore of [1, 2, 3]) expect(onDay(daysBefore)).toBeGreaterThan(300);
      expect(accepted.filter((ms) => ms < MIDNIGHT - 3 * DAY)).toEqual([]);
    });
  }

  it('keeps the two streams apart in their tracking numbers', () => {
    const numbers = demoTraffic(NOW, TZ).flatMap((o) => [...generateItems(units, o)].map((item) => item.trackingNo));
    expect(new Set(numbers).size).toBe(numbers.length);
  });
});

describeEachDialect('seedDemo', (ctx) => {
  it('seeds an empty database once', async () => {
    // As openStore does before serve seeds the demo.
    await syncS10Ranges(ctx.handle.db, loadConfig({}).s10Ranges);
    const first = await seedDemo(ctx.handle, demoOptions(NOW));
    expect(first.seeded).toBe(true);
    const match = /^224 units of 湖北省, 2120 items, (\d+) scans; 3 programs, 240 listed card holders, 203 items mailed from requests \(40 in consignment \w+\), 12 QR invitations; 7 work orders; (\d+) statements \(1 issued\); 8 weekly reports$/.exec(first.summary);
    expect(match, first.summary).not.toBeNull();
    const scans = Number(match![1]);
    expect(scans).toBeGreaterThan(2000 * 6);

    const stored = await ctx.handle.db.selectFrom('scan_events').select((eb) => eb.fn.countAll<number>().as('n')).where('via_consignment', 'is', null).executeTakeFirstOrThrow();
    // The simulated traffic, and the program items' own scans (the bag's reach its 40 cards as copies).
    expect(Number(stored.n)).toBeGreaterThan(scans);
    // Today already has acceptances, half an hour after midnight.
    const today = await ctx.handle.db.selectFrom('scan_events').select((eb) => eb.fn.countAll<number>().as('n')).where('code', '=', 'ACCEPTED').where('at_ms', '>=', MIDNIGHT).executeTakeFirstOrThrow();
    expect(Number(today.n)).toBeGreaterThan(0);

    const before = await ctx.handle.db.selectFrom('scan_events').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const second = await seedDemo(ctx.handle, demoOptions(NOW + 60_000));
    expect(second.seeded).toBe(false);
    const after = await ctx.handle.db.selectFrom('scan_events').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  }, 120_000);

  it('bills each payer of the mailed items in a statement of the last seven days, one issued', async () => {
    const statements = await ctx.handle.db.selectFrom('statements').select(['payer', 'status', 'items', 'net_fen']).execute();
    const charged = await ctx.handle.db.selectFrom('item_charges').select('payer').distinct().execute();
    expect(statements.map((s) => s.payer).sort()).toEqual(charged.map((c) => c.payer).sort());
    expect(statements.filter((s) => s.status === 'issued')).toHaveLength(1);
    const lines = await ctx.handle.db.selectFrom('statement_lines').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const charges = await ctx.handle.db.selectFrom('item_charges').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(lines.n)).toBe(Number(charges.n));
  });

  it('stores this week’s and last week’s report of every program and of the province, and their mail adds up to the items mailed in those weeks', async () => {
    const rows = await ctx.handle.db.selectFrom('weekly_reports').select(['week', 'scope_kind', 'scope_code', 'report']).execute();
    const programs = await ctx.handle.db.selectFrom('programs').select('code').execute();
    expect(rows).toHaveLength(2 * (programs.length + 1));
    for (const week of new Set(rows.map((r) => r.week))) {
      const mailed = (kind: string) =>
        rows.filter((r) => r.week === week && r.scope_kind === kind).reduce((n, r) => n + (JSON.parse(r.report) as { figures: { mailed: number } }).figures.mailed, 0);
      // Every program item of the demo is delivered by an office of the province.
      expect(mailed('program')).toBe(mailed('division'));
    }
    const total = rows.reduce((n, r) => n + (r.scope_kind === 'division' ? (JSON.parse(r.report) as { figures: { mailed: number } }).figures.mailed : 0), 0);
    expect(total).toBeGreaterThan(0);
  });

  it('opens customer-service orders of the last days in every state, some about mailed items', async () => {
    const orders = await ctx.handle.db.selectFrom('work_orders').select(['status', 'tracking_no', 'created_at', 'paused']).execute();
    expect(orders.map((o) => o.status).sort()).toEqual(['assigned', 'closed', 'in_progress', 'new', 'resolved', 'resolved', 'waiting_customer']);
    expect(orders.filter((o) => o.tracking_no !== null)).toHaveLength(5);
    // Waiting on the customer stops the clock (others may be paused too: the centre's night).
    expect(Number(orders.find((o) => o.status === 'waiting_customer')!.paused)).toBe(1);
    for (const o of orders) expect(Number(o.created_at)).toBeLessThan(NOW);
  });

  it('mails program items: most delivered, the bag of cards carried to its office and opened there', async () => {
    const db = ctx.handle.db;
    const programs = await db.selectFrom('programs').select('code').orderBy('code').execute();
    expect(programs.map((p) => p.code)).toEqual(['HB-FP', 'HB-JSZ', 'YC-YDZ']);
    const items = await db.selectFrom('items').select(['status', 'program_code']).where('program_code', 'is not', null).execute();
    expect(items).toHaveLength(203);
    expect(items.filter((i) => i.status === 'DELIVERED').length).toBeGreaterThan(100);
    const bag = await db.selectFrom('consignments').selectAll().executeTakeFirstOrThrow();
    expect(bag).toMatchObject({ from_partner: 'HB-CARD', to_unit: 'D420502', opened_site: 'D420502' });
    const member = await db.selectFrom('consignment_items').select('tracking_no').where('consignment_no', '=', bag.tracking_no).executeTakeFirstOrThrow();
    const timeline = await getTimeline(db, member.tracking_no, () => null, 'all');
    expect(timeline.events.filter((e) => e.viaConsignment === bag.tracking_no).map((e) => e.code)).toEqual([
      'ACCEPTED', 'DISPATCHED', 'ARRIVED', 'DISPATCHED', 'ARRIVED', 'DISPATCHED', 'AT_DELIVERY_OFFICE',
    ]);
    const charges = await db.selectFrom('item_charges').select(['payer', 'donation_fen']).where('program_code', '=', 'YC-YDZ').execute();
    expect(charges.length).toBe(200);
    expect(charges.every((c) => c.payer === 'YC-VAB' && c.donation_fen === 10)).toBe(true);
  });

  it('stores units with real divisions of 湖北省', async () => {
    const units = await getUnits(ctx.handle.db);
    expect(units).toHaveLength(buildProvinceUnits(DEMO_PROVINCE).length);
    expect(units.every((u) => u.provinceCode === '420000' && u.divisionName?.startsWith('湖北省'))).toBe(true);
    expect(units.find((u) => u.code === 'D420506')).toMatchObject({ name: '夷陵区揽投部', divisionName: '湖北省宜昌市夷陵区', cityCode: '420500', parentCode: 'P420500' });
  });

  it('gives the province’s centre the customer-service calendar, 08:00–24:00', async () => {
    const rows = await ctx.handle.db.selectFrom('units').select(['code', 'work_calendar']).where('work_calendar', 'is not', null).execute();
    expect(rows.map((r) => r.code)).toEqual(['P420000']);
    expect(calendarFrom(JSON.parse(rows[0]!.work_calendar!))).toEqual(SEED_CENTRE_CALENDAR);
  });

  it('gives an item its whole timeline, and leaves recent items in transit', async () => {
    const sites = await loadSiteDirectory(ctx.handle.db);
    const generated = demoTraffic(NOW, TZ).flatMap((o) => [...generateItems(buildProvinceUnits(DEMO_PROVINCE), o)]);
    const item = generated[10]!;
    const timeline = await getTimeline(ctx.handle.db, item.trackingNo, (code) => sites.name(code), 'all');
    expect(timeline.originUnit).toBe(item.originUnit);
    expect(timeline.destination?.divisionCode).toBe(item.destination.divisionCode);
    expect(timeline.status).toBe('DELIVERED');
    expect(timeline.events.map((e) => [e.code, e.site, instant(e.at)])).toEqual(item.scans.map((s) => [s.code, s.site, instant(s.at)]));
    expect(timeline.events[0]?.siteName).toMatch(/营业部$/);

    const inTransit = await ctx.handle.db.selectFrom('items').select('tracking_no').where('status', '!=', 'DELIVERED').execute();
    expect(inTransit.length).toBeGreaterThan(0);
    const latest = generated.at(-1)!;
    expect(inTransit.map((r) => r.tracking_no)).toContain(latest.trackingNo);
  });
});

function instant(at: string): number {
  const parsed = parseInstant(at);
  if (!parsed.ok) throw new Error(String(parsed.message));
  return parsed.ms;
}
