import { type Selectable, sql } from 'kysely';
import type { Db } from '../../db/database.js';
import { isPostgres } from '../../db/dialect.js';
import type { DbHandle } from '../../db/open-db.js';
import { withWriteTransaction } from '../../db/write-transaction.js';
import { formatLocalDate, localDateOf } from '../../domain/local-day.js';
import type { WorkOrderFigureDayTable, WorkOrderResolveTimeTable } from './work-order-figure-days.table.js';

/**
 * The work-order figures kept per local day of creation (decision 0045). Each order contributes to one
 * row per grouping — its type, unit, program, channel, and `all` — of the day it was created, as it stands
 * now: every write of an order (work-order.repository.ts) moves its contribution, in its transaction, from
 * what it was to what it is. A period's figures are then the sums of its days' rows, and its median of
 * hours to resolve is found from the rows' counts per ten minutes and the exact times of the middle ten
 * minutes alone. The rule of what an order counts for is `contributionOf`, used by the writes and by the
 * first computation of a time zone's days alike.
 */

export const FIGURE_GROUPINGS = ['type', 'unit', 'program', 'channel', 'all'] as const;
export type FigureGrouping = (typeof FIGURE_GROUPINGS)[number];

/** The width of the buckets the times to resolve are counted in. */
export const BUCKET_MS = 600_000;

const FINISHED = new Set(['resolved', 'closed']);

/** The columns of an order its figures are made of. */
export const FIGURE_ORDER_COLUMNS = [
  'id',
  'created_at',
  'type',
  'unit',
  'program_code',
  'channel',
  'status',
  'first_response_due_at',
  'first_response_done_at',
  'resolution_due_at',
  'resolution_done_at',
  'resolved_at',
  'reopen_count',
  'satisfaction',
] as const;
type Num = number | string;
export interface FigureOrder {
  id: Num;
  created_at: Num;
  type: string;
  unit: string;
  program_code: string | null;
  channel: string;
  status: string;
  first_response_due_at: Num;
  first_response_done_at: Num | null;
  resolution_due_at: Num;
  resolution_done_at: Num | null;
  resolved_at: Num | null;
  reopen_count: Num;
  satisfaction: Num | null;
}

/** What the figures count of a set of orders; one order's contribution is a set of one. */
export interface FigureSums {
  created: number;
  /** Resolved or closed now. */
  resolved: number;
  /** Answered at least once (a reply or a resolve). */
  responded: number;
  respondedOnTime: number;
  /** Resolved or closed now, the last resolution by its deadline. */
  resolvedOnTime: number;
  everResolved: number;
  reopened: number;
  rated: number;
  satisfactionSum: number;
  complaints: number;
}

const SUM_KEYS = ['created', 'resolved', 'responded', 'respondedOnTime', 'resolvedOnTime', 'everResolved', 'reopened', 'rated', 'satisfactionSum', 'complaints'] as const;
const SUM_COLUMNS: Record<(typeof SUM_KEYS)[number], keyof FigureDayRow> = {
  created: 'created',
  resolved: 'resolved',
  responded: 'responded',
  respondedOnTime: 'responded_on_time',
  resolvedOnTime: 'resolved_on_time',
  everResolved: 'ever_resolved',
  reopened: 'reopened',
  rated: 'rated',
  satisfactionSum: 'satisfaction_sum',
  complaints: 'complaints',
};

export const emptySums = (): FigureSums => ({ created: 0, resolved: 0, responded: 0, respondedOnTime: 0, resolvedOnTime: 0, everResolved: 0, reopened: 0, rated: 0, satisfactionSum: 0, complaints: 0 });

export function addSums(into: FigureSums, add: FigureSums, sign = 1): FigureSums {
  for (const k of SUM_KEYS) into[k] += sign * add[k];
  return into;
}

/** An order's contribution: its sums, and its time to resolve (ms, creation to the last resolution) when resolved or closed. */
export interface Contribution {
  sums: FigureSums;
  resolveMs: number | null;
}

const num = (v: Num | null) => (v === null ? null : Number(v));

/** What one order counts for in the figures, as it stands. */
export function contributionOf(o: FigureOrder): Contribution {
  const finished = FINISHED.has(o.status);
  const responseDone = num(o.first_response_done_at);
  const resolutionDone = num(o.resolution_done_at);
  const resolvedAt = num(o.resolved_at);
  const satisfaction = num(o.satisfaction);
  return {
    sums: {
      created: 1,
      resolved: finished ? 1 : 0,
      responded: responseDone === null ? 0 : 1,
      respondedOnTime: responseDone !== null && responseDone <= Number(o.first_response_due_at) ? 1 : 0,
      resolvedOnTime: finished && resolutionDone !== null && resolutionDone <= Number(o.resolution_due_at) ? 1 : 0,
      everResolved: resolvedAt === null ? 0 : 1,
      reopened: Number(o.reopen_count) > 0 ? 1 : 0,
      rated: satisfaction === null ? 0 : 1,
      satisfactionSum: satisfaction ?? 0,
      complaints: o.type === 'complaint' ? 1 : 0,
    },
    resolveMs: finished && resolvedAt !== null ? resolvedAt - Number(o.created_at) : null,
  };
}

/** The group an order is in under a grouping ('' for an order of no program, and under `all`). */
export function groupOf(o: FigureOrder, grouping: FigureGrouping): string {
  switch (grouping) {
    case 'type':
      return o.type;
    case 'unit':
      return o.unit;
    case 'program':
      return o.program_code ?? '';
    case 'channel':
      return o.channel;
    case 'all':
      return '';
  }
}

const bucketOf = (ms: number) => Math.floor(ms / BUCKET_MS);

type FigureDayRow = Selectable<WorkOrderFigureDayTable>;

/** Sums and bucket counts gathered for one stored row. */
interface DayChange {
  grouping: FigureGrouping;
  day: string;
  grp: string;
  sums: FigureSums;
  buckets: Map<number, number>;
}

/** A resolved order's row of `work_order_resolve_times` (without the zone). */
type ResolveTime = Omit<WorkOrderResolveTimeTable, 'time_zone'>;

const localDay = (o: FigureOrder, timeZone: string) => formatLocalDate(localDateOf(Number(o.created_at), timeZone));

/** The order's row of times to resolve in a zone; undefined when it is not resolved now. */
function resolveTimeOf(o: FigureOrder, c: Contribution, timeZone: string): ResolveTime | undefined {
  if (c.resolveMs === null) return undefined;
  return { bucket: bucketOf(c.resolveMs), day: localDay(o, timeZone), order_id: Number(o.id), ms: c.resolveMs, type: o.type, unit: o.unit, program: o.program_code ?? '', channel: o.channel };
}

const sameResolveTime = (a: ResolveTime | undefined, b: ResolveTime | undefined) =>
  a === b || (a !== undefined && b !== undefined && (Object.keys(a) as (keyof ResolveTime)[]).every((k) => a[k] === b[k]));

/** Adds an order's contribution (sign 1) or takes it away (-1) from the gathered changes of a time zone. */
function gather(changes: Map<string, DayChange>, o: FigureOrder, c: Contribution, timeZone: string, sign: 1 | -1, only?: ReadonlySet<FigureGrouping>): void {
  const day = localDay(o, timeZone);
  for (const grouping of FIGURE_GROUPINGS) {
    if (only && !only.has(grouping)) continue;
    const grp = groupOf(o, grouping);
    const key = `${grouping}\u0000${day}\u0000${grp}`;
    let change = changes.get(key);
    if (!change) changes.set(key, (change = { grouping, day, grp, sums: emptySums(), buckets: new Map() }));
    addSums(change.sums, c.sums, sign);
    if (c.resolveMs !== null) {
      const bucket = bucketOf(c.resolveMs);
      change.buckets.set(bucket, (change.buckets.get(bucket) ?? 0) + sign);
    }
  }
}

const sameSums = (a: FigureSums, b: FigureSums) => SUM_KEYS.every((k) => a[k] === b[k]);

/**
 * The time zones whose days are stored. On PostgreSQL the table is locked in share mode for the rest of
 * the transaction, so a zone's first computation (which locks it exclusively) does not miss this write.
 */
async function storedZones(trx: Db): Promise<string[]> {
  if (isPostgres(trx)) await sql`lock table work_order_figure_zones in share mode`.execute(trx);
  const rows = await trx.selectFrom('work_order_figure_zones').select('time_zone').execute();
  return rows.map((r) => r.time_zone);
}

/**
 * Moves an order's contribution in the stored days from `before` (undefined for a new order) to
 * `after`, in the caller's transaction. Groupings whose group, day and contribution did not change are
 * left alone; an action that changes no figure writes nothing.
 */
export async function moveFigureContribution(trx: Db, before: FigureOrder | undefined, after: FigureOrder): Promise<void> {
  const b = before && contributionOf(before);
  const a = contributionOf(after);
  const changed = new Set(
    FIGURE_GROUPINGS.filter((g) => !before || !b || groupOf(before, g) !== groupOf(after, g) || Number(before.created_at) !== Number(after.created_at) || !sameSums(b.sums, a.sums) || b.resolveMs !== a.resolveMs),
  );
  if (changed.size === 0) return;
  for (const timeZone of await storedZones(trx)) {
    const changes = new Map<string, DayChange>();
    if (before && b) gather(changes, before, b, timeZone, -1, changed);
    gather(changes, after, a, timeZone, 1, changed);
    await applyDayChanges(trx, timeZone, [...changes.entries()].sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)).map(([, c]) => c));
    const was = before && b ? resolveTimeOf(before, b, timeZone) : undefined;
    const now = resolveTimeOf(after, a, timeZone);
    if (sameResolveTime(was, now)) continue;
    if (was) {
      await trx
        .deleteFrom('work_order_resolve_times')
        .where('time_zone', '=', timeZone)
        .where('bucket', '=', was.bucket)
        .where('day', '=', was.day)
        .where('order_id', '=', was.order_id)
        .execute();
    }
    if (now) await trx.insertInto('work_order_resolve_times').values({ ...now, time_zone: timeZone }).execute();
  }
}

/**
 * Adds the changes to their stored rows, in key order: each row is made if missing (an empty one, which
 * on PostgreSQL waits for another transaction adding the same), read (locked on PostgreSQL), and written
 * back; a row no order counts in any more is deleted.
 */
async function applyDayChanges(trx: Db, timeZone: string, changes: readonly DayChange[]): Promise<void> {
  const pg = isPostgres(trx);
  for (const c of changes) {
    if (SUM_KEYS.every((k) => c.sums[k] === 0) && [...c.buckets.values()].every((n) => n === 0)) continue;
    const key = { time_zone: timeZone, grouping: c.grouping, day: c.day, grp: c.grp };
    await trx
      .insertInto('work_order_figure_days')
      .values({ ...key, ...rowOfSums(emptySums()), resolve_buckets: NO_BUCKETS })
      .onConflict((oc) => oc.columns(['time_zone', 'grouping', 'day', 'grp']).doNothing())
      .execute();
    const q = trx.selectFrom('work_order_figure_days').selectAll().where('time_zone', '=', timeZone).where('grouping', '=', c.grouping).where('day', '=', c.day).where('grp', '=', c.grp);
    const stored = (pg ? await q.forUpdate().executeTakeFirstOrThrow() : await q.executeTakeFirstOrThrow()) as FigureDayRow;
    const sums = addSums(sumsOfRow(stored), c.sums);
    const buckets = bucketsOfRow(stored);
    for (const [bucket, n] of c.buckets) buckets.set(bucket, (buckets.get(bucket) ?? 0) + n);
    const row = trx.updateTable('work_order_figure_days').where('time_zone', '=', timeZone).where('grouping', '=', c.grouping).where('day', '=', c.day).where('grp', '=', c.grp);
    if (sums.created === 0) await trx.deleteFrom('work_order_figure_days').where('time_zone', '=', timeZone).where('grouping', '=', c.grouping).where('day', '=', c.day).where('grp', '=', c.grp).execute();
    else await row.set({ ...rowOfSums(sums), resolve_buckets: bucketsBytes(buckets) }).execute();
  }
}

function sumsOfRow(r: FigureDayRow): FigureSums {
  const out = emptySums();
  for (const k of SUM_KEYS) out[k] = Number(r[SUM_COLUMNS[k]]);
  return out;
}

function rowOfSums(s: FigureSums) {
  return {
    created: s.created,
    resolved: s.resolved,
    responded: s.responded,
    responded_on_time: s.respondedOnTime,
    resolved_on_time: s.resolvedOnTime,
    ever_resolved: s.everResolved,
    reopened: s.reopened,
    rated: s.rated,
    satisfaction_sum: s.satisfactionSum,
    complaints: s.complaints,
  };
}

function bucketsOfRow(r: { resolve_buckets: Uint8Array }): Map<number, number> {
  const out = new Map<number, number>();
  addBuckets(out, r.resolve_buckets);
  return out;
}

/**
 * Adds a row's counts per bucket into `into`. Stored as pairs of little-endian 32-bit integers
 * (bucket, orders), by bucket: a month of a province's units is 6,700 rows of them, read with no parsing.
 */
function addBuckets(into: Map<number, number>, bytes: Uint8Array): void {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 0; i + 8 <= bytes.byteLength; i += 8) {
    const bucket = view.getInt32(i, true);
    into.set(bucket, (into.get(bucket) ?? 0) + view.getInt32(i + 4, true));
  }
}

const NO_BUCKETS = new Uint8Array(0);

function bucketsBytes(buckets: Map<number, number>): Uint8Array {
  const pairs = [...buckets].filter(([, n]) => n !== 0).sort((a, b) => a[0] - b[0]);
  const out = new Uint8Array(pairs.length * 8);
  const view = new DataView(out.buffer);
  pairs.forEach(([bucket, n], i) => {
    view.setInt32(i * 8, bucket, true);
    view.setInt32(i * 8 + 4, n, true);
  });
  return out;
}

/** Orders read per query when a time zone's days are computed in full. */
const BUILD_CHUNK = 20_000;
/** Rows per insert statement (9 columns: under SQLite's 32,766 parameters). */
const INSERT_CHUNK = 3_000;

/**
 * Makes sure the days of `timeZone` are stored: the first time, every order's contribution is computed
 * and stored in one write transaction, and the zone recorded, so later writes keep them. On PostgreSQL
 * the zones table is locked exclusively meanwhile: the writes of orders wait, and none is missed.
 */
export async function ensureFigureDays(store: DbHandle, timeZone: string): Promise<void> {
  const known = await store.db.selectFrom('work_order_figure_zones').select('time_zone').where('time_zone', '=', timeZone).executeTakeFirst();
  if (known) return;
  await withWriteTransaction(store, async (trx) => {
    if (store.dialect === 'postgres') await sql`lock table work_order_figure_zones in exclusive mode`.execute(trx);
    const again = await trx.selectFrom('work_order_figure_zones').select('time_zone').where('time_zone', '=', timeZone).executeTakeFirst();
    if (again) return;
    const changes = new Map<string, DayChange>();
    const times: ResolveTime[] = [];
    let after = -1;
    for (;;) {
      const orders = (await trx.selectFrom('work_orders').select([...FIGURE_ORDER_COLUMNS]).where('id', '>', after).orderBy('id').limit(BUILD_CHUNK).execute()) as FigureOrder[];
      if (orders.length === 0) break;
      for (const o of orders) {
        const c = contributionOf(o);
        gather(changes, o, c, timeZone, 1);
        const time = resolveTimeOf(o, c, timeZone);
        if (time) times.push(time);
      }
      after = Number(orders.at(-1)!.id);
    }
    // In key order: the index is then written from one end to the other, not page by page at random.
    times.sort((x, y) => x.bucket - y.bucket || (x.day < y.day ? -1 : x.day > y.day ? 1 : x.order_id - y.order_id));
    for (let i = 0; i < times.length; i += INSERT_CHUNK) {
      await trx
        .insertInto('work_order_resolve_times')
        .values(times.slice(i, i + INSERT_CHUNK).map((t) => ({ ...t, time_zone: timeZone })))
        .execute();
    }
    const rows = [...changes.values()].map((c) => ({ time_zone: timeZone, grouping: c.grouping, day: c.day, grp: c.grp, ...rowOfSums(c.sums), resolve_buckets: bucketsBytes(c.buckets) }));
    for (let i = 0; i < rows.length; i += 1_000) await trx.insertInto('work_order_figure_days').values(rows.slice(i, i + 1_000)).execute();
    await trx.insertInto('work_order_figure_zones').values({ time_zone: timeZone }).execute();
  });
}

/** A group's sums over a period and its counts of times to resolve per bucket. */
export interface PeriodGroup {
  group: string;
  sums: FigureSums;
  buckets: Map<number, number>;
}

/** The stored days from..to (local, inclusive) of a grouping, summed per group. */
export async function readFigurePeriod(db: Db, timeZone: string, grouping: FigureGrouping, from: string, to: string): Promise<PeriodGroup[]> {
  const rows = (await db
    .selectFrom('work_order_figure_days')
    .selectAll()
    .where('time_zone', '=', timeZone)
    .where('grouping', '=', grouping)
    .where('day', '>=', from)
    .where('day', '<=', to)
    .execute()) as FigureDayRow[];
  const groups = new Map<string, PeriodGroup>();
  for (const r of rows) {
    let g = groups.get(r.grp);
    if (!g) groups.set(r.grp, (g = { group: r.grp, sums: emptySums(), buckets: new Map() }));
    addSums(g.sums, sumsOfRow(r));
    addBuckets(g.buckets, r.resolve_buckets);
  }
  return [...groups.values()];
}

const HOUR_MS = 3_600_000;

/** The column of `work_order_resolve_times` that holds a grouping's group (none for `all`). */
const RESOLVE_GROUP_COLUMN = { type: 'type', unit: 'unit', program: 'program', channel: 'channel', all: undefined } as const;

/**
 * The median hours to resolve of each group over the period (by group; null when none is resolved):
 * the bucket(s) holding each group's middle rank(s) are found from the counts, then the exact times of
 * those buckets alone are read, in one query for all the groups, and kept by group and bucket, in order.
 * The middle one, or the mean of the two middle ones of an even count (PostgreSQL's
 * percentile_cont(0.5)).
 */
export async function medianHoursOf(db: Db, timeZone: string, grouping: FigureGrouping, groups: readonly PeriodGroup[], from: string, to: string): Promise<Map<string, number | null>> {
  const wanted = groups.map((g) => ({ group: g.group, at: middles(g.buckets) }));
  const buckets = [...new Set(wanted.flatMap((w) => w.at.map((a) => a.bucket)))];
  const column = RESOLVE_GROUP_COLUMN[grouping];
  const byKey = new Map<string, number[]>();
  for (let i = 0; i < buckets.length; i += 500) {
    const rows = await db
      .selectFrom('work_order_resolve_times')
      .select(['bucket', 'ms', ...(column ? [column] : [])] as ['bucket', 'ms'])
      .where('time_zone', '=', timeZone)
      .where('bucket', 'in', buckets.slice(i, i + 500))
      .where('day', '>=', from)
      .where('day', '<=', to)
      .execute();
    for (const r of rows) {
      const key = `${column ? (r as Record<string, unknown>)[column] : ''}\u0000${r.bucket}`;
      const list = byKey.get(key);
      if (list) list.push(Number(r.ms));
      else byKey.set(key, [Number(r.ms)]);
    }
  }
  for (const list of byKey.values()) list.sort((a, b) => a - b);
  const out = new Map<string, number | null>();
  for (const w of wanted) {
    if (w.at.length === 0) {
      out.set(w.group, null);
      continue;
    }
    const values = w.at.map(({ bucket, offset }) => {
      const v = byKey.get(`${w.group}\u0000${bucket}`)?.[offset];
      if (v === undefined) throw new Error(`work-order figures: bucket ${bucket} of ${grouping} '${w.group}' holds fewer times than counted`);
      return v;
    });
    out.set(w.group, values.reduce((x, y) => x + y, 0) / values.length / HOUR_MS);
  }
  return out;
}

/** Where the middle rank(s) of the counts per bucket fall: the bucket, and the 0-based rank within it. */
function middles(counts: Map<number, number>): { bucket: number; offset: number }[] {
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  if (total === 0) return [];
  const ranks = [...new Set([Math.floor((total + 1) / 2), Math.floor((total + 2) / 2)])];
  const sorted = [...counts].filter(([, n]) => n > 0).sort((a, b) => a[0] - b[0]);
  return ranks.map((rank) => {
    let before = 0;
    for (const [bucket, n] of sorted) {
      if (before + n >= rank) return { bucket, offset: rank - before - 1 };
      before += n;
    }
    throw new Error('a middle rank beyond the counts');
  });
}
