// Weekly reports (周报) in Chromium on the demo, which lives at noon of Saturday 2026-11-21 (week
// 2026-W47, whose Wednesday to Saturday hold the demo's mail): the stored reports of the last full week
// listed by default with their files; a province's report of the demo's week made by staff in the
// dialog, opened with its figures as the API answers them and three charts whose numbers are the
// report's daily figures; the veterans' bureau's own user seeing its program's reports only; and no
// sideways scroll on a 390×844 phone. Screenshots go to /tmp/shots-weekly/.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoConsole, FILE_SIGNATURES, buttonNamed, downloadOf, startDemoConsole } from './demo-console.js';

const SHOTS = '/tmp/shots-weekly';
/** The demo's week, and the last full week before it: the list's default. */
const DEMO_WEEK = '2026-W47';
const LAST_WEEK = '2026-W46';
/** The bureau's program, and another partner's. */
const PROGRAM = { code: 'YC-YDZ', name: '宜昌市退役军人优待证寄递' };
const OTHER_PROGRAM = { code: 'HB-JSZ', name: '湖北省驾驶证邮寄到家' };
const PROVINCE = { code: '420000', name: '湖北省' };
const PARTNER = 'YC-VAB';
const PARTNER_USER = { username: 'yc-vab-reports', password: 'weekly-desk-pass-1' };
const WAIT = { timeout: 30_000 };

interface Stored {
  id: string;
  week: string;
  scope: { kind: 'program' | 'division'; code: string; name: string };
  generatedBy: string;
  mailed: number;
}
interface StoredPage {
  rows: Stored[];
  nextCursor: string | null;
}
interface Report {
  week: string;
  from: string;
  to: string;
  scope: Stored['scope'];
  figures: Record<string, number | null> & { mailed: number; delivered: number; deliveryRate: number | null };
  previous: Record<string, number | null>;
  daily: { date: string; mailed: number; delivered: number; deliveryRate: number | null }[];
  byCity: { code: string }[];
}

let demo: DemoConsole;
let page: Page;

const shot = (p: Page, name: string) => p.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
/** Counts as the console writes them (zh-CN grouping is the same as en-US's). */
const count = (n: number) => n.toLocaleString('en-US');
const percent = (rate: number | null) => (rate === null ? '–' : `${(rate * 100).toFixed(2)}%`);


/** The texts of a table row's cells after the first (a figure's name, a series' name). */
const cellsOf = async (row: ReturnType<Page['locator']>) => (await row.locator('td').allTextContents()).slice(1).map((s) => s.trim());

describe('weekly reports in the console', { timeout: 300_000 }, () => {
  let lastWeekReport: Stored;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    demo = await startDemoConsole('songda-weekly-');
    lastWeekReport = await demo.post<Stored>('/reports/weekly', { week: LAST_WEEK, program: PROGRAM.code });
    await demo.post<Stored>('/reports/weekly', { week: DEMO_WEEK, program: PROGRAM.code });
    await demo.post<Stored>('/reports/weekly', { week: DEMO_WEEK, program: OTHER_PROGRAM.code });
    ({ page } = await demo.signedInPage({ width: 1400, height: 900 }));
  }, 300_000);

  afterAll(async () => {
    await demo?.close();
  });

  it('lists the stored reports of the last full week by default, each with its XLSX and PDF', async () => {
    expect(lastWeekReport).toMatchObject({ week: LAST_WEEK, scope: { kind: 'program', code: PROGRAM.code } });
    await page.getByRole('menuitem', { name: '周报' }).click();
    await page.waitForURL(/\/weekly-reports$/);
    await page.getByRole('heading', { level: 1, name: '周报' }).waitFor();
    // The week picker starts at the last full week, by the browser's (faked) clock.
    expect(await page.locator('.songda-filters .ant-select').textContent()).toContain(`${LAST_WEEK} · 11-09 至 11-15`);

    const listed = (await demo.api<StoredPage>(`/reports/weekly/stored?week=${LAST_WEEK}`)).rows;
    expect(listed.map((r) => r.id)).toContain(lastWeekReport.id);
    const rows = page.locator('.songda-nav-row');
    await expect.poll(() => rows.count(), WAIT).toBe(listed.length);
    const row = rows.filter({ hasText: PROGRAM.name });
    expect(await row.textContent()).toContain(LAST_WEEK);
    expect(await row.locator('[data-scope-kind]').textContent()).toBe('项目');
    expect(await row.textContent()).toContain(count(lastWeekReport.mailed));
    await shot(page, 'list');

    for (const kind of ['xlsx', 'pdf'] as const) {
      const file = await downloadOf(page, row.getByRole('link', { name: new RegExp(`${kind.toUpperCase()}$`) }));
      expect(file, kind).toMatchObject({
        href: `/api/v1/reports/weekly/stored/${encodeURIComponent(lastWeekReport.id)}.${kind}`,
        status: 200,
        contentType: expect.stringContaining(FILE_SIGNATURES[kind].contentType),
        failure: null,
      });
      expect(file.head.startsWith(FILE_SIGNATURES[kind].head), kind).toBe(true);
    }

    // A row opens its report.
    await row.locator('td').first().click();
    await page.waitForURL(new RegExp(`/weekly-reports/${encodeURIComponent(lastWeekReport.id)}$`));
    await page.getByRole('heading', { level: 1, name: `周报 · ${PROGRAM.name}` }).waitFor();
    expect(demo.pageErrors).toEqual([]);
  });

  it('makes the province’s report of the demo’s week, then shows its figures as the API has them and three charts of its daily figures', async () => {
    await page.goto(`${demo.server.url}/weekly-reports?week=${DEMO_WEEK}`);
    await page.locator('.songda-nav-row').first().waitFor();
    await buttonNamed(page, '生成周报').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('combobox', { name: /周次/ }).click();
    await page.keyboard.type(DEMO_WEEK);
    await page.keyboard.press('Enter');
    await dialog.getByText('按省或市').click();
    await dialog.getByRole('combobox', { name: /省或市/ }).click();
    await page.keyboard.type(PROVINCE.name);
    await page.locator('.ant-select-item-option', { hasText: `${PROVINCE.name}（全省）` }).click();
    await shot(page, 'make');
    await buttonNamed(dialog, '生成').click();

    await page.waitForURL(/\/weekly-reports\/[^/?]+$/, WAIT);
    const id = decodeURIComponent(page.url().split('/').at(-1)!);
    const report = await demo.api<Report>(`/reports/weekly/stored/${encodeURIComponent(id)}`);
    expect(report).toMatchObject({ week: DEMO_WEEK, from: '2026-11-16', to: '2026-11-22', scope: { kind: 'division', code: PROVINCE.code } });
    // The demo mails in this week: a report of nothing would prove nothing.
    expect(report.daily).toHaveLength(7);
    expect(report.figures.mailed).toBeGreaterThan(0);
    expect(report.daily.reduce((s, d) => s + d.mailed, 0)).toBe(report.figures.mailed);

    // The figures table: this week's and last week's, as the API has them.
    const figures = page.locator('.songda-weekly-figures');
    await figures.locator('[data-figure="mailed"]').waitFor();
    expect(await figures.locator('.ant-table-row').count()).toBe(23);
    expect((await cellsOf(figures.locator('[data-figure="mailed"]'))).slice(0, 2)).toEqual([count(report.figures.mailed), count(report.previous.mailed as number)]);
    expect((await cellsOf(figures.locator('[data-figure="delivered"]')))[0]).toBe(count(report.figures.delivered));
    expect((await cellsOf(figures.locator('[data-figure="deliveryRate"]')))[0]).toBe(percent(report.figures.deliveryRate));
    expect(await figures.locator('[data-figure="mailed"] td').first().textContent()).toBe('收寄邮件数');
    expect(await figures.locator('[data-figure="breakpointRate"] td').first().textContent()).toBe('断点率');

    // Three charts, each drawn on a canvas; the volumes chart's numbers are the report's daily figures.
    for (const chart of ['volumes', 'deliveryRate', 'breakpointByCity']) {
      await page.locator(`[data-chart="${chart}"] canvas`).first().waitFor();
    }
    expect(await page.locator('[data-chart] canvas').count()).toBeGreaterThanOrEqual(3);
    const volumes = page.locator('[data-chart="volumes"]');
    expect(await volumes.locator('thead th').allTextContents()).toEqual(['系列', ...report.daily.map((d, i) => `周${'一二三四五六日'[i]} ${d.date.slice(5)}`)]);
    expect(await cellsOf(volumes.locator('[data-series="收寄邮件数"]'))).toEqual(report.daily.map((d) => count(d.mailed)));
    expect(await cellsOf(volumes.locator('[data-series="妥投数"]'))).toEqual(report.daily.map((d) => count(d.delivered)));
    expect(await cellsOf(page.locator('[data-chart="deliveryRate"] [data-series="妥投率"]'))).toEqual(report.daily.map((d) => percent(d.deliveryRate)));
    await shot(page, 'report');

    // Stored, it is listed under its week, made by the demo user.
    const listed = (await demo.api<StoredPage>(`/reports/weekly/stored?week=${DEMO_WEEK}`)).rows;
    expect(listed.find((r) => r.id === id)).toMatchObject({ scope: { kind: 'division', code: PROVINCE.code } });
    await page.getByRole('link', { name: /返回周报列表/ }).click();
    await page.waitForURL(new RegExp(`/weekly-reports\\?week=${DEMO_WEEK}$`));
    const rows = page.locator('.songda-nav-row');
    await expect.poll(() => rows.count(), WAIT).toBe(listed.length);
    const made = rows.filter({ has: page.locator('[data-scope-kind="division"]') });
    expect(await made.count()).toBe(1);
    expect(await made.locator('[data-scope-kind]').textContent()).toBe('地区');
    expect(await made.textContent()).toContain(PROVINCE.name);
    expect(await made.textContent()).toContain('demo');

    // The same week and scope, counted live.
    await page.goto(`${demo.server.url}/weekly-reports/view?week=${DEMO_WEEK}&division=${PROVINCE.code}`);
    await page.locator('[data-chart="volumes"] canvas').waitFor();
    const live = await demo.api<Report>(`/reports/weekly?week=${DEMO_WEEK}&division=${PROVINCE.code}`);
    expect(await cellsOf(page.locator('[data-chart="volumes"] [data-series="收寄邮件数"]'))).toEqual(live.daily.map((d) => count(d.mailed)));
    expect(await page.getByRole('link', { name: /XLSX$/ }).getAttribute('href')).toBe(`/api/v1/reports/weekly.xlsx?week=${DEMO_WEEK}&division=${PROVINCE.code}`);
    expect(demo.pageErrors).toEqual([]);
  });

  it('shows the bureau’s own user its program’s reports only, with nothing to make', async () => {
    const { context, page: partner } = await demo.partnerPage({ ...PARTNER_USER, partner: PARTNER }, { width: 1280, height: 900 });
    await partner.locator('.songda-sider').waitFor();
    expect(await partner.locator('.songda-sider .ant-menu-item').allTextContents()).toContain('周报');

    // The post stores reports of three scopes in the demo's week; the bureau sees its program's.
    const all = (await demo.api<StoredPage>(`/reports/weekly/stored?week=${DEMO_WEEK}`)).rows;
    expect(all.map((r) => r.scope.code)).toEqual(expect.arrayContaining([PROGRAM.code, OTHER_PROGRAM.code, PROVINCE.code]));
    await partner.goto(`${demo.server.url}/weekly-reports?week=${DEMO_WEEK}`);
    const rows = partner.locator('.songda-nav-row');
    await expect.poll(() => rows.count(), WAIT).toBe(all.filter((r) => r.scope.code === PROGRAM.code).length);
    for (const text of await rows.allTextContents()) expect(text).toContain(PROGRAM.name);
    expect(await buttonNamed(partner, '生成周报').count()).toBe(0);
    await shot(partner, 'partner-list');

    // Another partner's report is not the bureau's to open.
    const other = all.find((r) => r.scope.code === OTHER_PROGRAM.code)!;
    await partner.goto(`${demo.server.url}/weekly-reports/${encodeURIComponent(other.id)}`);
    await partner.locator('.ant-alert', { hasText: '周报加载失败' }).waitFor();
    expect(await partner.locator('.songda-weekly-figures').count()).toBe(0);
    const file = await partner.request.get(`${demo.server.url}/api/v1/reports/weekly/stored/${encodeURIComponent(other.id)}.pdf`);
    expect([403, 404]).toContain(file.status());
    await context.close();
    expect(demo.pageErrors).toEqual([]);
  });

  it('never scrolls sideways on a 390×844 phone', async () => {
    const phone = await demo.signedInPage({ width: 390, height: 844 });
    const [first] = (await demo.api<StoredPage>(`/reports/weekly/stored?week=${DEMO_WEEK}`)).rows;
    for (const [path, name, ready] of [
      [`/weekly-reports?week=${DEMO_WEEK}`, 'list-phone', '.songda-nav-row'],
      [`/weekly-reports/${encodeURIComponent(first!.id)}`, 'report-phone', '[data-chart="volumes"] canvas'],
    ] as const) {
      await phone.page.goto(`${demo.server.url}${path}`);
      await phone.page.locator(ready).first().waitFor();
      const wide = await phone.page.evaluate(() => document.documentElement.scrollWidth);
      expect(wide, path).toBeLessThanOrEqual(390);
      await shot(phone.page, name);
    }
    expect(demo.pageErrors).toEqual([]);
  });
});
