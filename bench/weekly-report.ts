/**
 * A province's weekly report (decision 0047) at 1,000,000 items a week, end to end through the API
 * (`app.inject`: validation and serialisation count, the network does not), on a fresh SQLite store:
 * the province's JSON report cold (its first request brings the overview's day summaries of both weeks
 * up to date, as the first request of a live server would) and warm, the program's JSON report, and
 * the XLSX and PDF read to the end when the routes exist (`/api/openapi.json` says; otherwise skipped).
 *
 * The store, written directly in one transaction: 湖北 (420000) with twelve cities and ten delivery
 * offices in each (in the city's real counties), one program with an SLA of 5 days and an activation
 * bank, `--items` items registered in ISO week 2026-W48 (Asia/Shanghai) and a tenth as many in W47,
 * spread at random over the offices. Each item has its request (a few minutes before it) and its
 * scans, all at its office: ACCEPTED, OUT_FOR_DELIVERY, DELIVERED for 90.5 %; a DELIVERY_FAILED and
 * a second round before the delivery for 6 %; refused, RETURNED and delivered back for 1 %; ACCEPTED
 * only for 2 %; DELIVERED with no OUT_FOR_DELIVERY before it, an open MISSING_OUT_FOR_DELIVERY
 * blamed on the office, for 0.5 %. Three in four delivered items have a bank's activation result;
 * one item in 2,000 has a work order. The overview's day summaries are not written: the first report
 * computes them.
 *
 * The store is built in a process of its own and the figures are taken in another, started with the
 * heap settings `songda serve` starts with (decision 0031), so that a store built now and one reused
 * give the same figures: on Linux a process's peak RSS starts from its parent's RSS when it was
 * started, and building leaves ~340 MB resident. Each file is read in a process of its own, over a
 * local socket, as bench/reports.ts reads the statement's files.
 *
 *   npm run bench:weekly [-- --items 1000000] [--db FILE]
 *
 * With --db FILE the store is kept in FILE and reused by the next run (whatever --items says); each
 * run starts from no day summaries and no stored reports.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { buildApp } from '../src/app.js';
import { readFileOverSocket } from './lib/socket-file.js';
import { HEAP_FLAGS } from '../src/cli/heap-flags.js';
import { loadConfig } from '../src/config.js';
import type { Db } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { openSqlite, openSqliteConnection } from '../src/db/open-db.js';
import { findDivision, listDivisions } from '../src/domain/divisions.js';
import { addWeeks, parseIsoWeek, weekDays } from '../src/domain/iso-week.js';
import { localDayBounds } from '../src/domain/local-day.js';
import { formatS10 } from '../src/domain/s10.js';
import { createApiToken } from '../src/modules/auth/api-token.service.js';
import { upsertPartner } from '../src/modules/programs/partner.repository.js';
import { upsertProgram } from '../src/modules/programs/program.repository.js';
import { upsertUnit } from '../src/modules/units/unit.repository.js';
import { NO_DEADLINE } from '../src/modules/work-orders/work-order.table.js';

const { values } = parseArgs({ options: { items: { type: 'string', default: '1000000' }, db: { type: 'string' }, build: { type: 'boolean' }, measure: { type: 'boolean' }, file: { type: 'string' } } });
const ITEMS = Number(values.items);
const ZONE = 'Asia/Shanghai';
const WEEK = '2026-W48';
const PROVINCE = '420000';
const CITIES = ['420100', '420200', '420300', '420500', '420600', '420700', '420800', '420900', '421000', '421100', '421200', '421300'];
const OFFICES_PER_CITY = 10;
const PROGRAM = 'HB-VET';
const SPONSOR = 'HB-VA';
const BANK = 'BANK-HB';
// The Friday after the week: every item's scans (at most four days after it) are in, the SLA of most has run out.
const NOW = Date.parse('2026-12-04T12:00:00+08:00');
const HOUR = 3_600_000;
const DAY = 86_400_000;
const OFFSET_MIN = 480;

const rssMb = () => Math.round(process.resourceUsage().maxRSS / 1024);
const ms = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;

/** A week's first and end instants in the zone. */
function weekBounds(text: string, weeksBefore = 0): { startMs: number; endMs: number } {
  const days = weekDays(addWeeks(parseIsoWeek(text)!, -weeksBefore));
  return { startMs: localDayBounds(days[0]!, ZONE).startMs, endMs: localDayBounds(days[6]!, ZONE).endMs };
}

/** mulberry32: the same store from every run. */
function randomFrom(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

interface Office {
  code: string;
  county: string;
}

/** The province's delivery offices: ten per city, over the city's counties in turn. */
async function writeUnits(db: Db): Promise<Office[]> {
  const offices: Office[] = [];
  for (const city of CITIES) {
    const counties = listDivisions({ parentCode: city });
    if (!findDivision(city) || counties.length === 0) throw new Error(`${city}: not a city with counties`);
    for (let k = 0; k < OFFICES_PER_CITY; k++) {
      const county = counties[k % counties.length]!;
      const office = { code: `${county.code}${String(k + 1).padStart(2, '0')}`, county: county.code };
      await upsertUnit(
        db,
        {
          code: office.code,
          name: `${county.name}投递部${k + 1}`,
          kind: 'delivery_office',
          division_code: county.code,
          province_code: county.provinceCode,
          city_code: county.cityCode,
          parent_code: null,
          end_of_shift: null,
        },
        NOW,
      );
      offices.push(office);
    }
  }
  return offices;
}

type Fate = 'delivered' | 'failed' | 'returned' | 'accepted' | 'unprepared';
function fateOf(r: number): Fate {
  if (r < 0.005) return 'unprepared';
  if (r < 0.025) return 'accepted';
  if (r < 0.035) return 'returned';
  if (r < 0.095) return 'failed';
  return 'delivered';
}

type Scan = [code: string, at: number, reason: string | null];
const WORK_ORDER_MIX = ['enquiry', 'complaint', 'enquiry', 'redelivery', 'complaint', 'address_change', 'enquiry', 'loss_report', 'other', 'redelivery'];

async function buildStore(file: string): Promise<void> {
  const handle = openSqlite(file);
  await migrateToLatest(handle.db);
  const offices = await writeUnits(handle.db);
  await upsertPartner(handle.db, { code: SPONSOR, name: '湖北省退役军人事务厅', kind: 'agency', division_code: PROVINCE }, NOW);
  await upsertPartner(handle.db, { code: BANK, name: '中国建设银行湖北省分行', kind: 'bank', division_code: '420100' }, NOW);
  await upsertProgram(
    handle.db,
    {
      code: PROGRAM,
      name: '湖北省退役军人优待证寄递',
      document_type: '优待证',
      sponsor: SPONSOR,
      payer_mode: 'government',
      payer_shares: null,
      requirements: JSON.stringify({ recipientOnly: true, idCheck: true, activationBank: BANK }),
      sla_days: 5,
      work_order_policy: null,
    },
    NOW,
  );
  await handle.close();

  // A larger page cache than the server's: the indexes are written from a million rows.
  const sqlite = openSqliteConnection(file, { cacheMb: 256 });
  const item = sqlite.prepare(
    `INSERT INTO items (tracking_no, service_indicator, dest_division_code, source, status, created_at, delivered_at, last_event_code, last_event_at, last_event_site, last_event_id, program_code, delivery_office)
     VALUES (?, 'EA', ?, 'api', ?, ?, ?, ?, ?, ?, ?, '${PROGRAM}', ?)`,
  );
  const scan = sqlite.prepare(`INSERT INTO scan_events (id, tracking_no, code, at_ms, at_offset_min, site, reason, received_at) VALUES (?, ?, ?, ?, ${OFFSET_MIN}, ?, ?, ?)`);
  const request = sqlite.prepare(
    `INSERT INTO requests (id, program_code, source, name, phone_sealed, phone_hash, phone_masked, category, address, division_code, delivery_office, status, tracking_no, created_at, updated_at)
     VALUES (?, '${PROGRAM}', 'api', '张某某', 'sealed', ?, '138****0000', ?, '湖北省某某路1号', ?, ?, 'mailed', ?, ?, ?)`,
  );
  const breakpoint = sqlite.prepare(
    `INSERT INTO breakpoints (tracking_no, type, visit, responsible_unit, opened_at, closed_at, detail, updated_at) VALUES (?, 'MISSING_OUT_FOR_DELIVERY', 1, ?, ?, NULL, ?, ?)`,
  );
  const activation = sqlite.prepare(`INSERT INTO activation_results (tracking_no, result, at_ms, at_offset_min, recorded_by, created_at) VALUES (?, ?, ?, ${OFFSET_MIN}, 'bench', ?)`);
  const workOrder = sqlite.prepare(
    `INSERT INTO work_orders (number, type, channel, status, priority, tracking_no, program_code, description, unit, created_by_kind, created_by,
       first_response_due_at, first_response_done_at, resolution_due_at, resolution_done_at, next_due_at, outcome, resolved_at, closed_at, last_seq, created_at, updated_at)
     VALUES (?, ?, 'phone', ?, 'normal', ?, '${PROGRAM}', '来电询问', ?, 'staff', 'bench', ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)`,
  );

  const random = randomFrom(48);
  const between = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo));
  // The next local morning (the zone keeps +08:00 all year) at 08:00–10:00.
  const nextRound = (at: number) => Math.floor((at + OFFSET_MIN * 60_000) / DAY) * DAY - OFFSET_MIN * 60_000 + DAY + 8 * HOUR + between(0, 2 * HOUR);
  let serial = 10_000_000;
  let eventId = 0;
  let orders = 0;

  const writeItem = (createdAt: number) => {
    const trackingNo = formatS10('EA', serial++);
    const office = offices[Math.floor(random() * offices.length)]!;
    const fate = fateOf(random());
    const accepted = createdAt + between(HOUR / 2, 4 * HOUR);
    const round = nextRound(accepted);
    const scans: Scan[] = [['ACCEPTED', accepted, null]];
    if (fate === 'unprepared') scans.push(['DELIVERED', round + between(HOUR, 6 * HOUR), null]);
    else if (fate === 'delivered') scans.push(['OUT_FOR_DELIVERY', round, null], ['DELIVERED', round + between(HOUR, 6 * HOUR), null]);
    else if (fate === 'failed') {
      const again = nextRound(round);
      scans.push(['OUT_FOR_DELIVERY', round, null], ['DELIVERY_FAILED', round + between(HOUR, 5 * HOUR), 'RECIPIENT_ABSENT']);
      scans.push(['OUT_FOR_DELIVERY', again, null], ['DELIVERED', again + between(HOUR, 6 * HOUR), null]);
    } else if (fate === 'returned') {
      const back = nextRound(round) + HOUR;
      scans.push(['OUT_FOR_DELIVERY', round, null], ['DELIVERY_FAILED', round + between(HOUR, 5 * HOUR), 'REFUSED'], ['RETURNED', back, null]);
      scans.push(['OUT_FOR_DELIVERY', back + 2 * HOUR, null], ['DELIVERED', back + between(3 * HOUR, 6 * HOUR), null]);
    }
    const firstId = eventId + 1;
    for (const [code, at, reason] of scans) scan.run(++eventId, trackingNo, code, at, office.code, reason, at + 60_000);
    const [lastCode, lastAt] = scans.at(-1)!;
    const deliveredAt = scans.find(([code]) => code === 'DELIVERED')?.[1] ?? null;
    item.run(trackingNo, office.county, deliveredAt === null ? 'ACCEPTED' : 'DELIVERED', createdAt, deliveredAt, lastCode, lastAt, office.code, firstId + scans.length - 1, office.code);
    const asked = createdAt - between(5 * 60_000, 2 * HOUR);
    request.run(`00000000-0000-4000-8000-${serial.toString(16).padStart(12, '0')}`, `phone-${serial}`, random() < 0.1 ? 'combat_veteran' : 'ordinary', office.county, office.code, trackingNo, asked, createdAt);
    if (fate === 'unprepared') breakpoint.run(trackingNo, office.code, lastAt, `DELIVERED at ${office.code} without OUT_FOR_DELIVERY just before`, lastAt + 60_000);
    if (deliveredAt !== null && fate !== 'returned') {
      const r = random();
      if (r < 0.75) {
        const at = deliveredAt + between(HOUR / 2, 24 * HOUR);
        activation.run(trackingNo, r < 0.7 ? 'activated' : r < 0.73 ? 'declined' : 'deferred', at, at);
      }
    }
    if (serial % 2000 === 0) {
      const type = WORK_ORDER_MIX[orders % WORK_ORDER_MIX.length]!;
      const opened = accepted + between(2 * HOUR, 2 * DAY);
      const firstDue = opened + 2 * HOUR;
      const due = opened + DAY;
      // Four in five resolved, most of them in time; the rest still being worked on.
      const resolved = orders % 5 !== 4 ? opened + between(HOUR, orders % 7 === 0 ? 2 * DAY : 20 * HOUR) : null;
      const status = resolved === null ? 'in_progress' : orders % 3 === 0 ? 'closed' : 'resolved';
      const number = `WO20261123${String(++orders).padStart(6, '0')}`;
      workOrder.run(
        number, type, status, trackingNo, office.code,
        firstDue, opened + between(10 * 60_000, 3 * HOUR), due, resolved, resolved === null ? due : NO_DEADLINE,
        resolved === null ? null : 'done', resolved, status === 'closed' ? resolved! + HOUR : null, opened, resolved ?? opened,
      );
    }
  };

  const before = weekBounds(WEEK, 1);
  const week = weekBounds(WEEK);
  const earlier = Math.round(ITEMS / 10);
  sqlite.transaction(() => {
    for (let i = 0; i < earlier; i++) writeItem(before.startMs + Math.floor((i / earlier) * (before.endMs - before.startMs)));
    for (let i = 0; i < ITEMS; i++) writeItem(week.startMs + Math.floor((i / ITEMS) * (week.endMs - week.startMs)));
  })();
  sqlite.pragma('optimize');
  sqlite.close();
}

const reportUrl = (scope: string, kind = '') => `/api/v1/reports/weekly${kind}?week=${WEEK}&${scope}`;

/** The reports through the API, in this process (started with the server's heap settings). */
async function measure(file: string): Promise<void> {
  const handle = openSqlite(file);
  await migrateToLatest(handle.db);
  // Every run starts cold: the day summaries and stored reports of an earlier run on this store are removed.
  for (const table of ['overview_item_counts', 'overview_day_groups', 'overview_days', 'overview_state', 'weekly_reports'] as const) await handle.db.deleteFrom(table).execute();
  const { token } = await createApiToken(handle.db, 'admin', 'bench', NOW);
  const app = await buildApp({ config: loadConfig({ SONGDA_DB: `sqlite:${file}`, SONGDA_TZ: ZONE }), store: handle, clock: () => NOW, logger: false });
  const auth = { authorization: `Bearer ${token}` };
  console.log(`baseline peak RSS after opening the store: ${rssMb()} MB`);
  const step = async (name: string, url: string) => {
    const start = process.hrtime.bigint();
    const res = await app.inject({ method: 'GET', url, headers: auth });
    const took = ms(start);
    if (res.statusCode !== 200) throw new Error(`${name}: ${res.statusCode} ${res.body}`);
    console.log(`${name.padEnd(44)} ${Math.round(took).toLocaleString('en').padStart(9)} ms   peak RSS ${rssMb()} MB   ${(res.rawPayload.length / 1e3).toFixed(0)} kB`);
    return res.json() as { figures: Record<string, unknown>; previous: { mailed: number }; problemItemsTotal: number; byUnit: unknown[] };
  };

  const cold = await step('province JSON, cold (day summaries made)', reportUrl(`division=${PROVINCE}`));
  const f = cold.figures;
  console.log(
    `  mailed ${Number(f.mailed).toLocaleString('en')} (week before ${cold.previous.mailed.toLocaleString('en')}), delivered ${Number(f.delivered).toLocaleString('en')}, ` +
      `break-point rate ${(Number(f.breakpointRate) * 100).toFixed(2)} %, within SLA ${(Number(f.withinSlaRate) * 100).toFixed(1)} %, ${cold.byUnit.length} units, ${cold.problemItemsTotal.toLocaleString('en')} problem items`,
  );
  await step('province JSON, warm', reportUrl(`division=${PROVINCE}`));
  await step('program JSON', reportUrl(`program=${PROGRAM}`));

  const paths = Object.keys((await app.inject({ method: 'GET', url: '/api/openapi.json' })).json<{ paths: Record<string, unknown> }>().paths);
  await app.close();
  await handle.close();
  for (const kind of ['xlsx', 'pdf'] as const) {
    if (!paths.includes(`/api/v1/reports/weekly.${kind}`)) {
      console.log(`${`province ${kind.toUpperCase()}`.padEnd(44)} skipped: no /reports/weekly.${kind} route on this branch`);
      continue;
    }
    const child = spawnSync(process.execPath, [...HEAP_FLAGS, ...process.execArgv, fileURLToPath(import.meta.url), '--db', file, '--file', kind], { encoding: 'utf8' });
    if (child.status !== 0) throw new Error(`${kind}: ${child.stderr}`);
    process.stdout.write(child.stdout);
  }
}

/** One file of the province's report read to the end over a local socket, in this process: its time, size and peak RSS. */
async function readFile(file: string, kind: string): Promise<void> {
  const read = await readFileOverSocket(file, ZONE, NOW, reportUrl(`division=${PROVINCE}`, `.${kind}`));
  const name = `province ${kind.toUpperCase()} read to the end`;
  console.log(`${name.padEnd(44)} ${Math.round(read.ms).toLocaleString('en').padStart(9)} ms   peak RSS ${read.rssMb} MB (${read.rssBeforeMb} MB before it; its own process)   ${(read.bytes / 1e3).toFixed(0)} kB`);
}

async function main(): Promise<void> {
  const dir = values.db ? undefined : mkdtempSync(join(tmpdir(), 'songda-weekly-'));
  const file = values.db ?? join(dir!, 'store.db');
  try {
    const run = (args: string[]) => {
      const child = spawnSync(process.execPath, [...HEAP_FLAGS, ...process.execArgv, fileURLToPath(import.meta.url), '--db', file, ...args], { stdio: 'inherit' });
      if (child.status !== 0) throw new Error(`${args.join(' ')}: the process ended with ${child.status ?? child.signal}`);
    };
    if (!existsSync(file)) run(['--build', '--items', String(ITEMS)]);
    run(['--measure']);
  } finally {
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}

if (values.build) {
  const start = process.hrtime.bigint();
  await buildStore(values.db!);
  console.log(`store: ${ITEMS.toLocaleString('en')} items in ${WEEK} and ${Math.round(ITEMS / 10).toLocaleString('en')} the week before, with their scans and requests, in ${(ms(start) / 1000).toFixed(1)} s`);
} else if (values.file) await readFile(values.db!, values.file);
else if (values.measure) await measure(values.db!);
else await main();
