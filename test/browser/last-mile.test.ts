// The program report's last mile and a bank's activation tasks, on the demo data, as a person sees
// them: the figures the page shows are the API's, and the activations page lists the bank's items.
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoConsole, startDemoConsole } from './demo-console.js';

const SHOTS = '/tmp/shots-last-mile';
const PERIOD = 'from=2026-11-14&to=2026-11-21';
let demo: DemoConsole;
let page: Page;

const percent = (rate: number) => `${(rate * 100).toFixed(2)}%`;

describe('the last mile in the console', { timeout: 600_000 }, () => {
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    demo = await startDemoConsole('songda-last-mile-');
    ({ page } = await demo.signedInPage({ width: 1440, height: 900 }));
  }, 240_000);

  afterAll(async () => {
    await demo?.close();
  });

  it('shows the first-attempt and activation rates of a program report, as the API gives them', async () => {
    const figures = await demo.api<{ firstAttemptRate: number | null; activationRate: number | null; activation: { activated: number } | null }>(
      `/programs/YC-YDZ/report/last-mile?${PERIOD}`,
    );
    expect(figures.firstAttemptRate).not.toBeNull();
    expect(figures.activation).not.toBeNull();
    await page.goto(`${demo.server.url}/programs/YC-YDZ?${PERIOD}`);
    const card = page.locator('.songda-last-mile');
    await card.getByText('首投妥投率').waitFor();
    const text = await card.innerText();
    expect(text).toContain(percent(figures.firstAttemptRate!));
    expect(text).toContain('激活率');
    expect(text).toContain(figures.activationRate === null ? '–' : percent(figures.activationRate));
    await page.screenshot({ path: `${SHOTS}/program-report.png`, fullPage: true });
  });

  it('lists a bank’s activation tasks by status', async () => {
    const pending = await demo.api<{ rows: { trackingNo: string }[] }>('/activations?status=pending&bank=ICBC-YC&limit=20');
    await page.goto(`${demo.server.url}/activations?status=pending&bank=ICBC-YC&limit=20`);
    await page.locator('.songda-activations .ant-table-tbody').waitFor();
    // The table appears before its rows arrive: wait for them.
    const rows = page.locator('.songda-activations .ant-table-tbody tr.ant-table-row');
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(pending.rows.length);
    if (pending.rows.length > 0) await page.getByText(pending.rows[0]!.trackingNo).waitFor();
    await page.screenshot({ path: `${SHOTS}/activations.png`, fullPage: true });
    expect(demo.pageErrors).toEqual([]);
  });
});
