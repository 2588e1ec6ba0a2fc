// The one search box and the citizen form's division picker, as people use them: Debian's Chromium
// against `songda serve --demo`, at noon in Shanghai. Customer service types a phone number into the
// header and gets the item and the request, masked; a citizen on a 390×844 phone picks province,
// city and county and sends "东山大道12号". Screenshots go to /tmp/shots-search/ for a person to look at.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_INSTANTS } from '../support/test-clock.js';
import { type Server, buildWebIfStale, launchChromium, startServer, stopServer } from './serve-console.js';

const SHOTS = '/tmp/shots-search';
// A citizen of the demo who asked for a driving licence by QR code: 陈静, 15827654321, mailed.
const DEMO_PHONE = '15827654321';
const clockOffset = TEST_INSTANTS.noon - Date.now();

let dir: string;
let server: Server;
let browser: Browser;
const pageErrors: string[] = [];

async function call<T>(method: 'GET' | 'POST', path: string, body?: unknown, contentType = 'application/json'): Promise<T> {
  const res = await fetch(`${server.url}/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${server.adminToken}`, ...(body === undefined ? {} : { 'content-type': contentType }) },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${text}`);
  return JSON.parse(text) as T;
}

async function newContext(size: { width: number; height: number }, mobile = false): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: size, isMobile: mobile, hasTouch: mobile, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  await context.clock.install({ time: Date.now() + clockOffset });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  page.on('pageerror', (err) => pageErrors.push(err.message));
  page.on('console', (msg) => {
    if (msg.type() === 'error' && !msg.text().startsWith('Failed to load resource')) pageErrors.push(`console: ${msg.text()}`);
  });
  return { context, page };
}

const shot = (page: Page, name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });

/** No sideways scrolling: the page is no wider than its viewport. */
const overflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

describe('one search box and the citizen’s division picker', { timeout: 120_000 }, () => {
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    dir = mkdtempSync(join(tmpdir(), 'songda-search-'));
    await buildWebIfStale();
    [server, browser] = await Promise.all([startServer(dir, clockOffset), launchChromium()]);
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await stopServer(server);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('finds by phone from the header the item and the request, masked, and opens the item', async () => {
    for (const [name, size] of [['desktop', { width: 1440, height: 900 }], ['phone', { width: 390, height: 844 }]] as const) {
      const { context, page } = await newContext(size, name === 'phone');
      await page.goto(`${server.url}/login`);
      await page.getByLabel('用户名').fill('demo');
      await page.getByLabel('密码').fill('demo');
      await page.getByRole('button', { name: /登\s*录/ }).click();
      await page.locator('.songda-header').waitFor();
      // The header's box on a desktop; on a phone, where the header has no room for it, the search
      // page's own box, which is the same search.
      if (name === 'phone') await page.goto(`${server.url}/search`);
      const box = name === 'phone' ? page.locator('#tracking-search') : page.locator('.songda-header-search input');
      await box.fill(`${DEMO_PHONE.slice(0, 3)} ${DEMO_PHONE.slice(3, 7)} ${DEMO_PHONE.slice(7)}`);
      await box.press('Enter');
      await page.waitForURL(/\/search\?q=/);
      await page.getByRole('heading', { level: 1, name: '综合查询' }).waitFor();
      const main = page.locator('#main');
      const requests = main.locator('.ant-card', { hasText: '寄递申请' }).locator('.songda-nav-row');
      await requests.first().waitFor();
      await expect(requests.count()).resolves.toBe(1);
      await expect(requests.first().textContent()).resolves.toContain('陈*');
      await expect(requests.first().textContent()).resolves.toContain('158****4321');
      const items = main.locator('.ant-card', { hasText: '邮件' }).first().locator('.songda-nav-row');
      await expect(items.count()).resolves.toBe(1);
      const trackingNo = /[A-Z]{2}\d{9}CN/.exec((await items.first().textContent()) ?? '')?.[0];
      expect(trackingNo).toBeDefined();
      // The results show the phone and the name masked only.
      const text = await main.innerText();
      expect(text).not.toContain(DEMO_PHONE);
      expect(text).not.toContain('陈静');
      await main.getByText('按手机号、身份证号或姓名查询会记入审计日志').waitFor();
      // Wide tables scroll inside their cards: the page itself does not (on a phone the console's shell
      // is the phone layout's business, so the check is the desktop's).
      if (name === 'desktop') expect(await overflow(page)).toBeLessThanOrEqual(0);
      await shot(page, `search-phone-${name}`);
      if (name === 'desktop') {
        await page.evaluate(() => window.localStorage.setItem('songda.locale', 'en'));
        await page.reload();
        await main.getByText('Listed recipients').first().waitFor();
        await main.locator('.songda-nav-row').first().waitFor();
        await shot(page, 'search-phone-desktop-en');
        await page.evaluate(() => window.localStorage.setItem('songda.locale', 'zh'));
        await page.reload();
        await main.locator('.songda-nav-row').first().waitFor();
      }

      await items.first().click();
      await page.waitForURL(`${server.url}/items/${trackingNo}`);
      await page.getByRole('heading', { level: 1, name: trackingNo }).waitFor();
      // A tracking number typed into the box still goes straight to its item.
      await page.goto(`${server.url}/search`);
      const again = name === 'phone' ? page.locator('#tracking-search') : page.locator('.songda-header-search input');
      await again.fill(trackingNo!.toLowerCase());
      await again.press('Enter');
      await page.waitForURL(`${server.url}/items/${trackingNo}`);
      await context.close();
    }
    // The search by phone is in the audit log, by its kind.
    const audit = await call<{ rows: { action: string; subject: string; detail: unknown }[] }>('GET', '/audit?limit=50');
    const searches = audit.rows.filter((r) => r.action === 'search.personal_data');
    expect(searches.length).toBeGreaterThanOrEqual(2);
    expect(JSON.stringify(searches)).not.toContain(DEMO_PHONE.slice(3));
  });

  it('lets a citizen on a phone pick province, city and county and send “东山大道12号”', async () => {
    const created = await call<{ invitations: { url: string }[] }>('POST', '/programs/HB-FP/invitations', { count: 1, expiresInDays: 7 });
    const { context, page } = await newContext({ width: 390, height: 844 }, true);
    await page.goto(created.invitations[0]!.url);
    await page.getByRole('button', { name: '提交申请' }).waitFor();
    await page.getByLabel('姓名').fill('张三丰');
    await page.getByLabel('手机号').fill('13607170001');
    await page.getByLabel('所在地区').click();
    const menu = page.locator('.songda-division-popup');
    await menu.locator('.ant-cascader-menu-item[title="湖北省"]').click();
    await menu.locator('.ant-cascader-menu-item[title="宜昌市"]').click();
    await shot(page, 'citizen-division-picker');
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await menu.locator('.ant-cascader-menu-item[title="夷陵区"]').click();
    await expect(page.locator('.ant-cascader').first().textContent()).resolves.toContain('夷陵区');
    await page.getByLabel('详细地址').fill('东山大道12号');
    await shot(page, 'citizen-division-filled');
    await page.getByRole('button', { name: '提交申请' }).click();
    await page.getByText('申请已提交').waitFor();
    const trackingNo = /[A-Z]{2}\d{9}CN/.exec((await page.locator('.songda-tracking-no').textContent()) ?? '')?.[0];
    expect(trackingNo).toBeDefined();
    await shot(page, 'citizen-division-done');
    const item = await call<{ destination?: { divisionCode: string } | null; destDivisionCode?: string }>('GET', `/items/${trackingNo}`);
    expect(JSON.stringify(item)).toContain('420506');
    await context.close();
  });

  it('starts the picker at the county a listed recipient is listed in', async () => {
    const idFirst17 = '42050619700101123';
    const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const sum = [...idFirst17].reduce((s, d, i) => s + Number(d) * weights[i]!, 0);
    const idNumber = idFirst17 + '10X98765432'[sum % 11];
    const csv = `name,idNumber,phone,category,address,divisionCode\r\n周小川,${idNumber},13607170002,普通,湖北省宜昌市西陵区夷陵大道5号,420502\r\n`;
    await call('POST', '/programs/YC-YDZ/recipients/import', csv, 'text/csv');
    const created = await call<{ invitations: { url: string }[] }>('POST', '/programs/YC-YDZ/invitations', { recipients: [idNumber], expiresInDays: 7 });
    const { context, page } = await newContext({ width: 390, height: 844 }, true);
    await page.goto(created.invitations[0]!.url);
    await page.getByRole('button', { name: '提交申请' }).waitFor();
    await expect.poll(() => page.locator('.ant-cascader').first().textContent(), { timeout: 15_000 }).toContain('西陵区');
    await expect(page.locator('.ant-cascader').first().textContent()).resolves.toContain('宜昌市');
    // The street the list holds is not shown to whoever has the link.
    expect(await page.content()).not.toContain('夷陵大道5号');
    await shot(page, 'citizen-division-prefilled');
    await context.close();
  });

  it('raised no page error', () => {
    expect(pageErrors).toEqual([]);
  });
});
