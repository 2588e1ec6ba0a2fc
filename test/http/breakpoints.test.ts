import { expect, it } from 'vitest';
import type { Db } from '../../src/db/database.js';
import type { BreakpointType } from '../../src/modules/breakpoints/breakpoint.table.js';
import { HOUR, MINUTE, type TestApp, createSite, newTestApp, newTrackingNo } from '../factories.js';
import { describeEachDialect } from '../test-db.js';

// Detection is tested with the scans; here break-points are stored directly, so each list is checked
// against rows whose every field the test chose.

interface NewBreakpoint {
  trackingNo?: string;
  type?: BreakpointType;
  visit?: number;
  unit: string;
  openedAt: number;
  closedAt?: number | null;
  detail?: string;
}

async function insertBreakpoint(db: Db, bp: NewBreakpoint): Promise<number> {
  const row = await db
    .insertInto('breakpoints')
    .values({
      tracking_no: bp.trackingNo ?? newTrackingNo(),
      type: bp.type ?? 'MISSING_INBOUND',
      visit: bp.visit ?? 2,
      responsible_unit: bp.unit,
      opened_at: bp.openedAt,
      closed_at: bp.closedAt ?? null,
      detail: bp.detail ?? 'test',
      updated_at: bp.closedAt ?? bp.openedAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

interface Row {
  id: number;
  trackingNo: string;
  type: string;
  responsibleUnit: string;
  responsibleUnitName: string | null;
  visit: number;
  openedAt: string;
  closedAt: string | null;
  detail: string;
}
interface Page {
  rows: Row[];
  nextCursor: string | null;
}

async function getPage(t: TestApp, url: string): Promise<Page> {
  const res = await t.request('GET', url, { role: 'viewer' });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as Page;
}

/** Every page of a list, following nextCursor; fails on a cursor loop. */
async function allPages(t: TestApp, url: string, startAt: string | null = null): Promise<Page[]> {
  const pages: Page[] = [];
  let cursor = startAt;
  do {
    const sep = url.includes('?') ? '&' : '?';
    const page = await getPage(t, cursor === null ? url : `${url}${sep}cursor=${encodeURIComponent(cursor)}`);
    pages.push(page);
    cursor = page.nextCursor;
    expect(pages.length).toBeLessThan(100);
  } while (cursor !== null);
  return pages;
}

const at = (iso: string) => Date.parse(iso);
const ids = (page: Page) => page.rows.map((r) => r.id);

describeEachDialect('GET /api/v1/breakpoints', (ctx) => {
  it('answers open break-points newest first with every field, instants in the configured zone', async () => {
    const t = await newTestApp(ctx);
    const unit = await createSite(t, { name: '宜昌市西陵区揽投部' });
    const trackingNo = newTrackingNo();
    const older = await insertBreakpoint(t.db, { trackingNo, type: 'MISSING_OUTBOUND', visit: 1, unit, openedAt: at('2026-02-03T08:15:00+08:00'), detail: '出口未扫描' });
    const newer = await insertBreakpoint(t.db, { unit, type: 'SILENT_AT_OFFICE', visit: 3, openedAt: at('2026-02-03T10:00:00.250+08:00') });
    await insertBreakpoint(t.db, { unit, openedAt: at('2026-02-03T11:00:00+08:00'), closedAt: at('2026-02-04T09:00:00+08:00') });

    const page = await getPage(t, `/api/v1/breakpoints?unit=${unit}`);

    expect(ids(page)).toEqual([newer, older]);
    expect(page.nextCursor).toBeNull();
    expect(page.rows[1]).toEqual({
      id: older,
      trackingNo,
      type: 'MISSING_OUTBOUND',
      responsibleUnit: unit,
      responsibleUnitName: '宜昌市西陵区揽投部',
      visit: 1,
      openedAt: '2026-02-03T08:15:00.000+08:00',
      closedAt: null,
      detail: '出口未扫描',
    });
    expect(page.rows[0]).toMatchObject({ type: 'SILENT_AT_OFFICE', visit: 3, openedAt: '2026-02-03T10:00:00.250+08:00' });
  });

  it('filters by status: open by default, closed, or all (closedAt shown once closed)', async () => {
    const t = await newTestApp(ctx);
    const unit = await createSite(t);
    const open = await insertBreakpoint(t.db, { unit, openedAt: at('2026-02-05T09:00:00+08:00') });
    const closed = await insertBreakpoint(t.db, { unit, openedAt: at('2026-02-05T08:00:00+08:00'), closedAt: at('2026-02-06T07:30:00+08:00') });

    expect(ids(await getPage(t, `/api/v1/breakpoints?unit=${unit}`))).toEqual([open]);
    expect(ids(await getPage(t, `/api/v1/breakpoints?unit=${unit}&status=open`))).toEqual([open]);
    const closedPage = await getPage(t, `/api/v1/breakpoints?unit=${unit}&status=closed`);
    expect(ids(closedPage)).toEqual([closed]);
    expect(closedPage.rows[0]?.closedAt).toBe('2026-02-06T07:30:00.000+08:00');
    expect(ids(await getPage(t, `/api/v1/breakpoints?unit=${unit}&status=all`))).toEqual([open, closed]);
  });

  it('filters by type (one or several), by responsible unit, and by local days of opened_at in Asia/Shanghai', async () => {
    const t = await newTestApp(ctx);
    const [u1, u2] = [await createSite(t), await createSite(t)];
    // Days used by no other test of this file, so the list is read without a unit filter too.
    const lastOfDay1 = await insertBreakpoint(t.db, { unit: u1, type: 'MISSING_INBOUND', openedAt: at('2025-05-01T23:59:59.999+08:00') });
    const firstOfDay2 = await insertBreakpoint(t.db, { unit: u1, type: 'MISSING_OUTBOUND', openedAt: at('2025-05-02T00:00:00+08:00') });
    // 07:00 in Shanghai is still 1 May in UTC: a filter cut by UTC days would miss it.
    const morningOfDay2 = await insertBreakpoint(t.db, { unit: u2, type: 'SILENT_HELD', openedAt: at('2025-05-02T07:00:00+08:00') });
    const lastOfDay3 = await insertBreakpoint(t.db, { unit: u2, type: 'MISSING_INBOUND', openedAt: at('2025-05-03T23:59:59.999+08:00') });
    // 4 May 01:00 in Shanghai is still 3 May in UTC.
    const firstOfDay4 = await insertBreakpoint(t.db, { unit: u1, type: 'MISSING_INBOUND', openedAt: at('2025-05-04T01:00:00+08:00') });

    expect(ids(await getPage(t, '/api/v1/breakpoints?from=2025-05-02&to=2025-05-03'))).toEqual([lastOfDay3, morningOfDay2, firstOfDay2]);
    expect(ids(await getPage(t, '/api/v1/breakpoints?from=2025-05-02&to=2025-05-02'))).toEqual([morningOfDay2, firstOfDay2]);
    expect(ids(await getPage(t, '/api/v1/breakpoints?to=2025-05-01&from=2025-04-30'))).toEqual([lastOfDay1]);
    expect(ids(await getPage(t, `/api/v1/breakpoints?from=2025-05-03&unit=${u1}`))).toEqual([firstOfDay4]);
    expect(ids(await getPage(t, `/api/v1/breakpoints?to=2025-05-02&unit=${u2}`))).toEqual([morningOfDay2]);

    const inPeriod = '/api/v1/breakpoints?from=2025-05-01&to=2025-05-04';
    expect(ids(await getPage(t, `${inPeriod}&type=MISSING_INBOUND`))).toEqual([firstOfDay4, lastOfDay3, lastOfDay1]);
    expect(ids(await getPage(t, `${inPeriod}&type=SILENT_HELD,MISSING_OUTBOUND`))).toEqual([morningOfDay2, firstOfDay2]);
    expect(ids(await getPage(t, `${inPeriod}&type=MISSING_INBOUND&unit=${u2}`))).toEqual([lastOfDay3]);
  });

  it('pages with an opaque cursor: no duplicates or gaps, ties on opened_at broken by id, stable while rows arrive', async () => {
    const t = await newTestApp(ctx);
    const unit = await createSite(t);
    const base = at('2026-02-10T09:00:00+08:00');
    // Three share one instant: the page boundary falls inside the tie.
    const made: { id: number; openedAt: number }[] = [];
    for (const offset of [0, 5, 10, 10, 10, 20, 30]) {
      const openedAt = base + offset * MINUTE;
      made.push({ id: await insertBreakpoint(t.db, { unit, openedAt }), openedAt });
    }
    const expected = [...made].sort((a, b) => b.openedAt - a.openedAt || b.id - a.id).map((m) => m.id);

    const first = await getPage(t, `/api/v1/breakpoints?unit=${unit}&limit=3`);
    expect(ids(first)).toEqual(expected.slice(0, 3));
    expect(first.nextCursor).toEqual(expect.any(String));
    // Arriving between two reads: one newer than the first page (never shown on a later page), one
    // older than its end (shown in its place, not skipped).
    await insertBreakpoint(t.db, { unit, openedAt: base + HOUR });
    const late = await insertBreakpoint(t.db, { unit, openedAt: base + 1 * MINUTE });

    const rest = await allPages(t, `/api/v1/breakpoints?unit=${unit}&limit=3`, first.nextCursor);
    const seen = [...ids(first), ...rest.flatMap(ids)];
    expect(seen).toEqual([...expected.slice(0, 6), late, expected[6]]);
    expect(new Set(seen).size).toBe(seen.length);
    expect(rest.map((p) => p.rows.length)).toEqual([3, 2]);
    expect(rest.at(-1)?.nextCursor).toBeNull();
  });

  it('gives 50 rows by default and at most 500', async () => {
    const t = await newTestApp(ctx);
    const unit = await createSite(t);
    const base = at('2026-02-12T09:00:00+08:00');
    await t.db
      .insertInto('breakpoints')
      .values(Array.from({ length: 51 }, (_, i) => ({ tracking_no: newTrackingNo(), type: 'MISSING_INBOUND' as const, visit: 2, responsible_unit: unit, opened_at: base + i * MINUTE, closed_at: null, detail: '', updated_at: base })))
      .execute();

    const byDefault = await getPage(t, `/api/v1/breakpoints?unit=${unit}`);
    expect(byDefault.rows).toHaveLength(50);
    expect(byDefault.nextCursor).not.toBeNull();
    const second = await getPage(t, `/api/v1/breakpoints?unit=${unit}&cursor=${byDefault.nextCursor}`);
    expect(second.rows).toHaveLength(1);
    expect(second.rows[0]?.openedAt).toBe('2026-02-12T09:00:00.000+08:00');
    expect(second.nextCursor).toBeNull();
    const max = await getPage(t, `/api/v1/breakpoints?unit=${unit}&limit=500`);
    expect(max.rows).toHaveLength(51);
    expect(max.nextCursor).toBeNull();
  });

  it('answers 400 naming the parameter for every malformed query', async () => {
    const t = await newTestApp(ctx);
    const unit = await createSite(t);
    await insertBreakpoint(t.db, { unit, openedAt: at('2026-02-14T09:00:00+08:00') });
    await insertBreakpoint(t.db, { unit, openedAt: at('2026-02-14T10:00:00+08:00') });
    const queueCursor = (await getPage(t, `/api/v1/units/${unit}/breakpoints?limit=1`)).nextCursor!;
    expect(queueCursor).toEqual(expect.any(String));

    const cases: [string, string][] = [
      ['status=pending', 'status'],
      ['type=MISSING_SCAN', 'type'],
      ['type=MISSING_INBOUND,', 'type'],
      ['limit=0', 'limit'],
      ['limit=501', 'limit'],
      ['limit=ten', 'limit'],
      ['limit=2.5', 'limit'],
      ['from=2026-02-30', 'from'],
      ['from=2026/02/01', 'from'],
      ['to=20260201', 'to'],
      ['from=2026-02-10&to=2026-02-09', 'to'],
      ['cursor=not-a-cursor', 'cursor'],
      [`cursor=${queueCursor}`, 'cursor'], // the unit queue's cursor runs the other way
      ['unit=bad%20code', 'unit'],
      ['stauts=open', 'stauts'],
    ];
    for (const [query, field] of cases) {
      const res = await t.request('GET', `/api/v1/breakpoints?${query}`, { role: 'viewer' });
      expect(res.statusCode, query).toBe(400);
      const body = res.json() as { error: { code: string; message: string } };
      expect(body.error.code, query).toBe('invalid_request');
      expect(body.error.message, query).toContain(field);
    }
  });

  it('is documented in the OpenAPI document, the report with its JSON, CSV and XLSX answers', async () => {
    const t = await newTestApp(ctx);
    const res = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    type Operation = { parameters: { name: string; description?: string }[]; responses: Record<string, { content: Record<string, unknown> }> };
    const paths = (res.json() as { paths: Record<string, { get: Operation }> }).paths;
    expect(paths['/api/v1/breakpoints']?.get.parameters.map((p) => p.name)).toEqual(['status', 'type', 'unit', 'from', 'to', 'limit', 'cursor']);
    expect(paths['/api/v1/breakpoints']?.get.parameters.find((p) => p.name === 'type')?.description).toContain('MISSING_INBOUND');
    expect(paths['/api/v1/units/{code}/breakpoints']?.get.parameters.map((p) => p.name)).toEqual(['type', 'limit', 'cursor', 'code']);
    const report = paths['/api/v1/reports/breakpoint-rate']?.get;
    expect(report?.parameters.map((p) => p.name)).toEqual(['from', 'to', 'groupBy', 'group', 'format']);
    expect(Object.keys(report?.responses['200']?.content ?? {})).toEqual([
      'application/json',
      'text/csv',
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    ]);
  });

  it('is readable by every role and refused without a token', async () => {
    const t = await newTestApp(ctx);
    expect((await t.request('GET', '/api/v1/breakpoints', { role: 'viewer' })).statusCode).toBe(200);
    expect((await t.request('GET', '/api/v1/breakpoints', { role: 'operator' })).statusCode).toBe(200);
    expect((await t.request('GET', '/api/v1/breakpoints', { role: null })).statusCode).toBe(401);
  });
});

describeEachDialect('GET /api/v1/units/:code/breakpoints', (ctx) => {
  it("answers the unit's own open break-points, oldest first, paged", async () => {
    const t = await newTestApp(ctx);
    const [unit, other] = [await createSite(t, { name: '夷陵区揽投部' }), await createSite(t)];
    const base = at('2026-02-20T09:00:00+08:00');
    const second = await insertBreakpoint(t.db, { unit, type: 'SILENT_HELD', openedAt: base + HOUR });
    const first = await insertBreakpoint(t.db, { unit, openedAt: base });
    const third = await insertBreakpoint(t.db, { unit, type: 'MISSING_OUT_FOR_DELIVERY', openedAt: base + 2 * HOUR });
    await insertBreakpoint(t.db, { unit, openedAt: base - HOUR, closedAt: base }); // closed: not in the queue
    await insertBreakpoint(t.db, { unit: other, openedAt: base - 2 * HOUR }); // someone else's

    const pages = await allPages(t, `/api/v1/units/${unit}/breakpoints?limit=2`);

    expect(pages.map(ids)).toEqual([[first, second], [third]]);
    expect(pages[0]?.rows[0]).toMatchObject({ responsibleUnit: unit, responsibleUnitName: '夷陵区揽投部', closedAt: null, openedAt: '2026-02-20T09:00:00.000+08:00' });
    expect(ids(await getPage(t, `/api/v1/units/${unit}/breakpoints?type=SILENT_HELD,MISSING_OUT_FOR_DELIVERY`))).toEqual([second, third]);
    expect(ids(await getPage(t, `/api/v1/units/${other}/breakpoints`))).toHaveLength(1);
  });

  it('answers 404 for an unknown unit and 400 for a malformed code or query', async () => {
    const t = await newTestApp(ctx);
    const unit = await createSite(t);
    const unknown = await t.request('GET', '/api/v1/units/NO-SUCH-UNIT/breakpoints', { role: 'viewer' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ error: { code: 'not_found', message: expect.stringContaining('NO-SUCH-UNIT') } });

    for (const url of [`/api/v1/units/${'X'.repeat(33)}/breakpoints`, `/api/v1/units/${unit}/breakpoints?limit=0`, `/api/v1/units/${unit}/breakpoints?status=closed`]) {
      const res = await t.request('GET', url, { role: 'viewer' });
      expect(res.statusCode, url).toBe(400);
    }
  });
});
