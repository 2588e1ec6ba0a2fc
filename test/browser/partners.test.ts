// Partners' access in the web console, as people click it: Debian's Chromium against `songda serve
// --demo` (the console from dist/web), with a partner's system on 127.0.0.1 receiving its webhooks.
// An administrator issues a partner token and a webhook endpoint, sends a test event and sees it
// delivered (after a failed first attempt and a retry); the partner's own user then signs in and
// sees its own programs and endpoints only. The server and the pages live at noon in Shanghai.
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { type IncomingHttpHeaders, type Server as HttpServer, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WEBHOOK_EVENT_TYPES } from '../../src/modules/webhooks/webhook-event.schemas.js';
import { TEST_INSTANTS } from '../support/test-clock.js';
import { type Server, buildWebIfStale, launchChromium, run, startServer, stopServer } from './serve-console.js';

const PARTNER = 'YC-VAB';
const PARTNER_NAME = '宜昌市退役军人事务局';
const OTHER_PARTNER = 'HB-TAX';
const PARTNER_USER = { username: 'yc-vab-desk', password: 'partner-desk-pass-1' };

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  answered: number;
}

/**
 * The partner's system: records every push and answers with the next status of `answers` (then 200),
 * so a test can make an attempt fail.
 */
function startReceiver(answers: number[]): Promise<{ server: HttpServer; url: string; received: Received[] }> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const answered = answers.shift() ?? 200;
      received.push({ headers: req.headers, body, answered });
      res.writeHead(answered).end();
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/songda/hook`, received })));
}

/** Standard Webhooks: HMAC-SHA256 of "id.timestamp.body" under the secret's bytes (base64 after `whsec_`). */
function signature(secret: string, id: string, timestamp: string, body: string): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  return `v1,${createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64')}`;
}

let dir: string;
let server: Server;
let browser: Browser;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
/** Another partner's endpoint: never pushed to in this test (nothing listens there), only listed. */
const otherReceiverUrl = 'http://127.0.0.1:9/tax-bureau/hook';
const clockOffset = TEST_INSTANTS.noon - Date.now();
const pageErrors: string[] = [];
/** The partner token the administrator creates in the first test. */
let partnerToken: string;

async function call<T>(method: 'GET' | 'POST', path: string, token: string, body?: unknown): Promise<T> {
  const res = await fetch(`${server.url}/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${text}`);
  return JSON.parse(text) as T;
}

async function newPage(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  await context.clock.install({ time: Date.now() + clockOffset });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  page.on('pageerror', (err) => pageErrors.push(err.message));
  page.on('console', (msg) => {
    // The browser logs every 4xx answer; the partner's pages are refused some on purpose.
    if (msg.type() === 'error' && !msg.text().startsWith('Failed to load resource')) pageErrors.push(`console: ${msg.text()}`);
  });
  return { context, page };
}

async function signIn(page: Page, username: string, password: string): Promise<void> {
  await page.goto(`${server.url}/login`);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await page.locator('.songda-sider').waitFor();
}

/** "YYYY-MM-DD HH:mm" in Shanghai, as the console's date pickers take it. */
const localMinute = (ms: number) => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai', dateStyle: 'short', timeStyle: 'short' }).format(new Date(ms));

/** The visible text of the side menu's entries. */
const menuEntries = (page: Page) => page.locator('.songda-sider .ant-menu-item').allTextContents();

describe("partners' access in the console", { timeout: 120_000 }, () => {
  let admin: { context: BrowserContext; page: Page };
  let endpointPath: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'songda-partners-'));
    await buildWebIfStale();
    // The first push is refused (500): the log shows it pending with a retry button. The schedule
    // waits an hour, so the only second attempt is the one the retry button asks for.
    receiver = await startReceiver([500]);
    [server, browser] = await Promise.all([
      startServer(dir, clockOffset, { SONGDA_WEBHOOK_ALLOW_HTTP: '1', SONGDA_WEBHOOK_RETRY_SCHEDULE: '1h' }),
      launchChromium(),
    ]);
    // The partner's own console user, made the way an operator would: `songda user create --partner`.
    await run(
      process.execPath,
      ['--import', 'tsx', 'src/cli/songda.ts', 'user', 'create', '--username', PARTNER_USER.username, '--partner', PARTNER, '--password-stdin'],
      60_000,
      server.env,
      `${PARTNER_USER.password}\n`,
    );
    // Another partner's endpoint, which the partner's user must never see.
    await call('POST', '/webhooks', server.adminToken, { url: otherReceiverUrl, events: ['item.status_changed'], partner: OTHER_PARTNER });
    admin = await newPage();
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await stopServer(server);
    receiver?.server.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('lets an administrator issue a partner token, shown once, that sees only its partner’s programs', async () => {
    const { page } = admin;
    await signIn(page, 'demo', 'demo');
    await page.getByRole('link', { name: '合作方' }).click();
    await page.getByRole('heading', { level: 1, name: '合作方' }).waitFor();
    await page.locator('.songda-nav-row', { hasText: PARTNER_NAME }).click();
    await page.waitForURL(`${server.url}/partners/${PARTNER}`);
    await page.getByRole('heading', { level: 1, name: PARTNER_NAME }).waitFor();

    await page.getByRole('tab', { name: 'API 令牌' }).click();
    await page.getByRole('button', { name: '新建令牌' }).click();
    const dialog = page.getByRole('dialog', { name: '新建令牌' });
    await dialog.getByLabel('名称').fill('业务系统生产环境');
    await dialog.getByRole('button', { name: '新建令牌' }).click();
    const shown = page.getByRole('dialog', { name: '令牌已创建' });
    await shown.getByRole('button', { name: '复制' }).waitFor();
    partnerToken = ((await shown.locator('.songda-secret').textContent()) ?? '').trim();
    expect(partnerToken.length).toBeGreaterThan(20);
    await shown.getByRole('button', { name: '我已保存' }).click();
    await page.locator('.songda-credentials .ant-table-row', { hasText: '业务系统生产环境' }).getByText('有效').waitFor();
    // The partner's tokens only, not the post's own (the demo's admin token is listed to the admin too).
    await expect(page.locator('.songda-credentials .ant-table-row').count()).resolves.toBe(1);

    // The token shown is a working credential of that partner: exactly the programs it plays a role in.
    const all = await call<{ code: string; sponsor: string; payerShares: { partner: string }[] | null; requirements: { activationBank?: string } }[]>('GET', '/programs', server.adminToken);
    const its = all.filter((p) => p.sponsor === PARTNER || p.requirements.activationBank === PARTNER || (p.payerShares ?? []).some((s) => s.partner === PARTNER)).map((p) => p.code);
    expect(its.length).toBeGreaterThan(0);
    expect(its.length).toBeLessThan(all.length);
    const seen = await call<{ code: string }[]>('GET', '/programs', partnerToken);
    expect(seen.map((p) => p.code).sort()).toEqual(its.sort());
  });

  it('creates a webhook endpoint, sends a test event, retries the failed attempt, replays it and shows it delivered', async () => {
    const { page } = admin;
    await page.getByRole('tab', { name: '事件推送' }).click();
    await page.getByRole('button', { name: '新建推送地址' }).click();
    const dialog = page.getByRole('dialog', { name: '新建推送地址' });
    await dialog.getByLabel('推送地址').fill(receiver.url);
    // Every event is offered, each as a checkbox, all checked to begin with.
    expect(await dialog.getByRole('checkbox').count()).toBe(WEBHOOK_EVENT_TYPES.length);
    await dialog.getByRole('checkbox', { name: /信息断点关闭/ }).uncheck();
    await dialog.getByLabel('说明').fill('优待证业务系统');
    await dialog.getByRole('button', { name: '新建推送地址' }).click();
    const shown = page.getByRole('dialog', { name: '推送地址已创建' });
    const secret = ((await shown.locator('.songda-secret').textContent()) ?? '').trim();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    await shown.getByRole('button', { name: '我已保存' }).click();

    const row = page.locator('.songda-webhooks .songda-nav-row', { hasText: receiver.url });
    await row.waitFor();
    // This partner's endpoints only, not the tax bureau's.
    await expect(page.locator('.songda-webhooks .songda-nav-row').count()).resolves.toBe(1);
    await row.click();
    await page.waitForURL(new RegExp(`/partners/${PARTNER}/webhooks/[^/]+$`));
    endpointPath = new URL(page.url()).pathname;
    // The settings as stored: the unchecked event is not subscribed.
    await expect(page.getByRole('checkbox', { name: /信息断点关闭/ }).isChecked()).resolves.toBe(false);
    await expect(page.getByRole('checkbox', { name: /邮件状态变化/ }).isChecked()).resolves.toBe(true);

    await page.getByRole('button', { name: '发送测试事件' }).click();
    await expect.poll(() => receiver.received.length, { timeout: 30_000 }).toBe(1);
    const first = receiver.received[0]!;
    const id = String(first.headers['webhook-id']);
    const timestamp = String(first.headers['webhook-timestamp']);
    expect(String(first.headers['webhook-signature']).split(' ')).toContain(signature(secret, id, timestamp, first.body));

    // The refused attempt is in the log: pending, its 500, and a retry button.
    const log = page.locator('.songda-deliveries');
    const delivery = log.locator('.ant-table-row').first();
    await expect.poll(() => delivery.textContent(), { timeout: 30_000 }).toMatch(/待投递.*500/);
    await delivery.getByRole('button', { name: /重\s*试/ }).click();
    await expect.poll(() => receiver.received.length, { timeout: 30_000 }).toBe(2);
    // Every attempt of one message carries the same webhook-id.
    expect(receiver.received[1]!.headers['webhook-id']).toBe(id);
    await expect.poll(() => delivery.textContent(), { timeout: 30_000 }).toMatch(/已送达.*200/);
    await expect(delivery.getByRole('button', { name: /重\s*试/ }).count()).resolves.toBe(0);

    // Expanded, the row lists both attempts: what the partner's system answered each time.
    await delivery.getByRole('button', { name: /展开|Expand/ }).click();
    const attempts = log.locator('.songda-attempts .ant-table-row');
    await expect.poll(() => attempts.count()).toBe(2);
    expect(await attempts.nth(0).textContent()).toContain('500');
    expect(await attempts.nth(1).textContent()).toContain('200');

    // Replayed since the run's first minute (the log's times are Shanghai's): sent once more, same webhook-id.
    const replaySince = page.getByLabel('重新推送起始时间');
    await replaySince.click();
    await replaySince.fill(localMinute(TEST_INSTANTS.noon));
    await replaySince.press('Enter');
    await log.getByRole('button', { name: '重新推送' }).click();
    await page.getByText('已重新排队推送 1 条').waitFor();
    await expect.poll(() => receiver.received.length, { timeout: 30_000 }).toBe(3);
    expect(receiver.received[2]!.headers['webhook-id']).toBe(id);
    await expect.poll(() => attempts.count(), { timeout: 30_000 }).toBe(3);

    // Filtered by status: the delivered one is not among the failed.
    await log.getByText('失败', { exact: true }).click();
    await page.waitForURL(/status=failed/);
    await log.getByText('尚无投递记录').waitFor();
  });

  it('shows a partner’s user its own programs, endpoints and tokens only (which it may revoke), and none of the post’s pages', async () => {
    const { context, page } = await newPage();
    await signIn(page, PARTNER_USER.username, PARTNER_USER.password);
    // Its home is its programs: the overview is the post's.
    await page.waitForURL(`${server.url}/programs`);
    expect(await menuEntries(page)).toEqual(['邮件查询', '信息断点', '寄递项目', '对账单', '周报', '我的接入']);
    const seen = await call<{ name: string }[]>('GET', '/programs', partnerToken);
    await expect.poll(() => page.locator('.songda-nav-row').count()).toBe(seen.length);
    expect((await page.locator('.songda-nav-row').allTextContents()).join()).toContain(seen[0]!.name);

    // A page of the post's, typed in: said to be not for this account, no data asked for.
    await page.goto(`${server.url}/units`);
    await page.getByText('无权查看此页面').waitFor();

    await page.getByRole('link', { name: '我的接入' }).click();
    await page.getByRole('heading', { level: 1, name: '我的接入' }).waitFor();
    const endpoints = page.locator('.songda-webhooks .songda-nav-row');
    await expect.poll(() => endpoints.count()).toBe(1);
    expect(await endpoints.first().textContent()).toContain(receiver.url);
    expect(await page.locator('.songda-webhooks').textContent()).not.toContain(otherReceiverUrl);

    // Its tokens, to revoke; new ones come from the post's administrator.
    await page.getByRole('tab', { name: 'API 令牌' }).click();
    const token = page.locator('.songda-credentials .ant-table-row', { hasText: '业务系统生产环境' });
    await token.waitFor();
    await expect(page.getByRole('button', { name: '新建令牌' }).count()).resolves.toBe(0);
    await token.getByRole('button', { name: /吊\s*销/ }).click();
    await page.locator('.ant-popconfirm').getByRole('button', { name: /确\s*定/ }).click();
    await token.getByText('已吊销').waitFor();
    const refused = await fetch(`${server.url}/api/v1/programs`, { headers: { authorization: `Bearer ${partnerToken}` } });
    expect(refused.status).toBe(401);

    // Its endpoint's delivery log, under its own pages.
    await page.getByRole('tab', { name: '事件推送' }).click();
    await endpoints.first().click();
    await page.waitForURL(new RegExp(`/access/webhooks/${endpointPath.split('/').pop()}$`));
    await page.locator('.songda-deliveries .ant-table-row', { hasText: '已送达' }).waitFor();
    await context.close();
  });

  it('raised no errors in the pages', () => {
    expect(pageErrors).toEqual([]);
  });
});
