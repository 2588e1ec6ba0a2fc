// The console in Chinese from end to end: on zh-CN pages, every error a person is shown (sign-in, the
// citizen's tracking search, the item page, a list's export) comes in Chinese, and break-point details
// (说明) read in Chinese. A text that is Latin letters only fails. Debian's Chromium against `songda
// serve --demo`, at noon in Shanghai; screenshots at desktop and phone size go to /tmp/shots-lang/.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_INSTANTS } from '../support/test-clock.js';
import { type Server, buildWebIfStale, launchChromium, startServer, stopServer } from './serve-console.js';

const SHOTS = '/tmp/shots-lang';
const CHINESE = /[\u3400-\u9fff]/;
/** A well-formed tracking number whose check digit is wrong (it should be 5): only the server can refuse it. */
const WRONG_CHECK_DIGIT = 'EA123456780CN';
const clockOffset = TEST_INSTANTS.noon - Date.now();

let dir: string;
let server: Server;
let browser: Browser;

async function newPage(viewport = { width: 1440, height: 900 }): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  await context.clock.install({ time: Date.now() + clockOffset });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  return { context, page };
}

/** The texts of every error shown: each alert's message and its detail lines, without the small (status code). */
async function errorTexts(page: Page): Promise<string[]> {
  await page.locator('.songda-error').first().waitFor();
  return page.locator('.songda-error').evaluateAll((alerts) =>
    alerts.flatMap((alert) => {
      const description = alert.querySelector('.ant-alert-description');
      const first = description?.firstElementChild?.cloneNode(true) as HTMLElement | undefined;
      first?.querySelector('.songda-error-code')?.remove();
      const details = [...alert.querySelectorAll('.songda-error-details li')].map((li) => li.textContent ?? '');
      return [alert.querySelector('.ant-alert-message, .ant-alert-title')?.textContent ?? '', first?.textContent ?? '', ...details].filter((t) => t.trim() !== '');
    }),
  );
}

function expectChinese(texts: readonly string[], where: string): void {
  expect(texts.length, where).toBeGreaterThan(0);
  for (const text of texts) expect(CHINESE.test(text), `${where}: Latin-only text "${text}"`).toBe(true);
}

async function shoot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

async function signIn(page: Page): Promise<void> {
  await page.goto(`${server.url}/login`);
  await page.getByLabel('用户名').fill('demo');
  await page.getByLabel('密码').fill('demo');
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await page.locator('.songda-header').waitFor();
}

describe('a zh-CN console shows no English', { timeout: 120_000 }, () => {
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    dir = mkdtempSync(join(tmpdir(), 'songda-language-'));
    await buildWebIfStale();
    [server, browser] = await Promise.all([startServer(dir, clockOffset), launchChromium()]);
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await stopServer(server);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('says a wrong password in Chinese, once', async () => {
    const { context, page } = await newPage();
    await page.goto(`${server.url}/login`);
    await page.getByLabel('用户名').fill('demo');
    await page.getByLabel('密码').fill('not-the-password');
    await page.getByRole('button', { name: /登\s*录/ }).click();
    const texts = await errorTexts(page);
    expectChinese(texts, 'sign-in');
    expect(texts).toContain('用户名或密码错误');
    expect(texts.filter((t) => t === '用户名或密码错误')).toHaveLength(1);
    await shoot(page, 'login-error-desktop');
    await context.close();
  });

  it('refuses a tracking number with a wrong check digit in Chinese on the citizen page, at phone size', async () => {
    const { context, page } = await newPage({ width: 390, height: 844 });
    await page.goto(`${server.url}/t`);
    await page.getByLabel('邮件号').fill(WRONG_CHECK_DIGIT);
    await page.getByLabel('手机号后四位').fill('1234');
    await page.getByRole('button', { name: /查\s*询/ }).click();
    const texts = await errorTexts(page);
    expectChinese(texts, 'citizen tracking');
    expect(texts.join('\n')).toContain('校验码应为 5');
    // The field's message is not shown a second time as a detail line.
    expect(texts.filter((t) => t.includes('校验码应为 5'))).toHaveLength(1);
    await shoot(page, 'citizen-tracking-error-phone');
    await context.close();
  });

  it('answers an item page for a malformed number, and shows break-point details, in Chinese', async () => {
    const { context, page } = await newPage();
    await signIn(page);
    await page.goto(`${server.url}/items/${WRONG_CHECK_DIGIT}`);
    expectChinese(await errorTexts(page), 'item page');
    // What only a program needs (the field's name as JSON) is not shown beside the message.
    expect(await page.locator('.songda-error-json').count()).toBe(0);
    await shoot(page, 'item-error-desktop');

    await page.goto(`${server.url}/breakpoints`);
    const rows = page.locator('.ant-table-tbody tr.ant-table-row');
    await rows.first().waitFor();
    const headers = await page.locator('.ant-table-thead th').allTextContents();
    const detailColumn = headers.findIndex((h) => h.trim() === '说明');
    expect(detailColumn, headers.join('|')).toBeGreaterThanOrEqual(0);
    const details = await rows.evaluateAll((trs, i) => trs.map((tr) => tr.children[i]?.textContent ?? ''), detailColumn);
    expectChinese(details.filter((d) => d.trim() !== ''), 'break-point details');
    await shoot(page, 'breakpoints-desktop');
    await context.close();
  });
});
