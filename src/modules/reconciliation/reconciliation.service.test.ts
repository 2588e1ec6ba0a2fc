import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect } from '../../../test/test-db.js';
import { loadConfig } from '../../config.js';
import { formatS10 } from '../../domain/s10.js';
import { formatInstant } from '../../domain/scan-time.js';
import { AppError } from '../../errors.js';
import { type ScanRecorder, createScanRecorder } from '../scans/record-scans.js';
import { recordScans } from '../scans/scan.service.js';
import { type SiteDirectory, loadSiteDirectory, upsertUnits } from '../units/unit.service.js';
import { type ReconciliationDeps, getOfficeReconciliation } from './reconciliation.service.js';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
/** D = 2026-11-20, cut in Shanghai. */
const D = '2026-11-20';
const D_START = Date.parse('2026-11-20T00:00:00+08:00');
/** Clock of the recorder: after every event of these tests. */
const NOW = Date.parse('2026-12-31T00:00:00+08:00');

/** A scan at `days` days from D's start, at local `hh:mm`, as a Shanghai scanner writes it. */
const at = (days: number, hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number);
  return formatInstant(D_START + days * DAY + (h! * 60 + m!) * MINUTE, 480);
};

let serial = 0;
const trackingNo = () => formatS10('RC', 10_000_000 + ++serial);

describeEachDialect('getOfficeReconciliation', (ctx) => {
  let recorder: ScanRecorder;
  let sites: SiteDirectory;
  let deps: ReconciliationDeps;
  const OFFICE = 'D-OFFICE';
  const EARLY_OFFICE = 'D-EARLY';
  const CENTRE = 'P-CENTRE';

  beforeAll(async () => {
    const db = ctx.handle.db;
    const stored = await upsertUnits(
      db,
      [
        { code: CENTRE, name: '宜昌邮区中心', kind: 'processing_centre', divisionCode: '420500' },
        { code: OFFICE, name: '夷陵区揽投部', kind: 'delivery_office', divisionCode: '420506', parentCode: CENTRE },
        { code: EARLY_OFFICE, name: '西陵区揽投部', kind: 'delivery_office', divisionCode: '420502', parentCode: CENTRE, endOfShift: '17:30' },
      ],
      NOW,
    );
    expect(stored.every((r) => 'code' in r)).toBe(true);
    sites = await loadSiteDirectory(db);
    const config = loadConfig({ SONGDA_DB: ctx.target.url, SONGDA_LOG_LEVEL: 'silent' });
    recorder = createScanRecorder(ctx.handle, config.silence);
    deps = { db, timeZone: 'Asia/Shanghai' };
  });
  afterAll(() => recorder?.close());

  /** Records scans through the real ingest path, one batch per call (later batches = late uploads). */
  async function record(...scans: { trackingNo: string; code: string; at: string; site: string }[]): Promise<void> {
    const result = await recordScans({ recorder, sites }, scans, NOW);
    expect(result.rejected).toEqual([]);
    expect(result.accepted).toBe(scans.length);
  }

  it('balances an office from the stored events of the day, of the items held before it, and of late uploads', async () => {
    const [a1, a2, a3, h1, h2, h3, s1, s2, other] = Array.from({ length: 9 }, trackingNo) as [string, string, string, string, string, string, string, string, string];
    const o = OFFICE;
    // What the office's scanners sent on time.
    await record(
      { trackingNo: a1, code: 'DELIVERED', at: at(0, '11:00'), site: o },
      { trackingNo: a2, code: 'AT_DELIVERY_OFFICE', at: at(0, '08:00'), site: o },
      { trackingNo: a3, code: 'ARRIVED', at: at(0, '08:00'), site: o },
      { trackingNo: a3, code: 'HELD', at: at(0, '10:00'), site: o },
      // on the shelf since the first instant of the 30-day lookback (HELD_LOOKBACK_DAYS): in the balance
      { trackingNo: h1, code: 'HELD', at: at(-30, '00:00'), site: o },
      // put on the shelf a minute before the lookback: not in the balance (it has long been a SILENT_HELD break-point)
      { trackingNo: h2, code: 'HELD', at: at(-31, '23:59'), site: o },
      { trackingNo: h3, code: 'HELD', at: at(-3, '16:00'), site: o },
      { trackingNo: s1, code: 'OUT_FOR_DELIVERY', at: at(0, '09:00'), site: o },
      { trackingNo: s2, code: 'OUT_FOR_DELIVERY', at: at(0, '22:00'), site: o },
      { trackingNo: s2, code: 'DELIVERED', at: at(1, '09:00'), site: o },
      { trackingNo: other, code: 'ARRIVED', at: at(0, '08:00'), site: EARLY_OFFICE },
    );
    // Late uploads: scans of the day that reached Songda after later ones.
    await record(
      { trackingNo: a1, code: 'ARRIVED', at: at(-1, '20:00'), site: CENTRE },
      { trackingNo: a1, code: 'DISPATCHED', at: at(-1, '22:00'), site: CENTRE },
      { trackingNo: a1, code: 'ARRIVED', at: at(0, '07:00'), site: o },
      { trackingNo: a1, code: 'OUT_FOR_DELIVERY', at: at(0, '09:00'), site: o },
      { trackingNo: h3, code: 'OUT_FOR_DELIVERY', at: at(0, '09:30'), site: o },
      { trackingNo: h3, code: 'DELIVERY_FAILED', at: at(0, '14:00'), site: o },
    );

    expect(await getOfficeReconciliation(deps, OFFICE, D)).toEqual({
      office: OFFICE,
      date: D,
      endOfShift: '2026-11-20T21:00:00.000+08:00',
      inbound: { total: 3, handedOver: 2, missing: [a2] },
      held: { total: 3, takenOut: 1, stillHeld: [a3, h1] },
      shift: { total: 4, delivered: 2, failed: 1, held: 0, stillOut: [s1], balanced: false },
      lists: expect.any(Object),
    });
    // The other office sees only its own item; the day before and after see other things.
    expect((await getOfficeReconciliation(deps, EARLY_OFFICE, D)).inbound).toEqual({ total: 1, handedOver: 0, missing: [other] });
    const dayAfter = await getOfficeReconciliation(deps, OFFICE, '2026-11-21');
    expect(dayAfter.inbound.total).toBe(0);
    // h3 came back from a failed delivery without a HELD scan: not on the shelf at the start of the 21st;
    // h1 is now 31 days on the shelf, past the lookback.
    expect(dayAfter.held).toEqual({ total: 1, takenOut: 0, stillHeld: [a3] });
  });

  it("judges the shift at the office's own end of shift and reports it in the zone's offset", async () => {
    const [early, late] = [trackingNo(), trackingNo()];
    await record(
      { trackingNo: early, code: 'OUT_FOR_DELIVERY', at: at(0, '09:00'), site: EARLY_OFFICE },
      { trackingNo: early, code: 'DELIVERED', at: at(0, '17:30'), site: EARLY_OFFICE },
      { trackingNo: late, code: 'OUT_FOR_DELIVERY', at: at(0, '09:00'), site: EARLY_OFFICE },
      { trackingNo: late, code: 'DELIVERED', at: at(0, '17:31'), site: EARLY_OFFICE },
    );
    const report = await getOfficeReconciliation(deps, EARLY_OFFICE, D);
    expect(report.endOfShift).toBe('2026-11-20T17:30:00.000+08:00');
    expect(report.shift).toEqual({ total: 2, delivered: 1, failed: 0, held: 0, stillOut: [late], balanced: false });
    // The configured default applies only to offices without their own end of shift.
    expect((await getOfficeReconciliation({ ...deps, defaultEndOfShift: '20:00' }, EARLY_OFFICE, D)).endOfShift).toBe('2026-11-20T17:30:00.000+08:00');
    expect((await getOfficeReconciliation({ ...deps, defaultEndOfShift: '20:00' }, OFFICE, D)).endOfShift).toBe('2026-11-20T20:00:00.000+08:00');
  });

  it('cuts the day in the configured time zone', async () => {
    const item = trackingNo();
    // 07:00 on the 20th in Shanghai is 23:00 on the 19th in UTC.
    await record({ trackingNo: item, code: 'ARRIVED', at: at(0, '07:00'), site: EARLY_OFFICE });
    const inShanghai = await getOfficeReconciliation(deps, EARLY_OFFICE, D);
    const inUtc19 = await getOfficeReconciliation({ ...deps, timeZone: 'UTC' }, EARLY_OFFICE, '2026-11-19');
    const inUtc20 = await getOfficeReconciliation({ ...deps, timeZone: 'UTC' }, EARLY_OFFICE, D);
    expect(inShanghai.inbound.missing).toContain(item);
    expect(inUtc19.inbound.missing).toEqual([item]);
    expect(inUtc20.inbound.missing).not.toContain(item);
    expect(inUtc20.endOfShift).toBe('2026-11-20T17:30:00.000Z');
  });

  it('reads the event sets of many items in bounded chunks without losing any', async () => {
    const office = 'D-BULK';
    await upsertUnits(ctx.handle.db, [{ code: office, name: '批量揽投部', kind: 'delivery_office', divisionCode: '420506' }], NOW);
    await sites.refresh();
    recorder.unitsChanged?.();
    const items = Array.from({ length: 1_234 }, trackingNo);
    const scans = items.flatMap((no, i) => [
      { trackingNo: no, code: 'ARRIVED', at: at(0, '08:00'), site: office },
      // every 100th item is never handed over
      ...(i % 100 === 0 ? [] : [{ trackingNo: no, code: 'OUT_FOR_DELIVERY', at: at(0, '09:00'), site: office }]),
    ]);
    await record(...scans);
    const report = await getOfficeReconciliation(deps, office, D);
    const missing = items.filter((_, i) => i % 100 === 0);
    expect(report.inbound).toEqual({ total: 1_234, handedOver: 1_234 - missing.length, missing });
    expect(report.shift).toMatchObject({ total: 1_234 - missing.length, stillOut: items.filter((_, i) => i % 100 !== 0) });
  });

  it('answers not_found for an unknown office, and invalid_request for a unit that is not a delivery office or a date that does not exist', async () => {
    await expect(getOfficeReconciliation(deps, 'NO-SUCH-UNIT', D)).rejects.toMatchObject({ code: 'not_found', message: 'unit NO-SUCH-UNIT not found' });
    const notOffice = getOfficeReconciliation(deps, CENTRE, D);
    await expect(notOffice).rejects.toBeInstanceOf(AppError);
    await expect(notOffice).rejects.toMatchObject({ code: 'invalid_request', message: expect.stringMatching(/P-CENTRE is a processing centre, not a delivery office/) });
    for (const bad of ['2026-02-30', '2026-11-20T00:00', '20261120', '']) {
      await expect(getOfficeReconciliation(deps, OFFICE, bad), bad).rejects.toMatchObject({ code: 'invalid_request', details: { field: 'date' } });
    }
  });
});
