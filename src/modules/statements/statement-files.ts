// A payer's statement and the donation account as XLSX, for the finance clerk who opens them in
// Excel: amounts in yuan with two decimals, days as date cells. Streamed: a statement may have a
// million lines, and they are written as the pages are read.
import type { Readable } from 'node:stream';
import { type Cell, type Column, DAY_FORMAT, INSTANT_FORMAT, YUAN_FORMAT, dayCell, heading, localWallTime } from '../../export/table-column.js';
import { type StreamedWorkbook, streamedWorkbook, writeTableSheet } from '../../export/table-xlsx.js';
import { yuanOf } from '../../domain/money.js';
import type { Lang } from '../../i18n/lang.js';
import { type MessageKey, t } from '../../i18n/message.js';
import { DEFAULT_FILE_TIME_ZONE, type StatementFileOptions, notForPayment, payerNameText, statusText } from './statement-file-texts.js';
import type { DonationReport, DonationRow, StatementHeader, StatementLine } from './statement.model.js';

const yesNo = (value: boolean, lang: Lang) => t(lang, value ? 'statementFile.yes' : 'statementFile.no');

const STATEMENT_LINE_COLUMNS: readonly Column<StatementLine>[] = [
  { header: 'statementFile.seq', width: 9, value: (l) => l.seq },
  { header: 'statementFile.trackingNo', width: 16, value: (l) => l.trackingNo },
  { header: 'statementFile.program', width: 14, value: (l) => l.programCode },
  { header: 'statementFile.mailedOn', width: 12, value: (l) => dayCell(l.mailedOn), numFmt: DAY_FORMAT },
  { header: 'statementFile.weightGrams', width: 10, value: (l) => l.weightGrams },
  { header: 'statementFile.grossYuan', width: 15, value: (l) => yuanOf(l.grossFen), numFmt: YUAN_FORMAT },
  { header: 'statementFile.discountYuan', width: 15, value: (l) => yuanOf(l.discountFen), numFmt: YUAN_FORMAT },
  { header: 'statementFile.netYuan', width: 15, value: (l) => yuanOf(l.netFen), numFmt: YUAN_FORMAT },
  { header: 'statementFile.donationYuan', width: 18, value: (l) => yuanOf(l.donationFen), numFmt: YUAN_FORMAT },
  { header: 'statementFile.adjustment', width: 8, value: (l, _tz, lang) => yesNo(l.adjustment, lang) },
];

/**
 * The statement as two sheets: 汇总 (who, which period, its status and totals) and 明细 (its lines, in
 * `seq` order as the pages give them). Pages are read one at a time, as the client takes the file.
 */
export function statementXlsx(header: StatementHeader, pages: AsyncIterable<readonly StatementLine[]>, lang: Lang, opts: StatementFileOptions = {}): Readable {
  const timeZone = opts.timeZone ?? DEFAULT_FILE_TIME_ZONE;
  return streamedWorkbook(async (book) => {
    writeSummarySheet(book, header, timeZone, lang);
    await writeTableSheet(book, 'statementFile.sheetLines', STATEMENT_LINE_COLUMNS, pages, timeZone, lang);
  });
}

type SummaryRow = [label: MessageKey, value: Cell, numFmt?: string];

function summaryRows(header: StatementHeader, timeZone: string, lang: Lang): SummaryRow[] {
  const instant = (ms: number) => localWallTime(ms, timeZone);
  const rows: SummaryRow[] = [
    ['statementFile.id', header.id],
    ['statementFile.payerCode', header.payer],
    ['statementFile.payer', payerNameText(header.payer, header.payerName, lang)],
    ['statementFile.periodFrom', dayCell(header.from), DAY_FORMAT],
    ['statementFile.periodTo', dayCell(header.to), DAY_FORMAT],
    ['statementFile.status', statusText(header.status, lang)],
    ['statementFile.items', header.totals.items],
    ['statementFile.grossYuan', yuanOf(header.totals.grossFen), YUAN_FORMAT],
    ['statementFile.discountYuan', yuanOf(header.totals.discountFen), YUAN_FORMAT],
    ['statementFile.netYuan', yuanOf(header.totals.netFen), YUAN_FORMAT],
    ['statementFile.donationYuan', yuanOf(header.totals.donationFen), YUAN_FORMAT],
    ['statementFile.adjustments', header.adjustments],
    ['statementFile.createdAt', instant(header.createdAt), INSTANT_FORMAT],
    ['statementFile.createdBy', header.createdBy],
  ];
  // A void statement may have been issued first: both stay on record.
  if (header.issuedAt !== null) rows.push(['statementFile.issuedAt', instant(header.issuedAt), INSTANT_FORMAT], ['statementFile.issuedBy', header.issuedBy]);
  if (header.status === 'void') {
    rows.push(
      ['statementFile.voidedAt', header.voidedAt === null ? null : instant(header.voidedAt), INSTANT_FORMAT],
      ['statementFile.voidedBy', header.voidedBy],
      ['statementFile.voidReason', header.voidReason],
    );
  }
  return rows;
}

/** Label and value, one per row, under a title row that says when the statement is not to be paid. */
function writeSummarySheet(book: StreamedWorkbook, header: StatementHeader, timeZone: string, lang: Lang): void {
  const sheet = book.workbook.addWorksheet(heading(lang, 'statementFile.sheetSummary'));
  sheet.columns = [{ width: 22 }, { width: 44 }];
  const title = sheet.addRow([heading(lang, 'statementFile.title'), notForPayment(header.status, lang)]);
  title.getCell(1).font = { bold: true, size: 14 };
  title.getCell(2).font = { bold: true, size: 14, color: { argb: 'FFC00000' } };
  title.commit();
  for (const [label, value, numFmt] of summaryRows(header, timeZone, lang)) {
    const row = sheet.addRow([heading(lang, label), value]);
    row.getCell(1).font = { bold: true };
    if (numFmt !== undefined) row.getCell(2).numFmt = numFmt;
    row.commit();
  }
  sheet.commit();
}

const DONATION_COLUMNS: readonly Column<DonationRow>[] = [
  { header: 'donationFile.programCode', width: 14, value: (r) => r.programCode },
  { header: 'donationFile.programName', width: 32, value: (r) => r.programName },
  { header: 'donationFile.payerCode', width: 14, value: (r) => r.payer },
  { header: 'donationFile.payer', width: 28, value: (r, _tz, lang) => payerNameText(r.payer, r.payerName, lang) },
  { header: 'donationFile.items', width: 10, value: (r) => r.items },
  { header: 'donationFile.donationYuan', width: 16, value: (r) => yuanOf(r.donationFen), numFmt: YUAN_FORMAT },
];

/** The donation account of a period: one row per program and payer, then the totals. */
export function donationsXlsx(report: DonationReport, lang: Lang): Readable {
  const totals: Cell[] = [t(lang, 'donationFile.total', { from: report.from, to: report.to }), null, null, null, report.totals.items, yuanOf(report.totals.donationFen)];
  // No column holds an instant, so the zone is never read.
  return streamedWorkbook((book) => writeTableSheet(book, 'donationFile.sheet', DONATION_COLUMNS, [report.rows], 'UTC', lang, { totals }));
}
