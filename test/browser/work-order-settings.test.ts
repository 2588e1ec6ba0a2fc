// The work-order settings in Chromium on the demo, as an admin clicks them: a program's own complaint
// deadline and green channel, kept across a reload and read back through the API; a partner's green
// channel, which the program's tab then shows; the customer-service centre's calendar (08:00–24:00)
// with a holiday added; and a refusal of the server shown beside the field it names.
// Screenshots of each form at 1280 px go to /tmp/shots-work-order-settings/.
import { mkdirSync } from 'node:fs';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoConsole, startDemoConsole } from './demo-console.js';

const SHOTS = '/tmp/shots-work-order-settings';
const SPONSOR = 'YC-VAB';
let demo: DemoConsole;
let page: Page;
let program: string;

interface ProgramSettings {
  greenChannel: boolean;
  sponsorGreenChannel: boolean;
  policy: Record<string, unknown> | null;
}
interface UnitCalendar {
  calendar: { hours: { open: string; close: string; weekdays: number[] } | null; holidays: string[] } | null;
}

const button = (scope: Page | Locator, name: string) => scope.getByRole('button', { name: new RegExp(name.split('').join('\\s*')) });
/** The error the form shows under the field labelled `label` (the inner locator starts from the page: it is matched inside each form item). */
const fieldError = (scope: Page | Locator, label: string) => scope.locator('.ant-form-item', { has: page.getByLabel(label, { exact: true }) }).locator('.ant-form-item-explain-error');
/** Until the drawer has slid in to the window's right edge, a screenshot catches it on its way. */
const settled = (drawer: Locator) => expect.poll(async () => { const box = await drawer.page().locator('.ant-drawer-content-wrapper').boundingBox(); return box && Math.round(box.x + box.width); }).toBe(1280);
const settingsOf = () => demo.api<ProgramSettings>(`/work-orders/settings/programs/${program}`);

describe('work-order settings in the console', { timeout: 240_000 }, () => {
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    demo = await startDemoConsole('songda-wo-settings-');
    ({ page } = await demo.signedInPage({ width: 1280, height: 900 }));
    const programs = await demo.api<{ code: string; sponsor: string }[]>('/programs');
    program = programs.find((p) => p.sponsor === SPONSOR)!.code;
  }, 240_000);

  afterAll(async () => {
    await demo?.close();
  });

  it('sets a program’s own complaint deadline and green channel, kept after a reload; a refused value is shown on its field', async () => {
    await page.goto(`${demo.server.url}/programs/${program}`);
    await page.getByRole('tab', { name: '客服设置' }).click();
    const deadline = page.getByLabel('投诉 办结时限', { exact: true });
    await deadline.waitFor();
    // Blank: the default, shown in the box.
    expect(await deadline.getAttribute('placeholder')).toBe('默认 1440');
    const green = page.getByRole('switch', { name: '绿色通道' });
    expect(await green.getAttribute('aria-checked')).toBe('false');

    await green.click();
    await deadline.fill('720');
    await button(page, '保存客服设置').click();
    await page.getByText('客服设置已保存').waitFor();
    await expect.poll(async () => (await settingsOf()).greenChannel).toBe(true);
    expect((await settingsOf()).policy).toEqual({ complaint: { resolutionMinutes: 720 } });

    await page.reload();
    await page.getByLabel('投诉 办结时限', { exact: true }).waitFor();
    expect(await page.getByLabel('投诉 办结时限', { exact: true }).inputValue()).toBe('720');
    expect(await page.getByRole('switch', { name: '绿色通道' }).getAttribute('aria-checked')).toBe('true');
    await page.screenshot({ path: `${SHOTS}/program-settings.png`, fullPage: true });

    // Zero minutes: the server refuses it, and says so under the complaint's first-response box.
    await page.getByLabel('投诉 首次响应时限', { exact: true }).fill('0');
    await button(page, '保存客服设置').click();
    const refusal = fieldError(page, '投诉 首次响应时限');
    await refusal.waitFor();
    expect(await refusal.textContent()).toMatch(/1/);
    await page.screenshot({ path: `${SHOTS}/program-settings-refused.png`, fullPage: true });
    expect((await settingsOf()).policy).toEqual({ complaint: { resolutionMinutes: 720 } });
    expect(demo.pageErrors).toEqual([]);
  });

  it('puts the sponsor on the green channel from its page, which the program’s tab then shows', async () => {
    await page.goto(`${demo.server.url}/partners/${SPONSOR}`);
    const green = page.getByRole('switch', { name: '绿色通道' });
    await green.waitFor();
    expect(await green.getAttribute('aria-checked')).toBe('false');
    await green.click();
    await page.getByText('已开通绿色通道').waitFor();
    await expect.poll(async () => (await settingsOf()).sponsorGreenChannel).toBe(true);

    await page.reload();
    await page.getByRole('switch', { name: '绿色通道', checked: true }).waitFor();
    await page.screenshot({ path: `${SHOTS}/partner-green-channel.png`, fullPage: true });

    await page.goto(`${demo.server.url}/programs/${program}?tab=workOrders`);
    await page.getByText('已开通：本项目的工单同样走绿色通道').waitFor();
    expect(demo.pageErrors).toEqual([]);
  });

  it('shows the customer-service centre working 08:00–24:00, adds a holiday, and shows a refused closing time on its field', async () => {
    const units = await demo.api<{ code: string; name: string; kind: string; parentCode: string | null }[]>('/units');
    const centre = units.find((u) => u.kind === 'processing_centre' && u.parentCode === null)!;
    await page.goto(`${demo.server.url}/units?q=${centre.code}`);
    await page.getByRole('button', { name: `工作日历 ${centre.name}` }).click();
    const drawer = page.getByRole('dialog');
    const close = drawer.getByLabel('结束时刻', { exact: true });
    await close.waitFor();
    expect(await drawer.getByLabel('开始时刻', { exact: true }).inputValue()).toBe('08:00');
    expect(await close.inputValue()).toBe('24:00');
    expect(await drawer.getByRole('radio', { name: '按营业时间' }).isChecked()).toBe(true);
    for (const day of ['周一', '周六', '周日']) expect(await drawer.getByRole('checkbox', { name: day }).isChecked()).toBe(true);
    await drawer.getByText('2027-10-01').waitFor();
    await settled(drawer);
    await page.screenshot({ path: `${SHOTS}/unit-calendar.png` });

    // A closing time before the opening: refused by the server, beside the field.
    await close.fill('07:00');
    await button(drawer, '保存').click();
    const refusal = fieldError(drawer, '结束时刻');
    await refusal.waitFor();
    expect(await refusal.textContent()).toContain('07:00');
    await page.screenshot({ path: `${SHOTS}/unit-calendar-refused.png` });

    await close.fill('24:00');
    const holidays = drawer.getByLabel('节假日（不计时）', { exact: true });
    await holidays.click();
    await holidays.pressSequentially('2027-12-31');
    await holidays.press('Enter');
    await button(drawer, '保存').click();
    await page.getByText(`${centre.name} 的工作日历已保存`).waitFor();
    const stored = await demo.api<UnitCalendar>(`/work-orders/settings/units/${centre.code}`);
    expect(stored.calendar?.hours).toEqual({ open: '08:00', close: '24:00', weekdays: [1, 2, 3, 4, 5, 6, 7] });
    expect(stored.calendar?.holidays).toContain('2027-12-31');
    expect(stored.calendar?.holidays).toContain('2027-01-01');

    // Opened again, the drawer reads the stored calendar.
    await page.getByRole('button', { name: `工作日历 ${centre.name}` }).click();
    await page.getByRole('dialog').getByText('2027-12-31').waitFor();
    expect(demo.pageErrors).toEqual([]);
  });
});
