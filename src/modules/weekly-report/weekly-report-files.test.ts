import { PassThrough } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { setImmediate as nextTurn } from 'node:timers/promises';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { rasterisePage, readPdf } from '../../../test/factories-labels.js';
import { LAST_WEEK, THIS_WEEK, problemItem, problemItems, weeklyReport } from '../../../test/factories-weekly-report.js';
import type { Lang } from '../../i18n/lang.js';
import { writeWeeklyReportPdf } from './weekly-report-pdf.js';
import { weeklyChartLabelsOf } from './weekly-report-texts.js';
import { writeWeeklyReportXlsx } from './weekly-report-xlsx.js';
import { SCALAR_FIGURES, type TWeeklyReport } from './weekly-report.schemas.js';

/** The whole file a writer gives, read as it is written (the writers wait for their reader). */
async function fileOf(write: (out: PassThrough) => Promise<void>): Promise<Buffer> {
  const out = new PassThrough();
  const [bytes] = await Promise.all([buffer(out), write(out)]);
  return bytes;
}

async function xlsxOf(report: TWeeklyReport, lang: Lang): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load((await fileOf((out) => writeWeeklyReportXlsx(report, out, lang))) as unknown as ArrayBuffer);
  return workbook;
}

const cells = (row: ExcelJS.Row, count: number) => Array.from({ length: count }, (_, i) => row.getCell(i + 1).value ?? null);

/** The rows of a sheet below its header, as arrays of `count` cells. */
const bodyOf = (sheet: ExcelJS.Worksheet, count: number, from = 2) => sheet.getRows(from, sheet.rowCount - from + 1)!.map((r) => cells(r, count));

/** The summary's figure rows by their name: this week, last week, change. */
function figureRowsOf(summary: ExcelJS.Worksheet): Map<string, { values: unknown[]; formats: string[] }> {
  const rows = new Map<string, { values: unknown[]; formats: string[] }>();
  summary.eachRow((row, n) => {
    if (n < 8) return;
    const [name, ...values] = cells(row, 4);
    rows.set(String(name), { values, formats: [2, 3, 4].map((c) => row.getCell(c).numFmt) });
  });
  return rows;
}

/** A page's text with runs of white space as one space. */
const flat = (text: string) => text.replace(/\s+/g, ' ');

describe('writeWeeklyReportXlsx', () => {
  it('writes the summary, cities, units, problem items and notes, in Chinese', async () => {
    const report = weeklyReport({ problemItems: problemItems(5), problemItemsTotal: 8 });
    const workbook = await xlsxOf(report, 'zh-CN');
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['概要', '各市', '各单位', '问题邮件', '说明']);
    const [summary, cities, units, problems, notes] = workbook.worksheets as ExcelJS.Worksheet[];

    expect(bodyOf(summary!, 2, 1).slice(0, 7)).toEqual([
      ['寄递周报', null],
      ['范围', '项目 退役军人优待证寄递（VET2026）'],
      ['周次', '2026-W48，2026-11-23 至 2026-11-29'],
      ['时区', 'Asia/Shanghai'],
      ['统计时间', '2026-11-30 09:00'],
      [null, null],
      ['指标', '本周'],
    ]);
    expect(cells(summary!.getRow(7), 4)).toEqual(['指标', '本周', '上周', '变化']);

    const figures = figureRowsOf(summary!);
    expect(figures.size).toBe(SCALAR_FIGURES.length + 3 + 6);
    expect(figures.get('收寄邮件数')).toEqual({ values: [1_200, 1_000, 200], formats: ['#,##0', '#,##0', '+#,##0;-#,##0;0'] });
    expect(figures.get('妥投率')?.values).toEqual([0.985, 0.97, report.change.deliveryRate]);
    expect(figures.get('妥投率')?.formats).toEqual(['0.00%', '0.00%', '+0.00%;-0.00%;0.00%']);
    expect(figures.get('妥投时长中位数（小时）')?.values).toEqual([41.5, 44, -2.5]);
    expect(figures.get('万件投诉率')?.values).toEqual([25, 50, -25]);
    expect(figures.get('激活率')?.values).toEqual([null, null, null]);
    expect(figures.get('断点最多的单位 1：宜昌市西陵区揽投部（44300001）')?.values).toEqual([9, null, null]);
    expect(figures.get('断点最多的单位 2：宜昌市伍家岗区揽投部（44300002）')?.values).toEqual([7, 11, -4]);
    expect(figures.get('工单：投诉')?.values).toEqual([3, 5, -2]);
    expect(figures.get('工单：改址')?.values).toEqual([5, 2, 3]);
    // Every one-number figure once, with the report's own numbers (the names are the catalog's).
    const byValues = [...figures.values()].map((f) => f.values);
    for (const k of SCALAR_FIGURES) expect(byValues, k).toContainEqual([THIS_WEEK[k], LAST_WEEK[k], report.change[k]]);

    expect(cells(cities!.getRow(1), 10)).toEqual(['代码', '城市', '收寄', '妥投', '妥投率', '退回', '超时未妥投', '断点考核邮件', '有断点邮件', '断点率']);
    expect(bodyOf(cities!, 10)).toEqual(
      report.byCity.map((c) => [c.code, c.name, c.mailed, c.delivered, c.deliveryRate, c.returns, c.overdue, c.breakpointItems, c.itemsWithBreakpoint, c.breakpointRate]),
    );
    expect(cities!.getRow(2).getCell(10).numFmt).toBe('0.00%');
    expect(bodyOf(units!, 9)).toEqual(report.byUnit.map((u) => [u.code, u.name, u.city, u.mailed, u.delivered, u.deliveryRate, u.returns, u.overdue, u.openBreakpoints]));

    expect(cells(problems!.getRow(1), 6)).toEqual(['邮件号', '问题', '起始时间', '项目代码', '投递局', '详情']);
    const listed = bodyOf(problems!, 6);
    expect(listed).toHaveLength(6);
    // 09:10 in Shanghai, as Excel shows a date cell: its UTC fields.
    expect(listed[1]).toEqual(['EA200000023CN', '断点', new Date('2026-11-23T09:10:00Z'), 'VET2026', '44300001', '下段未扫描，宜昌市西陵区揽投部']);
    expect(listed[2]?.slice(0, 2)).toEqual([problemItem(3).trackingNo, '超时未妥投']);
    expect(listed[5]?.[0]).toBe('共 8 件，列出前 5 件');

    const noteRows = bodyOf(notes!, 2);
    expect(cells(notes!.getRow(1), 2)).toEqual(['指标', '定义']);
    expect(noteRows.map((r) => r[0])).toEqual([
      '本周邮件',
      '变化',
      ...['寄递申请数', '收寄邮件数', '申请转化率', '妥投数', '妥投率', '应按时限考核数', '时限内妥投数', '时限内妥投率', '妥投时长中位数（小时）'],
      ...['上门投递数', '首次投递妥投数', '首投妥投率', '退回数', '断点考核邮件数', '有断点邮件数', '断点率', '断点最多的单位', '工单数（按类型）'],
      ...['万件投诉率', '工单办结数', '按时办结数', '按时办结率', '应激活数', '已激活数', '激活率'],
    ]);
    const definitions = noteRows.map((r) => String(r[1]));
    expect(new Set(definitions).size).toBe(definitions.length);
    for (const text of definitions) expect(text).toMatch(/[\u4e00-\u9fff]/);
    expect(definitions[6]).toBe('妥投数 ÷ 收寄邮件数。');
  });

  it('names its sheets, headings and notes in English, a definition for every figure', async () => {
    const workbook = await xlsxOf(weeklyReport(), 'en');
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['Summary', 'By city', 'By unit', 'Problem items', 'Notes']);
    const [summary, , , problems, notes] = workbook.worksheets as ExcelJS.Worksheet[];
    expect(cells(summary!.getRow(3), 2)).toEqual(['Week', '2026-W48, 2026-11-23 to 2026-11-29']);
    expect(figureRowsOf(summary!).get('Delivery rate')?.values).toEqual([0.985, 0.97, THIS_WEEK.deliveryRate! - LAST_WEEK.deliveryRate!]);
    expect(figureRowsOf(summary!).get('Work orders: Complaint')?.values).toEqual([3, 5, -2]);
    // All the problem items are listed: no line saying how many there are.
    expect(problems!.rowCount).toBe(1 + 5);
    const noteRows = bodyOf(notes!, 2);
    expect(noteRows).toHaveLength(2 + SCALAR_FIGURES.length + 2);
    expect(noteRows).toContainEqual(['Delivery rate', 'Delivered ÷ items mailed.']);
    expect(noteRows.find((r) => r[0] === 'Units with most break-points')?.[1]).toMatch(/^The five units with most break-points/);
    for (const [, definition] of noteRows) expect(String(definition)).not.toMatch(/[\u4e00-\u9fff]/);
  });

  it('stops, without failing, when the reader goes away', async () => {
    const out = new PassThrough();
    out.once('data', () => out.destroy());
    await expect(writeWeeklyReportXlsx(weeklyReport({ problemItems: problemItems(2_000) }), out, 'zh-CN')).resolves.toBeUndefined();
  });
});

describe('weeklyChartLabelsOf', () => {
  it('names the days of the week by weekday and date, in the reader’s language', () => {
    expect(weeklyChartLabelsOf(weeklyReport(), 'zh-CN')).toEqual({
      mailed: '收寄',
      delivered: '妥投',
      deliveryRate: '妥投率',
      breakpointRate: '断点率',
      days: ['周一 11-23', '周二 11-24', '周三 11-25', '周四 11-26', '周五 11-27', '周六 11-28', '周日 11-29'],
    });
    expect(weeklyChartLabelsOf(weeklyReport(), 'en').days).toEqual(['Mon 11-23', 'Tue 11-24', 'Wed 11-25', 'Thu 11-26', 'Fri 11-27', 'Sat 11-28', 'Sun 11-29']);
  });
});

describe('writeWeeklyReportPdf', () => {
  it('prints the title, scope, week, figures beside last week’s, the three charts and the tables, in Chinese', async () => {
    const bytes = await fileOf((out) => writeWeeklyReportPdf(weeklyReport(), out, 'zh-CN'));
    const pdf = await readPdf(bytes);
    expect(pdf.pages).toBe(3);
    const [first, second, third] = pdf.pageTexts.map(flat) as [string, string, string];

    expect(first).toContain('寄递周报');
    expect(first).toContain('项目 退役军人优待证寄递（VET2026）');
    expect(first).toContain('周次：2026-W48，2026-11-23 至 2026-11-29');
    expect(first).toContain('时区：Asia/Shanghai 统计时间：2026-11-30 09:00');
    expect(first).toContain('指标 本周 上周 变化');
    expect(first).toContain('收寄邮件数 1,200 1,000 +200');
    expect(first).toContain('妥投率 98.50% 97.00% +1.50 个百分点');
    expect(first).toContain('断点率 2.00% 4.00% -2.00 个百分点');
    expect(first).toContain('妥投时长中位数（小时） 41.5 44.0 -2.5');
    expect(first).toContain('断点最多的单位 2：宜昌市伍家岗区揽投部（44300002） 7 11 -4');
    expect(first).toContain('工单：投诉 3 5 -2');
    // A rate without a denominator is left empty, its change too.
    expect(first).toMatch(/已激活数 0 0 0 激活率$/);

    // The charts, drawn from the SVG ECharts renders: titles, day axis, and values as labels.
    expect(second).toContain('每日收寄与妥投');
    expect(second).toContain('每日妥投率');
    expect(second).toContain('各市断点率');
    expect(second).toContain('周一 11-23');
    expect(second).toMatch(/(?<![\d.])98\.5%/); // Monday: 197 of 200, as the line's label
    expect(second).toMatch(/(?<![\d.])2\.5%/); // 宜昌市's bar
    expect(second).toMatch(/收寄 妥投/); // the legend
    const charts = await rasterisePage(bytes, 2, 3);
    expect(inkShare(charts, 0, Math.floor(charts.height / 3)), 'the bars of the first chart').toBeGreaterThan(0.05);

    expect(third).toContain('各市 代码 城市 收寄 妥投 妥投率 退回 超时未妥投 断点考核邮件 有断点邮件 断点率');
    expect(third).toContain('420500 宜昌市 700 690 98.57% 4 3 760 19 2.50%');
    expect(third).toContain('44300002 宜昌市伍家岗区揽投部 宜昌市 300 297 99.00% 1 1 7');
    expect(third).toContain('问题邮件 共 5 件 邮件号 问题 起始时间 项目代码 投递局 详情');
    expect(third).toContain(`${problemItem(2).trackingNo} 断点 2026-11-23 09:10 VET2026 44300001 下段未扫描，宜昌市西陵区揽投部`);
    pdf.pageTexts.forEach((text, i) => expect(flat(text)).toContain(`第 ${i + 1} 页`));
  });

  it('prints in English', async () => {
    const pdf = await readPdf(await fileOf((out) => writeWeeklyReportPdf(weeklyReport({ problemItems: [], problemItemsTotal: 0 }), out, 'en')));
    const text = flat(pdf.text);
    expect(text).toContain('Weekly delivery report');
    expect(text).toContain('Program 退役军人优待证寄递 (VET2026)');
    expect(text).toContain('Delivery rate 98.50% 97.00% +1.50 pts');
    expect(text).toContain('Mon 11-23');
    expect(text).toContain('Items mailed and delivered by day');
    expect(text).toContain('No problem items this week');
    expect(text).not.toMatch(/[周第页]/);
  });

  it('runs 2,000 problem items over many pages, the table header on each', async () => {
    const items = problemItems(2_000);
    const pdf = await readPdf(await fileOf((out) => writeWeeklyReportPdf(weeklyReport({ problemItems: items, problemItemsTotal: 2_345 }), out, 'zh-CN')));
    expect(pdf.pages).toBeGreaterThan(30);
    const pages = pdf.pageTexts.map(flat);
    expect(pages[2]).toContain('问题邮件 共 2345 件，列出前 2000 件');
    const header = '邮件号 问题 起始时间 项目代码 投递局 详情';
    for (const [i, text] of pages.entries()) if (i >= 3) expect(text, `page ${i + 1}`).toContain(header);
    expect(pages.at(-1)).toContain(items.at(-1)!.trackingNo);
    expect(pdf.text.match(/EA2\d{8}CN/g)).toHaveLength(2_000);
  });

  it('draws no further than the reader has read, and stops, without failing, when the reader goes away', async () => {
    // Each problem item counts the times its tracking number is read, which is once, as its row is drawn.
    let drawn = 0;
    const items = problemItems(2_000).map((item) => {
      const { trackingNo } = item;
      return Object.defineProperty(item, 'trackingNo', { enumerable: true, get: () => (drawn += 1, trackingNo) });
    });
    // Node's default buffers (64 KB each way) would hold the whole of this small file.
    const out = new PassThrough({ highWaterMark: 8 * 1024 });
    let done = false;
    const writing = writeWeeklyReportPdf(weeklyReport({ problemItems: items }), out, 'zh-CN').then(() => (done = true));
    for (let turns = 0; !out.writableNeedDrain && turns < 10_000; turns++) await nextTurn();
    for (let turns = 0; turns < 300; turns++) await nextTurn();
    expect(out.writableNeedDrain).toBe(true);
    expect(drawn).toBeLessThan(1_000);

    const before = drawn;
    out.destroy();
    await writing;
    expect(done).toBe(true);
    expect(drawn - before).toBeLessThan(100);
  });
});

/** The share of dark pixels in rows `from` to `to` of a page. */
function inkShare(page: Awaited<ReturnType<typeof rasterisePage>>, from: number, to: number): number {
  let dark = 0;
  for (let y = from; y < to; y++) for (let x = 0; x < page.width; x++) if (page.dark(x, y)) dark++;
  return dark / ((to - from) * page.width);
}
