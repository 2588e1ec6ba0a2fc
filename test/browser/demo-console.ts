// What the figures and phone browser tests share: a `songda serve --demo` at noon in Shanghai, a
// signed-in console page of a chosen size, and the admin token's view of the API.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { TEST_INSTANTS } from '../support/test-clock.js';
import { type Server, buildWebIfStale, launchChromium, run, startServer, stopServer } from './serve-console.js';

export interface DemoConsole {
  server: Server;
  browser: Browser;
  /** Errors the pages threw or logged: a test ends by expecting none. */
  pageErrors: string[];
  api<T>(path: string): Promise<T>;
  /** POSTs JSON with the admin token; throws with the answer unless it is a success. */
  post<T>(path: string, body: unknown): Promise<T>;
  /** A new signed-in page (user demo, with its demo password unless told another) of the given viewport. */
  signedInPage(viewport: { width: number; height: number }, password?: string): Promise<{ context: BrowserContext; page: Page }>;
  /** Makes a user of `partner` with `songda user create` and signs it in on a new page. */
  partnerPage(user: { username: string; password: string; partner: string }, viewport: { width: number; height: number }): Promise<{ context: BrowserContext; page: Page }>;
  close(): Promise<void>;
}

/** A button by its text, which Ant Design spaces out (开 具) and an icon's label may precede. */
export const buttonNamed = (scope: Page | Locator, name: string) => scope.getByRole('button', { name: new RegExp(`(^|\\s)${name.split('').join('\\s*')}$`) });

/** What a file link serves: its answer as fetched with the page's cookie, and how the browser's own download of it ended. */
export interface DownloadedFile {
  href: string | null;
  status: number;
  contentType: string;
  /** The first bytes, as Latin-1: `PK` for an XLSX, `%PDF` for a PDF. */
  head: string;
  /** null when the browser's download finished. */
  failure: string | null;
}

/** Fetches a file link's target with the page's session, then clicks the link and waits for its download. */
export async function downloadOf(page: Page, link: Locator): Promise<DownloadedFile> {
  const href = await link.getAttribute('href');
  const res = await page.request.get(new URL(href ?? '', page.url()).toString());
  const head = (await res.body()).subarray(0, 4).toString('latin1');
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  return { href, status: res.status(), contentType: res.headers()['content-type'] ?? '', head, failure: await download.failure() };
}

/** The content type and first bytes of the files the console offers. */
export const FILE_SIGNATURES = {
  xlsx: { contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', head: 'PK' },
  pdf: { contentType: 'application/pdf', head: '%PDF' },
} as const;

export async function startDemoConsole(prefix: string): Promise<DemoConsole> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const clockOffset = TEST_INSTANTS.noon - Date.now();
  await buildWebIfStale();
  const [server, browser] = await Promise.all([startServer(dir, clockOffset), launchChromium()]);
  const pageErrors: string[] = [];
  const contexts: BrowserContext[] = [];
  const signIn = async (viewport: { width: number; height: number }, username: string, password: string) => {
    const context = await browser.newContext({ viewport, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', isMobile: viewport.width < 768, hasTouch: viewport.width < 768 });
    contexts.push(context);
    await context.clock.install({ time: Date.now() + clockOffset });
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    page.on('pageerror', (err) => pageErrors.push(err.message));
    page.on('console', (msg) => {
      // The browser logs every 4xx answer; the pages show those themselves.
      if (msg.type() === 'error' && !msg.text().startsWith('Failed to load resource')) pageErrors.push(`console: ${msg.text()}`);
    });
    await page.goto(`${server.url}/login`);
    await page.getByLabel('用户名').fill(username);
    await page.getByLabel('密码').fill(password);
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await page.locator('.songda-header').waitFor();
    return { context, page };
  };
  return {
    server,
    browser,
    pageErrors,
    async api<T>(path: string): Promise<T> {
      const res = await fetch(`${server.url}/api/v1${path}`, { headers: { authorization: `Bearer ${server.adminToken}` } });
      const text = await res.text();
      if (!res.ok) throw new Error(`GET ${path} → ${res.status} ${text}`);
      return JSON.parse(text) as T;
    },
    async post<T>(path: string, body: unknown): Promise<T> {
      const res = await fetch(`${server.url}/api/v1${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${server.adminToken}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      const text = await res.text();
      if (!res.ok) throw new Error(`POST ${path} → ${res.status} ${text}`);
      return JSON.parse(text) as T;
    },
    signedInPage: (viewport, password = 'demo') => signIn(viewport, 'demo', password),
    async partnerPage(user, viewport) {
      await run(
        process.execPath,
        ['--import', 'tsx', 'src/cli/songda.ts', 'user', 'create', '--username', user.username, '--partner', user.partner, '--password-stdin'],
        60_000,
        server.env,
        `${user.password}\n`,
      );
      return signIn(viewport, user.username, user.password);
    },
    async close() {
      for (const c of contexts) await c.close().catch(() => undefined);
      await browser.close().catch(() => undefined);
      await stopServer(server);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
