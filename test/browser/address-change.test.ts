// The recipient's address change from the tracking page, on a phone (390 × 844): the tracking number
// and the phone's last four digits, a code by SMS (the gateway is a local receiver here, so the test
// reads the code the recipient would), then the new address. Screenshots go to /tmp/shots-address/.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findDivision } from '../../src/domain/divisions.js';
import { type Receiver, startReceiver } from '../factories-webhooks.js';
import { TEST_INSTANTS } from '../support/test-clock.js';
import { type Server, buildWebIfStale, launchChromium, startServer, stopServer } from './serve-console.js';

const SHOTS = '/tmp/shots-address';
const PHONE = { width: 390, height: 844 };

let dir: string;
let server: Server;
let browser: Browser;
let receiver: Receiver;
const pageErrors: string[] = [];

async function api<T>(method: 'GET' | 'POST', path: string): Promise<T> {
  const res = await fetch(`${server.url}/api/v1${path}`, { method, headers: { authorization: `Bearer ${server.adminToken}` } });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${text}`);
  return JSON.parse(text) as T;
}

/** The code in the last one-time-code message the gateway received, once it arrives. */
async function codeSent(): Promise<string> {
  for (let i = 0; i < 100; i++) {
    const last = receiver.received.map((r) => JSON.parse(r.body) as { template: string; params: { code?: string } }).filter((m) => m.template === 'one_time_code').at(-1);
    if (last?.params.code) return last.params.code;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error('no one-time code reached the gateway');
}

describe('the recipient changes the address on a phone', { timeout: 180_000 }, () => {
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    dir = mkdtempSync(join(tmpdir(), 'songda-address-'));
    receiver = await startReceiver();
    await buildWebIfStale();
    const env = { SONGDA_SMS_PROVIDER: 'http', SONGDA_SMS_URL: `${receiver.url}/sms`, SONGDA_SMS_SECRET: `whsec_${Buffer.alloc(24, 7).toString('base64')}` };
    [server, browser] = await Promise.all([startServer(dir, TEST_INSTANTS.noon - Date.now(), env), launchChromium()]);
  }, 240_000);

  afterAll(async () => {
    await browser?.close().catch(() => undefined);
    await stopServer(server);
    await receiver?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('asks for a code with the last four digits, then sends the item to the new address and its office', async () => {
    const out = await api<{ rows: { trackingNo: string }[] }>('GET', '/items?status=OUT_FOR_DELIVERY&limit=20');
    let trackingNo: string | undefined;
    let phone4 = '';
    for (const row of out.rows) {
      const found = await api<{ requests: { rows: { phone: string }[] } }>('GET', `/search?q=${row.trackingNo}`);
      const phone = found.requests.rows[0]?.phone;
      if (phone) {
        trackingNo = row.trackingNo;
        phone4 = phone.slice(-4);
        break;
      }
    }
    expect(trackingNo, 'the demo has an item out for delivery from a request').toBeDefined();
    const before = await api<{ deliveryOffice: { code: string } | null }>('GET', `/items/${trackingNo}/address-changes`);
    const offices = await api<{ code: string; kind: string; divisionCode: string }[]>('GET', '/units');
    const target = offices.find((u) => u.kind === 'delivery_office' && u.code !== before.deliveryOffice?.code && findDivision(u.divisionCode)?.level === 'county')!;
    const address = `${findDivision(target.divisionCode)!.fullName}解放路8号3单元`;

    const context = await browser.newContext({ viewport: PHONE, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', isMobile: true, hasTouch: true });
    await context.clock.install({ time: TEST_INSTANTS.noon });
    const page: Page = await context.newPage();
    page.setDefaultTimeout(20_000);
    page.on('pageerror', (err) => pageErrors.push(err.message));
    await page.goto(`${server.url}/t/${trackingNo}`);
    await page.getByLabel('手机号后四位', { exact: false }).fill(phone4);
    await page.getByRole('button', { name: /查\s*询/ }).click();
    const changes = page.getByTestId('citizen-changes');
    await changes.waitFor();
    await page.screenshot({ path: `${SHOTS}/1-tracked.png`, fullPage: true });

    await changes.getByRole('button', { name: '获取验证码' }).click();
    await changes.getByLabel('短信验证码').waitFor();
    const code = await codeSent();
    await changes.getByLabel('短信验证码').fill(code);
    await changes.getByLabel('新地址', { exact: false }).fill(address);
    await page.screenshot({ path: `${SHOTS}/2-new-address.png`, fullPage: true });
    await changes.getByRole('button', { name: /提\s*交/ }).click();
    await page.getByTestId('citizen-change-done').waitFor();
    await expect(page.getByTestId('citizen-change-done').textContent()).resolves.toMatch(/地址已变更/);
    await page.screenshot({ path: `${SHOTS}/3-changed.png`, fullPage: true });

    const widths = await page.evaluate(() => ({ document: document.documentElement.scrollWidth, viewport: window.innerWidth }));
    expect(widths.document, 'no sideways scrolling').toBeLessThanOrEqual(widths.viewport);
    const after = await api<{ deliveryOffice: { code: string } | null; changes: { newAddress: string; byKind: string }[] }>('GET', `/items/${trackingNo}/address-changes`);
    expect(after.deliveryOffice?.code).toBe(target.code);
    expect(after.changes.at(-1)).toMatchObject({ newAddress: address, byKind: 'recipient' });
    expect(pageErrors.join('\n')).toBe('');
    await context.close();
  });

  it('shows the change on the item page, where staff send the item on again with a reason', async () => {
    const { rows } = await api<{ rows: { trackingNo: string }[] }>('GET', '/items?status=OUT_FOR_DELIVERY&limit=20');
    let trackingNo: string | undefined;
    for (const row of rows) if ((await api<{ changes: unknown[] }>('GET', `/items/${row.trackingNo}/address-changes`)).changes.length > 0) trackingNo = row.trackingNo;
    expect(trackingNo, 'the item the recipient moved').toBeDefined();
    const offices = await api<{ code: string; kind: string; divisionCode: string }[]>('GET', '/units');
    const now = await api<{ deliveryOffice: { code: string } | null }>('GET', `/items/${trackingNo}/address-changes`);
    const target = offices.find((u) => u.kind === 'delivery_office' && u.code !== now.deliveryOffice?.code && findDivision(u.divisionCode)?.level === 'county')!;

    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    await context.clock.install({ time: TEST_INSTANTS.noon });
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    page.on('pageerror', (err) => pageErrors.push(err.message));
    await page.goto(`${server.url}/login`);
    await page.getByLabel('用户名').fill('demo');
    await page.getByLabel('密码').fill('demo');
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await page.locator('.songda-header').waitFor();
    await page.goto(`${server.url}/items/${trackingNo}`);
    const history = page.getByTestId('item-address-changes');
    await history.getByText('收件人（短信验证）').waitFor();

    await history.getByRole('button', { name: /改\s*址/ }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('新地址', { exact: false }).fill('朝阳区和平路1号');
    await dialog.getByLabel('原因').fill('委托方核实的新地址');
    await dialog.getByRole('button', { name: /改\s*址/ }).click();
    await dialog.getByText(/可能位于/).waitFor();
    await page.screenshot({ path: `${SHOTS}/4-staff-ambiguous.png` });
    await dialog.getByLabel('新地址', { exact: false }).fill(`${findDivision(target.divisionCode)!.fullName}人民路2号`);
    await dialog.getByRole('button', { name: /改\s*址/ }).click();
    await history.getByText('邮政工作人员', { exact: false }).waitFor();
    await history.getByText('委托方核实的新地址', { exact: false }).waitFor();
    await history.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}/5-item-page.png`, fullPage: true });
    expect((await api<{ deliveryOffice: { code: string } | null }>('GET', `/items/${trackingNo}/address-changes`)).deliveryOffice?.code).toBe(target.code);
    expect(pageErrors.join('\n')).toBe('');
    await context.close();
  });
});
