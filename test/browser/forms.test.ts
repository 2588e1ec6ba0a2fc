// The clerk's forms in the web console, as people click them: Debian's Chromium against `songda serve
// --demo` (the console from dist/web) at noon in Shanghai. The demo administrator creates a partner and
// a program through the forms, meets the server's own validation messages beside the fields they name
// (an unknown division code, payer shares that do not add up to 1), edits both, then finds the demo's
// past invitation batch again, reopens it and copies a whole link. Pages are saved at desktop size and
// at 390×844 into /tmp/shots-forms/ for a person to look at.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_INSTANTS } from '../support/test-clock.js';
import { type Server, buildWebIfStale, launchChromium, startServer, stopServer } from './serve-console.js';

const SHOTS = '/tmp/shots-forms';
const PARTNER = { code: 'YC-EDU', name: '宜昌市教育局' };
const PROGRAM = { code: 'YC-JC', name: '宜昌市中小学教材寄递' };
/** The demo's program whose QR invitations were made in one batch the day before. */
const INVITING_PROGRAM = 'HB-JSZ';
const DESKTOP = { width: 1440, height: 900 };
const PHONE = { width: 390, height: 844 };

let dir: string;
let server: Server;
let browser: Browser;
const clockOffset = TEST_INSTANTS.noon - Date.now();
const pageErrors: string[] = [];
/** How long an answer may take to show: the machine may be busy. */
const WAIT = { timeout: 15_000 };

async function newPage(viewport: { width: number; height: number }): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', isMobile: viewport.width < 500, hasTouch: viewport.width < 500 });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
  await context.clock.install({ time: Date.now() + clockOffset });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  page.on('pageerror', (err) => pageErrors.push(err.message));
  page.on('console', (msg) => {
    if (msg.type() === 'error' && !msg.text().startsWith('Failed to load resource')) pageErrors.push(`console: ${msg.text()}`);
  });
  return { context, page };
}

async function signIn(page: Page): Promise<void> {
  await page.goto(`${server.url}/login`);
  await page.getByLabel('用户名').fill('demo');
  await page.getByLabel('密码').fill('demo');
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await page.locator('.songda-sider, .songda-header').first().waitFor();
}

/** A full-page screenshot once dialogs and messages have finished moving in, so that they are seen as they stand. */
async function shot(page: Page, name: string, fullPage = true): Promise<void> {
  await page.waitForFunction(() => !document.querySelector('[class*="-enter"], [class*="-appear"]'));
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage });
}

/** The form item whose label is `label`, and the error the server put under it. */
const item = (scope: Locator, label: string) => scope.locator('.ant-form-item').filter({ has: scope.page().locator('label', { hasText: new RegExp(`^${label}$`) }) });
const fieldError = (scope: Locator, label: string) => item(scope, label).locator('.ant-form-item-explain-error').first();

/** Picks the option whose text contains `text` in an Ant Design select. */
async function choose(select: Locator, text: string): Promise<void> {
  await select.click();
  // Selects with a search box take the text; the others are only opened.
  const input = select.locator('input');
  if (await input.isEditable()) await input.fill(text);
  const option = select.page().locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: text }).first();
  await option.click();
}

describe('partner and program forms, invitation batches', { timeout: 120_000 }, () => {
  let desk: { context: BrowserContext; page: Page };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'songda-forms-'));
    mkdirSync(SHOTS, { recursive: true });
    await buildWebIfStale();
    [server, browser] = await Promise.all([startServer(dir, clockOffset), launchChromium()]);
    desk = await newPage(DESKTOP);
    await signIn(desk.page);
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await stopServer(server);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('creates a partner, showing the server’s refusal of an unknown division beside its field, then edits it', async () => {
    const { page } = desk;
    await page.goto(`${server.url}/partners`);
    await page.getByRole('button', { name: '新建合作方' }).click();
    const dialog = page.getByRole('dialog', { name: '新建合作方' });
    await dialog.getByLabel('代码', { exact: true }).fill(PARTNER.code);
    await dialog.getByLabel('名称', { exact: true }).fill(PARTNER.name);
    await choose(item(dialog, '类型').locator('.ant-select'), '发证机关');
    await dialog.getByLabel('行政区划代码').fill('420599');
    await dialog.getByRole('button', { name: /保\s*存/ }).click();

    await expect.poll(() => fieldError(dialog, '行政区划代码').textContent(), WAIT).toContain('420599');
    await shot(page, 'partner-form-error');
    await dialog.getByLabel('行政区划代码').fill('420500');
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await page.waitForURL(`${server.url}/partners/${PARTNER.code}`);
    await page.getByRole('heading', { level: 1, name: PARTNER.name }).waitFor();

    // A second "new" with the same code is refused beside the code, not written over the first.
    await page.goto(`${server.url}/partners`);
    await page.getByRole('button', { name: '新建合作方' }).click();
    await dialog.getByLabel('代码', { exact: true }).fill(PARTNER.code);
    await dialog.getByLabel('名称', { exact: true }).fill('另一个局');
    await choose(item(dialog, '类型').locator('.ant-select'), '银行');
    await dialog.getByLabel('行政区划代码').fill('420500');
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await expect.poll(() => fieldError(dialog, '代码').textContent(), WAIT).toContain(PARTNER.code);
    await dialog.getByRole('button', { name: /取\s*消/ }).click();

    await page.goto(`${server.url}/partners/${PARTNER.code}`);
    await page.getByRole('button', { name: '编辑合作方' }).click();
    const edit = page.getByRole('dialog', { name: '编辑合作方' });
    await expect(edit.getByLabel('代码', { exact: true }).isDisabled()).resolves.toBe(true);
    await expect(edit.getByLabel('名称', { exact: true }).inputValue()).resolves.toBe(PARTNER.name);
    await edit.getByLabel('名称', { exact: true }).fill(`${PARTNER.name}（基础教育科）`);
    await edit.getByRole('button', { name: /保\s*存/ }).click();
    await page.getByRole('heading', { level: 1, name: `${PARTNER.name}（基础教育科）` }).waitFor();
    await expect(page.locator('.songda-page-header').textContent()).resolves.toContain('湖北省宜昌市');
  });

  it('creates a program whose payer shares the server finds wrong, shows why beside the shares, then saves and edits it', async () => {
    const { page } = desk;
    await page.goto(`${server.url}/programs`);
    await page.getByRole('button', { name: '新建项目' }).click();
    const dialog = page.getByRole('dialog', { name: '新建项目' });
    await dialog.getByLabel('项目代码').fill(PROGRAM.code);
    await dialog.getByLabel('项目名称').fill(PROGRAM.name);
    await dialog.getByLabel('证件类型').fill('教材');
    await choose(item(dialog, '发证机关').locator('.ant-select'), PARTNER.name);
    await choose(item(dialog, '付费方式').locator('.ant-select'), '多方合作');
    await dialog.getByRole('button', { name: '添加付费方' }).click();
    await dialog.getByRole('button', { name: '添加付费方' }).click();
    const rows = dialog.locator('.songda-payer-row');
    await choose(rows.nth(0).locator('.ant-select'), PARTNER.name);
    await rows.nth(0).locator('.ant-input-number input').fill('0.5');
    await choose(rows.nth(1).locator('.ant-select'), '中国邮政储蓄银行宜昌分行');
    await rows.nth(1).locator('.ant-input-number input').fill('0.4');
    await dialog.getByRole('button', { name: /保\s*存/ }).click();

    // The server's rule in the console's language, under the shares: the sum it found.
    const sharesError = dialog.locator('.songda-payer-errors');
    await expect.poll(() => sharesError.textContent(), WAIT).toContain('比例之和须为 1，现为 0.9');
    await shot(page, 'program-form-error');
    await rows.nth(1).locator('.ant-input-number input').fill('0.5');
    await dialog.getByRole('button', { name: /保\s*存/ }).click();

    await page.waitForURL(`${server.url}/programs/${PROGRAM.code}`);
    await page.getByRole('heading', { level: 1, name: PROGRAM.name }).waitFor();
    const details = page.locator('.ant-descriptions');
    await expect.poll(() => details.textContent(), WAIT).toContain('多方合作');
    await expect(details.textContent()).resolves.toContain('中国邮政储蓄银行宜昌分行 50%');
    await expect(details.textContent()).resolves.toContain('7 天');
    await shot(page, 'program-created');

    await page.getByRole('button', { name: '编辑项目' }).click();
    const edit = page.getByRole('dialog', { name: '编辑项目' });
    await expect(edit.getByLabel('项目代码').isDisabled()).resolves.toBe(true);
    await expect(edit.locator('.songda-payer-row').count()).resolves.toBe(2);
    await edit.getByLabel('时限（天）').fill('10');
    await edit.getByRole('checkbox', { name: '验证身份' }).check();
    await shot(page, 'program-form-edit');
    await edit.getByRole('button', { name: /保\s*存/ }).click();
    await expect.poll(() => details.textContent(), WAIT).toContain('10 天');
    await expect(details.textContent()).resolves.toContain('验证身份');
  });

  it('lists a program’s past invitation batches, reopens one with whole links, copies a link and prints the sheet again', async () => {
    const { page, context } = desk;
    await page.goto(`${server.url}/programs/${INVITING_PROGRAM}?tab=invitations`);
    const batches = page.getByRole('region', { name: '历次批次' });
    const demoBatch = batches.locator('.songda-batch-table .ant-table-row').first();
    await demoBatch.waitFor();
    await expect(batches.locator('.songda-batch-table .ant-table-row').count()).resolves.toBe(1);
    // The demo made 12 and three citizens used theirs.
    const cells = await demoBatch.locator('td').allTextContents();
    expect(cells.slice(2, 7)).toEqual(['命令行', '12', '3', '9', '0']);

    await demoBatch.getByRole('button', { name: /查看链接/ }).click();
    const reopened = page.getByRole('region', { name: /的 12 个邀请$/ });
    const linkRows = reopened.locator('.ant-table-row');
    await expect.poll(() => linkRows.count(), WAIT).toBe(12);
    const firstLink = ((await linkRows.first().locator('a.songda-mono').textContent()) ?? '').trim();
    expect(firstLink).toMatch(new RegExp(`^${server.url}/r/[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+$`));
    expect(firstLink).not.toContain('…');
    // Shown whole: not cut by an ellipsis, and inside the table's visible width.
    const link = await linkRows.first().locator('a.songda-mono').boundingBox();
    const table = await reopened.locator('.ant-table-container').boundingBox();
    expect(link!.x + link!.width).toBeLessThanOrEqual(table!.x + table!.width);

    await linkRows.first().locator('.ant-typography-copy').click();
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText()), WAIT).toBe(firstLink);
    await shot(page, 'invitation-batch-reopened');

    // The sheet is fetched again (a PDF) and opened in a new tab.
    const popup = context.waitForEvent('page');
    const pdf = page.waitForResponse((r) => r.url().includes(`/invitations/sheet.pdf?batch=`) && r.request().method() === 'GET');
    await demoBatch.getByRole('button', { name: /二维码页/ }).click();
    expect((await pdf).status()).toBe(200);
    expect((await pdf).headers()['content-type']).toBe('application/pdf');
    await (await popup).close();

    // A new batch made here joins the list, newest first, with who made it.
    await page.getByLabel('不记名邀请数量').fill('2');
    await page.getByRole('button', { name: /生成邀请/ }).click();
    await expect.poll(() => batches.locator('.songda-batch-table .ant-table-row').count(), WAIT).toBe(2);
    expect((await batches.locator('.songda-batch-table .ant-table-row').first().locator('td').allTextContents()).slice(2, 4)).toEqual(['demo', '2']);
  });

  it('says the same in English', async () => {
    const { page } = desk;
    await page.goto(`${server.url}/programs/${PROGRAM.code}`);
    await page.getByText('EN', { exact: true }).click();
    await page.getByRole('button', { name: 'Edit program' }).click();
    const edit = page.getByRole('dialog', { name: 'Edit program' });
    await edit.getByText('Payers and shares').waitFor();
    await shot(page, 'en-program-form');
    await page.keyboard.press('Escape');
    await page.goto(`${server.url}/programs/${INVITING_PROGRAM}?tab=invitations`);
    await page.getByRole('region', { name: 'Past batches' }).locator('.songda-batch-table .ant-table-row').first().waitFor();
    await shot(page, 'en-invitation-batches');
    await page.getByText('中文', { exact: true }).click();
  });

  it('keeps the forms and the batches usable on a 390×844 phone', async () => {
    const phone = await newPage(PHONE);
    try {
      const { page } = phone;
      await signIn(page);
      await page.goto(`${server.url}/programs/${PROGRAM.code}`);
      await page.getByRole('button', { name: '编辑项目' }).click();
      const edit = page.getByRole('dialog', { name: '编辑项目' });
      await edit.getByLabel('项目名称').waitFor();
      // The dialog fits the page's width (how wide the console's own frame lays out on a phone is the layout's business).
      const box = await edit.boundingBox();
      const pageWidth = await page.evaluate(() => window.innerWidth);
      expect(box!.x).toBeGreaterThanOrEqual(0);
      expect(box!.x + box!.width).toBeLessThanOrEqual(pageWidth);
      // The screen as the phone shows it: a dialog stays where it is while the page behind it scrolls.
      await shot(page, 'phone-program-form', false);
      await page.keyboard.press('Escape');
      await edit.waitFor({ state: 'hidden' });

      await page.goto(`${server.url}/programs/${INVITING_PROGRAM}?tab=invitations`);
      const batches = page.getByRole('region', { name: '历次批次' });
      // The demo's batch, the oldest: the one made above is listed first.
      const button = batches.locator('.songda-batch-table .ant-table-row').last().getByRole('button', { name: /查看链接/ });
      // By keyboard: while the console's frame lays out wider than the phone, the page is zoomed out and taps land beside their target.
      await button.focus();
      await page.keyboard.press('Enter');
      // One card per invitation, each link whole within the page's width.
      const cards = page.getByRole('region', { name: /的 12 个邀请$/ }).locator('.songda-invitation-card');
      await expect.poll(() => cards.count(), WAIT).toBe(12);
      const link = await cards.first().locator('a.songda-mono').boundingBox();
      expect(link!.x + link!.width).toBeLessThanOrEqual(await page.evaluate(() => window.innerWidth));
      await shot(page, 'phone-invitation-batches');
      await cards.nth(2).scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(SHOTS, 'phone-invitation-cards.png') });
    } finally {
      await phone.context.close();
    }
    expect(pageErrors).toEqual([]);
  });
});
