import type { DbHandle } from '../db/open-db.js';
import type { SilenceRules } from '../domain/breakpoint-rules.js';
import { findDivision } from '../domain/divisions.js';
import { registerItems } from '../modules/items/item.service.js';
import { createScanRecorder } from '../modules/scans/record-scans.js';
import { recordScans } from '../modules/scans/scan.service.js';
import { loadSiteDirectory, upsertUnits } from '../modules/units/unit.service.js';
import { setWorkCalendar } from '../modules/units/work-calendar.repository.js';
import { SEED_CENTRE_CALENDAR } from '../domain/work-order-clock.js';
import { DEFAULT_FIRST_SERIAL, type GenerateOptions, type ScanLine, generateItems, generateScanLines } from '../simulation/generate-scans.js';
import { localDateOf, localDayBounds } from '../domain/local-day.js';
import { buildProvinceUnits } from '../simulation/province-units.js';
import type { PersonalDataCipher } from '../domain/personal-data.js';
import { seedDemoPrograms } from './seed-programs.js';
import { seedDemoStatements } from './seed-statements.js';
import { seedDemoWeeklyReports } from './seed-weekly-reports.js';
import { seedDemoWorkOrders } from './seed-work-orders.js';
import type { SmsConfig } from '../config.js';

export const DEMO_PROVINCE = '420000';
/** Items accepted over the whole local days before today, and over today until the demo starts. */
const DEMO_ITEMS = 2000;
const DEMO_TODAY_ITEMS = 120;
const DEMO_DAYS = 3;
const DEMO_SEED = 20_260_101;
const BATCH = 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The demo's traffic, relative to the local day of `now` (docs/decisions/0018-demo-day-and-test-clock.md):
 * the three whole local days before today and today up to `now`, accepted in the counters' hours;
 * and, so that today is never empty whatever the hour, a smaller stream accepted since local midnight
 * (over the counters' hours once they have opened, through the night before that). Scans stop at
 * `now`, so the most recent items are still on their way.
 */
export function demoTraffic(now: number, timeZone: string): GenerateOptions[] {
  const midnight = localDayBounds(localDateOf(now, timeZone), timeZone).startMs;
  const start = midnight - DEMO_DAYS * DAY_MS;
  // A few dropped scans, stalled items and late uploads, so the demo has break-points to look at.
  const faults = { dropRate: 0.03, silenceRate: 0.05, lateRate: 0.05 };
  const traffic: GenerateOptions[] = [{ seed: DEMO_SEED, items: DEMO_ITEMS, startMs: start, days: (now - start) / DAY_MS, ...faults }];
  if (now > midnight) {
    const firstSerial = DEFAULT_FIRST_SERIAL + DEMO_ITEMS;
    traffic.push({ seed: DEMO_SEED + 1, items: DEMO_TODAY_ITEMS, startMs: midnight, days: (now - midnight) / DAY_MS, firstSerial, ...faults });
  }
  return traffic;
}

/**
 * Fills an empty database with 湖北省's postal network and a few days of realistic traffic. A database
 * that has any unit or item is left alone. Each step goes through the same services as the API.
 */
export interface DemoOptions {
  now: number;
  silence: SilenceRules;
  cipher: PersonalDataCipher;
  publicUrl: string;
  timeZone: string;
  sms: SmsConfig;
}

export async function seedDemo(store: DbHandle, options: DemoOptions): Promise<{ seeded: boolean; summary: string }> {
  const { now } = options;
  if (await hasUnitsOrItems(store)) return { seeded: false, summary: 'the database already has units or items' };

  const units = buildProvinceUnits(DEMO_PROVINCE);
  const unitResults = await upsertUnits(store.db, units, now);
  failOnErrors('unit', unitResults);
  // The province's centre answers the customer-service line 08:00–24:00 (its work orders' deadlines run then).
  const centre = units.find((u) => u.kind === 'processing_centre' && u.parentCode === undefined)!;
  await setWorkCalendar(store.db, centre.code, JSON.stringify(SEED_CENTRE_CALENDAR), now);
  const sites = await loadSiteDirectory(store.db);

  const traffic = demoTraffic(now, options.timeZone);
  const items = traffic.flatMap((generate) =>
    [...generateItems(units, generate)].map(({ trackingNo, originUnit, destination, weightGrams }) => ({ trackingNo, originUnit, destination, weightGrams })),
  );
  for (let i = 0; i < items.length; i += BATCH) {
    failOnErrors('item', await registerItems({ db: store.db, isKnownUnit: (code) => sites.has(code) }, items.slice(i, i + BATCH), now));
  }

  const recorder = createScanRecorder(store, options.silence);
  let scans = 0;
  let programs = '';
  try {
    let batch: ScanLine[] = [];
    const flush = async () => {
      const result = await recordScans({ recorder, sites }, batch, now);
      if (result.rejected.length > 0) throw new Error(`demo scans rejected: ${JSON.stringify(result.rejected.slice(0, 3))}`);
      scans += result.accepted;
      batch = [];
    };
    for (const generate of traffic) {
      for (const line of generateScanLines(units, generate)) {
        batch.push(line);
        if (batch.length === BATCH) await flush();
      }
    }
    if (batch.length > 0) await flush();
    programs = await seedDemoPrograms({ store, cipher: options.cipher, recorder, sites, publicUrl: options.publicUrl, timeZone: options.timeZone }, now);
  } finally {
    await recorder.close();
  }

  const statements = await seedDemoStatements(store, now, options.timeZone);
  const workOrders = await seedDemoWorkOrders({ store, cipher: options.cipher, sms: options.sms, timeZone: options.timeZone, centre: centre.code }, now);
  // Last: the reports count the work orders and statements' items above.
  const weeklyReports = await seedDemoWeeklyReports(store, now, options.timeZone, DEMO_PROVINCE);

  const province = findDivision(DEMO_PROVINCE)?.name ?? DEMO_PROVINCE;
  return { seeded: true, summary: `${units.length} units of ${province}, ${items.length} items, ${scans} scans; ${programs}; ${workOrders}; ${statements}; ${weeklyReports}` };
}

// No service answers "is there anything at all?", and listing everything to find out would be
// wasteful on a big database: two existence checks, read-only.
async function hasUnitsOrItems(store: DbHandle): Promise<boolean> {
  const unit = await store.db.selectFrom('units').select('code').limit(1).executeTakeFirst();
  if (unit) return true;
  const item = await store.db.selectFrom('items').select('tracking_no').limit(1).executeTakeFirst();
  return item !== undefined;
}

/** The demo data is generated to be valid: a rejected element is a bug, so stop loudly. */
function failOnErrors(kind: string, results: readonly ({ index: number } & ({ error: string } | object))[]): void {
  const failed = results.filter((r) => 'error' in r);
  if (failed.length > 0) throw new Error(`demo ${kind}s rejected: ${JSON.stringify(failed.slice(0, 3))}`);
}
