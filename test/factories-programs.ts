// Factories for partners, programs and recipient lists. Like test/factories.ts, every call makes
// fresh codes and numbers, so tests in one file never see each other's data by accident.
import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import { residentIdCheckChar } from '../src/domain/resident-id.js';
import { type StaffRole as Role, type TestApp, nextSequence } from './factories.js';

export interface PartnerInput {
  code: string;
  name: string;
  kind: 'agency' | 'bank' | 'card_factory' | 'service_station' | 'admin_centre';
  divisionCode: string;
}

export function partnerInput(overrides: Partial<PartnerInput> = {}): PartnerInput {
  const n = nextSequence();
  return { code: `P${n}`, name: `合作方 ${n}`, kind: 'agency', divisionCode: '420500', ...overrides };
}

export async function createPartners(t: TestApp, partners: PartnerInput[]): Promise<PartnerInput[]> {
  const res = await t.request('POST', '/api/v1/partners', { body: partners });
  expect(res.statusCode, res.body).toBe(200);
  expect(res.json()).toEqual(partners.map((p, index) => ({ index, code: p.code, created: true })));
  return partners;
}

export interface ProgramInput {
  code: string;
  name: string;
  documentType: string;
  sponsor: string;
  payerMode: 'government' | 'bank' | 'multi_party' | 'recipient';
  payerShares?: { partner: string; share: number }[];
  requirements: { recipientOnly: boolean; idCheck: boolean; activationBank?: string };
  slaDays: number;
}

/** A program element naming `sponsor` (which must exist before it is posted). */
export function programInput(sponsor: string, overrides: Partial<ProgramInput> = {}): ProgramInput {
  const n = nextSequence();
  return {
    code: `PG${n}`,
    name: `宜昌市退役军人优待证寄递 ${n}`,
    documentType: '优待证',
    sponsor,
    payerMode: 'government',
    requirements: { recipientOnly: true, idCheck: true },
    slaDays: 7,
    ...overrides,
  };
}

/** A government-paid program with a fresh sponsoring agency; returns its code. */
export async function createProgram(t: TestApp, overrides: Partial<ProgramInput> = {}): Promise<string> {
  const [agency] = await createPartners(t, [partnerInput({ kind: 'agency' })]);
  const program = programInput(agency!.code, overrides);
  const res = await t.request('POST', '/api/v1/programs', { body: [program] });
  expect(res.statusCode, res.body).toBe(200);
  expect(res.json()).toEqual([{ index: 0, code: program.code, created: true }]);
  return program.code;
}

/** A valid GB 11643 ID number, unique per call, born in Yiling district (420506). */
export function newResidentId(divisionCode = '420506'): string {
  const n = nextSequence();
  const birth = new Date(Date.UTC(1950, 0, 1) + (n % 18_000) * 86_400_000).toISOString().slice(0, 10).replaceAll('-', '');
  const first17 = `${divisionCode}${birth}${String(Math.floor(n / 18_000) % 1000).padStart(3, '0')}`;
  return first17 + residentIdCheckChar(first17);
}

/** A valid ID number whose check character is X (about one in eleven are). */
export function newResidentIdWithX(): string {
  for (;;) {
    const id = newResidentId();
    if (id.endsWith('X')) return id;
  }
}

/** The same ID with a wrong check character. */
export function withBadCheckChar(id: string): string {
  const chars = '0123456789X';
  return id.slice(0, 17) + chars[(chars.indexOf(id[17]!) + 1) % chars.length];
}

/** A valid mainland mobile number, unique per call. */
export function newMobile(): string {
  return `139${String(10_000_000 + nextSequence()).slice(-8)}`;
}

export interface ListRow {
  name: string;
  idNumber: string;
  phone: string;
  category: string;
  address: string;
  divisionCode?: string;
}

export function listRow(overrides: Partial<ListRow> = {}): ListRow {
  const n = nextSequence();
  return { name: `收件人${n}`, idNumber: newResidentId(), phone: newMobile(), category: '普通', address: `湖北省宜昌市夷陵区小溪塔街道东湖大道${n}号`, ...overrides };
}

export const LIST_HEADER = ['name', 'idNumber', 'phone', 'category', 'address', 'divisionCode'] as const;

/** CSV text with the given header (English by default) and rows, cells quoted where needed. */
export function listCsv(rows: readonly ListRow[], header: readonly string[] = LIST_HEADER): string {
  const fields = LIST_HEADER;
  const quote = (v: string) => (/[",\n\r]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
  const lines = [header.map(quote).join(',')];
  for (const r of rows) lines.push(fields.map((f) => quote(r[f] ?? '')).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

export interface UploadOptions {
  filename?: string;
  contentType?: string;
  dryRun?: boolean;
  role?: Role;
  /** A bearer token to send instead of the role's (a partner's). */
  token?: string;
  field?: string;
  /** The Accept-Language to send (English unless said). */
  language?: string;
}

/** POSTs a list as multipart/form-data, as a browser form or `curl -F file=@list.csv` sends it. */
export function uploadList(t: TestApp, programCode: string, file: string | Buffer, options: UploadOptions = {}): Promise<LightMyRequestResponse> {
  const boundary = `----songda${nextSequence()}`;
  const filename = options.filename ?? 'list.csv';
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="${options.field ?? 'file'}"; filename="${filename}"\r\nContent-Type: ${options.contentType ?? 'text/csv'}\r\n\r\n`,
    'utf8',
  );
  const body = Buffer.concat([head, typeof file === 'string' ? Buffer.from(file, 'utf8') : file, Buffer.from(`\r\n--${boundary}--\r\n`, 'utf8')]);
  const query = options.dryRun ? '?dryRun=true' : '';
  return t.app.inject({
    method: 'POST',
    url: `/api/v1/programs/${programCode}/recipients/import${query}`,
    payload: body,
    headers: {
      authorization: `Bearer ${options.token ?? t.tokens[options.role ?? 'operator']}`,
      'content-type': `multipart/form-data; boundary=${boundary}`,
      ...(options.language === undefined ? {} : { 'accept-language': options.language }),
    },
  });
}

export async function recipientRows(t: TestApp, programCode: string) {
  return t.db.selectFrom('recipients').selectAll().where('program_code', '=', programCode).orderBy('name').execute();
}
