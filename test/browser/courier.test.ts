// The courier's phone page (/m) at 390 × 844: the demo courier signs in, sees the office's round,
// records a delivery with a drawn signature and a camera photo, a failure with a reason, and one
// without signal that waits on the phone and goes once when the signal is back.
// Screenshots go to /tmp/shots-courier/ to be looked at.
import { mkdirSync } from 'node:fs';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_INSTANTS } from '../support/test-clock.js';
import { type DemoConsole, startDemoConsole } from './demo-console.js';

const SHOTS = '/tmp/shots-courier';
const PHONE = { width: 390, height: 844 };
const MAX_IMAGE_BYTES = 512 * 1024;

type RoundItem = { trackingNo: string; state: 'out' | 'held'; requirements: { recipientOnly: boolean; idCheck: boolean; activationBank: string | null } };
type Delivery = { outcomes: { id: string; outcome: string; receivedBy: string | null; receiverMasked: string | null; reason: string | null; reasonNote: string | null; images: string[] }[] };

let demo: DemoConsole;
let context: BrowserContext;
let page: Page;
let round: RoundItem[];

const card = (trackingNo: string) => page.getByTestId('m-card').filter({ hasText: trackingNo });
const delivery = (trackingNo: string) => demo.api<Delivery>(`/items/${trackingNo}/delivery`);

async function submit(): Promise<void> {
  await page.getByRole('button', { name: /提\s*交/ }).click();
}

describe('the courier’s phone page', { timeout: 240_000 }, () => {
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    demo = await startDemoConsole('songda-courier-');
    const { rows } = await demo.api<{ rows: { username: string; unit: string | null }[] }>('/users');
    const office = rows.find((u) => u.username === 'courier')?.unit;
    expect(office, 'the demo has a courier bound to an office').toBeTruthy();
    round = (await demo.api<{ items: RoundItem[] }>(`/deliveries/today?office=${office}`)).items;
    context = await demo.browser.newContext({ viewport: PHONE, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', isMobile: true, hasTouch: true });
    await context.clock.install({ time: Date.now() + (TEST_INSTANTS.noon - Date.now()) });
    page = await context.newPage();
    page.setDefaultTimeout(20_000);
    page.on('pageerror', (err) => demo.pageErrors.push(err.message));
    page.on('console', (msg) => {
      if (msg.type() === 'error' && !msg.text().startsWith('Failed to load resource')) demo.pageErrors.push(`console: ${msg.text()}`);
    });
  }, 300_000);

  afterAll(async () => {
    await context?.close().catch(() => undefined);
    await demo?.close();
  });

  it('signs the courier in and lands on the round, at phone width', async () => {
    await page.goto(`${demo.server.url}/m`);
    await page.waitForURL(/\/login\?next=%2Fm/);
    await page.getByLabel('用户名').fill('courier');
    await page.getByLabel('密码').fill('demo');
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await page.getByTestId('m-round').waitFor();
    const out = round.filter((i) => i.state === 'out');
    expect(out.length, 'the demo courier has items out for delivery').toBeGreaterThanOrEqual(6);
    await card(out[0]!.trackingNo).waitFor();
    await expect(page.getByTestId('m-card').count()).resolves.toBe(out.length);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(PHONE.width);
    await page.screenshot({ path: `${SHOTS}/round.png` });
  });

  it('records a delivery with a drawn signature and a camera photo, downscaled under 512 KB', async () => {
    const item = round.find((i) => i.state === 'out' && !i.requirements.idCheck)!;
    expect(item, 'an item out for delivery without an ID check').toBeDefined();
    // Found by its number, as a scanner types it.
    await page.getByLabel('输入或扫描邮件号').fill(item.trackingNo.toLowerCase());
    await page.getByLabel('输入或扫描邮件号').press('Enter');
    await page.getByTestId('m-item').waitFor();
    await page.locator('.songda-m-choices').first().getByText('本人', { exact: true }).click();
    await page.getByLabel('签收人姓名').fill('欧阳娜娜');
    if (item.requirements.activationBank) await page.getByText('已激活', { exact: true }).click();

    const pad = (await page.getByTestId('signature-pad').boundingBox())!;
    await page.mouse.move(pad.x + 30, pad.y + 120);
    await page.mouse.down();
    for (const [dx, dy] of [[80, 40], [140, 130], [200, 50], [260, 120], [320, 60]] as const) await page.mouse.move(pad.x + dx, pad.y + dy, { steps: 5 });
    await page.mouse.up();

    // A camera-sized photo with noise in it (several MB as taken): the page sends it downscaled.
    const taken = await page.evaluate(() => {
      const c = document.createElement('canvas');
      c.width = 3000;
      c.height = 2250;
      const g = c.getContext('2d')!;
      const img = g.createImageData(c.width, c.height);
      for (let i = 0; i < img.data.length; i += 4) {
        img.data[i] = (i * 7) % 251;
        img.data[i + 1] = Math.floor(Math.random() * 256);
        img.data[i + 2] = (i / 4) % 256;
        img.data[i + 3] = 255;
      }
      g.putImageData(img, 0, 0);
      return c.toDataURL('image/jpeg', 0.95);
    });
    const buffer = Buffer.from(taken.slice(taken.indexOf(',') + 1), 'base64');
    expect(buffer.length).toBeGreaterThan(MAX_IMAGE_BYTES);
    await page.getByTestId('photo-input').setInputFiles({ name: 'photo.jpg', mimeType: 'image/jpeg', buffer });
    await page.getByTestId('photo-preview').waitFor();
    await page.screenshot({ path: `${SHOTS}/delivered-form.png`, fullPage: true });
    await submit();
    await page.getByTestId('m-notice').getByText(`${item.trackingNo} 已提交`).waitFor();
    // The round is read again after the answer: the item leaves the list.
    await expect.poll(() => card(item.trackingNo).count(), { timeout: 20_000 }).toBe(0);

    const { outcomes } = await delivery(item.trackingNo);
    expect(outcomes).toHaveLength(1);
    expect(outcomes[0]).toMatchObject({ outcome: 'delivered', receivedBy: 'recipient', receiverMasked: '欧**娜' });
    expect([...outcomes[0]!.images].sort()).toEqual(['photo', 'signature']);
    const photo = await fetch(`${demo.server.url}/api/v1/items/${item.trackingNo}/delivery/${outcomes[0]!.id}/photo`, { headers: { authorization: `Bearer ${demo.server.adminToken}` } });
    const bytes = Buffer.from(await photo.arrayBuffer());
    expect(photo.headers.get('content-type')).toBe('image/jpeg');
    expect(bytes.length).toBeLessThanOrEqual(MAX_IMAGE_BYTES);
    expect(bytes.length).toBeGreaterThan(10_000);
  });

  it('records a failure with a reason from the one list', async () => {
    const item = round.filter((i) => i.state === 'out')[1]!;
    await card(item.trackingNo).click();
    await page.getByTestId('m-item').waitFor();
    await page.locator('.ant-segmented').getByText('未妥投').click();
    await page.getByText('收件人不在', { exact: true }).click();
    await page.screenshot({ path: `${SHOTS}/failed-form.png`, fullPage: true });
    await submit();
    await page.getByTestId('m-notice').getByText(`${item.trackingNo} 已提交`).waitFor();
    const { outcomes } = await delivery(item.trackingNo);
    expect(outcomes.map((o) => [o.outcome, o.reason])).toEqual([['failed', 'RECIPIENT_ABSENT']]);
  });

  it('shows the server’s refusal in Chinese at the field it names', async () => {
    const item = round.filter((i) => i.state === 'out')[3]!;
    await card(item.trackingNo).click();
    await page.locator('.songda-m-choices').first().getByText('柜台自取', { exact: true }).click();
    // Eighteen characters of the right shape, but not a resident ID number: the server is the one to say so.
    await page.getByLabel('身份证号').fill('110101199003070000');
    await submit();
    const error = page.locator('.ant-form-item').filter({ has: page.getByLabel('身份证号') }).locator('.ant-form-item-explain-error');
    await error.waitFor();
    expect(await error.textContent()).toMatch(/[\u4e00-\u9fff]/);
    await page.screenshot({ path: `${SHOTS}/refused-field.png`, fullPage: true });
    expect((await delivery(item.trackingNo)).outcomes).toEqual([]);
    await page.getByRole('button', { name: /返回/ }).click();
    await page.getByTestId('m-round').waitFor();
  });

  it('keeps an outcome recorded without signal on the phone, and sends it once when the signal is back', async () => {
    const item = round.filter((i) => i.state === 'out')[2]!;
    await context.setOffline(true);
    await page.getByTestId('m-offline').waitFor();
    await card(item.trackingNo).click();
    await page.locator('.ant-segmented').getByText('未妥投').click();
    await page.getByText('其他', { exact: true }).click();
    await submit();
    // OTHER needs a note: asked on the phone, before anything waits.
    await page.getByText('原因为“其他”时须说明').waitFor();
    await page.getByLabel('说明').fill('门卫不让进');
    await submit();
    await page.getByTestId('m-notice').getByText(`${item.trackingNo} 已保存，待有网络时发送`).waitFor();
    await page.getByTestId('m-outbox').getByText('待发送 1 件').waitFor();
    await expect(card(item.trackingNo).getByText('待发送').count()).resolves.toBe(1);
    await page.screenshot({ path: `${SHOTS}/offline-waiting.png` });
    expect((await delivery(item.trackingNo)).outcomes).toEqual([]);

    await context.setOffline(false);
    await page.getByTestId('m-notice').getByText('已发送 1 件').waitFor();
    await expect.poll(() => page.getByTestId('m-outbox').count(), { timeout: 20_000 }).toBe(0);
    await page.screenshot({ path: `${SHOTS}/back-online.png` });
    const { outcomes } = await delivery(item.trackingNo);
    expect(outcomes.map((o) => [o.outcome, o.reason, o.reasonNote])).toEqual([['failed', 'OTHER', '门卫不让进']]);
    // It survives a reload as nothing waiting: the phone forgot it once the server had it.
    await page.reload();
    await page.getByTestId('m-round').waitFor();
    await expect.poll(() => page.getByTestId('m-outbox').count(), { timeout: 20_000 }).toBe(0);
    expect((await delivery(item.trackingNo)).outcomes).toHaveLength(1);
  });

  it('counts a resend the server answers as a duplicate as sent: an answer lost on the way stores nothing twice', async () => {
    const item = round.filter((i) => i.state === 'out')[5]!;
    // The request reaches the server, which stores the outcome; its answer never reaches the phone.
    await page.route('**/api/v1/deliveries', async (route) => {
      await route.fetch();
      await route.abort('failed');
    }, { times: 1 });
    await card(item.trackingNo).click();
    await page.locator('.ant-segmented').getByText('留存').click();
    await submit();
    await page.getByTestId('m-notice').getByText(`${item.trackingNo} 已保存，待有网络时发送`).waitFor();
    expect((await delivery(item.trackingNo)).outcomes).toHaveLength(1);

    // The retry timer sends it again, with the same clientId: answered as a duplicate, done.
    await page.clock.fastForward(31_000);
    await page.getByTestId('m-notice').getByText('已发送 1 件').waitFor();
    await expect.poll(() => page.getByTestId('m-outbox').count(), { timeout: 20_000 }).toBe(0);
    expect((await delivery(item.trackingNo)).outcomes.map((o) => o.outcome)).toEqual(['held']);
  });

  it('marks a waiting outcome the server refuses, and sends it once fixed, as the same outcome', async () => {
    const item = round.filter((i) => i.state === 'out')[4]!;
    await context.setOffline(true);
    await page.getByTestId('m-offline').waitFor();
    await card(item.trackingNo).click();
    await page.locator('.songda-m-choices').first().getByText('柜台自取', { exact: true }).click();
    await page.getByLabel('身份证号').fill('110101199003070000');
    await submit();
    await page.getByTestId('m-notice').getByText(`${item.trackingNo} 已保存，待有网络时发送`).waitFor();

    await context.setOffline(false);
    const waiting = page.getByTestId('m-waiting').filter({ hasText: item.trackingNo });
    await waiting.getByText('被退回').first().waitFor();
    await waiting.getByText('不是有效的居民身份证号码').waitFor();
    await page.screenshot({ path: `${SHOTS}/refused-waiting.png` });
    expect((await delivery(item.trackingNo)).outcomes).toEqual([]);

    await waiting.getByRole('button', { name: /修\s*改/ }).click();
    await page.getByTestId('m-item').waitFor();
    const idError = page.locator('.ant-form-item').filter({ has: page.getByLabel('身份证号') }).locator('.ant-form-item-explain-error');
    await idError.getByText('不是有效的居民身份证号码').waitFor();
    await page.locator('.songda-m-choices').first().getByText('本人', { exact: true }).click();
    await submit();
    await page.getByTestId('m-notice').getByText(`${item.trackingNo} 已提交`).waitFor();
    await expect.poll(() => page.getByTestId('m-outbox').count(), { timeout: 20_000 }).toBe(0);
    expect((await delivery(item.trackingNo)).outcomes.map((o) => [o.outcome, o.receivedBy])).toEqual([['delivered', 'recipient']]);
    expect(demo.pageErrors.join('\n')).toBe('');
  });
});
