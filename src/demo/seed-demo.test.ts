import { loadConfig } from '../config.js';
import { expect, it } from 'vitest';
import { describeEachDialect } from '../../test/test-db.js';
import { parseInstant } from '../domain/scan-time.js';
import { getTimeline } from '../modules/items/item.service.js';
import { getUnits, loadSiteDirectory } from '../modules/units/unit.service.js';
import { generateItems } from '../simulation/generate-scans.js';
import { buildProvinceUnits } from '../simulation/province-units.js';
import { DEMO_PROVINCE, demoGenerateOptions, seedDemo } from './seed-demo.js';

// 2026-11-21 12:00 +08:00
const NOW = Date.UTC(2026, 10, 21, 4);

describeEachDialect('seedDemo', (ctx) => {
  it('seeds an empty database once', async () => {
    const first = await seedDemo(ctx.handle, { now: NOW, silence: loadConfig({}).silence });
    expect(first.seeded).toBe(true);
    const match = /^224 units of 湖北省, 2000 items, (\d+) scans$/.exec(first.summary);
    expect(match, first.summary).not.toBeNull();
    const scans = Number(match![1]);
    expect(scans).toBeGreaterThan(2000 * 6);

    const stored = await ctx.handle.db.selectFrom('scan_events').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(stored.n)).toBe(scans);

    const second = await seedDemo(ctx.handle, { now: NOW + 60_000, silence: loadConfig({}).silence });
    expect(second.seeded).toBe(false);
    const after = await ctx.handle.db.selectFrom('scan_events').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(scans);
  }, 120_000);

  it('stores units with real divisions of 湖北省', async () => {
    const units = await getUnits(ctx.handle.db);
    expect(units).toHaveLength(buildProvinceUnits(DEMO_PROVINCE).length);
    expect(units.every((u) => u.provinceCode === '420000' && u.divisionName?.startsWith('湖北省'))).toBe(true);
    expect(units.find((u) => u.code === 'D420506')).toMatchObject({ name: '夷陵区揽投部', divisionName: '湖北省宜昌市夷陵区', cityCode: '420500', parentCode: 'P420500' });
  });

  it('gives an item its whole timeline, and leaves recent items in transit', async () => {
    const sites = await loadSiteDirectory(ctx.handle.db);
    const generated = [...generateItems(buildProvinceUnits(DEMO_PROVINCE), demoGenerateOptions(NOW))];
    const item = generated[10]!;
    const timeline = await getTimeline(ctx.handle.db, item.trackingNo, (code) => sites.name(code));
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
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.ms;
}
