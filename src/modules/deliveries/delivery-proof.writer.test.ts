import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadConfig } from '../../config.js';
import { formatS10 } from '../../domain/s10.js';
import { describeEachDialect } from '../../../test/test-db.js';
import { upsertUnit } from '../units/unit.repository.js';
import { type ScanRecorder, createScanRecorder } from '../scans/record-scans.js';
import { PROOF_WRITER, type ProofRows } from './delivery-proof.writer.js';
import type { DeliveryOutcomeTable } from './delivery.table.js';

const AT = Date.UTC(2026, 10, 21, 3);
let serial = 0;

function outcome(trackingNo: string, id: string, clientId: string): DeliveryOutcomeTable {
  return {
    id,
    client_id: clientId,
    tracking_no: trackingNo,
    outcome: 'delivered',
    code: 'DELIVERED',
    at_ms: AT,
    at_offset_min: 480,
    site: 'PROOF-OFFICE',
    operator: null,
    recorded_by: 'cli',
    received_by: 'recipient',
    receiver_masked: '张*',
    id_matched: null,
    reason: null,
    latitude: null,
    longitude: null,
    activation_result: null,
    activation_staff: null,
    created_at: AT,
  };
}

// The proof is written in the transaction of its events: on SQLite's writer thread (a file) and on
// PostgreSQL alike, a proof that cannot be stored takes its events with it, and the reverse.
describeEachDialect('delivery proof in the scan write path', (ctx) => {
  let recorder: ScanRecorder;
  beforeAll(async () => {
    await upsertUnit(ctx.handle.db, { code: 'PROOF-OFFICE', name: '投递部', kind: 'delivery_office', division_code: '420502', province_code: '420000', city_code: '420500', parent_code: null, end_of_shift: null }, AT);
    recorder = createScanRecorder(ctx.handle, loadConfig({}).silence);
  });
  afterAll(() => recorder?.close());

  const delivery = (trackingNo: string) => [{ line: 1, trackingNo, code: 'DELIVERED' as const, atMs: AT, atOffsetMin: 480, site: 'PROOF-OFFICE', operator: null, reason: null, nextSite: null }];
  const stored = async (trackingNo: string) => ({
    events: (await ctx.handle.db.selectFrom('scan_events').select('code').where('tracking_no', '=', trackingNo).execute()).length,
    outcomes: (await ctx.handle.db.selectFrom('delivery_outcomes').select('id').where('tracking_no', '=', trackingNo).execute()).length,
    images: (await ctx.handle.db.selectFrom('delivery_images').select('kind').where('tracking_no', '=', trackingNo).execute()).length,
  });

  it('commits the outcome and its images with the event', async () => {
    const trackingNo = formatS10('PF', ++serial);
    const rows: ProofRows = { outcomes: [outcome(trackingNo, `o${serial}`, `c${serial}`)], images: [{ tracking_no: trackingNo, outcome_id: `o${serial}`, kind: 'signature', media_type: 'image/png', bytes: new Uint8Array([0x89, 0x50]) }] };
    expect(await recorder.record(delivery(trackingNo), AT, { writer: PROOF_WRITER, rows })).toEqual({ accepted: 1, duplicates: 0 });
    expect(await stored(trackingNo)).toEqual({ events: 1, outcomes: 1, images: 1 });
  });

  it('rolls the event back when the proof cannot be stored', async () => {
    const trackingNo = formatS10('PF', ++serial);
    const image = { tracking_no: trackingNo, outcome_id: `o${serial}`, kind: 'photo' as const, media_type: 'image/jpeg', bytes: new Uint8Array([0xff, 0xd8, 0xff]) };
    // The same image twice breaks the images' key: the whole batch must fail.
    const rows: ProofRows = { outcomes: [outcome(trackingNo, `o${serial}`, `c${serial}`)], images: [image, image] };
    await expect(recorder.record(delivery(trackingNo), AT, { writer: PROOF_WRITER, rows })).rejects.toThrow();
    expect(await stored(trackingNo)).toEqual({ events: 0, outcomes: 0, images: 0 });
    expect(await ctx.handle.db.selectFrom('items').select('tracking_no').where('tracking_no', '=', trackingNo).execute()).toEqual([]);
  });
});
