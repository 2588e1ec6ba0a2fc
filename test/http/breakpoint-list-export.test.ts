import ExcelJS from 'exceljs';
import { expect, it } from 'vitest';
import { HOUR, createSite, newTestApp, newTrackingNo } from '../factories.js';
import { describeEachDialect } from '../test-db.js';

describeEachDialect('GET /api/v1/breakpoints/export', (ctx) => {
  it('writes every break-point the filters match, newest first, as XLSX or CSV, across pages', async () => {
    const t = await newTestApp(ctx);
    const unit = await createSite(t, { name: '夷陵区揽投部' });
    const other = await createSite(t);
    const base = Date.parse('2026-11-20T08:00:00+08:00');
    // More rows than one page of the export (1,000) so its keyset paging is exercised.
    const rows = Array.from({ length: 1205 }, (_, i) => ({
      tracking_no: newTrackingNo(),
      type: 'MISSING_INBOUND' as const,
      visit: 2,
      responsible_unit: i % 5 === 0 ? other : unit,
      opened_at: base + (i % 300) * 60_000,
      closed_at: i % 7 === 0 ? base + 10 * HOUR : null,
      detail: `detail ${i}`,
      updated_at: base,
    }));
    for (let i = 0; i < rows.length; i += 300) await t.db.insertInto('breakpoints').values(rows.slice(i, i + 300)).execute();
    const expected = rows
      .map((r, i) => ({ ...r, i }))
      .filter((r) => r.responsible_unit === unit && r.closed_at === null)
      .sort((a, b) => b.opened_at - a.opened_at || b.i - a.i);

    const xlsx = await t.request('GET', `/api/v1/breakpoints/export?unit=${unit}&from=2026-11-20&to=2026-11-20`, { role: 'viewer', headers: { 'accept-language': 'zh-CN' } });
    expect(xlsx.statusCode, xlsx.body).toBe(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    expect(xlsx.headers['content-disposition']).toBe(`attachment; filename="breakpoints_open_2026-11-20_2026-11-20_${unit}.xlsx"`);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    expect(sheet.name).toBe('信息断点');
    expect(sheet.getRow(1).getCell(1).value).toBe('邮件号');
    const tracking = [];
    for (let r = 2; r <= sheet.rowCount; r++) tracking.push(sheet.getRow(r).getCell(1).value);
    expect(tracking).toEqual(expected.map((r) => r.tracking_no));
    expect(sheet.getRow(2).getCell(5).value).toBe('夷陵区揽投部');
    expect(sheet.getRow(2).getCell(9).value).toBe('未关闭');

    const csv = await t.request('GET', `/api/v1/breakpoints/export?format=csv&status=all&unit=${other}`, { role: 'viewer', headers: { 'accept-language': 'zh-CN' } });
    expect(csv.statusCode).toBe(200);
    const lines = csv.body.split('\r\n').filter((l) => l !== '');
    expect(lines[0]!.startsWith('\uFEFF邮件号,')).toBe(true);
    expect(lines).toHaveLength(1 + rows.filter((r) => r.responsible_unit === other).length);

    // An English reader gets English headings, status and type names; codes stay as they are.
    const en = await t.request('GET', `/api/v1/breakpoints/export?format=csv&unit=${unit}&from=2026-11-20&to=2026-11-20`, { role: 'viewer', headers: { 'accept-language': 'en' } });
    const enLines = en.body.split('\r\n').filter((l) => l !== '');
    expect(enLines[0]).toBe('\uFEFFTracking no.,Break-point type,Break-point,Responsible unit code,Responsible unit,Visit,Opened at,Closed at,Status,Detail');
    expect(enLines[1]).toContain(',Open,');
  });

  it('refuses a bad filter, naming it', async () => {
    const t = await newTestApp(ctx);
    const res = await t.request('GET', '/api/v1/breakpoints/export?format=pdf');
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toContain('format');
  });
});
