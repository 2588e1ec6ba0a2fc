// Factories for module and HTTP tests: each test builds the data it needs, nothing is shared between
// tests except the (per-file, per-dialect) database. Codes and numbers are unique per call, so tests
// in one file never see each other's units, items or events by accident.
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { expect, onTestFinished } from 'vitest';
import { buildApp } from '../src/app.js';
import { type Config, loadConfig } from '../src/config.js';
import type { Db } from '../src/db/database.js';
import type { PersonalDataCipher } from '../src/domain/personal-data.js';
import { formatS10 } from '../src/domain/s10.js';
import type { ScanInput } from '../src/domain/scan-input.js';
import { formatInstant } from '../src/domain/scan-time.js';
import { createApiToken } from '../src/modules/auth/api-token.service.js';
import type { Role } from '../src/modules/auth/api-token.table.js';
import { syncS10Ranges } from '../src/modules/items/s10-allocation.repository.js';
import { testNow } from './support/test-clock.js';
import type { TestDbContext } from './test-db.js';

/**
 * The fixed "now" of HTTP tests: 2026-11-21 12:00 in Shanghai, or the edge of that local day the run
 * is at (test/support/test-clock.ts).
 */
export const FIXED_NOW = testNow();
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;

/** A fixed data key, so tests can open what the app sealed. */
export const TEST_DATA_KEY = '5e'.repeat(32);

let sequence = 0;
/** A number unique within this test file's run. */
export const nextSequence = () => ++sequence;

/** A Config as `loadConfig` makes it for the test database; `env` adds or overrides settings. */
export function testConfig(ctx: TestDbContext, env: Record<string, string> = {}): Config {
  return loadConfig({ SONGDA_DB: ctx.target.url, SONGDA_LOG_LEVEL: 'silent', SONGDA_DATA_KEY: TEST_DATA_KEY, ...env });
}

/** The post's own roles with tokens; a partner's token is made with newPartnerToken (factories-partners.ts), a courier signs in. */
export type StaffRole = Exclude<Role, 'partner' | 'courier'>;

export interface TestApp {
  app: FastifyInstance;
  config: Config;
  db: Db;
  now: number;
  /** One bearer token per role. */
  tokens: Record<StaffRole, string>;
  /** An injected request with the given role's token (admin unless said otherwise). */
  request(method: 'GET' | 'POST', url: string, options?: { body?: unknown; ndjson?: string; role?: StaffRole | null; headers?: Record<string, string> }): Promise<LightMyRequestResponse>;
}

/**
 * An app on the test database, as `songda serve` would build it (ranges synced, as `openStore` does),
 * with a fixed clock. Closed when the calling test finishes.
 */
export async function newTestApp(
  ctx: TestDbContext,
  options: { env?: Record<string, string>; now?: number; /** Made in a beforeAll: the caller closes it. */ sharedByFile?: boolean; /** A clock the test moves; `now` is its reading at the start. */ clock?: () => number; cipher?: PersonalDataCipher } = {},
): Promise<TestApp> {
  const config = testConfig(ctx, options.env);
  const db = ctx.handle.db;
  const now = options.now ?? FIXED_NOW;
  await syncS10Ranges(db, config.s10Ranges);
  const app = await buildApp({ config, store: ctx.handle, clock: options.clock ?? (() => now), logger: false, ...(options.cipher ? { cipher: options.cipher } : {}) });
  if (!options.sharedByFile) onTestFinished(() => app.close());
  readsEnglish(app);
  const tokens = {
    admin: await newToken(db, 'admin'),
    operator: await newToken(db, 'operator'),
    viewer: await newToken(db, 'viewer'),
  };
  return {
    app,
    config,
    db,
    now,
    tokens,
    request(method, url, { body, ndjson, role = 'admin', headers = {} } = {}) {
      const auth: Record<string, string> = role ? { authorization: `Bearer ${tokens[role]}` } : {};
      if (ndjson !== undefined) {
        return app.inject({ method, url, payload: ndjson, headers: { ...auth, 'content-type': 'application/x-ndjson', ...headers } });
      }
      return app.inject({ method, url, ...(body === undefined ? {} : { payload: body as object }), headers: { ...auth, ...headers } });
    },
  };
}

/**
 * Requests of the app ask for English unless they name a language: the tests that read message texts
 * were written in English; test/http/language.test.ts checks the Chinese default.
 */
export function readsEnglish(app: FastifyInstance): void {
  const inject = app.inject.bind(app) as (opts?: unknown) => unknown;
  const withLanguage = (opts: unknown) => {
    if (opts === undefined) return inject();
    if (typeof opts === 'string') return inject({ url: opts, headers: { 'accept-language': 'en' } });
    const o = opts as { headers?: Record<string, unknown> };
    return inject({ ...o, headers: { 'accept-language': 'en', ...o.headers } });
  };
  app.inject = withLanguage as FastifyInstance['inject'];
}

export async function newToken(db: Db, role: StaffRole): Promise<string> {
  return (await createApiToken(db, role, `test ${role}`, FIXED_NOW)).token;
}

export interface UnitInput {
  code: string;
  name: string;
  kind: 'counter' | 'processing_centre' | 'delivery_office';
  divisionCode: string;
  parentCode?: string;
  endOfShift?: string;
}

/** A valid unit element with a fresh code (Yichang, Yiling district, unless overridden). */
export function unitInput(overrides: Partial<UnitInput> = {}): UnitInput {
  const n = nextSequence();
  return { code: `U${n}`, name: `测试单位 ${n}`, kind: 'delivery_office', divisionCode: '420506', ...overrides };
}

/** Creates units through the API and checks that each was created. */
export async function createUnits(t: TestApp, units: UnitInput[]): Promise<UnitInput[]> {
  const res = await t.request('POST', '/api/v1/units', { body: units });
  expect(res.statusCode, res.body).toBe(200);
  expect(res.json()).toEqual(units.map((u, index) => ({ index, code: u.code, created: true })));
  return units;
}

/** Creates one unit through the API and returns its code. */
export async function createSite(t: TestApp, overrides: Partial<UnitInput> = {}): Promise<string> {
  const [unit] = await createUnits(t, [unitInput(overrides)]);
  return unit!.code;
}

/**
 * A valid S10 number that no other call of this file returns. `RR` is outside the default ranges, so
 * these numbers never collide with allocated ones.
 */
export function newTrackingNo(serviceIndicator = 'RR'): string {
  return formatS10(serviceIndicator, 10_000_000 + nextSequence());
}

/** The same number with a wrong check digit. */
export function withBadCheckDigit(trackingNo: string): string {
  const digit = Number(trackingNo[10]);
  return `${trackingNo.slice(0, 10)}${(digit + 1) % 10}${trackingNo.slice(11)}`;
}

/** An instant written as a Shanghai scanner writes it (+08:00). */
export const shanghai = (ms: number) => formatInstant(ms, 480);

/** A checked scan line as the write path takes it: an ARRIVED on Shanghai time, line 1, nothing optional, unless given. */
export function scanInput(fields: Pick<ScanInput, 'trackingNo' | 'atMs' | 'site'> & Partial<ScanInput>): ScanInput {
  return { line: 1, code: 'ARRIVED', atOffsetMin: 480, operator: null, reason: null, nextSite: null, ...fields };
}

export interface ScanEventInput {
  trackingNo: string;
  code: string;
  at: string;
  site: string;
  operator?: string;
  reason?: string;
  nextSite?: string;
}

/** Posts scans through the API in batches of `size`, each of which must be accepted whole. */
export async function postScansInBatches(t: TestApp, scans: readonly ScanEventInput[], size = 500): Promise<void> {
  for (let i = 0; i < scans.length; i += size) {
    const res = await t.request('POST', '/api/v1/scans', { role: 'operator', body: scans.slice(i, i + size) });
    expect(res.statusCode, res.body).toBe(200);
  }
}

export const ndjson = (lines: readonly unknown[]) => lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n');

export function storedEvents(db: Db, trackingNo: string) {
  return db.selectFrom('scan_events').selectAll().where('tracking_no', '=', trackingNo).orderBy('at_ms').orderBy('id').execute();
}

export function storedItem(db: Db, trackingNo: string) {
  return db.selectFrom('items').selectAll().where('tracking_no', '=', trackingNo).executeTakeFirst();
}

export async function countRows(db: Db, table: 'units' | 'items' | 'scan_events' | 'api_tokens'): Promise<number> {
  const row = await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}
