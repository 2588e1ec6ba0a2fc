// GET /reports/work-orders: every figure equals a recomputation, here, from the orders the test stored.
import { expect, it } from 'vitest';
import { withWriteTransaction } from '../../src/db/write-transaction.js';
import { formatLocalDate, localDateOf } from '../../src/domain/local-day.js';
import { WORK_ORDER_TYPES } from '../../src/domain/work-order-clock.js';
import { insertWorkOrder } from '../../src/modules/work-orders/work-order.repository.js';
import { WORK_ORDER_CHANNELS } from '../../src/modules/work-orders/work-order.table.js';
import { FIXED_NOW, HOUR, createSite, newTestApp, newTrackingNo, postScansInBatches, shanghai } from '../factories.js';
import { describeEachDialect } from '../test-db.js';

const DAY = 24 * HOUR;
const STATUSES = ['new', 'assigned', 'in_progress', 'waiting_customer', 'resolved', 'closed'] as const;
const UNITS = ['WOU1', 'WOU2', 'WOU3'];
const PROGRAMS = ['P-A', 'P-B', null];

/** A small seeded generator, so a failure can be replayed. */
function random(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

interface Stored {
  type: string;
  channel: string;
  unit: string;
  program: string | null;
  status: string;
  created: number;
  firstDue: number;
  firstDone: number | null;
  resolutionDue: number;
  resolvedAt: number | null;
  reopens: number;
  satisfaction: number | null;
}

function recompute(orders: Stored[], items: number) {
  const finished = orders.filter((o) => o.status === 'resolved' || o.status === 'closed');
  const responded = orders.filter((o) => o.firstDone !== null);
  const everResolved = orders.filter((o) => o.resolvedAt !== null);
  const rated = orders.filter((o) => o.satisfaction !== null);
  const hours = finished.map((o) => (o.resolvedAt! - o.created) / HOUR).sort((a, b) => a - b);
  const mid = hours.length / 2;
  const share = (a: number, b: number) => (b === 0 ? null : a / b);
  return {
    created: orders.length,
    resolved: finished.length,
    resolutionRate: share(finished.length, orders.length),
    firstResponseOnTime: share(responded.filter((o) => o.firstDone! <= o.firstDue).length, responded.length),
    resolutionOnTime: share(finished.filter((o) => o.resolvedAt! <= o.resolutionDue).length, finished.length),
    medianHoursToResolve: hours.length === 0 ? null : hours.length % 2 === 1 ? hours[Math.floor(mid)]! : (hours[mid - 1]! + hours[mid]!) / 2,
    reopenRate: share(everResolved.filter((o) => o.reopens > 0).length, everResolved.length),
    meanSatisfaction: share(rated.reduce((sum, o) => sum + o.satisfaction!, 0), rated.length),
    complaintsPer10kItems: items === 0 ? null : (orders.filter((o) => o.type === 'complaint').length * 10_000) / items,
  };
}

describeEachDialect('work-order figures', (ctx) => {
  it('answers per type, unit, program and channel exactly what the stored orders give, and leaves out orders of other days', async () => {
    const t = await newTestApp(ctx);
    const site = await createSite(t, { kind: 'counter' });
    const mailed = Array.from({ length: 7 }, () => ({ trackingNo: newTrackingNo(), code: 'ACCEPTED', at: shanghai(FIXED_NOW - HOUR), site }));
    await postScansInBatches(t, mailed);

    const next = random(20261204);
    const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)]!;
    const start = FIXED_NOW - 2 * DAY;
    const orders: Stored[] = [];
    for (let i = 0; i < 60; i++) {
      const created = start + Math.floor(next() * 2 * DAY);
      const status = pick(STATUSES);
      const done = status === 'resolved' || status === 'closed';
      const firstDone = status === 'new' ? null : created + Math.floor(next() * 3 * HOUR);
      // Some orders resolved once and reopened are open again, still with their resolved_at.
      const reopens = done ? (next() < 0.2 ? 1 : 0) : status === 'in_progress' && next() < 0.5 ? 1 : 0;
      orders.push({
        type: pick(WORK_ORDER_TYPES),
        channel: pick(WORK_ORDER_CHANNELS),
        unit: pick(UNITS),
        program: pick(PROGRAMS),
        status,
        created,
        firstDue: created + 2 * HOUR,
        firstDone,
        resolutionDue: created + 24 * HOUR,
        resolvedAt: done || reopens > 0 ? created + Math.floor(next() * 48 * HOUR) + 1 : null,
        reopens,
        satisfaction: done && next() < 0.6 ? 1 + Math.floor(next() * 5) : null,
      });
    }
    // Before the period: never counted.
    const early = { ...orders[0]!, created: start - 10 * DAY };
    let n = 0;
    for (const o of [...orders, early]) {
      const number = `WO${String(900_000 + ++n)}`;
      await withWriteTransaction(ctx.handle, (trx) =>
        insertWorkOrder(
          trx,
          {
            number,
            type: o.type,
            channel: o.channel,
            status: o.status,
            priority: 'normal',
            program_code: o.program,
            description: 'figures',
            unit: o.unit,
            created_by_kind: 'staff',
            created_by: 'user:alice',
            first_response_due_at: o.firstDue,
            first_response_done_at: o.firstDone,
            resolution_due_at: o.resolutionDue,
            resolution_done_at: o.status === 'resolved' || o.status === 'closed' ? o.resolvedAt : null,
            resolved_at: o.resolvedAt,
            reopen_count: o.reopens,
            satisfaction: o.satisfaction,
            next_due_at: o.firstDue,
            created_at: o.created,
            updated_at: o.created,
          },
          { at: o.created, action: 'create', actor_kind: 'staff', actor: 'user:alice', from_status: null, to_status: 'new', responds: 0 },
        ),
      );
    }

    const from = formatLocalDate(localDateOf(start, t.config.timeZone));
    const to = formatLocalDate(localDateOf(FIXED_NOW, t.config.timeZone));
    const inPeriod = orders.filter((o) => formatLocalDate(localDateOf(o.created, t.config.timeZone)) >= from);
    const keyOf = { type: (o: Stored) => o.type, unit: (o: Stored) => o.unit, program: (o: Stored) => o.program ?? '', channel: (o: Stored) => o.channel };
    for (const groupBy of ['type', 'unit', 'program', 'channel'] as const) {
      const res = await t.request('GET', `/api/v1/reports/work-orders?from=${from}&to=${to}&groupBy=${groupBy}`, { role: 'viewer' });
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json();
      // The items scanned in are of no program and no delivery office: the program row '' counts them, no unit's row does.
      const itemsOf = (group: string) => (groupBy === 'unit' ? 0 : groupBy === 'program' && group !== '' ? 0 : mailed.length);
      const groups = [...new Set(inPeriod.map(keyOf[groupBy]))].sort();
      const expected = groups.map((group) => ({ group, ...recompute(inPeriod.filter((o) => keyOf[groupBy](o) === group), itemsOf(group)) }));
      expect(body.rows.map((r: { group: string }) => r.group)).toEqual(groups);
      for (const [i, row] of body.rows.entries()) {
        for (const [key, value] of Object.entries(expected[i]!)) {
          if (typeof value === 'number') expect(row[key], `${groupBy} ${row.group} ${key}`).toBeCloseTo(value, 9);
          else expect(row[key], `${groupBy} ${row.group} ${key}`).toBe(value);
        }
      }
      // Each row's created and resolved are the lengths of the lists its links open (noProgram=yes for the orders of no program).
      for (const row of body.rows as { group: string; created: number; resolved: number }[]) {
        const filter = groupBy === 'program' && row.group === '' ? 'noProgram=yes' : `${groupBy}=${row.group}`;
        const list = async (extra: string) => {
          const page = await t.request('GET', `/api/v1/work-orders?from=${from}&to=${to}&${filter}${extra}&limit=500`, { role: 'viewer' });
          expect(page.statusCode, page.body).toBe(200);
          return (page.json() as { rows: unknown[] }).rows.length;
        };
        expect(await list(''), `${groupBy} ${row.group} list`).toBe(row.created);
        expect(await list('&status=resolved,closed'), `${groupBy} ${row.group} resolved list`).toBe(row.resolved);
      }
      const total = recompute(inPeriod, mailed.length);
      for (const [key, value] of Object.entries(total)) {
        if (typeof value === 'number') expect(body.total[key], `total ${key}`).toBeCloseTo(value, 9);
        else expect(body.total[key], `total ${key}`).toBe(value);
      }
    }
  });

  it('names the field of a bad period and closes the route to partners', async () => {
    const t = await newTestApp(ctx);
    const res = await t.request('GET', '/api/v1/reports/work-orders?from=2026-12-05&to=2026-12-01');
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('to');
    const bad = await t.request('GET', '/api/v1/reports/work-orders?groupBy=assignee');
    expect(bad.statusCode).toBe(400);
  });
});
