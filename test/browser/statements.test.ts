// Payers' statements and the donation account in Chromium on the demo, as finance staff click them:
// a draft for the veterans' bureau (which pays for the 优待证 mailed in the demo), its totals as the
// API stores them, issued, its files downloaded, a second draft of the same charges refused on issue,
// then voided with a reason; the donation account's total; the bureau's own user seeing its
// statements only, with nothing to make, issue or void; and no sideways scroll on a 390×844 phone.
// Screenshots go to /tmp/shots-statements/.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_INSTANTS } from '../support/test-clock.js';
import { type DemoConsole, FILE_SIGNATURES, buttonNamed, downloadOf, startDemoConsole } from './demo-console.js';

const SHOTS = '/tmp/shots-statements';
/** The demo's 宜昌市退役军人事务局: the payer of program YC-YDZ, whose 200 cards the demo mails. */
const PAYER = 'YC-VAB';
const PAYER_NAME = '宜昌市退役军人事务局';
const PARTNER_USER = { username: 'yc-vab-finance', password: 'finance-desk-pass-1' };
/** The demo lives at noon of this day in Shanghai; its charges are of this day and the three before. */
const TODAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date(TEST_INSTANTS.noon));
const MONTH_START = `${TODAY.slice(0, 8)}01`;

interface Totals {
  items: number;
  grossFen: number;
  discountFen: number;
  netFen: number;
  donationFen: number;
}
interface StatementList {
  statements: Statement[];
}
interface Statement {
  id: string;
  payer: string;
  from: string;
  to: string;
  status: 'draft' | 'issued' | 'void';
  totals: Totals;
  adjustments: number;
  voidReason: string | null;
  lines: { seq: number; trackingNo: string }[];
  nextAfter: number | null;
}

let demo: DemoConsole;
let page: Page;
let statementId: string;

const shot = (p: Page, name: string) => p.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
/** A page loads its figures after it appears: poll as long as any element is waited for. */
const WAIT = { timeout: 20_000 };
/** Fen as the console shows yuan, written here without the console's code: 123456 → ¥1,234.56. */
const yuan = (fen: number) => `${fen < 0 ? '-' : ''}¥${Math.floor(Math.abs(fen) / 100).toLocaleString('en-US')}.${String(Math.abs(fen) % 100).padStart(2, '0')}`;


/** The figure a totals card shows. */
const figure = (p: Page, key: string) => p.locator(`[data-total="${key}"] .ant-statistic-content`).textContent();

describe('statements and the donation account in the console', { timeout: 240_000 }, () => {
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    demo = await startDemoConsole('songda-statements-');
    // The demo issues the bureau's last seven days: voided, its charges are free for this test's draft.
    const seeded = await demo.api<StatementList>(`/statements?payer=${PAYER}&status=issued`);
    for (const s of seeded.statements) await demo.post(`/statements/${encodeURIComponent(s.id)}/void`, { reason: '浏览器测试重新出账' });
    ({ page } = await demo.signedInPage({ width: 1280, height: 900 }));
  }, 240_000);

  afterAll(async () => {
    await demo?.close();
  });

  it('makes a draft for the bureau whose totals are the API’s, issues it, downloads its files, refuses a second draft of the same charges, and voids it with a reason', async () => {
    await page.getByRole('menuitem', { name: '对账单' }).click();
    await page.waitForURL(/\/statements$/);
    await page.getByRole('heading', { level: 1, name: '对账单' }).waitFor();

    await buttonNamed(page, '新建对账单').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('付费方').click();
    await dialog.getByLabel('付费方').fill(PAYER_NAME);
    await page.locator('.ant-select-item-option', { hasText: PAYER_NAME }).click();
    await dialog.getByLabel('账期').click();
    await page.locator('.ant-picker-presets li', { hasText: '本月' }).click();
    await expect.poll(() => dialog.getByLabel('账期').inputValue(), WAIT).toBe(MONTH_START);
    await shot(page, 'new-statement');
    await buttonNamed(dialog, '生成草稿').click();

    await page.waitForURL(/\/statements\/[^/?]+$/);
    statementId = decodeURIComponent(page.url().split('/').at(-1)!);
    const stored = await demo.api<Statement>(`/statements/${encodeURIComponent(statementId)}`);
    expect(stored).toMatchObject({ payer: PAYER, from: MONTH_START, to: TODAY, status: 'draft' });
    // The demo mails the bureau's cards: a statement of nothing would prove nothing.
    expect(stored.totals.items).toBeGreaterThan(0);
    expect(stored.totals.netFen).toBeGreaterThan(0);
    expect(stored.totals.grossFen).toBe(stored.totals.netFen + stored.totals.discountFen);

    await page.locator('[data-status="draft"]').first().waitFor();
    await expect.poll(() => figure(page, 'items'), WAIT).toBe(stored.totals.items.toLocaleString('en-US'));
    for (const key of ['grossFen', 'discountFen', 'netFen', 'donationFen'] as const) expect(await figure(page, key), key).toBe(yuan(stored.totals[key]));
    expect(await figure(page, 'adjustments')).toBe(String(stored.adjustments));
    // The first page of lines, in the server's order.
    const lines = page.locator('.ant-card', { hasText: '明细' }).locator('.ant-table-row');
    await expect.poll(() => lines.count(), WAIT).toBe(Math.min(50, stored.totals.items));
    expect(await lines.first().textContent()).toContain(stored.lines[0]!.trackingNo);
    await shot(page, 'draft');

    // A second draft of the same charges, made before the first is issued.
    const rival = await demo.post<Statement>('/statements', { payer: PAYER, from: MONTH_START, to: TODAY });
    expect(rival.totals.items).toBe(stored.totals.items);

    await buttonNamed(page, '开具').click();
    await page.locator('.ant-popconfirm:visible').getByRole('button', { name: /确\s*定/ }).click();
    await page.locator('.ant-descriptions [data-status="issued"]').waitFor();
    expect((await demo.api<Statement>(`/statements/${encodeURIComponent(statementId)}`)).status).toBe('issued');
    expect(await buttonNamed(page, '开具').count()).toBe(0);
    await shot(page, 'issued');

    // The files, as the browser downloads them with the session's cookie.
    for (const kind of ['xlsx', 'pdf'] as const) {
      const file = await downloadOf(page, page.getByRole('link', { name: `下载 ${kind.toUpperCase()}` }));
      expect(file, kind).toMatchObject({ status: 200, contentType: expect.stringContaining(FILE_SIGNATURES[kind].contentType), failure: null });
      expect(file.head.startsWith(FILE_SIGNATURES[kind].head), kind).toBe(true);
    }

    // The rival's charges are now held by the issued statement: the server says so, and the page shows it.
    await page.goto(`${demo.server.url}/statements/${encodeURIComponent(rival.id)}`);
    await page.locator('.ant-descriptions [data-status="draft"]').waitFor();
    await buttonNamed(page, '开具').click();
    await page.locator('.ant-popconfirm:visible').getByRole('button', { name: /确\s*定/ }).click();
    const refusal = page.locator('.ant-alert', { hasText: '对账单未能开具' });
    await refusal.waitFor();
    expect(await refusal.textContent()).toContain('409 statement_lines_taken');
    await shot(page, 'issue-refused');
    expect((await demo.api<Statement>(`/statements/${encodeURIComponent(rival.id)}`)).status).toBe('draft');
    // It leads to the statement that holds them.
    await page.getByRole('link', { name: '查看已开具的对账单' }).click();
    await page.waitForURL(new RegExp(`/statements/${statementId}$`));
    await page.locator('.ant-descriptions [data-status="issued"]').waitFor();

    // Voided with a reason, the first statement says who, when and why.
    await page.goto(`${demo.server.url}/statements/${encodeURIComponent(statementId)}`);
    await page.locator('.ant-descriptions [data-status="issued"]').waitFor();
    await buttonNamed(page, '作废').click();
    const voiding = page.getByRole('dialog');
    await buttonNamed(voiding, '作废').click();
    await voiding.getByText('请填写作废原因').waitFor();
    await voiding.getByLabel('作废原因').fill('付费方名称有误，重新开具');
    await buttonNamed(voiding, '作废').click();
    await page.locator('.ant-descriptions [data-status="void"]').waitFor();
    expect(await page.locator('.ant-descriptions [data-status="void"]').textContent()).toBe('已作废');
    await page.getByText('付费方名称有误，重新开具').waitFor();
    const voidedBy = page.locator('.ant-descriptions-item', { has: page.locator('.ant-descriptions-item-label', { hasText: /^作废$/ }) });
    expect(await voidedBy.locator('.ant-descriptions-item-content').textContent()).toMatch(new RegExp(`^demo · ${TODAY} \\d{2}:\\d{2}:\\d{2}$`));
    const voided = await demo.api<Statement>(`/statements/${encodeURIComponent(statementId)}`);
    expect(voided).toMatchObject({ status: 'void', voidReason: '付费方名称有误，重新开具' });
    expect(await buttonNamed(page, '作废').count()).toBe(0);
    await shot(page, 'voided');

    // The list: the payer's statements as the API lists them, the voided ones tagged so.
    const listed = (await demo.api<StatementList>(`/statements?payer=${PAYER}`)).statements;
    expect(listed.map((s) => s.id)).toEqual(expect.arrayContaining([statementId, rival.id]));
    await page.goto(`${demo.server.url}/statements?payer=${PAYER}`);
    const rows = page.locator('.songda-nav-row');
    await expect.poll(() => rows.count(), WAIT).toBe(listed.length);
    expect(await page.locator('.songda-nav-row [data-status="void"]').count()).toBe(listed.filter((s) => s.status === 'void').length);
    await shot(page, 'list');
    expect(demo.pageErrors).toEqual([]);
  });

  it('shows the donation account’s total as the API gives it, with its chart', async () => {
    const report = await demo.api<{ rows: { payer: string }[]; totals: { items: number; donationFen: number } }>(`/reports/donations?from=${MONTH_START}&to=${TODAY}`);
    expect(report.totals.donationFen).toBeGreaterThan(0);
    await page.getByRole('menuitem', { name: '捐赠台账' }).click();
    await page.waitForURL(/\/reports\/donations$/);
    await page.goto(`${demo.server.url}/reports/donations?from=${MONTH_START}&to=${TODAY}`);
    const total = page.getByTestId('donations-total');
    await expect.poll(() => total.textContent(), WAIT).toBe(yuan(report.totals.donationFen));
    expect(await page.locator('.ant-table-row').count()).toBe(report.rows.length);
    await page.locator('.songda-card canvas').first().waitFor();

    const href = await page.getByRole('link', { name: '导出 XLSX' }).getAttribute('href');
    expect(href).toBe(`/api/v1/reports/donations.xlsx?from=${MONTH_START}&to=${TODAY}`);
    const res = await page.request.get(`${demo.server.url}${href}`);
    expect(res.status()).toBe(200);
    expect(res.headers()['content-type']).toContain('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    await shot(page, 'donations');
    expect(demo.pageErrors).toEqual([]);
  });

  it('shows the bureau’s own user its statements only, with nothing to make, issue or void, and no donation account', async () => {
    const { context, page: partner } = await demo.partnerPage({ ...PARTNER_USER, partner: PAYER }, { width: 1280, height: 900 });
    await partner.locator('.songda-sider').waitFor();
    const menu = await partner.locator('.songda-sider .ant-menu-item').allTextContents();
    expect(menu).toContain('对账单');
    expect(menu).not.toContain('捐赠台账');

    // Its own statements, as many as the post lists for it.
    const its = (await demo.api<StatementList>(`/statements?payer=${PAYER}`)).statements;
    await partner.getByRole('menuitem', { name: '对账单' }).click();
    const rows = partner.locator('.songda-nav-row');
    await expect.poll(() => rows.count(), WAIT).toBe(its.length);
    for (const text of await rows.allTextContents()) expect(text).toContain(PAYER_NAME);
    expect(await buttonNamed(partner, '新建对账单').count()).toBe(0);
    expect(await partner.getByLabel('付费方').count()).toBe(0);

    await partner.goto(`${demo.server.url}/statements/${encodeURIComponent(statementId)}`);
    await partner.locator('.ant-descriptions [data-status="void"]').waitFor();
    expect(await buttonNamed(partner, '开具').count()).toBe(0);
    expect(await buttonNamed(partner, '作废').count()).toBe(0);
    const pdf = await partner.request.get(`${demo.server.url}/api/v1/statements/${encodeURIComponent(statementId)}.pdf`);
    expect(pdf.status()).toBe(200);
    await shot(partner, 'partner-statement');

    await partner.goto(`${demo.server.url}/reports/donations`);
    await partner.getByText('无权查看此页面').waitFor();
    await context.close();
    expect(demo.pageErrors).toEqual([]);
  });

  it('never scrolls sideways on a 390×844 phone', async () => {
    const phone = await demo.signedInPage({ width: 390, height: 844 });
    for (const [path, name] of [
      ['/statements', 'list-phone'],
      [`/statements/${encodeURIComponent(statementId)}`, 'statement-phone'],
      [`/reports/donations?from=${MONTH_START}&to=${TODAY}`, 'donations-phone'],
    ] as const) {
      await phone.page.goto(`${demo.server.url}${path}`);
      await phone.page.locator('.ant-table-row').first().waitFor();
      const wide = await phone.page.evaluate(() => document.documentElement.scrollWidth);
      expect(wide, path).toBeLessThanOrEqual(390);
      await shot(phone.page, name);
    }
    expect(demo.pageErrors).toEqual([]);
  });
});
