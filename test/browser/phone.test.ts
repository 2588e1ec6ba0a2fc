// The console on a phone (390 × 844): the pages a manager reads on the way — overview, item search,
// an item's timeline, the break-point list and a unit's queue — never scroll sideways; the menu is a
// drawer. Screenshots go to /tmp/shots-figures/ to be looked at.
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoConsole, startDemoConsole } from './demo-console.js';

const SHOTS = '/tmp/shots-figures';
const PHONE = { width: 390, height: 844 };

let demo: DemoConsole;
let page: Page;

/** Opens `path`, waits for `ready`, and checks that nothing is wider than the screen. */
async function noSidewaysScroll(path: string, ready: string, shot: string): Promise<void> {
  await page.goto(`${demo.server.url}${path}`);
  await page.locator(ready).first().waitFor();
  await page.waitForLoadState('networkidle');
  const widths = await page.evaluate(() => ({ document: document.documentElement.scrollWidth, body: document.body.scrollWidth, viewport: window.innerWidth }));
  await page.screenshot({ path: `${SHOTS}/phone-${shot}.png`, fullPage: true });
  expect(widths.viewport, path).toBe(PHONE.width);
  expect(widths.document, `${path} is ${widths.document} px wide`).toBeLessThanOrEqual(PHONE.width);
  expect(widths.body, path).toBeLessThanOrEqual(PHONE.width);
}

describe('the console on a phone', { timeout: 180_000 }, () => {
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    demo = await startDemoConsole('songda-phone-');
    ({ page } = await demo.signedInPage(PHONE));
  }, 240_000);

  afterAll(async () => {
    await demo?.close();
  });

  it('shows the overview without sideways scrolling, its menu in a drawer', async () => {
    await noSidewaysScroll('/', '.songda-figures', 'overview');
    await expect(page.locator('.songda-sider').count()).resolves.toBe(0);
    await page.getByRole('button', { name: '菜单' }).click();
    const drawer = page.locator('.songda-drawer');
    await drawer.getByRole('link', { name: '信息断点' }).first().waitFor();
    await page.screenshot({ path: `${SHOTS}/phone-menu.png` });
    await drawer.getByRole('link', { name: '信息断点', exact: true }).click();
    await page.waitForURL(/\/breakpoints/);
    await drawer.waitFor({ state: 'hidden' });
  });

  it('shows item search and an item list', async () => {
    const { today } = await demo.api<{ today: { day: string } }>('/reports/overview');
    await noSidewaysScroll(`/items?acceptedOn=${today.day}`, '.ant-table-row', 'items');
  });

  it('shows an item page and its timeline, break-points and suspect scans tagged', async () => {
    const withBreakpoint = await demo.api<{ rows: { trackingNo: string }[] }>('/items?breakpoint=open&limit=1');
    await noSidewaysScroll(`/items/${withBreakpoint.rows[0]!.trackingNo}`, '.songda-timeline', 'item-breakpoint');
    const suspect = await demo.api<{ rows: { trackingNo: string }[] }>('/items?suspect=yes&limit=1');
    expect(suspect.rows.length, 'the demo has items scanned before their request').toBe(1);
    await noSidewaysScroll(`/items/${suspect.rows[0]!.trackingNo}`, '.songda-timeline', 'item-suspect');
    await expect(page.locator('.songda-suspect').count()).resolves.toBeGreaterThan(0);
  });

  it('shows the break-point list and a unit queue', async () => {
    await noSidewaysScroll('/breakpoints', '.ant-table-row', 'breakpoints');
    const overview = await demo.api<{ topUnits: { unitCode: string }[] }>('/reports/overview');
    await noSidewaysScroll(`/units/${encodeURIComponent(overview.topUnits[0]!.unitCode)}/breakpoints`, '.ant-table-row', 'unit-queue');
  });

  it('shows the rate report and reconciliation too', async () => {
    await noSidewaysScroll('/reports/breakpoint-rate', '.ant-table-row', 'rate');
    // Nor does the table inside it: the figures fit beside the city's name and code.
    const table = await page.locator('.ant-table-content').first().evaluate((e) => ({ scroll: e.scrollWidth, client: e.clientWidth }));
    expect(table.scroll, `the rate table is ${table.scroll} px wide in ${table.client}`).toBeLessThanOrEqual(table.client);
    await noSidewaysScroll('/reports/breakpoint-rate?groupBy=unit', '.ant-table-row', 'rate-units');
    const units = await page.locator('.ant-table-content').first().evaluate((e) => ({ scroll: e.scrollWidth, client: e.clientWidth }));
    expect(units.scroll, `the unit table is ${units.scroll} px wide in ${units.client}`).toBeLessThanOrEqual(units.client);
    const listed = await demo.api<{ code: string; kind: string }[]>('/units');
    const office = listed.find((u) => u.kind === 'delivery_office')!;
    await noSidewaysScroll(`/reconciliation?office=${office.code}`, '.songda-balance', 'reconciliation');
    expect(demo.pageErrors).toEqual([]);
  });
});
