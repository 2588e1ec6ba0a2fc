// Factories for delivery outcomes: an item of a program, mailed to a recipient with an ID number and
// out for delivery at an office; outcome elements; tiny images with the right magic bytes.
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { createUser } from '../src/modules/users/user.service.js';
import { FIXED_NOW, HOUR, type TestApp, nextSequence, shanghai } from './factories.js';
import { signedIn } from './factories-console.js';
import { type ProgramOptions, addressIn, countyWithOffice, createTestProgram, newIdNumber, newPhone, postRequests } from './factories-requests.js';

export interface DoorItem {
  trackingNo: string;
  office: string;
  program: string;
  idNumber: string;
}

/** An item of a program with these requirements, its request holding the recipient's ID number, out for delivery at `office`. */
export async function itemAtTheDoor(t: TestApp, requirements: ProgramOptions['requirements'], place?: Awaited<ReturnType<typeof countyWithOffice>>): Promise<DoorItem> {
  const program = await createTestProgram(t.db, { requirements });
  const { county, office } = place ?? (await countyWithOffice(t));
  const idNumber = newIdNumber();
  const [mailed] = await postRequests(t, program.code, [{ name: '张三丰', phone: newPhone(), address: addressIn(county), idNumber }]);
  expect(mailed?.trackingNo, JSON.stringify(mailed)).toBeDefined();
  const trackingNo = mailed!.trackingNo!;
  const scans = await t.request('POST', '/api/v1/scans', {
    role: 'operator',
    body: [
      { trackingNo, code: 'ACCEPTED', at: shanghai(FIXED_NOW - 5 * HOUR), site: office },
      { trackingNo, code: 'OUT_FOR_DELIVERY', at: shanghai(FIXED_NOW - 3 * HOUR), site: office },
    ],
  });
  expect(scans.json()).toMatchObject({ accepted: 2, rejected: [] });
  return { trackingNo, office, program: program.code, idNumber };
}

/** A delivered outcome at the item's office, an hour before the test's now; `overrides` add or replace fields. */
export function delivered(item: DoorItem, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { clientId: randomUUID(), trackingNo: item.trackingNo, outcome: 'delivered', at: shanghai(FIXED_NOW - HOUR), site: item.office, receivedBy: 'recipient', ...overrides };
}

export const PNG_BYTES = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
export const JPEG_BYTES = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0]);
export const dataUrl = (mime: string, bytes: Buffer) => `data:${mime};base64,${bytes.toString('base64')}`;

export type DeliveryAnswer = { accepted: number; duplicates: number; rejected: { index: number; field?: string; requirement?: string; message: string }[] };

export async function postDeliveries(t: TestApp, body: unknown[], role: 'operator' | 'admin' = 'operator'): Promise<DeliveryAnswer> {
  const res = await t.request('POST', '/api/v1/deliveries', { role, body });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as DeliveryAnswer;
}

/** A courier of `office`, signed in: their username and session cookie. */
export async function signedInCourier(t: TestApp, office: string): Promise<{ username: string; cookie: string }> {
  const user = { username: `courier${nextSequence()}`, password: `correct horse ${nextSequence()}`, role: 'courier' as const };
  await createUser(t.db, { ...user, unit: office }, FIXED_NOW);
  return { username: user.username, cookie: await signedIn(t, user) };
}
