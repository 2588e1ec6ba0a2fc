// The weekly report (decision 0047) over a fixture week whose every figure is worked out by hand
// below: two programs at two offices of one province, deliveries at the first attempt and after a
// failure, a return delivered back to its sender, an item overdue and one delivered late, an item not
// due yet, a bank activation, a complaint resolved on time, and one item the week before.
import ExcelJS from 'exceljs';
import { expect, it } from 'vitest';
import { readPdf } from '../factories-labels.js';
import { readTable } from '../../src/spreadsheets/read-table.js';
import { type IsoWeek, addWeeks, formatIsoWeek, isoWeekOf, weekDays } from '../../src/domain/iso-week.js';
import { localDateOf, localDayBounds } from '../../src/domain/local-day.js';
import type { TStoredWeeklyReport, TWeeklyReport } from '../../src/modules/weekly-report/weekly-report.schemas.js';
import { MISSING_SCAN_TYPES } from '../../src/modules/breakpoints/breakpoint.table.js';
import { FIXED_NOW, HOUR, type TestApp, newTestApp, shanghai } from '../factories.js';
import { postDeliveries } from '../factories-deliveries.js';
import { asPartner, newPartnerToken } from '../factories-partners.js';
import { addressIn, countyWithOffice, createPartner, createTestProgram, listRecipient, newIdNumber, newPhone, postRequests } from '../factories-requests.js';
import { describeEachDialect } from '../test-db.js';
import { makeWeekReports } from '../../src/modules/weekly-report/weekly-report.service.js';
import { overviewDaysOf } from '../../src/modules/overview/overview-days.js';
import { loadSiteDirectory } from '../../src/modules/units/unit.service.js';

const V1 = '/api/v1';
const ZONE = 'Asia/Shanghai';
const NO_RULES = { recipientOnly: false, idCheck: false };

describeEachDialect('weekly reports', (ctx) => {
  it('gives every figure of a fixture week as worked out by hand, for a program and for its province, with last week’s and the change', async () => {
    // The week two weeks before the test's, so that the week after it is over too.
    const week = addWeeks(isoWeekOf(localDateOf(FIXED_NOW, ZONE)), -2);
    const W = formatIsoWeek(week);
    const day = (w: IsoWeek, i: number) => localDayBounds(weekDays(w)[i % 7]!, ZONE).startMs + Math.floor(i / 7) * 7 * 24 * HOUR;
    const at = (i: number, hour: number, w = week) => day(w, i) + hour * HOUR;
    let now = at(0, 8);
    const t = await newTestApp(ctx, { clock: () => now });

    const p1 = await createTestProgram(t.db, { requirements: NO_RULES });
    const bank = await createPartner(t.db, { kind: 'bank' });
    const p2 = await createTestProgram(t.db, { payerMode: 'bank', requirements: { ...NO_RULES, activationBank: bank } });
    await t.db.updateTable('programs').set({ sla_days: 3 }).where('code', '=', p1.code).execute();
    await t.db.updateTable('programs').set({ sla_days: 30 }).where('code', '=', p2.code).execute();
    const one = await countyWithOffice(t, '420000');
    const two = await countyWithOffice(t, '420000');

    const mail = async (program: string, place: typeof one, when: number) => {
      now = when;
      const [r] = await postRequests(t, program, [{ name: '张三', phone: newPhone(), address: addressIn(place.county), idNumber: newIdNumber(place.county.code) }]);
      expect(r?.status, JSON.stringify(r)).toBe('mailed');
      return r!.trackingNo!;
    };
    const scan = async (trackingNo: string, code: string, when: number, site: string, extra: object = {}) => {
      now = when;
      const res = await t.request('POST', `${V1}/scans`, { role: 'operator', body: [{ trackingNo, code, at: shanghai(when), site, ...extra }] });
      expect(res.json(), `${trackingNo} ${code}`).toMatchObject({ accepted: 1, rejected: [] });
    };
    const O1 = one.office;
    const O2 = two.office;

    // Program 1 (SLA 3 days) at office 1. Days are 0 = Monday … 6 = Sunday, 7 = the Monday after.
    // a: accepted Mon 10:00, delivered Tue 10:00 at the first attempt: 24 h, within the SLA.
    const a = await mail(p1.code, one, at(0, 9));
    await scan(a, 'ACCEPTED', at(0, 10), O1);
    await scan(a, 'OUT_FOR_DELIVERY', at(1, 8), O1);
    await scan(a, 'DELIVERED', at(1, 10), O1);
    // b: failed Tue, delivered Wed 10:00: 48 h, within the SLA, not at the first attempt.
    const b = await mail(p1.code, one, at(0, 9.5));
    await scan(b, 'ACCEPTED', at(0, 10), O1);
    await scan(b, 'OUT_FOR_DELIVERY', at(1, 8), O1);
    await scan(b, 'DELIVERY_FAILED', at(1, 10), O1, { reason: 'RECIPIENT_ABSENT' });
    await scan(b, 'OUT_FOR_DELIVERY', at(2, 8), O1);
    await scan(b, 'DELIVERED', at(2, 10), O1);
    // c: refused Wed, returned Thu, delivered back to its sender Fri: a return, not a delivery; attempted.
    const c = await mail(p1.code, one, at(1, 9));
    await scan(c, 'ACCEPTED', at(1, 10), O1);
    await scan(c, 'OUT_FOR_DELIVERY', at(2, 8), O1);
    await scan(c, 'DELIVERY_FAILED', at(2, 10), O1, { reason: 'REFUSED' });
    await scan(c, 'RETURNED', at(3, 10), O1);
    await scan(c, 'DELIVERED', at(4, 10), O1);
    // d: accepted Wed 10:00 and nothing since: its SLA ran out Sat 10:00, overdue.
    const d = await mail(p1.code, one, at(2, 9));
    await scan(d, 'ACCEPTED', at(2, 10), O1);
    // e: accepted Thu 10:00, delivered the Monday after at 12:00: 98 h, past its SLA (Sun 10:00).
    const e = await mail(p1.code, one, at(3, 9));
    await scan(e, 'ACCEPTED', at(3, 10), O1);

    // Program 2 (SLA 30 days, a bank activates) at office 2.
    // f: accepted Mon 12:00, delivered Tue 09:00 with the card activated at the door: 21 h.
    const f = await mail(p2.code, two, at(0, 11));
    await scan(f, 'ACCEPTED', at(0, 12), O2);
    await scan(f, 'OUT_FOR_DELIVERY', at(1, 8), O2);
    now = at(1, 9);
    expect(
      await postDeliveries(t, [{ clientId: `f-${f}`, trackingNo: f, outcome: 'delivered', at: shanghai(at(1, 9)), site: O2, receivedBy: 'recipient', activation: { result: 'activated', bankStaff: '柜员 王五' } }]),
    ).toMatchObject({ accepted: 1, rejected: [] });
    // g: registered Fri, never scanned: not delivered, its SLA not run out.
    const g = await mail(p2.code, two, at(4, 9));

    // A recipient listed for program 1 in the week who never asked: issued 6 (5 by details + 1 listed).
    await listRecipient(t.db, p1.code, { createdAt: at(2, 15) });

    // Work orders of program 1: an enquiry left open, a complaint resolved an hour after it came.
    now = at(1, 12);
    const enquiry = await t.request('POST', `${V1}/work-orders`, { role: 'operator', body: { type: 'enquiry', channel: 'phone', trackingNo: a, description: '何时送到' } });
    expect(enquiry.statusCode, enquiry.body).toBe(201);
    now = at(5, 12);
    const complaint = await t.request('POST', `${V1}/work-orders`, { role: 'operator', body: { type: 'complaint', channel: 'phone', trackingNo: d, description: '一直没送到' } });
    expect(complaint.statusCode, complaint.body).toBe(201);
    now = at(5, 13);
    const resolved = await t.request('POST', `${V1}/work-orders/${(complaint.json() as { number: string }).number}/actions`, {
      role: 'operator',
      body: { action: 'resolve', outcome: 'done', message: '已道歉并安排投递' },
    });
    expect(resolved.statusCode, resolved.body).toBe(200);

    await scan(e, 'OUT_FOR_DELIVERY', at(7, 8), O1);
    await scan(e, 'DELIVERED', at(7, 12), O1);

    // The week before: h, accepted Wed 10:00 and delivered Fri 10:00 (48 h) at the first attempt.
    const before = addWeeks(week, -1);
    const h = await mail(p1.code, one, at(2, 9, before));
    await scan(h, 'ACCEPTED', at(2, 10, before), O1);
    await scan(h, 'OUT_FOR_DELIVERY', at(4, 8, before), O1);
    await scan(h, 'DELIVERED', at(4, 10, before), O1);

    now = FIXED_NOW;
    const report = async (query: string): Promise<TWeeklyReport> => {
      const res = await t.request('GET', `${V1}/reports/weekly?week=${W}&${query}`, { role: 'viewer' });
      expect(res.statusCode, res.body).toBe(200);
      return res.json() as TWeeklyReport;
    };

    // The break-point figures, read from the stored rows by the rule of DESIGN §5 (last event in the week, an open missing-scan break-point).
    const weekEnd = day(week, 7);
    const breakpointFigures = async (items: string[]) => {
      const rows = await t.db.selectFrom('items').select(['tracking_no', 'last_event_at']).where('tracking_no', 'in', items).execute();
      const inWeek = rows.filter((r) => Number(r.last_event_at) >= day(week, 0) && Number(r.last_event_at) < weekEnd).map((r) => r.tracking_no);
      const open = inWeek.length === 0 ? [] : await t.db.selectFrom('breakpoints').select('tracking_no').distinct().where('tracking_no', 'in', inWeek).where('closed_at', 'is', null).where('type', 'in', MISSING_SCAN_TYPES).execute();
      return { breakpointItems: inWeek.length, itemsWithBreakpoint: open.length, breakpointRate: inWeek.length === 0 ? null : open.length / inWeek.length };
    };
    const openAtWeekEnd = async (items: string[]) => {
      const rows = await t.db.selectFrom('breakpoints').select(['responsible_unit', 'opened_at', 'closed_at', 'type']).where('tracking_no', 'in', items).execute();
      const counts = new Map<string, number>();
      for (const r of rows) {
        if (r.type === 'MISSING_PROOF' || Number(r.opened_at) >= weekEnd || (r.closed_at !== null && Number(r.closed_at) < weekEnd)) continue;
        counts.set(r.responsible_unit, (counts.get(r.responsible_unit) ?? 0) + 1);
      }
      return counts;
    };

    const r1 = await report(`program=${p1.code}`);
    expect(r1).toMatchObject({ week: W, from: expect.any(String), to: expect.any(String), timeZone: ZONE, scope: { kind: 'program', code: p1.code, name: p1.name } });
    const bp1 = await breakpointFigures([a, b, c, d, e]);
    const open1 = await openAtWeekEnd([a, b, c, d, e]);
    expect(r1.figures).toEqual({
      requests: 5,
      mailed: 5,
      conversionRate: 5 / 6,
      delivered: 3, // a, b, e
      deliveryRate: 3 / 5,
      slaDue: 4, // a, b, e delivered; d overdue; c is a return
      withinSla: 2, // a, b
      withinSlaRate: 2 / 4,
      medianHoursToDeliver: 48, // 24, 48, 98
      attempted: 4, // a, b, c, e
      firstAttemptDelivered: 2, // a, e
      firstAttemptRate: 2 / 4,
      returns: 1,
      ...bp1,
      worstUnits: [...open1].map(([unit, n]) => ({ unit, name: expect.any(String), open: n })).sort((x, y) => y.open - x.open || (x.unit < y.unit ? -1 : 1)).slice(0, 5),
      workOrders: { enquiry: 1, complaint: 1, address_change: 0, redelivery: 0, loss_report: 0, other: 0 },
      complaintsPer10k: (1 * 10_000) / 5,
      resolved: 1,
      resolvedOnTime: 1,
      resolutionOnTimeRate: 1,
      activationDue: 0,
      activated: 0,
      activationRate: null,
    });
    // The week before: h alone.
    expect(r1.previous).toMatchObject({ requests: 1, mailed: 1, delivered: 1, deliveryRate: 1, slaDue: 1, withinSla: 1, medianHoursToDeliver: 48, attempted: 1, firstAttemptDelivered: 1, returns: 0 });
    expect(r1.change).toMatchObject({ mailed: 4, delivered: 2, deliveryRate: 3 / 5 - 1, medianHoursToDeliver: 0, returns: 1, activationRate: null });
    expect(r1.daily.map((x) => [x.requests, x.mailed, x.delivered])).toEqual([[2, 2, 2], [1, 1, 0], [1, 1, 0], [1, 1, 1], [0, 0, 0], [0, 0, 0], [0, 0, 0]]);
    expect(r1.daily[0]!.deliveryRate).toBe(1);
    expect(r1.daily[4]!.deliveryRate).toBeNull();
    expect(r1.byUnit.find((u) => u.code === O1)).toMatchObject({ mailed: 5, delivered: 3, deliveryRate: 3 / 5, returns: 1, overdue: 1 });
    expect(r1.byCity.map((x) => x.code)).toContain(one.county.code.slice(0, 4) + '00');
    expect(r1.problemItems.map((p) => [p.problem, p.trackingNo])).toEqual(
      expect.arrayContaining([
        ['overdue', d],
        ['returned', c],
      ]),
    );
    expect(r1.problemItems[0]).toMatchObject({ problem: 'overdue', trackingNo: d, since: shanghai(at(5, 10)).replace(/\.\d{3}/, '.000') });

    // Program 2: f delivered and activated; g not due yet.
    const r2 = await report(`program=${p2.code}`);
    expect(r2.figures).toMatchObject({ mailed: 2, delivered: 1, deliveryRate: 1 / 2, slaDue: 1, withinSla: 1, medianHoursToDeliver: 21, attempted: 1, firstAttemptDelivered: 1, returns: 0 });
    expect(r2.figures).toMatchObject({ activationDue: 1, activated: 1, activationRate: 1, complaintsPer10k: 0, resolved: 0, resolutionOnTimeRate: null });
    expect(r2.problemItems.filter((p) => p.trackingNo === g)).toEqual([]);

    // The province: both offices; the median of 21, 24, 48, 98 is the mean of the middle two.
    const hubei = await report('division=420000');
    expect(hubei.scope).toEqual({ kind: 'division', code: '420000', name: '湖北省' });
    expect(hubei.figures).toMatchObject({
      requests: 7,
      mailed: 7,
      conversionRate: null,
      delivered: 4,
      deliveryRate: 4 / 7,
      slaDue: 5,
      withinSla: 3,
      medianHoursToDeliver: 36,
      attempted: 5,
      firstAttemptDelivered: 3,
      returns: 1,
      activationDue: 1,
      activated: 1,
      workOrders: { enquiry: 1, complaint: 1, address_change: 0, redelivery: 0, loss_report: 0, other: 0 },
      complaintsPer10k: 10_000 / 7,
    });
    expect(hubei.byUnit.filter((u) => u.mailed > 0).map((u) => [u.code, u.mailed]).sort()).toEqual([[O1, 5], [O2, 2]].sort());
    expect(hubei.byCity.reduce((n, x) => n + x.mailed, 0)).toBe(7);

    // Made and stored: listed for the week, read back as made, pushed to program 1's sponsor.
    const made = await t.request('POST', `${V1}/reports/weekly`, { role: 'operator', body: { week: W, program: p1.code } });
    expect(made.statusCode, made.body).toBe(201);
    const stored = made.json() as TStoredWeeklyReport;
    expect(stored).toMatchObject({ week: W, scope: { kind: 'program', code: p1.code }, mailed: 5, deliveryRate: 3 / 5, generatedBy: expect.any(String) });
    const again = await t.request('POST', `${V1}/reports/weekly`, { role: 'operator', body: { week: W, program: p1.code } });
    expect((again.json() as TStoredWeeklyReport).id).toBe(stored.id);
    const list = await t.request('GET', `${V1}/reports/weekly/stored?week=${W}`, { role: 'viewer' });
    expect((list.json() as { rows: TStoredWeeklyReport[] }).rows.map((r) => r.id)).toEqual([stored.id]);
    const read = await t.request('GET', `${V1}/reports/weekly/stored/${stored.id}`, { role: 'viewer' });
    expect((read.json() as TWeeklyReport).figures).toEqual(r1.figures);

    // Its files, drawn from the stored report: the XLSX's summary sheet holds the hand-worked figures, the PDF says them.
    const xlsx = await t.request('GET', `${V1}/reports/weekly/stored/${stored.id}.xlsx`, { role: 'viewer', headers: { 'accept-language': 'zh-CN' } });
    expect(xlsx.statusCode, xlsx.body.slice(0, 200)).toBe(200);
    expect(xlsx.headers['content-disposition']).toContain(`weekly_${W}_program_${p1.code}.xlsx`);
    // The summary sheet as the project's own reader reads a sheet (the recipient imports'), then every sheet with ExcelJS.
    const table = await readTable({ bytes: xlsx.rawPayload });
    const lines = [table.header.cells.join(' ')];
    for await (const row of table.rows) lines.push(row.cells.join(' '));
    expect(lines).toEqual(expect.arrayContaining(['收寄邮件数 5 1 4', '妥投数 3 1 2', '退回数 1 0 1', `周次 ${W}，${r1.from} 至 ${r1.to}`]));
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    expect(book.worksheets.map((w) => w.name)).toEqual(['概要', '各市', '各单位', '问题邮件', '说明']);
    const summary: unknown[][] = [];
    book.worksheets[0]!.eachRow((row) => summary.push((row.values as unknown[]).slice(1)));
    const rowOf = (name: string) => summary.find((r) => r[0] === name);
    expect(rowOf('收寄邮件数')).toEqual(['收寄邮件数', 5, 1, 4]);
    expect(rowOf('妥投数')).toEqual(['妥投数', 3, 1, 2]);
    expect(rowOf('退回数')).toEqual(['退回数', 1, 0, 1]);
    const problems: unknown[][] = [];
    book.worksheets[3]!.eachRow((row) => problems.push((row.values as unknown[]).slice(1)));
    expect(problems.flat()).toEqual(expect.arrayContaining([c, d]));
    const pdf = await t.request('GET', `${V1}/reports/weekly/stored/${stored.id}.pdf`, { role: 'viewer', headers: { 'accept-language': 'zh-CN' } });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const text = (await readPdf(pdf.rawPayload)).text;
    for (const shown of [p1.name, W, '收寄邮件数', '60.00%', c, d]) expect(text).toContain(shown);
    // The live file of the same week and scope answers the same figures.
    const live = await t.request('GET', `${V1}/reports/weekly.xlsx?week=${W}&program=${p1.code}`, { role: 'viewer' });
    expect(live.statusCode).toBe(200);

    const pushed = await t.db.selectFrom('report_outbox').select(['report_id', 'program_code', 'week']).execute();
    expect(pushed).toEqual([
      { report_id: stored.id, program_code: p1.code, week: W },
      { report_id: stored.id, program_code: p1.code, week: W },
    ]);

    // The Monday run: every program and province with items registered in the week, each once; what
    // was stored on demand is left as it is.
    const deps = { db: t.db, timeZone: ZONE, sites: await loadSiteDirectory(t.db), now: FIXED_NOW, summaries: overviewDaysOf(t.db) };
    expect(await makeWeekReports(ctx.handle, deps, W)).toEqual({ made: 2 }); // program 2, Hubei
    expect(await makeWeekReports(ctx.handle, deps, W)).toEqual({ made: 0 });
    const all = (await t.request('GET', `${V1}/reports/weekly/stored?week=${W}`, { role: 'viewer' })).json() as { rows: TStoredWeeklyReport[] };
    expect(all.rows.map((r) => [r.scope.kind, r.scope.code, r.generatedBy]).sort()).toEqual(
      [
        ['division', '420000', 'schedule'],
        ['program', p1.code, stored.generatedBy],
        ['program', p2.code, 'schedule'],
      ].sort(),
    );
    expect(all.rows.find((r) => r.scope.code === '420000')).toMatchObject({ mailed: 7, deliveryRate: 4 / 7 });
    expect(await t.db.selectFrom('report_outbox').select('program_code').where('program_code', '=', p2.code).execute()).toHaveLength(1);

    // A partner: its program's report and stored reports only; no division's.
    const { token } = await newPartnerToken(t, p1.sponsor);
    expect((await asPartner(t, token, 'GET', `${V1}/reports/weekly?week=${W}&program=${p1.code}`)).statusCode).toBe(200);
    expect((await asPartner(t, token, 'GET', `${V1}/reports/weekly?week=${W}&program=${p2.code}`)).statusCode).toBe(404);
    expect((await asPartner(t, token, 'GET', `${V1}/reports/weekly?week=${W}&division=420000`)).statusCode).toBe(403);
    expect((await asPartner(t, token, 'GET', `${V1}/reports/weekly/stored/${stored.id}`)).statusCode).toBe(200);
    const { token: other } = await newPartnerToken(t, p2.sponsor);
    expect((await asPartner(t, other, 'GET', `${V1}/reports/weekly/stored/${stored.id}`)).statusCode).toBe(404);
    const seen = ((await asPartner(t, other, 'GET', `${V1}/reports/weekly/stored`)).json() as { rows: TStoredWeeklyReport[] }).rows;
    expect(seen.map((r) => r.scope.code)).toEqual([p2.code]);
  });

  it('names what is wrong with the week or the scope asked for', async () => {
    const t: TestApp = await newTestApp(ctx);
    const p = await createTestProgram(t.db);
    const ask = async (query: string) => {
      const res = await t.request('GET', `${V1}/reports/weekly?${query}`, { role: 'viewer' });
      return { status: res.statusCode, message: (res.json() as { error: { message: string } }).error?.message ?? '' };
    };
    expect(await ask(`week=2025-W53&program=${p.code}`)).toMatchObject({ status: 400, message: expect.stringContaining('2025 has no week 53 (it has 52)') });
    expect(await ask(`week=2026-48&program=${p.code}`)).toMatchObject({ status: 400, message: expect.stringContaining('YYYY-Www') });
    expect(await ask('week=2026-W40')).toMatchObject({ status: 400, message: expect.stringContaining('one of program') });
    expect(await ask(`week=2026-W40&program=${p.code}&division=420000`)).toMatchObject({ status: 400, message: expect.stringContaining('one of program') });
    expect(await ask('week=2026-W40&division=420506')).toMatchObject({ status: 400, message: expect.stringContaining('420506 is not a province or city code') });
    expect(await ask('week=2099-W01&division=420000')).toMatchObject({ status: 400, message: expect.stringContaining('has not begun') });
    expect(await ask('week=2026-W40&program=NOPE')).toMatchObject({ status: 404 });
    const zh = await t.request('GET', `${V1}/reports/weekly?week=2025-W53&program=${p.code}`, { role: 'viewer', headers: { 'accept-language': 'zh-CN' } });
    expect(zh.body).toContain('2025 年没有第 53 周');
  });
});
