// A delivery office's day in the console, on the demo data: the morning's failed attempts by reason
// (a chart, its figures also in a list for screen readers), the cards held for pickup with their codes
// masked, and the refused card due to return. Screenshots go to /tmp/shots-office/ to be looked at.
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listDivisions } from '../../src/domain/divisions.js';
import type { TOfficeDeliveries } from '../../src/modules/deliveries/office-holding.schemas.js';
import { type DemoConsole, startDemoConsole } from './demo-console.js';

const SHOTS = '/tmp/shots-office';
// The demo's veterans' cards come in a bag to the delivery office of 宜昌's first county.
const OFFICE = `D${listDivisions({ parentCode: '420500', level: 'county' })[0]!.code}`;
const DATE = '2026-11-21';

let demo: DemoConsole;

describe('the office day page', { timeout: 180_000 }, () => {
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    demo = await startDemoConsole('songda-office-');
  }, 240_000);

  afterAll(async () => {
    await demo?.close();
  });

  it('shows the day’s failures by reason, held items with masked pickup codes, and the return due, in Chinese', async () => {
    const day = await demo.api<TOfficeDeliveries>(`/offices/${OFFICE}/deliveries?date=${DATE}`);
    // This morning: the refused card and the one whose recipient could not be reached, among the simulated traffic's.
    expect(day.failuresByReason.map((r) => r.reason)).toEqual(expect.arrayContaining(['REFUSED', 'PHONE_UNREACHABLE']));
    // The cards still on the shelf have their codes (masked); items held by plain scans alone have none yet.
    const coded = day.held.filter((h) => h.pickupCode !== null);
    expect(coded.length).toBeGreaterThan(0);
    expect(coded.every((h) => /^\*{4}\d{2}$/.test(h.pickupCode!))).toBe(true);
    expect(day.returnsDue.map((r) => r.why)).toContain('refused');

    const { page } = await demo.signedInPage({ width: 1280, height: 900 });
    await page.goto(`${demo.server.url}/office-deliveries?office=${OFFICE}&date=${DATE}`);
    await page.getByRole('heading', { name: '投递局日况' }).waitFor();
    const held = page.locator('.songda-office-held');
    await held.getByText(`留存待取邮件 (${day.held.length})`).waitFor();
    for (const h of coded) {
      const row = held.locator('tr', { hasText: h.trackingNo });
      await expect(row.getByText(h.pickupCode!).count()).resolves.toBe(1);
      await expect(row.getByText(h.lastDay).count()).resolves.toBe(1);
    }
    await expect(held.getByText('未生成').count()).resolves.toBe(day.held.length - coded.length);
    const returns = page.locator('.songda-office-returns');
    const refused = day.returnsDue.find((r) => r.why === 'refused')!;
    await returns.locator('tr', { hasText: refused.trackingNo }).getByText('拒收').waitFor();
    // The chart is drawn, and its figures are in the list beside it.
    await page.locator('.songda-card', { hasText: '未妥投原因' }).locator('canvas').first().waitFor();
    const listed = await page.locator('.songda-sr-only li').allTextContents();
    expect(listed).toEqual(day.failuresByReason.map((r) => `${r.label}: ${r.count}`));
    expect(listed.find((l) => l.startsWith('拒收'))).toBeDefined();
    await page.screenshot({ path: `${SHOTS}/office-day.png`, fullPage: true });
    expect(demo.pageErrors.join('\n')).toBe('');
  });
});
