// The delivery proof on the item page: an outcome recorded through the API shows with its receiver
// masked and whether the ID matched; the signature opens on a click, and that opening is audited.
// Screenshots go to /tmp/shots-deliveries/ to be looked at.
import { mkdirSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoConsole, startDemoConsole } from './demo-console.js';

const SHOTS = '/tmp/shots-deliveries';
// A 1 × 1 PNG: a signature the browser can draw.
const SIGNATURE = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

type Row = { trackingNo: string; lastEvent: { at: string; site: string } | null };
type Delivery = { requirements: { recipientOnly: boolean; idCheck: boolean; activationBank: string | null } };

let demo: DemoConsole;

describe('the delivery proof on the item page', { timeout: 180_000 }, () => {
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    demo = await startDemoConsole('songda-proof-');
  }, 240_000);

  afterAll(async () => {
    await demo?.close();
  });

  it('shows the masked receiver and the ID check, and opens the signature on a click, audited', async () => {
    // An item out for delivery whose program does not check the ID (the test cannot know a recipient's number).
    const { rows } = await demo.api<{ rows: Row[] }>('/items?status=OUT_FOR_DELIVERY&limit=50');
    let chosen: { row: Row; delivery: Delivery } | undefined;
    for (const row of rows) {
      const delivery = await demo.api<Delivery>(`/items/${row.trackingNo}/delivery`);
      if (!delivery.requirements.idCheck && row.lastEvent) {
        chosen = { row, delivery };
        break;
      }
    }
    expect(chosen, 'an item out for delivery without an ID check').toBeDefined();
    const { row, delivery } = chosen!;
    const at = new Date(Date.parse(row.lastEvent!.at) + 60_000).toISOString();
    const outcome = {
      clientId: randomUUID(),
      trackingNo: row.trackingNo,
      outcome: 'delivered',
      at,
      site: row.lastEvent!.site,
      receivedBy: 'recipient',
      receiverName: '欧阳娜娜',
      signature: SIGNATURE,
      ...(delivery.requirements.activationBank ? { activation: { result: 'activated', bankStaff: '王经理' } } : {}),
    };
    const res = await fetch(`${demo.server.url}/api/v1/deliveries`, {
      method: 'POST',
      headers: { authorization: `Bearer ${demo.server.adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify([outcome]),
    });
    expect(await res.json()).toMatchObject({ accepted: 1, rejected: [] });

    const { page } = await demo.signedInPage({ width: 1280, height: 900 });
    await page.goto(`${demo.server.url}/items/${row.trackingNo}`);
    const proof = page.getByTestId('delivery-proof');
    await proof.getByText('欧**娜').waitFor();
    await expect(proof.getByText('妥投').count()).resolves.toBeGreaterThan(0);
    await expect(proof.getByText('本人').count()).resolves.toBe(1);
    await expect(page.getByText('欧阳娜娜').count()).resolves.toBe(0);
    await page.screenshot({ path: `${SHOTS}/item-proof.png`, fullPage: true });

    await proof.getByRole('button', { name: '查看签名' }).click();
    await page.getByTestId('proof-image').waitFor();
    await page.screenshot({ path: `${SHOTS}/item-proof-signature.png` });
    const audit = await demo.api<{ rows: { action: string; subject: string }[] }>('/audit?action=delivery.image_open');
    expect(audit.rows.map((r) => r.subject)).toContain(row.trackingNo);
    expect(demo.pageErrors.join("\n")).toBe("");
  });
});
