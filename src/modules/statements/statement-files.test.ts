import { buffer } from 'node:stream/consumers';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { STATEMENT_CREATED_AT, linePages, statementHeader, statementLine, statementLines } from '../../../test/factories-statements.js';
import { donationsXlsx, statementXlsx } from './statement-files.js';
import type { DonationReport } from './statement.model.js';

async function load(file: NodeJS.ReadableStream): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load((await buffer(file)) as unknown as ArrayBuffer);
  return workbook;
}

/** The summary sheet as label → value. */
function summaryOf(sheet: ExcelJS.Worksheet): Map<string, ExcelJS.CellValue> {
  const fields = new Map<string, ExcelJS.CellValue>();
  sheet.eachRow((row, n) => {
    if (n > 1) fields.set(String(row.getCell(1).value), row.getCell(2).value);
  });
  return fields;
}

const cells = (row: ExcelJS.Row) => (row.values as unknown[]).slice(1);
/** Excel dates have no zone: a Shanghai wall time reads as these UTC fields. */
const wall = (text: string) => new Date(`${text}Z`);

describe('statementXlsx', () => {
  it('writes an issued statement as a summary of its totals in yuan and a sheet of every line', async () => {
    const lines = statementLines(2_500);
    const header = statementHeader(lines, { totals: { items: 2_500, grossFen: 123_456_789, discountFen: 18_518_518, netFen: 104_938_271, donationFen: 6_250 } });
    const workbook = await load(statementXlsx(header, linePages(lines), 'zh-CN'));

    expect(workbook.worksheets.map((s) => s.name)).toEqual(['汇总', '明细']);
    const [summary, detail] = workbook.worksheets as [ExcelJS.Worksheet, ExcelJS.Worksheet];
    expect(cells(summary.getRow(1))).toEqual(['对账单']);
    expect(Object.fromEntries(summaryOf(summary))).toEqual({
      对账单编号: 'st_01JD8Z5Q3M7XK2',
      付费方代码: 'AG1001',
      付费方: '宜昌市退役军人事务局',
      对账期间起: new Date('2026-11-01T00:00:00Z'),
      对账期间止: new Date('2026-11-30T00:00:00Z'),
      状态: '已开具',
      邮件数: 2_500,
      '标准邮资（元）': 1_234_567.89,
      '优惠金额（元）': 185_185.18,
      '应付邮资（元）': 1_049_382.71,
      '关爱基金捐赠（元）': 62.5,
      调整笔数: 250,
      生成时间: wall('2026-12-01T09:30:00'),
      生成人: 'finance01',
      开具时间: wall('2026-12-01T11:30:00'),
      开具人: 'finance02',
    });
    const gross = [...summaryOf(summary).keys()].indexOf('标准邮资（元）') + 2;
    expect(summary.getRow(gross).getCell(2).numFmt).toBe('#,##0.00');

    expect(detail.rowCount).toBe(2_501);
    expect(cells(detail.getRow(1))).toEqual(['序号', '邮件号', '项目代码', '收寄日期', '重量（克）', '标准邮资（元）', '优惠金额（元）', '应付邮资（元）', '关爱基金捐赠（元）', '调整']);
    expect(detail.getRow(1).getCell(1).font?.bold).toBe(true);
    // Line 4: 1,000 + 4 × 200 + 1 = 1,801 fen; 15 % off is 270 fen; a veterans item, so 0.10 donated.
    expect(cells(detail.getRow(5))).toEqual([4, statementLine(4).trackingNo, 'VET2026', new Date('2026-11-05T00:00:00Z'), 24, 18.01, 2.7, 15.31, 0.1, '否']);
    // Line 10 is a charge of October billed late; line 13 has no weight (an empty cell).
    expect(cells(detail.getRow(11))).toEqual([10, statementLine(10).trackingNo, 'ID2026', new Date('2026-10-11T00:00:00Z'), 30, 16.01, 2.4, 13.61, 0, '是']);
    expect(detail.getRow(14).getCell(5).value).toBeNull();
    expect(detail.getRow(5).getCell(6).numFmt).toBe('#,##0.00');
    expect(detail.getRow(5).getCell(4).numFmt).toBe('yyyy-mm-dd');
    // Every line once, in order, and its yuan add up to the lines' fen exactly.
    expect(detail.getColumn(1).values.slice(2)).toEqual(lines.map((l) => l.seq));
    const netFen = (detail.getColumn(8).values.slice(2) as number[]).reduce((total, yuan) => total + Math.round(yuan * 100), 0);
    expect(netFen).toBe(lines.reduce((total, l) => total + l.netFen, 0));
  });

  it('marks a draft as not for payment and leaves out what only an issued statement has', async () => {
    const lines = statementLines(3);
    const header = statementHeader(lines, { status: 'draft', issuedAt: null, issuedBy: null });
    const [summary] = (await load(statementXlsx(header, linePages(lines), 'zh-CN'))).worksheets as [ExcelJS.Worksheet];

    expect(cells(summary.getRow(1))).toEqual(['对账单', '草稿，尚未开具，不作为付款依据']);
    expect(summary.getRow(1).getCell(2).font?.color?.argb).toBe('FFC00000');
    const fields = summaryOf(summary);
    expect(fields.get('状态')).toBe('草稿');
    expect([...fields.keys()].filter((k) => k.startsWith('开具') || k.startsWith('作废'))).toEqual([]);
  });

  it('writes a void statement of postage the recipients paid in English: who voided it, when and why', async () => {
    const lines = [statementLine(1), statementLine(10)];
    const header = statementHeader(lines, {
      payer: 'recipient',
      payerName: null,
      status: 'void',
      voidedAt: STATEMENT_CREATED_AT + 26 * 3_600_000,
      voidedBy: 'finance03',
      voidReason: '重复开具 / issued twice',
    });
    const workbook = await load(statementXlsx(header, linePages(lines), 'en', { timeZone: 'UTC' }));

    expect(workbook.worksheets.map((s) => s.name)).toEqual(['Summary', 'Lines']);
    const [summary, detail] = workbook.worksheets as [ExcelJS.Worksheet, ExcelJS.Worksheet];
    expect(cells(summary.getRow(1))).toEqual(['Statement', 'Void: not a request for payment']);
    const fields = summaryOf(summary);
    expect(fields.get('Payer code')).toBe('recipient');
    expect(fields.get('Payer')).toBe('Paid by the recipient');
    expect(fields.get('Status')).toBe('Void');
    expect(fields.get('Adjustment lines')).toBe(1);
    // Shown in the zone asked for: 09:30 in Shanghai is 01:30 UTC.
    expect(fields.get('Created at')).toEqual(wall('2026-12-01T01:30:00'));
    expect(fields.get('Issued at')).toEqual(wall('2026-12-01T03:30:00'));
    expect(fields.get('Voided at')).toEqual(wall('2026-12-02T03:30:00'));
    expect(fields.get('Voided by')).toBe('finance03');
    expect(fields.get('Reason for voiding')).toBe('重复开具 / issued twice');
    expect(cells(detail.getRow(1))).toContain('Net postage (yuan)');
    expect(detail.getColumn(10).values.slice(2)).toEqual(['No', 'Yes']);
  });

  it('writes a partner no longer registered by its code alone, and a statement without lines as a header row', async () => {
    const header = statementHeader([], { payerName: null });
    const workbook = await load(statementXlsx(header, linePages([]), 'zh-CN'));
    const [summary, detail] = workbook.worksheets as [ExcelJS.Worksheet, ExcelJS.Worksheet];
    expect(summaryOf(summary).get('付费方')).toBeNull();
    expect(summaryOf(summary).get('付费方代码')).toBe('AG1001');
    expect(summaryOf(summary).get('邮件数')).toBe(0);
    expect(summaryOf(summary).get('应付邮资（元）')).toBe(0);
    expect(detail.rowCount).toBe(1);
  });
});

describe('donationsXlsx', () => {
  it('writes a row per program and payer in yuan, and the totals of the period', async () => {
    const report: DonationReport = {
      from: '2026-11-01',
      to: '2026-11-30',
      rows: [
        { programCode: 'VET2026', programName: '宜昌市退役军人优待证寄递', payer: 'AG1001', payerName: '宜昌市退役军人事务局', items: 12_345, donationFen: 123_450 },
        { programCode: 'VET2026', programName: '宜昌市退役军人优待证寄递', payer: 'recipient', payerName: null, items: 7, donationFen: 70 },
        { programCode: 'VET2025', programName: null, payer: 'AG9', payerName: null, items: 1, donationFen: 10 },
      ],
      totals: { items: 12_353, donationFen: 123_530 },
    };
    const workbook = await load(donationsXlsx(report, 'zh-CN'));

    expect(workbook.worksheets.map((s) => s.name)).toEqual(['关爱基金捐赠']);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.rowCount).toBe(5);
    expect(cells(sheet.getRow(1))).toEqual(['项目代码', '项目名称', '付费方代码', '付费方', '邮件数', '捐赠金额（元）']);
    expect(cells(sheet.getRow(2))).toEqual(['VET2026', '宜昌市退役军人优待证寄递', 'AG1001', '宜昌市退役军人事务局', 12_345, 1_234.5]);
    expect(cells(sheet.getRow(3))).toEqual(['VET2026', '宜昌市退役军人优待证寄递', 'recipient', '收件人自费', 7, 0.7]);
    expect(sheet.getRow(4).values).toEqual([undefined, 'VET2025', undefined, 'AG9', undefined, 1, 0.1]);
    expect(sheet.getRow(5).values).toEqual([undefined, '合计（2026-11-01 至 2026-11-30）', undefined, undefined, undefined, 12_353, 1_235.3]);
    expect(sheet.getRow(5).getCell(1).font?.bold).toBe(true);
    expect(sheet.getRow(5).getCell(6).numFmt).toBe('#,##0.00');
    expect(sheet.getRow(2).getCell(6).numFmt).toBe('#,##0.00');
  });
});
