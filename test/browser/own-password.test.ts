// A signed-in user changes their own password from the header, as they click it: Debian's Chromium
// against `songda serve --demo`. A wrong current password is refused in Chinese inside the form; the
// right one changes it, and the new password signs in. Screenshots in /tmp/shots-password/.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type DemoConsole, startDemoConsole } from './demo-console.js';

const SHOTS = '/tmp/shots-password';
let demo: DemoConsole;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  demo = await startDemoConsole('songda-password-');
}, 300_000);

afterAll(async () => {
  await demo?.close();
});

it('changes the signed-in user’s password from the header menu', async () => {
  const { page } = await demo.signedInPage({ width: 1440, height: 900 });
  await page.getByRole('button', { name: '修改密码' }).click();
  const dialog = page.getByRole('dialog', { name: '修改我的密码' });
  await dialog.getByLabel('当前密码').fill('not the password');
  await dialog.getByLabel('新密码', { exact: true }).fill('demo-passphrase');
  await dialog.getByLabel('再次输入新密码').fill('demo-passphrase');
  await dialog.getByRole('button', { name: '保存新密码' }).click();
  await expect.poll(() => dialog.locator('.songda-error').textContent(), { timeout: 15_000 }).toContain('当前密码不正确');
  await page.screenshot({ path: join(SHOTS, 'refused.png') });

  await dialog.getByLabel('当前密码').fill('demo');
  await dialog.getByRole('button', { name: '保存新密码' }).click();
  await dialog.waitFor({ state: 'hidden', timeout: 15_000 });
  await expect.poll(() => page.locator('.ant-message').textContent(), { timeout: 15_000 }).toContain('密码已修改');

  const res = await fetch(`${demo.server.url}/api/v1/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-songda-csrf': '1' },
    body: JSON.stringify({ username: 'demo', password: 'demo-passphrase' }),
  });
  expect(res.status).toBe(200);

  const phone = await demo.signedInPage({ width: 390, height: 844 }, 'demo-passphrase');
  await expect.poll(() => phone.page.getByRole('button', { name: '修改密码' }).isVisible()).toBe(true);
  const width = await phone.page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(390);
  await phone.page.screenshot({ path: join(SHOTS, 'phone-header.png') });
  expect(demo.pageErrors).toEqual([]);
}, 120_000);
