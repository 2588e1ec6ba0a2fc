// The web console and the citizen pages as people use them: Debian's Chromium (playwright-core)
// against `songda serve --demo` on a fresh SQLite file, serving the built console from dist/web.
// The whole file runs at 00:30 and at 23:50 in Shanghai: the server is started with a moved clock
// and each browser context gets the same one, so nothing here depends on the hour it is run at.
// Each page is saved to test-results/screenshots/ for a person to look at.
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_DAY_EDGES, TEST_INSTANTS } from '../support/test-clock.js';
import { ROOT, type Server, WEB_DIST, buildWebIfStale, launchChromium, startServer, stopServer } from './serve-console.js';

const SCREENSHOTS = join(ROOT, 'test-results', 'screenshots');
/** The overview's first load, gzipped, must stay under this (issue 5). */
const FIRST_LOAD_BUDGET = 1_000_000;

let dir: string;
/** How far the instant of the run is from the wall clock: the server's and the pages' clocks are moved by it. */
let clockOffset = 0;
const fakeNow = () => Date.now() + clockOffset;
let server: Server;
let browser: Browser;
let desk: BrowserContext;
let page: Page;
const pageErrors: string[] = [];
/** Every Content-Security-Policy violation in the console's and the citizens' pages: there must be none. */
const cspViolations: string[] = [];

/** The admin token's view of the API, to find what the pages should show. */
async function api<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${server.url}/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${server.adminToken}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${text}`);
  return JSON.parse(text) as T;
}

async function screenshot(p: Page, name: string): Promise<void> {
  await p.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

function watchErrors(p: Page, where: string): void {
  p.on('pageerror', (err) => pageErrors.push(`${where}: ${err.message}`));
  p.on('console', (msg) => {
    // The browser logs every 4xx answer; the tests cause some on purpose (wrong password, wrong digits).
    if (msg.type() === 'error' && !msg.text().startsWith('Failed to load resource')) pageErrors.push(`${where}: console: ${msg.text()}`);
  });
}

/**
 * Reports each Content-Security-Policy violation in any page of the context, pop-ups included: from
 * the page's own `securitypolicyviolation` event (an init script, so it listens before any script of
 * the page runs) and from the line Chromium logs for it.
 */
async function watchCsp(context: BrowserContext, where: string, into: string[] = cspViolations): Promise<void> {
  await context.exposeBinding('songdaCspViolation', ({ page: p }, text: string) => void into.push(`${where} ${p.url()}: ${text}`));
  await context.addInitScript(() => {
    const report = (window as unknown as { songdaCspViolation: (text: string) => void }).songdaCspViolation;
    document.addEventListener(
      'securitypolicyviolation',
      (e) => report(`${e.effectiveDirective} refused ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber})`),
      true,
    );
  });
  context.on('console', (msg) => {
    if (msg.text().includes('Content Security Policy')) into.push(`${where} ${msg.page()?.url()}: console: ${msg.text()}`);
  });
}

/** A valid GB 11643 resident ID from its first 17 digits. */
function residentId(first17: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((acc, d, i) => acc + Number(d) * weights[i]!, 0);
  return first17 + '10X98765432'[sum % 11]!;
}

const csvFile = (name: string, lines: string[]) => ({ name, mimeType: 'text/csv', buffer: Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8') });

/** A browser context whose pages live at the run's instant: the clock is installed before any page loads. */
async function newContext(options: BrowserContextOptions = {}): Promise<BrowserContext> {
  const context = await browser.newContext(options);
  await context.clock.install({ time: fakeNow() });
  return context;
}

const localTime = (ms: number) => new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit' }).format(new Date(ms));
const localDay = (ms: number) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date(ms));

// Once at each edge of the local day, each run with its own server and browser, both at that instant.
for (const instant of LOCAL_DAY_EDGES) {
describe(`at ${localTime(TEST_INSTANTS[instant])} in Shanghai`, () => {
  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    dir = mkdtempSync(join(tmpdir(), 'songda-browser-'));
    pageErrors.length = 0;
    cspViolations.length = 0;
    await buildWebIfStale();
    // From here on the server and every page live at the instant, and time goes on from there.
    clockOffset = TEST_INSTANTS[instant] - Date.now();
    [server, browser] = await Promise.all([startServer(dir, clockOffset), launchChromium()]);
    desk = await newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    await watchCsp(desk, 'console');
    page = await desk.newPage();
    // A step that cannot happen fails in 15 s with its own name, not as the whole test's timeout.
    page.setDefaultTimeout(15_000);
    watchErrors(page, 'console');
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await stopServer(server);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** Presses Tab until a drill-down row has the focus; fails when none is reached. */
  async function tabToRow(p: Page, maxTabs = 60): Promise<string> {
    for (let i = 0; i < maxTabs; i++) {
      await p.keyboard.press('Tab');
      const label = await p.evaluate(() => {
        const el = document.activeElement;
        return el instanceof HTMLTableRowElement && el.classList.contains('songda-nav-row') ? (el.getAttribute('aria-label') ?? '') : undefined;
      });
      if (label !== undefined) return label;
    }
    throw new Error(`no table row reached after ${maxTabs} presses of Tab`);
  }

  /** Opens an Ant Design select by its label and picks the option that the typed text finds first. */
  async function choose(p: Page, label: string, text: string): Promise<void> {
    const box = p.getByLabel(label, { exact: true });
    await box.click();
    await box.fill(text);
    await p.locator('.ant-select-item-option-active').first().waitFor();
    await box.press('Enter');
    await box.press('Escape');
  }

  // ---- The console ------------------------------------------------------------------------------

  describe('web console', { timeout: 90_000 }, () => {
    it('sends a visitor to sign in, then shows the overview with every figure a link', async () => {
      await page.goto(`${server.url}/`);
      await page.waitForURL(/\/login\?next=%2F$/);
      await page.getByLabel('用户名').waitFor();
      await screenshot(page, 'login');

      // A wrong password is said so, with the server's message.
      await page.getByLabel('用户名').fill('demo');
      await page.getByLabel('密码').fill('not-the-password');
      await page.getByRole('button', { name: /登\s*录/ }).click();
      await page.getByRole('alert').filter({ hasText: '登录失败' }).waitFor();

      await page.getByLabel('密码').fill('demo');
      await page.getByRole('button', { name: /登\s*录/ }).click();
      await page.waitForURL(`${server.url}/`);
      await page.getByRole('heading', { level: 1, name: '运营总览' }).waitFor();
      await page.locator('canvas').nth(1).waitFor();
      await expect(page.locator('.songda-figure a').count()).resolves.toBe(6);
      // Charts animate in; give them time before the picture.
      await page.waitForTimeout(1200);
      await screenshot(page, 'overview');

      // Today's accepted items: the number leads to exactly those items.
      const overview = await api<{ today: { day: string; accepted: number } }>('GET', '/reports/overview');
      await Promise.all([
        page.waitForResponse((res) => res.url().includes('/api/v1/items?') && res.url().includes(`acceptedOn=${overview.today.day}`)),
        page.locator('.songda-figure').first().getByRole('link').click(),
      ]);
      await page.waitForURL(`${server.url}/items?acceptedOn=${overview.today.day}`);
      // The server lives at the run's instant, and its demo has items accepted today at any hour.
      expect(overview.today.day).toBe(localDay(TEST_INSTANTS[instant]));
      expect(overview.today.accepted).toBeGreaterThan(0);
      await expect.poll(() => page.locator('.songda-nav-row').count()).toBe(Math.min(overview.today.accepted, 50));
      await screenshot(page, 'items');
    });

    it("loads the overview's first view in under 1 MB gzipped", async () => {
      // A new context has an empty cache; the session cookie comes along.
      const fresh = await newContext({ viewport: { width: 1440, height: 900 }, storageState: await desk.storageState() });
      await watchCsp(fresh, 'first load');
      const first = await fresh.newPage();
      const fetched = new Set<string>();
      const transfers: Promise<{ body: number; encoding: string }>[] = [];
      first.on('response', (res) => {
        const url = new URL(res.url());
        if (url.origin !== server.url || url.pathname.startsWith('/api/')) return;
        fetched.add(url.pathname);
        // What went over the wire: the body as sent (compressed when the server compresses).
        transfers.push(res.finished().then(async () => ({ body: (await res.request().sizes()).responseBodySize, encoding: (await res.allHeaders())['content-encoding'] ?? 'identity' })));
      });
      await first.goto(`${server.url}/`);
      await first.locator('canvas').nth(1).waitFor();
      await first.waitForLoadState('networkidle');
      const sent = await Promise.all(transfers);
      await fresh.close();
      const transferred = sent.reduce((sum, t) => sum + t.body, 0);
      const encodings = [...new Set(sent.map((t) => t.encoding))].join(', ');

      let raw = 0;
      let gzipped = 0;
      const files: string[] = [];
      for (const pathname of fetched) {
        const file = join(WEB_DIST, pathname === '/' ? 'index.html' : pathname);
        const bytes = readFileSync(file);
        raw += bytes.length;
        gzipped += gzipSync(bytes).length;
        files.push(`${pathname} ${(bytes.length / 1024).toFixed(1)} KiB`);
      }
      console.log(
        `overview first load: ${fetched.size} files, ${(raw / 1024).toFixed(0)} KiB raw, ${(gzipped / 1024).toFixed(0)} KiB gzipped; ` +
          `${(transferred / 1024).toFixed(0)} KiB transferred (${encodings})\n  ${files.join('\n  ')}`,
      );
      expect(fetched.has('/')).toBe(true);
      expect(gzipped).toBeLessThan(FIRST_LOAD_BUDGET);
      // When the server sends the precompressed files, the wire itself is within the budget too.
      if (!encodings.includes('identity')) expect(transferred).toBeLessThan(FIRST_LOAD_BUDGET);
    });

    it('finds an item by tracking number and shows its timeline with the break-point on it', async () => {
      const { rows } = await api<{ rows: { trackingNo: string; responsibleUnitName: string | null }[] }>('GET', '/breakpoints?status=open&type=MISSING_OUTBOUND&limit=1');
      const trackingNo = rows[0]!.trackingNo;
      const timeline = await api<{ events: unknown[]; breakpoints: unknown[] }>('GET', `/items/${trackingNo}`);

      await page.goto(`${server.url}/items`);
      // The number may be pasted in lower case with spaces.
      await page.getByLabel('综合查询', { exact: true }).fill(` ${trackingNo.toLowerCase()} `);
      await page.getByLabel('综合查询', { exact: true }).press('Enter');
      await page.waitForURL(`${server.url}/items/${trackingNo}`);
      await page.locator('.songda-timeline').waitFor();

      expect(await page.locator('.songda-timeline .songda-step').count()).toBe(timeline.events.length + timeline.breakpoints.length);
      const marked = page.locator('.songda-breakpoint-step.is-open');
      await expect(marked.first().textContent()).resolves.toContain('出口未扫描');
      await expect(marked.first().textContent()).resolves.toContain(rows[0]!.responsibleUnitName ?? '');
      await screenshot(page, 'item-timeline');
    });

    it('filters break-points, and Tab then Enter on a row opens its item', async () => {
      await page.goto(`${server.url}/breakpoints`);
      await page.locator('.songda-nav-row').first().waitFor();
      const answered = page.waitForResponse((res) => res.url().includes('/api/v1/breakpoints?') && res.url().includes('type=MISSING_OUTBOUND'));
      await choose(page, '类型', '出口未扫描');
      await page.waitForURL(/type=MISSING_OUTBOUND/);
      await answered;
      await expect.poll(async () => new Set(await page.locator('.songda-nav-row td:nth-child(2)').allTextContents())).toEqual(new Set(['出口未扫描']));
      // The export is the server's file of the same filtered list, not one built in the browser.
      const exportHref = await page.getByRole('link', { name: /导出 XLSX/ }).getAttribute('href');
      expect(exportHref).toMatch(/^\/api\/v1\/breakpoints\/export\?.*type=MISSING_OUTBOUND.*format=xlsx/);
      const file = await page.request.get(`${server.url}${exportHref}`);
      expect(file.status()).toBe(200);
      expect(file.headers()['content-type']).toContain('spreadsheetml');
      await screenshot(page, 'breakpoints');

      await page.getByLabel('类型', { exact: true }).focus();
      const row = await tabToRow(page);
      const trackingNo = /^[A-Z]{2}\d{9}[A-Z]{2}/.exec(row)?.[0];
      expect(trackingNo).toBeDefined();
      await page.keyboard.press('Enter');
      await page.waitForURL(`${server.url}/items/${trackingNo}`);
      await page.locator('.songda-timeline').waitFor();

      // Back keeps the filter: it lives in the URL.
      await page.goBack();
      await page.waitForURL(/\/breakpoints\?type=MISSING_OUTBOUND/);
    });

    it("opens a delivery office's reconciliation for a day with the differing items listed", async () => {
      const yesterday = localDay(fakeNow() - 24 * 3_600_000);
      const report = await api<{ rows: { group: string; items: number }[] }>('GET', `/reports/breakpoint-rate?from=${yesterday}&to=${yesterday}&groupBy=unit`);
      const office = report.rows.filter((r) => r.group.startsWith('D')).sort((a, b) => b.items - a.items)[0]!.group;
      const expected = await api<{ inbound: { total: number; missing: string[] }; shift: { total: number; balanced: boolean } }>(
        'GET',
        `/offices/${office}/reconciliation?date=${yesterday}`,
      );

      await page.goto(`${server.url}/reconciliation`);
      await choose(page, '投递部', office);
      const date = page.getByLabel('对账日期');
      await date.click();
      await date.fill(yesterday);
      const answered = page.waitForResponse((res) => res.url().includes(`/offices/${office}/reconciliation?date=${yesterday}`));
      await date.press('Enter');
      await page.waitForURL(new RegExp(`office=${office}.*date=${yesterday}|date=${yesterday}.*office=${office}`));
      await answered;
      const balances = page.locator('.songda-balance');
      await balances.nth(2).waitFor();
      expect(await balances.nth(0).textContent()).toContain('进口投递对比');
      expect(await balances.nth(1).textContent()).toContain('留存出库下段');
      expect(await balances.nth(2).textContent()).toContain('收班平衡合拢');
      const inboundFigures = await balances.nth(0).locator('.ant-statistic-content').allTextContents();
      expect(inboundFigures[0]).toBe(String(expected.inbound.total));
      expect(await balances.nth(0).locator('.songda-nav-row').count()).toBe(expected.inbound.missing.length);
      await screenshot(page, 'reconciliation');

      if (expected.inbound.missing.length > 0) {
        await balances.nth(0).locator('.songda-nav-row').first().focus();
        await page.keyboard.press('Enter');
        await page.waitForURL(`${server.url}/items/${expected.inbound.missing[0]}`);
      }
    });

    it('shows units by province, city and county, the rate report, programs, and a unit queue', async () => {
      await page.goto(`${server.url}/units`);
      await page.locator('.ant-tree-title', { hasText: '湖北省' }).waitFor();
      // 仙桃, 潜江, 天门 sit under a grouping level with no name of its own, not under one of them.
      await page.locator('.ant-tree-title', { hasText: '省直辖县级' }).waitFor();
      await page.locator('.ant-tree-title', { hasText: '宜昌市' }).click();
      await page.waitForURL(/division=420500/);
      await page.getByRole('cell', { name: '夷陵区揽投部', exact: true }).waitFor();
      await screenshot(page, 'units');

      // Import, dry run only: the bad row is listed with its row number, nothing is stored.
      await page.getByRole('button', { name: '导入单位' }).click();
      await page.getByLabel('文件').setInputFiles(
        csvFile('units.csv', ['单位代码,单位名称,单位类型,区划代码', 'BRT-D1,测试揽投部,揽投部,420506', 'BRT-D2,无处揽投部,揽投部,999999']),
      );
      await page.getByRole('button', { name: '试导入（不保存）' }).click();
      const rejected = page.locator('.songda-import-result .ant-table-row');
      await rejected.first().waitFor();
      expect(await rejected.count()).toBe(1);
      expect(await rejected.first().locator('td').first().textContent()).toBe('3');
      expect(await page.locator('.songda-import-result').textContent()).toContain('将新增1');
      await screenshot(page, 'units-import-dry-run');
      await page.keyboard.press('Escape');

      await page.goto(`${server.url}/reports/breakpoint-rate?groupBy=city`);
      await page.locator('.songda-nav-row').first().waitFor();
      await screenshot(page, 'breakpoint-rate');
      // Enter on a city goes down to its units.
      await page.locator('.songda-nav-row').first().focus();
      await page.keyboard.press('Enter');
      await page.waitForURL(/groupBy=unit&city=\d{6}/);
      await page.locator('.songda-nav-row').first().waitFor();

      await page.goto(`${server.url}/units/D420506/breakpoints`);
      await page.getByRole('heading', { level: 1, name: /夷陵区揽投部/ }).waitFor();
      await screenshot(page, 'unit-queue');
    });

    it('switches to English and keeps the choice after a reload', async () => {
      await page.goto(`${server.url}/`);
      await page.locator('.songda-header .ant-segmented-item', { hasText: 'EN' }).click();
      await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
      await page.reload();
      await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
      await page.locator('canvas').nth(1).waitFor();
      await page.waitForTimeout(1200);
      await screenshot(page, 'overview-en');
      await page.locator('.songda-header .ant-segmented-item', { hasText: '中文' }).click();
      await page.getByRole('heading', { level: 1, name: '运营总览' }).waitFor();
    });

    it('shows the API documentation under the same Content-Security-Policy', async () => {
      const res = await page.goto(`${server.url}/api/docs`);
      expect((await res!.allHeaders())['content-security-policy']).toContain("script-src 'self';");
      await page.locator('.opblock').first().waitFor();
      await screenshot(page, 'api-docs');
    });

    it('refuses a script that is not one of its own files, and says so', async () => {
      // A context of its own, so that this refusal is not counted against the pages above; the
      // citizen's tracking page needs no sign-in.
      const probe = await newContext();
      const refused: string[] = [];
      await watchCsp(probe, 'probe', refused);
      const p = await probe.newPage();
      const res = await p.goto(`${server.url}/t`);
      expect((await res!.allHeaders())['content-security-policy']).toMatch(/frame-ancestors 'none'/);
      await p.getByLabel('邮件号').waitFor();
      const ran = await p.evaluate(() => {
        const script = document.createElement('script');
        script.textContent = 'window.songdaInlineRan = true';
        document.head.append(script);
        return (window as unknown as { songdaInlineRan?: boolean }).songdaInlineRan === true;
      });
      expect(ran).toBe(false);
      await expect.poll(() => refused.some((r) => r.includes('script-src'))).toBe(true);
      await probe.close();
    });
  });

  // ---- Programs and the citizen pages -----------------------------------------------------------

  describe('programs and citizen pages', { timeout: 90_000 }, () => {
    const PROGRAM = 'BRT-VET';
    const PHONE = '13912345678';
    let invitationUrl: string;
    let mailed: string;

    beforeAll(async () => {
      await api('POST', '/partners', [{ code: 'BRT-AGENCY', name: '宜昌市退役军人事务局', kind: 'agency', divisionCode: '420500' }]);
      const programs = await api<{ error?: string }[]>('POST', '/programs', [
        {
          code: PROGRAM,
          name: '宜昌市退役军人优待证寄递',
          documentType: '优待证',
          sponsor: 'BRT-AGENCY',
          payerMode: 'government',
          payerShares: [{ partner: 'BRT-AGENCY', share: 1 }],
          requirements: { recipientOnly: true, idCheck: false },
          slaDays: 7,
        },
      ]);
      expect(programs[0]?.error).toBeUndefined();
      const created = await api<{ invitations: { url: string }[] }>('POST', `/programs/${PROGRAM}/invitations`, { count: 2, expiresInDays: 7 });
      invitationUrl = created.invitations[0]!.url;
    });

    it('takes a citizen request from a QR link on a phone, then tracks the item', async () => {
      const phone = await newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
      await watchCsp(phone, 'citizen');
      const mobile = await phone.newPage();
      mobile.setDefaultTimeout(15_000);
      watchErrors(mobile, 'citizen');

      expect(invitationUrl.startsWith(`${server.url}/r/`)).toBe(true);
      await mobile.goto(invitationUrl);
      await mobile.getByText('宜昌市退役军人优待证寄递').waitFor();
      await screenshot(mobile, 'citizen-request');

      await mobile.getByLabel('姓名').fill('张三丰');
      await mobile.getByLabel('手机号').fill(PHONE);
      await mobile.getByLabel('所在地区').click();
      for (const place of ['湖北省', '宜昌市', '夷陵区']) await mobile.locator(`.songda-division-popup .ant-cascader-menu-item[title="${place}"]`).click();
      await mobile.getByLabel('详细地址').fill('湖北省宜昌市夷陵区小溪塔街道夷兴大道 118 号');
      await mobile.getByRole('button', { name: '提交申请' }).click();
      await mobile.getByText('申请已提交').waitFor();
      const trackingNo = /[A-Z]{2}\d{9}CN/.exec((await mobile.locator('.songda-tracking-no').textContent()) ?? '')?.[0] ?? '';
      expect(trackingNo).not.toBe('');
      mailed = trackingNo;
      await screenshot(mobile, 'citizen-request-done');

      await mobile.getByRole('button', { name: '查看邮件进度' }).click();
      await mobile.waitForURL(`${server.url}/t/${trackingNo}`);
      await mobile.locator('.songda-timeline, .ant-card').first().waitFor();
      await mobile.getByText(trackingNo).first().waitFor();
      // The phone number is shown masked only; the last four digits never reach the URL.
      expect(await mobile.content()).not.toContain(PHONE);
      expect(mobile.url()).not.toContain(PHONE.slice(-4));
      await screenshot(mobile, 'citizen-tracking');

      // The public tracking page on its own: number and last four digits.
      await mobile.goto(`${server.url}/t`);
      await mobile.getByLabel('邮件号').fill(trackingNo);
      await mobile.getByLabel('手机号后四位').fill('0000');
      await mobile.getByRole('button', { name: /查\s*询/ }).click();
      await mobile.getByRole('alert').first().waitFor();
      await mobile.getByLabel('手机号后四位').fill(PHONE.slice(-4));
      await mobile.getByRole('button', { name: /查\s*询/ }).click();
      await mobile.getByText(trackingNo).first().waitFor();
      await mobile.locator('.ant-card').first().waitFor();
      await screenshot(mobile, 'citizen-tracking-form');

      // The link works once.
      await mobile.goto(invitationUrl);
      await mobile.getByText('已经使用过').first().waitFor();
      await phone.close();
    });

    it('lists programs and opens one from the keyboard, with its report and invitation sheet', async () => {
      await page.goto(`${server.url}/programs`);
      await page.locator('.songda-nav-row').first().waitFor();
      await screenshot(page, 'programs');
      await page.locator('.songda-nav-row').first().focus();
      await page.keyboard.press('Enter');
      await page.waitForURL(`${server.url}/programs/${PROGRAM}`);
      await page.getByRole('heading', { level: 1, name: '宜昌市退役军人优待证寄递' }).waitFor();
      // The citizen's request above is in the report: one request, mailed, with postage charged.
      const figures = page.locator('.songda-report-figures .ant-statistic');
      await figures.first().waitFor();
      const report = Object.fromEntries(
        await figures.evaluateAll((els) => els.map((el) => [el.querySelector('.ant-statistic-title')?.textContent ?? '', el.querySelector('.ant-statistic-content')?.textContent ?? ''])),
      ) as Record<string, string>;
      expect(report['申请数']).toBe('1');
      expect(report['邮寄数']).toBe('1');
      expect(report['邮资']).toMatch(/^¥\d+\.\d{2}$/);
      await screenshot(page, 'program');

      // Recipient list: dry run first, the rejected row in a table, then the import itself.
      await page.getByRole('tab', { name: '收件人名单' }).click();
      await page.getByRole('button', { name: '导入名单' }).click();
      await page.getByLabel('文件').setInputFiles(
        csvFile('recipients.csv', [
          '姓名,身份证号,手机号,类别,地址',
          `李四,${residentId('42050619800101123')},13800001111,普通,湖北省宜昌市夷陵区小溪塔街道东湖大道 1 号`,
          `王五,${residentId('42050619751231004')},13800002222,烈士遗属,湖北省宜昌市西陵区夷陵大道 2 号`,
          '赵六,420506198001011230,13800003333,普通,湖北省宜昌市夷陵区东湖大道 3 号',
        ]),
      );
      await page.getByRole('button', { name: '试导入（不保存）' }).click();
      const rejectedRows = page.locator('.songda-import-result .ant-table-row');
      await rejectedRows.first().waitFor();
      expect(await rejectedRows.count()).toBe(1);
      expect(await rejectedRows.first().locator('td').first().textContent()).toBe('4');
      await screenshot(page, 'program-recipients-dry-run');
      await page.getByRole('button', { name: '确认导入' }).click();
      await page.locator('.songda-import-result', { hasText: '已新增2' }).waitFor();
      // Listed with ID and phone masked.
      await expect.poll(() => page.locator('.songda-recipients .ant-table-row').count()).toBe(2);
      const listed = (await page.locator('.songda-recipients').textContent()) ?? '';
      expect(listed).toContain('138****1111');
      expect(listed).not.toContain('13800001111');

      await page.getByRole('tab', { name: '二维码邀请' }).click();
      await page.getByLabel('不记名邀请数量').fill('3');
      await page.getByRole('button', { name: '生成邀请' }).click();
      await page.locator('.songda-invitations img.songda-qr').nth(2).waitFor();
      await screenshot(page, 'program-invitations');
      const [sheet] = await Promise.all([page.waitForEvent('popup'), page.getByRole('button', { name: /打印二维码页/ }).click()]);
      await sheet.waitForURL(/^blob:/);
      await sheet.close();

      // Labels: the server's PDF, opened in a new tab as a blob.
      await page.getByRole('tab', { name: '面单打印' }).click();
      await page.getByLabel('邮件号（每行一个）').fill(mailed);
      const [tab] = await Promise.all([page.waitForEvent('popup'), page.getByRole('button', { name: '生成面单 PDF' }).click()]);
      await tab.waitForURL(/^blob:/);
      await tab.close();
    });

    it('raised no errors in the pages', () => {
      expect(pageErrors).toEqual([]);
    });

    it('broke no rule of the Content-Security-Policy in any page', () => {
      expect(cspViolations).toEqual([]);
    });
  });
});
}
