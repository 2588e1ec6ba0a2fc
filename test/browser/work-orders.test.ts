// The work-order console in Chromium on the demo: the queue, a phone call logged as an order, a reply
// and a resolution on the order's page, its history, and the figures. Screenshots go to /tmp/shots-work-orders/.
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoConsole, startDemoConsole } from './demo-console.js';

const SHOTS = '/tmp/shots-work-orders';
let demo: DemoConsole;
let page: Page;

const button = (name: string) => page.getByRole('button', { name: new RegExp(name.split('').join('\\s*')) });

describe('work orders in the console', { timeout: 240_000 }, () => {
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    demo = await startDemoConsole('songda-work-orders-');
    ({ page } = await demo.signedInPage({ width: 1440, height: 900 }));
  }, 240_000);

  afterAll(async () => {
    await demo?.close();
  });

  it('logs a phone call as an order, replies and resolves it, and shows each step in its history', async () => {
    const out = await demo.api<{ rows: { trackingNo: string }[] }>('/items?status=OUT_FOR_DELIVERY&limit=1');
    const trackingNo = out.rows[0]!.trackingNo;

    await page.getByRole('menuitem', { name: '客服工单' }).click();
    await page.waitForURL(/\/work-orders$/);
    await page.getByRole('heading', { name: '客服工单' }).waitFor();
    await page.screenshot({ path: `${SHOTS}/queue-demo.png`, fullPage: true });

    await button('来电登记').click();
    const form = page.getByRole('dialog');
    await form.getByLabel('邮件号（可选）').fill(trackingNo);
    await form.getByLabel('联系人', { exact: true }).fill('王五');
    await form.getByLabel('联系电话').fill('13912345678');
    await form.getByLabel('问题描述').fill('来电询问优待证何时送达');
    await page.screenshot({ path: `${SHOTS}/phone-form.png` });
    await form.getByRole('button', { name: /提\s*交/ }).click();

    await page.waitForURL(/\/work-orders\/WO\d{14}$/);
    const number = page.url().split('/').at(-1)!;
    await page.getByText(`工单 ${number}`).waitFor();
    const history = page.getByTestId('wo-history-row');
    await expect.poll(() => history.count()).toBe(1);
    await expect.poll(() => page.getByText('139****5678').count()).toBeGreaterThan(0);

    await button('回复').click();
    await page.getByRole('dialog').getByLabel('说明').fill('已告知预计明日送达');
    await page.getByRole('dialog').getByRole('button', { name: /确\s*定|OK/ }).click();
    await expect.poll(() => history.count()).toBe(2);
    await expect.poll(async () => (await history.nth(1).textContent()) ?? '').toContain('已告知预计明日送达');

    await button('办结').click();
    await page.getByRole('dialog').getByLabel('办理结果').click();
    await page.locator('.ant-select-item-option', { hasText: '已答复' }).click();
    await page.getByRole('dialog').getByRole('button', { name: /确\s*定|OK/ }).click();
    await expect.poll(() => history.count()).toBe(3);
    await expect.poll(async () => (await history.nth(2).textContent()) ?? '').toContain('已答复');
    await page.screenshot({ path: `${SHOTS}/order-resolved.png`, fullPage: true });

    const stored = await demo.api<{ status: string; history: { action: string; by: { kind: string } }[] }>(`/work-orders/${number}`);
    expect(stored.status).toBe('resolved');
    expect(stored.history.map((h) => h.action)).toEqual(['create', 'reply', 'resolve']);

    // The queue lists it, and the figures count it, each number a link to the list.
    await page.goto(`${demo.server.url}/work-orders?status=resolved`);
    await page.getByRole('link', { name: number }).waitFor();
    await page.screenshot({ path: `${SHOTS}/queue.png`, fullPage: true });
    await page.goto(`${demo.server.url}/reports/work-orders`);
    const total = page.locator('tr', { hasText: '合计' });
    await total.getByRole('link').first().waitFor();
    expect(Number((await total.getByRole('link').first().textContent())?.replace(/\D/g, ''))).toBeGreaterThan(0);
    await page.screenshot({ path: `${SHOTS}/figures.png`, fullPage: true });
    await total.getByRole('link').first().click();
    await page.waitForURL(/\/work-orders\?from=/);
    await page.getByRole('link', { name: number }).waitFor();
    expect(demo.pageErrors).toEqual([]);
  });
});
