// The weekly report as XLSX, for the manager who opens it in Excel: 概要 (scope, week and every figure
// beside last week's), 各市, 各单位, 问题邮件 and 说明 (what each figure counts). Rates are fractions in
// percent format, so a cell holds the exact rate; instants are local wall times of the report's zone.
import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { z } from 'zod';
import { isReaderGone } from '../../export/back-pressure.js';
import { type Cell, type Column, INSTANT_FORMAT, PERCENT_FORMAT, heading, localWallTime } from '../../export/table-column.js';
import { type StreamedWorkbook, streamedWorkbook, writeTableSheet } from '../../export/table-xlsx.js';
import type { Lang } from '../../i18n/lang.js';
import { type MessageKey, t } from '../../i18n/message.js';
import { FIGURES, type FigureKind, figureDefinition, figureName, figureRows, generatedAtText, problemText, scopeText, weekText } from './weekly-report-texts.js';
import type { TProblemItem, TWeeklyReport, ZWeekCity, ZWeekUnit } from './weekly-report.schemas.js';

type TWeekCity = z.infer<typeof ZWeekCity>;
type TWeekUnit = z.infer<typeof ZWeekUnit>;

/** Number formats of a figure and of its change (a sign always shown; a rate's change in points). */
const FIGURE_FORMATS: Record<FigureKind, { value: string; change: string }> = {
  count: { value: '#,##0', change: '+#,##0;-#,##0;0' },
  rate: { value: PERCENT_FORMAT, change: '+0.00%;-0.00%;0.00%' },
  per10k: { value: '0.00', change: '+0.00;-0.00;0.00' },
  hours: { value: '0.0', change: '+0.0;-0.0;0.0' },
};

/** What a city and a unit both count of the week's items they deliver. */
type Deliveries = Pick<TWeekCity, 'mailed' | 'delivered' | 'deliveryRate' | 'returns' | 'overdue'>;

function deliveryColumns<T extends Deliveries>(): Column<T>[] {
  return [
    { header: 'weeklyFile.mailed', width: 10, value: (r) => r.mailed },
    { header: 'weeklyFile.delivered', width: 10, value: (r) => r.delivered },
    { header: 'weeklyFile.deliveryRate', width: 10, value: (r) => r.deliveryRate, numFmt: PERCENT_FORMAT },
    { header: 'weeklyFile.returns', width: 8, value: (r) => r.returns },
    { header: 'weeklyFile.overdue', width: 12, value: (r) => r.overdue },
  ];
}

const CITY_COLUMNS: readonly Column<TWeekCity>[] = [
  { header: 'weeklyFile.code', width: 10, value: (c) => c.code },
  { header: 'weeklyFile.city', width: 18, value: (c) => c.name },
  ...deliveryColumns<TWeekCity>(),
  { header: 'weeklyFile.breakpointItems', width: 14, value: (c) => c.breakpointItems },
  { header: 'weeklyFile.itemsWithBreakpoint', width: 14, value: (c) => c.itemsWithBreakpoint },
  { header: 'weeklyFile.breakpointRate', width: 10, value: (c) => c.breakpointRate, numFmt: PERCENT_FORMAT },
];

const UNIT_COLUMNS: readonly Column<TWeekUnit>[] = [
  { header: 'weeklyFile.code', width: 12, value: (u) => u.code },
  { header: 'weeklyFile.unit', width: 28, value: (u) => u.name },
  { header: 'weeklyFile.city', width: 14, value: (u) => u.city },
  ...deliveryColumns<TWeekUnit>(),
  { header: 'weeklyFile.openBreakpoints', width: 12, value: (u) => u.openBreakpoints },
];

const PROBLEM_COLUMNS: readonly Column<TProblemItem>[] = [
  { header: 'weeklyFile.trackingNo', width: 16, value: (p) => p.trackingNo },
  { header: 'weeklyFile.problem', width: 12, value: (p, _tz, lang) => problemText(lang, p.problem) },
  { header: 'weeklyFile.since', width: 18, value: (p, tz) => localWallTime(Date.parse(p.since), tz), numFmt: INSTANT_FORMAT },
  { header: 'weeklyFile.program', width: 14, value: (p) => p.programCode },
  { header: 'weeklyFile.deliveryOffice', width: 14, value: (p) => p.deliveryOffice },
  { header: 'weeklyFile.detail', width: 40, value: (p) => p.detail },
];

/** A line of the notes: what it names, and what that is. */
type Note = readonly [name: string, definition: string];

const NOTE_COLUMNS: readonly Column<Note>[] = [
  { header: 'weeklyFile.figure', width: 28, value: (n) => n[0] },
  { header: 'weeklyFile.definition', width: 100, value: (n) => n[1] },
];

/**
 * Writes the report's workbook to `out`, ending it. Resolves once `out` has taken the whole file, or
 * when the reader goes away (`out` destroyed); rejects, with `out` destroyed, if the file cannot be made.
 */
export async function writeWeeklyReportXlsx(report: TWeeklyReport, out: Writable, lang: Lang): Promise<void> {
  const tz = report.timeZone;
  const file = streamedWorkbook(async (book) => {
    writeSummarySheet(book, report, lang);
    await writeTableSheet(book, 'weeklyFile.sheetCities', CITY_COLUMNS, [report.byCity], tz, lang);
    await writeTableSheet(book, 'weeklyFile.sheetUnits', UNIT_COLUMNS, [report.byUnit], tz, lang);
    const shown = report.problemItems.length;
    // A last line says how many there are when the report lists only the first of them.
    const totals = report.problemItemsTotal > shown ? [t(lang, 'weeklyFile.problemsShown', { total: report.problemItemsTotal, shown })] : undefined;
    await writeTableSheet(book, 'weeklyFile.sheetProblems', PROBLEM_COLUMNS, [report.problemItems], tz, lang, totals ? { totals } : {});
    await writeTableSheet(book, 'weeklyFile.sheetNotes', NOTE_COLUMNS, [notes(lang)], tz, lang);
  });
  try {
    await pipeline(file, out);
  } catch (err) {
    if (isReaderGone(err)) return;
    throw err;
  }
}

/** The week, then every figure: name, this week, last week and the change. */
function writeSummarySheet(book: StreamedWorkbook, report: TWeeklyReport, lang: Lang): void {
  const sheet = book.workbook.addWorksheet(heading(lang, 'weeklyFile.sheetSummary'));
  sheet.columns = [{ width: 34 }, { width: 16 }, { width: 16 }, { width: 16 }];
  const title = sheet.addRow([heading(lang, 'weeklyFile.title')]);
  title.getCell(1).font = { bold: true, size: 14 };
  title.commit();
  const head: [MessageKey, string][] = [
    ['weeklyFile.scope', scopeText(report, lang)],
    ['weeklyFile.week', weekText(report, lang)],
    ['weeklyFile.timeZone', report.timeZone],
    ['weeklyFile.generatedAt', generatedAtText(report)],
  ];
  for (const [label, value] of head) {
    const row = sheet.addRow([heading(lang, label), value]);
    row.getCell(1).font = { bold: true };
    row.commit();
  }
  sheet.addRow([]).commit();
  const columns = sheet.addRow((['weeklyFile.figure', 'weeklyFile.thisWeek', 'weeklyFile.lastWeek', 'weeklyFile.change'] as const).map((k) => heading(lang, k)));
  columns.font = { bold: true };
  columns.commit();
  for (const figure of figureRows(report, lang)) {
    const cells: Cell[] = [figure.name, figure.thisWeek, figure.lastWeek, figure.change];
    const row = sheet.addRow(cells);
    const formats = FIGURE_FORMATS[figure.kind];
    row.getCell(2).numFmt = formats.value;
    row.getCell(3).numFmt = formats.value;
    row.getCell(4).numFmt = formats.change;
    row.commit();
  }
  sheet.commit();
}

/** The notes: what "the week's items" and a change are, then each figure's definition. */
function notes(lang: Lang): Note[] {
  return [
    [t(lang, 'weeklyFile.weekItems'), t(lang, 'weeklyFile.def.cohort')],
    [t(lang, 'weeklyFile.change'), t(lang, 'weeklyFile.def.change')],
    ...FIGURES.map((f): Note => [figureName(lang, f), figureDefinition(lang, f)]),
  ];
}
