// Factories for requests, invitations and the program report: programs and partners stored through
// the programs module's repository, listed recipients sealed with the test data key, delivery offices
// in counties no other test of the file uses. Every call makes fresh codes and numbers.
import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import { type Division, listDivisions } from '../src/domain/divisions.js';
import { placeAddress } from '../src/domain/address-placement.js';
import { createPersonalDataCipher } from '../src/domain/personal-data.js';
import { maskPhone } from '../src/domain/phone.js';
import { maskResidentId, residentIdCheckChar } from '../src/domain/resident-id.js';
import type { Db } from '../src/db/database.js';
import { upsertPartner } from '../src/modules/programs/partner.repository.js';
import { upsertProgram } from '../src/modules/programs/program.repository.js';
import type { PartnerKind, PayerMode } from '../src/modules/programs/program.table.js';
import { recipientIdHash, recipientPhoneHash } from '../src/modules/recipients/recipient.service.js';
import { FIXED_NOW, TEST_DATA_KEY, type TestApp, createSite, nextSequence } from './factories.js';

/** The cipher the test apps use (same key), so tests can open and hash what the app stored. */
export const testCipher = createPersonalDataCipher(Buffer.from(TEST_DATA_KEY, 'hex'));

export const DAY = 86_400_000;

/** A valid GB 11643 ID number, unique per call. */
export function newIdNumber(divisionCode = '420506'): string {
  const n = nextSequence();
  const birth = new Date(Date.UTC(1950, 0, 1) + (n % 18_000) * DAY).toISOString().slice(0, 10).replaceAll('-', '');
  const first17 = `${divisionCode}${birth}${String(Math.floor(n / 18_000) % 1000).padStart(3, '0')}`;
  return first17 + residentIdCheckChar(first17);
}

/** The same ID with a wrong check character. */
export function withWrongCheckChar(id: string): string {
  const chars = '0123456789X';
  return id.slice(0, 17) + chars[(chars.indexOf(id[17]!) + 1) % chars.length];
}

/** A valid mainland mobile number, unique per call. */
export function newPhone(): string {
  return `139${String(10_000_000 + nextSequence()).slice(-8)}`;
}

const handedOut = new Set<string>();

/**
 * A county of the province that no earlier call of this test file returned, whose full name places
 * an address on its own: `${county.fullName}和平路 1 号` is an address in it.
 */
export function freshCounty(provinceCode = '420000'): Division {
  const county = listDivisions({ level: 'county' }).find((d) => {
    if (d.provinceCode !== provinceCode || handedOut.has(d.code)) return false;
    const placed = placeAddress(`${d.fullName}和平路1号`);
    return placed.ok && placed.division.code === d.code;
  });
  if (!county) throw new Error(`no county of ${provinceCode} left for tests`);
  handedOut.add(county.code);
  return county;
}

export const addressIn = (county: Division) => `${county.fullName}和平路${nextSequence()}号`;

/** A fresh county with a delivery office in it. */
export async function countyWithOffice(t: TestApp, provinceCode = '420000'): Promise<{ county: Division; office: string }> {
  const county = freshCounty(provinceCode);
  const office = await createSite(t, { kind: 'delivery_office', divisionCode: county.code });
  return { county, office };
}

export async function createPartner(db: Db, overrides: { code?: string; kind?: PartnerKind; divisionCode?: string } = {}): Promise<string> {
  const n = nextSequence();
  const code = overrides.code ?? `PT${n}`;
  await upsertPartner(db, { code, name: `合作方 ${n}`, kind: overrides.kind ?? 'agency', division_code: overrides.divisionCode ?? '420500' }, FIXED_NOW);
  return code;
}

export interface ProgramOptions {
  name?: string;
  documentType?: string;
  payerMode?: PayerMode;
  payerShares?: { partner: string; share: number }[] | null;
  requirements?: { recipientOnly: boolean; idCheck: boolean; activationBank?: string };
  /** The sponsor's division (Yichang, Hubei by default): decides same- or cross-province postage. */
  sponsorDivision?: string;
  sponsor?: string;
}

/** A program with a fresh sponsoring agency; a veterans (优待证) program paid by the government unless said otherwise. */
export async function createTestProgram(db: Db, options: ProgramOptions = {}): Promise<{ code: string; name: string; sponsor: string }> {
  const n = nextSequence();
  const sponsor = options.sponsor ?? (await createPartner(db, { kind: 'agency', divisionCode: options.sponsorDivision ?? '420500' }));
  const code = `PG${n}`;
  const name = options.name ?? `宜昌市退役军人优待证寄递 ${n}`;
  await upsertProgram(
    db,
    {
      code,
      name,
      document_type: options.documentType ?? '优待证',
      sponsor,
      payer_mode: options.payerMode ?? 'government',
      payer_shares: options.payerShares ? JSON.stringify(options.payerShares) : null,
      requirements: JSON.stringify(options.requirements ?? { recipientOnly: true, idCheck: false }),
      sla_days: 7,
    },
    FIXED_NOW,
  );
  return { code, name, sponsor };
}

export interface ListedRecipient {
  id: string;
  idNumber: string;
  name: string;
  phone: string;
  category: string;
  address: string;
  divisionCode: string;
}

/** Puts a recipient on the program's list, sealed as the list import seals them. */
export async function listRecipient(
  db: Db,
  programCode: string,
  overrides: Partial<Omit<ListedRecipient, 'id'>> & { createdAt?: number } = {},
): Promise<ListedRecipient> {
  const n = nextSequence();
  const r = {
    idNumber: overrides.idNumber ?? newIdNumber(),
    name: overrides.name ?? `王建国${n}`,
    phone: overrides.phone ?? newPhone(),
    category: overrides.category ?? 'ordinary',
    address: overrides.address ?? '',
    divisionCode: overrides.divisionCode ?? '',
  };
  const id = `R${n}`;
  const at = overrides.createdAt ?? FIXED_NOW;
  await db
    .insertInto('recipients')
    .values({
      id,
      program_code: programCode,
      id_hash: recipientIdHash(testCipher, r.idNumber),
      id_sealed: testCipher.seal(r.idNumber),
      id_masked: maskResidentId(r.idNumber),
      name: r.name,
      phone_sealed: testCipher.seal(r.phone),
      phone_hash: recipientPhoneHash(testCipher, r.phone),
      phone_masked: maskPhone(r.phone),
      category: r.category,
      address: r.address,
      division_code: r.divisionCode,
      created_at: at,
      updated_at: at,
    })
    .execute();
  return { id, ...r };
}

export type RequestResult = { index: number; requestId?: string; status?: 'mailed' | 'waiting'; trackingNo?: string; statusReason?: string; field?: string; error?: string };

export async function postRequests(t: TestApp, programCode: string, body: unknown[]): Promise<RequestResult[]> {
  const res = await t.request('POST', `/api/v1/programs/${programCode}/requests`, { body, role: 'operator' });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as RequestResult[];
}

export interface InvitationView {
  id: string;
  token: string;
  url: string;
  recipient: { name: string; idNumber: string } | null;
  documentNo: string | null;
  expiresAt: string;
  usedAt: string | null;
  requestId: string | null;
}

export async function postInvitations(t: TestApp, programCode: string, body: unknown): Promise<{ batch: string; sheet: string; expiresAt: string; invitations: InvitationView[] }> {
  const res = await t.request('POST', `/api/v1/programs/${programCode}/invitations`, { body, role: 'operator' });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

/** A citizen's request through a link: no token, as the mobile page sends it. */
export function publicSubmit(t: TestApp, token: string, body: unknown): Promise<LightMyRequestResponse> {
  return t.request('POST', `/api/v1/public/requests/${token}`, { body, role: null });
}

export function storedRequest(db: Db, id: string) {
  return db.selectFrom('requests').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

export function storedCharges(db: Db, trackingNo: string) {
  return db.selectFrom('item_charges').selectAll().where('tracking_no', '=', trackingNo).orderBy('payer').execute();
}

export function storedInvitation(db: Db, id: string) {
  return db.selectFrom('invitations').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

/** What a refused request must leave untouched: rows of every table a request writes, and the next S10 serial. */
export async function writeState(db: Db): Promise<{ requests: number; items: number; charges: number; nextSerials: number[] }> {
  const n = async (table: 'requests' | 'items' | 'item_charges') => Number((await db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const ranges = await db.selectFrom('s10_ranges').select('next_serial').orderBy('service_indicator').orderBy('first_serial').execute();
  return { requests: await n('requests'), items: await n('items'), charges: await n('item_charges'), nextSerials: ranges.map((r) => Number(r.next_serial)) };
}
