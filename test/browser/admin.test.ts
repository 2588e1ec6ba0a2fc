// Administration in the web console, as an administrator clicks it: Debian's Chromium against
// `songda serve --demo` (the console from dist/web) at noon in Shanghai. A new user is made with a
// generated password, signs in, is disabled and finds their open session refused; a recipient is
// revealed with a reason, which the audit log then shows; an API token is made (shown once) and
// revoked. Each page is saved at desktop size and at 390×844 to /tmp/shots-admin/.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_INSTANTS } from '../support/test-clock.js';
import { type Server, buildWebIfStale, launchChromium, startServer, stopServer } from './serve-console.js';

const SHOTS = '/tmp/shots-admin';
/** A list reloads after each change: wait for it as long as for any element. */
const WAIT = { timeout: 15_000 };
const NEW_USER = { username: 'li-desk', displayName: '李娜' };
const PROGRAM = 'YC-YDZ';

let dir: string;
let server: Server;
let browser: Browser;
const clockOffset = TEST_INSTANTS.noon - Date.now();
const pageErrors: string[] = [];

async function newPage(viewport = { width: 1440, height: 900 }): Promise<{ context: BrowserContext; page: Page }> {
  const phone = viewport.width < 500;
  const context = await browser.newContext({ viewport, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', ...(phone ? { isMobile: true, hasTouch: true } : {}) });
  await context.clock.install({ time: Date.now() + clockOffset });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  page.on('pageerror', (err) => pageErrors.push(err.message));
  page.on('console', (msg) => {
    // The browser logs every 4xx answer; a disabled user's session is refused on purpose.
    if (msg.type() === 'error' && !msg.text().startsWith('Failed to load resource')) pageErrors.push(`console: ${msg.text()}`);
  });
  return { context, page };
}

async function signIn(page: Page, username: string, password: string): Promise<void> {
  await page.goto(`${server.url}/login`);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: /登\s*录/ }).click();
  // The header on every width (on a phone the menu is a drawer).
  await page.locator('.songda-header').waitFor();
}

const shot = (page: Page, name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
/** Confirms the open pop-up and waits until it has gone, so the next one is the only one on the page. */
async function confirmPopup(page: Page): Promise<void> {
  await page.locator('.ant-popconfirm:visible').getByRole('button', { name: /确\s*定/ }).click();
  await expect.poll(() => page.locator('.ant-popconfirm:visible').count(), WAIT).toBe(0);
}
/** The text of the value a ShownOnce dialog gives out, after which it is closed. */
async function takeShownOnce(page: Page): Promise<string> {
  const dialog = page.getByRole('dialog').filter({ has: page.locator('.songda-secret') });
  const value = ((await dialog.locator('.songda-secret').textContent()) ?? '').trim();
  // A click while the dialog is still zooming in can be lost on a loaded machine: click again until it closes.
  await expect
    .poll(async () => {
      if ((await dialog.count()) === 0 || !(await dialog.isVisible())) return true;
      await dialog.getByRole('button', { name: '我已保存' }).click({ timeout: 2_000 }).catch(() => {});
      return (await dialog.count()) === 0 || !(await dialog.isVisible());
    }, WAIT)
    .toBe(true);
  return value;
}

describe('administration in the console', { timeout: 120_000 }, () => {
  let admin: { context: BrowserContext; page: Page };
  let password: string;
  let clerk: { context: BrowserContext; page: Page };

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    dir = mkdtempSync(join(tmpdir(), 'songda-admin-'));
    await buildWebIfStale();
    [server, browser] = await Promise.all([startServer(dir, clockOffset), launchChromium()]);
    admin = await newPage();
    await signIn(admin.page, 'demo', 'demo');
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await stopServer(server);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('makes a user with a generated password shown once, who then signs in', async () => {
    const { page } = admin;
    await page.getByRole('link', { name: '用户管理' }).click();
    await page.getByRole('heading', { level: 1, name: '用户管理' }).waitFor();
    await expect.poll(async () => page.locator('.songda-users .ant-table-row', { hasText: 'demo' }).count(), WAIT).toBe(1);
    await page.getByRole('button', { name: '新建用户' }).click();
    const form = page.getByRole('dialog', { name: '新建用户' });
    await form.getByLabel('用户名').fill(NEW_USER.username);
    await form.getByLabel('姓名').fill(NEW_USER.displayName);
    await form.getByRole('button', { name: '新建用户' }).click();
    password = await takeShownOnce(page);
    expect(password).toMatch(/^[A-Za-z0-9_-]{16}$/);
    const row = page.locator('.songda-users .ant-table-row', { hasText: NEW_USER.username });
    await expect.poll(async () => row.textContent(), WAIT).toContain('操作员');
    expect(await row.textContent()).toContain('在用');
    await shot(page, 'users');

    clerk = await newPage();
    await signIn(clerk.page, NEW_USER.username, password);
    expect(await clerk.page.locator('.songda-user').textContent()).toContain(NEW_USER.displayName);
    // Not an admin: the administration entries are not offered.
    expect(await clerk.page.locator('.songda-sider .ant-menu-item', { hasText: '用户管理' }).count()).toBe(0);
  });

  it('disables the user: their open session is refused at once and they cannot sign in; enabled with a reset password, they can', async () => {
    const { page } = admin;
    const row = page.locator('.songda-users .ant-table-row', { hasText: NEW_USER.username });
    await row.getByRole('button', { name: /^停\s*用$/ }).click();
    await confirmPopup(page);
    await expect.poll(async () => row.textContent(), WAIT).toContain('停用');
    expect(await row.getByRole('button', { name: /^启\s*用$/ }).count()).toBe(1);
    // The administrator's own row offers no way to disable oneself.
    expect(await page.locator('.songda-users .ant-table-row', { hasText: '（本人）' }).getByRole('button', { name: /^停\s*用$/ }).count()).toBe(0);

    // A fresh load of a page with the old session lands on the sign-in page. (A click on the menu could
    // find the page already there: any request the open page makes after the disabling is refused too.)
    await clerk.page.goto(`${server.url}/breakpoints`);
    await clerk.page.waitForURL(/\/login\?next=/);
    await clerk.page.getByLabel('用户名').fill(NEW_USER.username);
    await clerk.page.getByLabel('密码').fill(password);
    await clerk.page.getByRole('button', { name: /登\s*录/ }).click();
    await clerk.page.getByText('wrong username or password').or(clerk.page.getByText('用户名或密码错误')).first().waitFor();
    expect(clerk.page.url()).toContain('/login');

    // Enabled again with a new password, shown once, with which the user signs in.
    await row.getByRole('button', { name: /^启\s*用$/ }).click();
    await confirmPopup(page);
    await expect.poll(async () => row.textContent(), WAIT).toContain('在用');
    await row.getByRole('button', { name: '重置密码' }).click();
    await confirmPopup(page);
    const renewed = await takeShownOnce(page);
    expect(renewed).not.toBe(password);
    await signIn(clerk.page, NEW_USER.username, renewed);
    await clerk.context.close();
  });

  it('reveals a recipient after asking why, and the audit log shows who, when and why', async () => {
    const { page } = admin;
    await page.goto(`${server.url}/programs/${PROGRAM}?tab=recipients`);
    const first = page.locator('.songda-recipients .ant-table-row').first();
    await first.waitFor();
    const masked = (await first.textContent()) ?? '';
    expect(masked).toContain('****');
    const name = ((await first.locator('td').first().textContent()) ?? '').trim();
    await first.getByRole('button', { name: '查看明文' }).click();
    const dialog = page.getByRole('dialog', { name: `查看 ${name} 的身份证号和手机号` });
    // The form is mounted once the reason field shows: a click before that (a busy machine) is lost.
    await dialog.getByLabel('查看事由').waitFor();
    await dialog.getByRole('button', { name: '确认查看' }).click();
    await dialog.getByText('请填写查看事由').waitFor();
    await dialog.getByLabel('查看事由').fill('工单 WO-0042 核对收件人');
    await dialog.getByRole('button', { name: '确认查看' }).click();
    const revealed = dialog.locator('.songda-revealed');
    await revealed.waitFor();
    const numbers = (await revealed.textContent()) ?? '';
    expect(numbers).toMatch(/\d{17}[\dX]/);
    expect(numbers).toMatch(/1\d{10}/);
    expect(numbers).not.toContain('*');
    await shot(page, 'reveal');
    await dialog.locator('.ant-modal-footer').getByRole('button', { name: /^关\s*闭$/ }).click();

    await page.getByRole('link', { name: '审计日志' }).click();
    await page.getByRole('heading', { level: 1, name: '审计日志' }).waitFor();
    await page.getByLabel('操作', { exact: true }).click();
    await page.locator('.ant-select-item-option', { hasText: '查看收件人明文' }).click();
    await expect.poll(async () => page.locator('.songda-audit .ant-table-row').count(), WAIT).toBe(1);
    const entry = page.locator('.songda-audit .ant-table-row').first();
    await expect.poll(async () => entry.textContent(), WAIT).toContain('工单 WO-0042 核对收件人');
    const text = (await entry.textContent()) ?? '';
    expect(text).toContain('查看收件人明文');
    expect(text).toContain('demo');
    expect(text).toContain('2026-11-21');
    expect(text).toContain(PROGRAM);
    // The user's story is there too, each act by the administrator.
    await page.getByLabel('操作', { exact: true }).click();
    await page.locator('.ant-select-item-option', { hasText: '停用用户' }).click();
    await expect.poll(async () => page.locator('.songda-audit .ant-table-row').first().textContent(), WAIT).toContain(NEW_USER.username);
    await page.keyboard.press('Escape');
    await page.getByLabel('操作', { exact: true }).locator('xpath=ancestor::div[contains(@class,"ant-select")][1]').hover();
    await page.locator('.ant-select-clear').click();
    await expect.poll(async () => page.locator('.songda-audit .ant-table-row').count(), WAIT).toBeGreaterThan(3);
    await expect.poll(async () => page.locator('.songda-audit .ant-spin-spinning, .songda-audit .ant-spin-blur').count(), WAIT).toBe(0);
    await shot(page, 'audit');
  });

  it('makes an API token, shown once, then revokes it; the token stops working', async () => {
    const { page } = admin;
    await page.getByRole('link', { name: 'API 令牌' }).click();
    await page.getByRole('heading', { level: 1, name: 'API 令牌' }).waitFor();
    await page.getByRole('button', { name: '新建令牌' }).click();
    const form = page.getByRole('dialog', { name: '新建令牌' });
    await form.getByLabel('名称').fill('夜间对账脚本');
    await form.getByLabel('有效天数').fill('30');
    await form.getByRole('button', { name: '新建令牌' }).click();
    const token = await takeShownOnce(page);
    expect(token).toMatch(/^sd_/);
    expect((await fetch(`${server.url}/api/v1/units`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);

    const row = page.locator('.songda-tokens .ant-table-row', { hasText: '夜间对账脚本' });
    await expect.poll(async () => row.textContent(), WAIT).toContain('有效');
    expect(await row.textContent()).toContain('2026-12-21');
    expect(await page.locator('.songda-tokens').textContent()).not.toContain(token);
    await shot(page, 'tokens');
    await row.getByRole('button', { name: /^吊\s*销$/ }).click();
    await confirmPopup(page);
    await expect.poll(async () => row.textContent(), WAIT).toContain('已吊销');
    expect((await fetch(`${server.url}/api/v1/units`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(401);
  });

  it('reads in English too', async () => {
    const { page } = admin;
    await page.locator('.songda-header').getByText('EN', { exact: true }).click();
    for (const [path, heading, name] of [
      ['/users', 'Users', 'users-en'],
      ['/audit', 'Audit log', 'audit-en'],
      ['/tokens', 'API tokens', 'tokens-en'],
    ] as const) {
      await page.goto(`${server.url}${path}`);
      await page.getByRole('heading', { level: 1, name: heading }).waitFor();
      await page.locator('.ant-table-row').first().waitFor();
      await shot(page, name);
    }
    expect(await page.locator('.songda-audit').count()).toBe(0);
    await page.locator('.songda-header').getByText('中文', { exact: true }).click();
  });

  it('never scrolls sideways on a 390×844 phone: the tables scroll inside their cards', async () => {
    const phone = await newPage({ width: 390, height: 844 });
    await signIn(phone.page, 'demo', 'demo');
    for (const [path, name] of [
      ['/users', 'users'],
      ['/audit', 'audit'],
      ['/tokens', 'tokens'],
    ] as const) {
      await phone.page.goto(`${server.url}${path}`);
      await phone.page.locator('.ant-table-row').first().waitFor();
      const wide = await phone.page.evaluate(() => document.documentElement.scrollWidth);
      expect(wide, path).toBeLessThanOrEqual(390);
      await shot(phone.page, `${name}-phone`);
    }
    await phone.context.close();
    expect(pageErrors).toEqual([]);
  });
});
