// Every figure opens the list it counts, and the list has exactly that many rows: on the demo data,
// the test clicks each number of the overview, the break-point rate report (and its drill-down), a
// program report, an office's reconciliation and the unit list, and counts the rows of what opens —
// a paged list by its own query, page after page.
import { mkdirSync } from 'node:fs';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoConsole, startDemoConsole } from './demo-console.js';

const SHOTS = '/tmp/shots-figures';
let demo: DemoConsole;
let page: Page;

/** The period the overview shows by default at the demo's instant (noon, 21 November 2026). */
const WEEK = 'from=2026-11-15&to=2026-11-21';
const number = (text: string) => Number(text.replace(/[^\d]/g, ''));
const isCount = (text: string) => /^[\d,]+$/.test(text.trim());

/** Waits until no table, card or chart of the page is loading. */
async function settle(): Promise<void> {
  await page.locator('.ant-spin-spinning, .ant-skeleton').first().waitFor({ state: 'detached' });
}

/** The request a list page makes for its rows: the item list, the break-point list, a unit's queue. */
const LIST_API = /\/api\/v1\/(items|breakpoints|units\/[^/?]+\/breakpoints)\?/;
const FIRST_PAGE = 50;

/**
 * Does `action` (a click, or opening a link) and returns how many rows the list it opens has: the
 * page shows the first page of its list, and the list's own query, asked again page after page (500
 * rows a page), gives every row. Counting through the console's pager would be the same query,
 * only slower.
 */
async function rowsOfListOpenedBy(action: () => Promise<unknown>): Promise<number> {
  const [response] = await Promise.all([page.waitForResponse((r) => LIST_API.test(r.url()) && r.request().method() === 'GET'), action()]);
  await settle();
  const query = new URL(response.url());
  query.searchParams.set('limit', '500');
  let rows = 0;
  for (;;) {
    const res = await fetch(query, { headers: { authorization: `Bearer ${demo.server.adminToken}` } });
    const body = (await res.json()) as { rows: unknown[]; nextCursor: string | null };
    rows += body.rows.length;
    if (!body.nextCursor) break;
    query.searchParams.set('cursor', body.nextCursor);
  }
  const shown = await page.locator('.songda-page .ant-table-tbody tr.ant-table-row').count();
  expect(shown, `first page of ${response.url()}`).toBe(Math.min(rows, FIRST_PAGE));
  return rows;
}

interface Shown {
  text: string;
  href: string;
}

/** The numeric links inside `scope` on the page at `source`. */
async function countLinks(source: string, scope: string): Promise<Shown[]> {
  await page.goto(`${demo.server.url}${source}`);
  await page.waitForLoadState('networkidle');
  await settle();
  const links = await page.locator(`${scope} a[href]`).evaluateAll((els) => els.map((a) => ({ text: a.textContent ?? '', href: a.getAttribute('href') ?? '' })));
  return links.filter((l) => isCount(l.text));
}

/**
 * On `source`, clicks the link to `shown.href` and counts the rows of the list it opens; returns
 * [figure, rows] for one expect over all figures of a page.
 */
async function clickAndCount(source: string, shown: Shown): Promise<[string, number, number]> {
  const here = new URL(page.url());
  if (`${here.pathname}${here.search}` !== source) {
    await page.goto(`${demo.server.url}${source}`);
    await page.waitForLoadState('networkidle');
    await settle();
  }
  const link = page.locator(`.songda-page a[href="${shown.href}"]`).filter({ hasText: shown.text.trim() }).first();
  await link.scrollIntoViewIfNeeded();
  const rows = await rowsOfListOpenedBy(() => link.click());
  return [`${source} → ${shown.href}`, number(shown.text), rows];
}

async function checkAll(source: string, links: Shown[]): Promise<void> {
  expect(links.length, `numbers linked on ${source}`).toBeGreaterThan(0);
  const results: [string, number, number][] = [];
  for (const shown of links) results.push(await clickAndCount(source, shown));
  const wrong = results.filter(([, figure, rows]) => figure !== rows);
  expect(wrong, `figures whose list has another number of rows (figure, rows)`).toEqual([]);
}

describe('every figure opens the list it counts', { timeout: 900_000 }, () => {
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    demo = await startDemoConsole('songda-figures-');
    ({ page } = await demo.signedInPage({ width: 1440, height: 900 }));
  }, 240_000);

  afterAll(async () => {
    await demo?.close();
  });

  it('on the overview: cards, cities, open break-points by type, top units and each day', async () => {
    const overview = await demo.api<{
      today: { accepted: number; delivered: number };
      range: { accepted: number; delivered: number; acceptedDelivered: number; withBreakpoint: number };
      dailyTrend: { day: string; withBreakpoint: number }[];
    }>(`/reports/overview?${WEEK}`);
    // The six cards: four counts and two rates, whose lists hold the rates' numerators.
    const source = `/?${WEEK}`;
    await page.goto(`${demo.server.url}${source}`);
    await page.waitForLoadState('networkidle');
    await settle();
    await page.screenshot({ path: `${SHOTS}/overview-desktop.png`, fullPage: true });
    const cardLinks = await page.locator('.songda-figure a').evaluateAll((els) => els.map((a) => ({ text: a.textContent ?? '', href: a.getAttribute('href') ?? '' })));
    const numerators = [overview.today.accepted, overview.today.delivered, overview.range.accepted, overview.range.delivered, overview.range.acceptedDelivered, overview.range.withBreakpoint];
    expect(cardLinks).toHaveLength(6);
    const results: [string, number, number][] = [];
    for (const [i, shown] of cardLinks.entries()) {
      const [what, , rows] = await clickAndCount(source, shown);
      results.push([what, numerators[i]!, rows]);
    }
    expect(results.filter(([, figure, rows]) => figure !== rows)).toEqual([]);

    // Cities, break-points by type and top units: every number in the tables.
    await checkAll(source, await countLinks(source, '.songda-page .ant-table'));
    // Each day's numerator is a link for screen readers (the chart's bars open the same list).
    await page.goto(`${demo.server.url}${source}`);
    await page.waitForLoadState('networkidle');
    await settle();
    const days = await page.locator('.songda-sr-only a').evaluateAll((els) => els.map((a) => a.getAttribute('href') ?? ''));
    expect(days).toHaveLength(overview.dailyTrend.length);
    for (const [i, href] of days.entries()) {
      expect(await rowsOfListOpenedBy(() => page.goto(`${demo.server.url}${href}`)), href).toBe(overview.dailyTrend[i]!.withBreakpoint);
    }
  });

  it('on the rate report: the summary and every row, by city, then drilled into a city with the period kept', async () => {
    const period = 'from=2026-11-20&to=2026-11-21';
    const byCity = `/reports/breakpoint-rate?groupBy=city&${period}`;
    await checkAll(byCity, await countLinks(byCity, '.songda-card'));

    // Drilling into a city: its row's figures become the summary, and the period stays.
    await page.goto(`${demo.server.url}${byCity}`);
    await page.waitForLoadState('networkidle');
    await settle();
    const cityRow = page.locator('.songda-page .ant-table-tbody tr.ant-table-row').filter({ hasText: '420500' });
    const cityFigures = (await cityRow.locator('a').allTextContents()).filter(isCount).map(number);
    await cityRow.locator('a').first().click();
    await page.waitForURL(/groupBy=unit/);
    expect(page.url()).toContain(period);
    expect(page.url()).toContain('city=420500');
    await page.waitForLoadState('networkidle');
    await settle();
    await page.screenshot({ path: `${SHOTS}/rate-city-desktop.png`, fullPage: true });
    const summary = (await page.locator('.songda-rate-total a').allTextContents()).map(number);
    expect(summary).toEqual(cityFigures);
    const byUnit = new URL(page.url()).pathname + new URL(page.url()).search;
    await checkAll(byUnit, await countLinks(byUnit, '.songda-card'));

    // A unit's row opens its offending items, in the same period.
    await page.goto(`${demo.server.url}${byUnit}`);
    await page.waitForLoadState('networkidle');
    await settle();
    await page.locator('.songda-page .ant-table-tbody tr.ant-table-row').first().locator('a').first().click();
    await page.waitForURL(/\/items\?/);
    expect(page.url()).toContain(period);
  });

  it("on a program report: mailed, delivered and suspect items", async () => {
    const source = '/programs/YC-YDZ?from=2026-11-14&to=2026-11-21';
    const links = await countLinks(source, '.songda-report-figures');
    expect(links.map((l) => new URL(l.href, demo.server.url).searchParams.get('program'))).toEqual(['YC-YDZ', 'YC-YDZ', 'YC-YDZ']);
    await page.screenshot({ path: `${SHOTS}/program-report-desktop.png`, fullPage: true });
    const report = await demo.api<{ suspect: number; medianHoursToDeliver: number | null }>('/programs/YC-YDZ/report?from=2026-11-14&to=2026-11-21');
    expect(report.suspect).toBeGreaterThan(0);
    expect(report.medianHoursToDeliver).toBeGreaterThan(0);
    await checkAll(source, links);
  });

  it("on an office's reconciliation: each figure shows the items it counts", async () => {
    const units = await demo.api<{ code: string; kind: string }[]>('/units');
    const date = '2026-11-20';
    let office: string | undefined;
    for (const u of units.filter((x) => x.kind === 'delivery_office')) {
      const r = await demo.api<{ shift: { total: number }; inbound: { total: number } }>(`/offices/${u.code}/reconciliation?date=${date}`);
      if (r.shift.total > 3 && r.inbound.total > 3) {
        office = u.code;
        break;
      }
    }
    expect(office, 'an office with a busy day').toBeDefined();
    await page.goto(`${demo.server.url}/reconciliation?office=${office}&date=${date}`);
    await page.waitForLoadState('networkidle');
    await settle();
    const results: [string, number, number][] = [];
    const balances = page.locator('.songda-balance');
    for (let b = 0; b < (await balances.count()); b++) {
      const buttons = balances.nth(b).locator('.songda-figure-button');
      for (let f = 0; f < (await buttons.count()); f++) {
        const button = buttons.nth(f);
        const figure = number((await button.textContent()) ?? '');
        await button.click();
        await expect.poll(() => button.getAttribute('aria-pressed')).toBe('true');
        const rows = await balances.nth(b).locator('.songda-difference tr.ant-table-row').count();
        results.push([`balance ${b} figure ${f}`, figure, rows]);
      }
    }
    await page.screenshot({ path: `${SHOTS}/reconciliation-desktop.png`, fullPage: true });
    expect(results.length).toBe(11);
    expect(results.filter(([, figure, rows]) => figure !== rows)).toEqual([]);
  });

  it('on the unit list: each division count is the number of units it lists', async () => {
    await page.goto(`${demo.server.url}/units`);
    await page.waitForLoadState('networkidle');
    await settle();
    // Titles only: the virtual tree also renders a hidden node of its own to measure rows.
    const titles = page.locator('.songda-division-tree .ant-tree-title');
    const results: [string, number, number][] = [];
    const checked = Math.min(await titles.count(), 8);
    expect(checked).toBeGreaterThan(1);
    for (let i = 0; i < checked; i++) {
      const title: Locator = titles.nth(i);
      const text = (await title.textContent()) ?? '';
      const before = page.url();
      await title.click();
      const total = page.locator('.ant-pagination-total-text');
      await expect.poll(async () => page.url()).not.toBe(before);
      const figure = number(/\((\d+)\)\s*$/.exec(text)?.[1] ?? 'x');
      // The table follows the selection on the next render: give it that moment, then read it.
      await expect
        .poll(async () => number((await total.textContent()) ?? ''), { timeout: 15_000 })
        .toBe(figure)
        .catch(() => undefined);
      results.push([text, figure, number((await total.textContent()) ?? '')]);
    }
    expect(results.filter(([, figure, rows]) => figure !== rows)).toEqual([]);
    expect(demo.pageErrors).toEqual([]);
  });
});
