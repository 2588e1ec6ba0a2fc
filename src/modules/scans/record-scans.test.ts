import { loadConfig } from '../../config.js';
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect } from '../../../test/test-db.js';
import { findMissingScans, routeTailOf } from '../../domain/breakpoint-rules.js';
import { compareEventOrder, deriveItemStatus } from '../../domain/item-status.js';
import { MISSING_SCAN_TYPES } from '../breakpoints/breakpoint.table.js';
import { formatS10 } from '../../domain/s10.js';
import { compareIdentity } from '../../domain/scan-input.js';
import type { ScanInput } from './parse-scan-lines.js';
import { batchOf } from './ingest-scans.js';
import { type ScanRecorder, createBatchWriter, createScanRecorder } from './record-scans.js';
import { SCAN_CODES } from './scan-event.table.js';

const BASE_MS = Date.parse('2026-11-20T08:00:00+08:00');
const SITES = ['S-COUNTER', 'S-CENTRE', 'S-OFFICE'] as const;

/** An event of item `item` (0..2) at minute `minute` of a short window: few minutes, so instants collide. */
interface GeneratedEvent {
  item: number;
  code: (typeof SCAN_CODES)[number];
  minute: number;
  site: (typeof SITES)[number];
  operator: string | null;
}

const eventArb = fc.record({
  item: fc.integer({ min: 0, max: 2 }),
  code: fc.constantFrom(...SCAN_CODES),
  minute: fc.integer({ min: 0, max: 6 }),
  site: fc.constantFrom(...SITES),
  operator: fc.constantFrom(null, 'op-a', 'op-b'),
});

/**
 * A set of events, then how it is sent: some events repeated, everything shuffled, cut into batches.
 * `order` and `cuts` are random keys, applied below, so fast-check can shrink them.
 */
const ingestionArb = fc
  .record({
    events: fc.array(eventArb, { minLength: 1, maxLength: 14 }),
    repeats: fc.array(fc.nat(), { maxLength: 8 }),
    order: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 22, maxLength: 22 }),
    cuts: fc.array(fc.boolean(), { minLength: 22, maxLength: 22 }),
    concurrent: fc.boolean(),
    // Lines (then items) per chunk of a request; undefined: as the server cuts them.
    chunk: fc.constantFrom(undefined, 1, 2, 3),
  })
  .map(({ events, repeats, order, cuts, concurrent, chunk }) => {
    const lines = [...events, ...repeats.map((r) => events[r % events.length]!)];
    const shuffled = lines.map((e, i) => ({ e, key: order[i] ?? 0, i })).sort((a, b) => a.key - b.key || a.i - b.i).map((x) => x.e);
    const batches: GeneratedEvent[][] = [[]];
    shuffled.forEach((e, i) => {
      if (i > 0 && cuts[i]) batches.push([]);
      batches.at(-1)!.push(e);
    });
    return { events, batches, concurrent, chunk };
  });

const identity = (trackingNo: string, atMs: number, code: string, site: string) => `${trackingNo}|${atMs}|${code}|${site}`;

describeEachDialect('recordScans (property)', (ctx) => {
  let recorder: ScanRecorder;
  let run = 0;
  beforeAll(() => {
    recorder = createScanRecorder(ctx.handle, loadConfig({}).silence);
  });
  afterAll(() => recorder?.close());

  it('stores each distinct event once and keeps items.status equal to the status of the whole sorted event set, whatever the order and batching', { timeout: 120_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(ingestionArb, async ({ events, batches, concurrent, chunk }) => {
        // Fresh tracking numbers for every run: the database is shared by the runs.
        run++;
        const trackingNos = [0, 1, 2].map((i) => formatS10('PT', run * 10 + i));
        const toScan = (e: GeneratedEvent, line: number): ScanInput => ({
          line,
          trackingNo: trackingNos[e.item]!,
          code: e.code,
          atMs: BASE_MS + e.minute * 60_000,
          atOffsetMin: 480,
          site: e.site,
          operator: e.operator,
          reason: null,
          nextSite: null,
        });
        const chunked = chunk === undefined ? undefined : createBatchWriter(ctx.handle, loadConfig({}).silence, { chunk });
        const send = (batch: GeneratedEvent[]) => {
          const scans = batch.map((e, i) => toScan(e, i + 1));
          if (!chunked) return recorder.record(scans, BASE_MS + 3_600_000);
          scans.sort(compareIdentity);
          return chunked.record(batchOf(scans), SITES, BASE_MS + 3_600_000);
        };
        const results = concurrent ? await Promise.all(batches.map(send)) : await sequentially(batches, send);

        const distinct = new Map<string, GeneratedEvent>();
        for (const e of events) {
          const s = toScan(e, 0);
          if (!distinct.has(identity(s.trackingNo, s.atMs, s.code, s.site))) distinct.set(identity(s.trackingNo, s.atMs, s.code, s.site), e);
        }
        const totalLines = batches.reduce((n, b) => n + b.length, 0);
        expect(results.reduce((n, r) => n + r.accepted, 0)).toBe(distinct.size);
        expect(results.reduce((n, r) => n + r.duplicates, 0)).toBe(totalLines - distinct.size);

        const rows = await ctx.handle.db.selectFrom('scan_events').selectAll().where('tracking_no', 'in', trackingNos).execute();
        expect(rows).toHaveLength(distinct.size);
        expect(new Set(rows.map((r) => identity(r.tracking_no, r.at_ms, r.code, r.site)))).toEqual(new Set(distinct.keys()));

        const items = await ctx.handle.db.selectFrom('items').selectAll().where('tracking_no', 'in', trackingNos).execute();
        const sentItems = new Set(events.map((e) => trackingNos[e.item]!));
        expect(new Set(items.map((i) => i.tracking_no))).toEqual(sentItems);
        for (const item of items) {
          const own = rows
            .filter((r) => r.tracking_no === item.tracking_no)
            .sort((a, b) => compareEventOrder({ atMs: a.at_ms, id: a.id }, { atMs: b.at_ms, id: b.id }));
          const last = own.at(-1)!;
          const delivered = own.filter((r) => r.code === 'DELIVERED').map((r) => r.at_ms);
          const accepted = own.filter((r) => r.code === 'ACCEPTED').map((r) => r.at_ms);
          expect(item, `item ${item.tracking_no}`).toMatchObject({
            status: deriveItemStatus(own),
            last_event_code: last.code,
            last_event_at: last.at_ms,
            last_event_site: last.site,
            last_event_id: last.id,
            accepted_at: accepted.length > 0 ? Math.min(...accepted) : null,
            delivered_at: delivered.length > 0 ? Math.min(...delivered) : null,
            source: 'scan',
          });
          // The break-points, kept up to date batch by batch (often from the new events alone), are
          // those of the whole event set read from scratch.
          const ruleEvents = own.map((r) => ({ id: r.id, code: r.code, atMs: r.at_ms, site: r.site, nextSite: r.next_site }));
          expect(item.last_visit).toBe(routeTailOf(ruleEvents)!.visit);
          const open = await ctx.handle.db
            .selectFrom('breakpoints')
            .select(['type', 'visit', 'responsible_unit', 'opened_at'])
            .where('tracking_no', '=', item.tracking_no)
            .where('closed_at', 'is', null)
            .where('type', 'in', MISSING_SCAN_TYPES)
            .execute();
          const expected = findMissingScans(ruleEvents).map((b) => ({ type: b.type, visit: b.visit, responsible_unit: b.responsibleUnit, opened_at: b.openedAt }));
          const byKey = (a: { type: string; visit: number }, b: { type: string; visit: number }) => a.type.localeCompare(b.type) || a.visit - b.visit;
          expect(open.sort(byKey), `break-points of ${item.tracking_no}`).toEqual(expected.sort(byKey));

          // Independently of ids: when one event alone has the latest instant, the status follows from
          // the generated events by instant, whatever order they arrived in.
          const generated = [...distinct.values()].filter((e) => trackingNos[e.item] === item.tracking_no).sort((a, b) => a.minute - b.minute);
          const latest = generated.at(-1)!;
          if (generated.filter((e) => e.minute === latest.minute).length === 1) {
            expect(item.status).toBe(generated.some((e) => e.code === 'DELIVERED') ? 'DELIVERED' : latest.code);
          }
        }
      }),
      { numRuns: 100 },
    );
  });
});

async function sequentially<T, R>(items: readonly T[], run: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (const item of items) out.push(await run(item));
  return out;
}
