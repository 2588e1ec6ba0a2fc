// What the recipient was told by SMS, on the item page: the demo's held card shows its messages, the
// pickup code masked, the phone masked, each "logged only" under the log provider.
// Screenshots go to /tmp/shots-sms/ to be looked at.
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoConsole, startDemoConsole } from './demo-console.js';

const SHOTS = '/tmp/shots-sms';

type Told = { notifications: { template: string; text: string }[] };

let demo: DemoConsole;

describe('the SMS log on the item page', { timeout: 180_000 }, () => {
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    demo = await startDemoConsole('songda-sms-');
  }, 240_000);

  afterAll(async () => {
    await demo?.close();
  });

  it('lists the messages of a held card, the code and the phone masked', async () => {
    const { rows } = await demo.api<{ rows: { trackingNo: string }[] }>('/items?status=HELD&program=YC-YDZ&limit=50');
    let held: string | undefined;
    for (const row of rows) {
      const told = await demo.api<Told>(`/items/${row.trackingNo}/notifications`);
      if (told.notifications.some((n) => n.template === 'held')) held = row.trackingNo;
    }
    expect(held, 'the demo tells one held card its pickup code').toBeDefined();

    const { page } = await demo.signedInPage({ width: 1280, height: 900 });
    await page.goto(`${demo.server.url}/items/${held}`);
    const log = page.getByTestId('item-notifications');
    await log.getByText('待取件').waitFor();
    await expect(log.getByText(/取件码\*{6}/).count()).resolves.toBe(1);
    await expect(log.getByText('受理确认').count()).resolves.toBe(1);
    await expect(log.getByText('仅记录（未发送）').count()).resolves.toBeGreaterThan(0);
    await expect(log.getByText(/^1\d{2}\*{4}\d{4}$/).count()).resolves.toBeGreaterThan(0);
    await log.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}/item-sms.png`, fullPage: true });
    expect(demo.pageErrors.join('\n')).toBe('');
  });
});
