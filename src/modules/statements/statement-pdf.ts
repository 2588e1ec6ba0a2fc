// A payer's statement as an A4 PDF: who, which period, its status and totals on the first page, then
// the line table over as many pages as it takes, its header row on every page. Drafts and void
// statements carry a mark on every page, so that no page of one is ever paid.
//
// Streamed: a statement may have a million lines (some 17,000 pages). Lines are pulled from the
// source a page of the source at a time, each PDF page is handed on when the next one starts
// (pdfkit's default; never bufferPages), and drawing waits while the reader is behind.
import { PassThrough, type Readable } from 'node:stream';
import { setImmediate as nextTurn } from 'node:timers/promises';
import PDFDocument from 'pdfkit';
import { formatYuan } from '../../domain/money.js';
import { drainedOrClosed } from '../../export/back-pressure.js';
import { heading } from '../../export/table-column.js';
import type { Lang } from '../../i18n/lang.js';
import { type MessageKey, t } from '../../i18n/message.js';
import { BODY_END, LEFT, PAGE, RIGHT, TOP } from '../../pdf/a4-page.js';
import { type Align, INK, alignedX, cellText as drawCellText } from '../../pdf/cell-text.js';
import { cjkFonts } from '../../pdf/cjk-font.js';
import { PlainText, isPlainAscii } from '../../pdf/plain-text.js';
import { DEFAULT_FILE_TIME_ZONE, type StatementFileOptions, localMinuteText, notForPayment, payerWithCode, statusText } from './statement-file-texts.js';
import type { StatementHeader, StatementLine } from './statement.model.js';

type Doc = PDFKit.PDFDocument;

const REGULAR = 'statement-regular';
const BOLD = 'statement-bold';
/**
 * Numbers, dates, codes and tracking numbers: plain ASCII, written a million times, in a standard font
 * (the table's rows through PlainText). Hazard: pdfkit keeps the layout of every distinct word set in
 * an embedded font for the life of the document, so the CJK font must only ever see texts of which
 * there are few (headings, names, page numbers): a million tracking numbers laid out in it would not
 * fit in memory.
 */
const LATIN = 'Helvetica';
const GREY = '#555555';
const RULE = '#999999';
const MARK = '#C00000';

const FOOTER_Y = PAGE.height - 34;

const TABLE_SIZE = 7.5;
const ROW_HEIGHT = 12;
const HEADER_ROW_HEIGHT = 16;
/** Space left inside a column on each side. */
const CELL_PAD = 3;

// The first page's head has a fixed height whatever the statement holds, so every statement's pages
// break at the same lines.
const FIELDS_TOP = TOP + 42;
const FIELD_HEIGHT = 14;
const FIELD_ROWS = 5;
const TOTALS_TOP = FIELDS_TOP + FIELD_ROWS * FIELD_HEIGHT + 6;
const TOTALS_HEIGHT = 40;
const FIRST_TABLE_TOP = TOTALS_TOP + TOTALS_HEIGHT + 18;
const NEXT_TABLE_TOP = TOP + 22;

const rowsBelow = (tableTop: number) => Math.floor((BODY_END - tableTop - HEADER_ROW_HEIGHT) / ROW_HEIGHT);

/** Lines on the first page and on each page after it. */
export const STATEMENT_PDF_ROWS = { firstPage: rowsBelow(FIRST_TABLE_TOP), otherPages: rowsBelow(NEXT_TABLE_TOP) } as const;

/** Pages a statement of `lines` lines takes (one, for a statement without lines). */
export function statementPdfPages(lines: number): number {
  const rest = Math.max(0, lines - STATEMENT_PDF_ROWS.firstPage);
  return 1 + Math.ceil(rest / STATEMENT_PDF_ROWS.otherPages);
}

interface PdfColumn {
  header: MessageKey;
  width: number;
  align: Align;
  value(line: StatementLine, lang: Lang): string;
}

const COLUMNS: readonly PdfColumn[] = [
  { header: 'statementFile.seq', width: 36, align: 'right', value: (l) => String(l.seq) },
  { header: 'statementFile.trackingNo', width: 68, align: 'left', value: (l) => l.trackingNo },
  { header: 'statementFile.program', width: 62, align: 'left', value: (l) => l.programCode },
  { header: 'statementFile.mailedOn', width: 50, align: 'left', value: (l) => l.mailedOn },
  { header: 'statementFile.weight', width: 46, align: 'right', value: (l) => (l.weightGrams === null ? '' : String(l.weightGrams)) },
  { header: 'statementFile.gross', width: 54, align: 'right', value: (l) => formatYuan(l.grossFen) },
  { header: 'statementFile.discount', width: 48, align: 'right', value: (l) => formatYuan(l.discountFen) },
  { header: 'statementFile.net', width: 54, align: 'right', value: (l) => formatYuan(l.netFen) },
  { header: 'statementFile.donation', width: 46, align: 'right', value: (l) => formatYuan(l.donationFen) },
  { header: 'statementFile.adjustment', width: 51, align: 'center', value: (l, lang) => (l.adjustment ? t(lang, 'statementFile.yes') : '') },
];
const COLUMN_X = COLUMNS.reduce<number[]>((xs, c, i) => [...xs, i === 0 ? LEFT : xs[i - 1]! + COLUMNS[i - 1]!.width], []);

/**
 * The statement as a PDF stream. Lines come from `pages` in `seq` order; the source is read no faster
 * than the reader takes the file, and left (its `return` called) if the reader goes away.
 */
export function statementPdf(header: StatementHeader, pages: AsyncIterable<readonly StatementLine[]>, lang: Lang, opts: StatementFileOptions = {}): Readable {
  const out = new PassThrough();
  writeStatementPdf(header, pages, lang, opts.timeZone ?? DEFAULT_FILE_TIME_ZONE, out).catch((err: unknown) => out.destroy(err instanceof Error ? err : new Error(String(err))));
  return out;
}

async function writeStatementPdf(header: StatementHeader, pages: AsyncIterable<readonly StatementLine[]>, lang: Lang, timeZone: string, out: PassThrough): Promise<void> {
  const fonts = cjkFonts();
  const doc = new PDFDocument({
    size: 'A4',
    margin: 0,
    autoFirstPage: false,
    info: { Title: t(lang, 'statementFile.docTitle', { payer: payerWithCode(header, lang), from: header.from, to: header.to }), Creator: 'Songda' },
  });
  doc.registerFont(REGULAR, fonts.regular);
  doc.registerFont(BOLD, fonts.bold);
  doc.pipe(out);
  const plain = new PlainText(doc, LATIN);

  let pageNo = 1;
  startPage(doc, plain, header, lang, pageNo);
  drawFirstPageHead(doc, header, lang, timeZone);
  let tableTop = FIRST_TABLE_TOP;
  let rowsOnPage = 0;
  let rowsFit = STATEMENT_PDF_ROWS.firstPage;
  drawTableHeader(doc, lang, tableTop);
  reading: for await (const page of pages) {
    for (const line of page) {
      if (rowsOnPage === rowsFit) {
        pageNo += 1;
        startPage(doc, plain, header, lang, pageNo); // hands the page just filled to `out`
        // Draw on only once the reader has taken what is written (which also holds back reading the
        // source); otherwise still give other requests a turn of the event loop between pages.
        if (out.writableNeedDrain) await drainedOrClosed(out);
        else await nextTurn();
        if (out.destroyed) break reading; // the reader went away; leaving the loop closes the source
        drawRunningHead(doc, header, lang);
        tableTop = NEXT_TABLE_TOP;
        rowsOnPage = 0;
        rowsFit = STATEMENT_PDF_ROWS.otherPages;
        drawTableHeader(doc, lang, tableTop);
      }
      drawLine(doc, plain, line, lang, tableTop + HEADER_ROW_HEIGHT + rowsOnPage * ROW_HEIGHT);
      rowsOnPage += 1;
    }
  }
  if (out.destroyed) {
    doc.unpipe(out);
    return;
  }
  if (pageNo === 1 && rowsOnPage === 0) {
    cellText(doc, t(lang, 'statementFile.noLines'), LEFT + CELL_PAD, tableTop + HEADER_ROW_HEIGHT + ROW_HEIGHT - 3, RIGHT - LEFT, 'left', TABLE_SIZE, REGULAR);
  }
  plain.flush();
  doc.end();
}

/** A new page with what every page carries: the not-for-payment mark (drawn first, so under the text) and the footer. */
function startPage(doc: Doc, plain: PlainText, header: StatementHeader, lang: Lang, pageNo: number): void {
  plain.flush();
  doc.addPage().fillColor(INK);
  plain.usePage();
  const mark = header.status === 'issued' ? null : statusText(header.status, lang);
  if (mark !== null) drawMark(doc, mark);
  const footerSize = 7.5;
  cellText(doc, t(lang, 'statementFile.page', { n: pageNo }), LEFT, FOOTER_Y, RIGHT - LEFT, 'center', footerSize, REGULAR, GREY);
  const id = t(lang, 'statementFile.field', { label: t(lang, 'statementFile.id'), value: header.id });
  cellText(doc, id, LEFT, FOOTER_Y, (RIGHT - LEFT) / 2 - 30, 'left', footerSize, REGULAR, GREY);
  const period = t(lang, 'statementFile.periodRange', { from: header.from, to: header.to });
  cellText(doc, `${header.payer}  ${period}`, PAGE.width / 2 + 30, FOOTER_Y, RIGHT - PAGE.width / 2 - 30, 'right', footerSize, REGULAR, GREY);
}

/** 草稿 / 已作废 across the page in large pale letters. */
function drawMark(doc: Doc, word: string): void {
  const size = word.length > 3 ? 90 : 120;
  const cx = PAGE.width / 2;
  const cy = PAGE.height / 2;
  doc.save();
  doc.rotate(-35, { origin: [cx, cy] });
  doc.font(BOLD).fontSize(size).fillColor(MARK, 0.13);
  const width = doc.widthOfString(word);
  doc.text(word, cx - width / 2, cy, { lineBreak: false, baseline: 'middle' });
  doc.restore();
}

function drawFirstPageHead(doc: Doc, header: StatementHeader, lang: Lang, timeZone: string): void {
  const width = RIGHT - LEFT;
  cellText(doc, t(lang, 'statementFile.title'), LEFT, TOP + 18, width / 2, 'left', 18, BOLD);
  const warning = notForPayment(header.status, lang);
  if (warning !== null) drawWarning(doc, statusText(header.status, lang), warning);

  const field = (label: MessageKey, value: string) => t(lang, 'statementFile.field', { label: heading(lang, label), value });
  const byAt = (at: number | null, by: string | null) => t(lang, 'statementFile.byAt', { at: at === null ? '' : localMinuteText(at, timeZone), by: by ?? '' });
  const fieldTop = (row: number) => FIELDS_TOP + row * FIELD_HEIGHT;
  cellText(doc, field('statementFile.payer', payerWithCode(header, lang)), LEFT, fieldTop(0) + 10, width, 'left', 11, BOLD);
  const left = [
    field('statementFile.period', t(lang, 'statementFile.periodRange', { from: header.from, to: header.to })),
    field('statementFile.id', header.id),
    field('statementFile.status', statusText(header.status, lang)),
  ];
  const right = [
    field('statementFile.createdAt', byAt(header.createdAt, header.createdBy)),
    ...(header.issuedAt === null ? [] : [field('statementFile.issuedAt', byAt(header.issuedAt, header.issuedBy))]),
    ...(header.status === 'void' ? [field('statementFile.voidedAt', byAt(header.voidedAt, header.voidedBy))] : []),
  ];
  const half = width / 2 - 6;
  left.forEach((text, i) => fieldText(doc, text, LEFT, fieldTop(1 + i), half));
  right.forEach((text, i) => fieldText(doc, text, LEFT + width / 2 + 6, fieldTop(1 + i), half));
  if (header.status === 'void') fieldText(doc, field('statementFile.voidReason', header.voidReason ?? ''), LEFT, fieldTop(4), width);
  drawTotals(doc, header, lang);
  cellText(doc, t(lang, 'statementFile.amountsInYuan'), LEFT, FIRST_TABLE_TOP - 5, width, 'right', TABLE_SIZE, REGULAR, GREY);
}

/** A red box at the top right: the status in large letters and why it is not to be paid. */
function drawWarning(doc: Doc, status: string, warning: string): void {
  const width = 200;
  const x = RIGHT - width;
  doc.save();
  doc.lineWidth(1.5).strokeColor(MARK).rect(x, TOP - 6, width, 42).stroke();
  doc.restore();
  cellText(doc, status, x, TOP + 15, width, 'center', 17, BOLD, MARK);
  cellText(doc, warning, x + 4, TOP + 30, width - 8, 'center', 8, REGULAR, MARK);
}

function drawTotals(doc: Doc, header: StatementHeader, lang: Lang): void {
  const count = (n: number) => COUNT.format(n);
  const boxes: [MessageKey, string][] = [
    ['statementFile.items', count(header.totals.items)],
    ['statementFile.grossYuan', formatYuan(header.totals.grossFen)],
    ['statementFile.discountYuan', formatYuan(header.totals.discountFen)],
    ['statementFile.netYuan', formatYuan(header.totals.netFen)],
    ['statementFile.donationYuan', formatYuan(header.totals.donationFen)],
    ['statementFile.adjustments', count(header.adjustments)],
  ];
  const width = (RIGHT - LEFT) / boxes.length;
  doc.save();
  doc.lineWidth(0.8).strokeColor(INK).rect(LEFT, TOTALS_TOP, RIGHT - LEFT, TOTALS_HEIGHT).stroke();
  doc.lineWidth(0.4).strokeColor(RULE);
  for (let i = 1; i < boxes.length; i++) doc.moveTo(LEFT + i * width, TOTALS_TOP).lineTo(LEFT + i * width, TOTALS_TOP + TOTALS_HEIGHT);
  doc.stroke();
  doc.restore();
  boxes.forEach(([label, value], i) => {
    const x = LEFT + i * width + 5;
    cellText(doc, heading(lang, label), x, TOTALS_TOP + 13, width - 10, 'left', 7, REGULAR, GREY);
    cellText(doc, value, x, TOTALS_TOP + 32, width - 10, 'right', 11, BOLD);
  });
}

/** Pages after the first: which statement this is, in one line. */
function drawRunningHead(doc: Doc, header: StatementHeader, lang: Lang): void {
  const text = `${t(lang, 'statementFile.title')}  ${payerWithCode(header, lang)}  ${t(lang, 'statementFile.periodRange', { from: header.from, to: header.to })}`;
  cellText(doc, text, LEFT, TOP + 10, RIGHT - LEFT - 90, 'left', 9, BOLD);
  if (header.status !== 'issued') cellText(doc, statusText(header.status, lang), RIGHT - 90, TOP + 10, 90, 'right', 11, BOLD, MARK);
}

function drawTableHeader(doc: Doc, lang: Lang, top: number): void {
  doc.save();
  doc.rect(LEFT, top, RIGHT - LEFT, HEADER_ROW_HEIGHT).fill('#EEEEEE');
  doc.lineWidth(0.6).strokeColor(INK).moveTo(LEFT, top + HEADER_ROW_HEIGHT).lineTo(RIGHT, top + HEADER_ROW_HEIGHT).stroke();
  doc.restore();
  COLUMNS.forEach((c, i) => cellText(doc, heading(lang, c.header), COLUMN_X[i]! + CELL_PAD, top + HEADER_ROW_HEIGHT - 5, c.width - 2 * CELL_PAD, c.align, TABLE_SIZE, BOLD));
}

/** A row of the table: its ASCII cells as one text object (see PlainText); anything else through pdfkit. */
function drawLine(doc: Doc, plain: PlainText, line: StatementLine, lang: Lang, top: number): void {
  const baseline = top + ROW_HEIGHT - 3;
  let others: [value: string, column: number][] | undefined;
  plain.begin(TABLE_SIZE, baseline);
  for (let i = 0; i < COLUMNS.length; i++) {
    const c = COLUMNS[i]!;
    const value = c.value(line, lang);
    if (value === '') continue;
    const width = c.width - 2 * CELL_PAD;
    const textWidth = isPlainAscii(value) ? plain.width(value, TABLE_SIZE) : Infinity;
    if (textWidth <= width) plain.add(value, alignedX(c.align, COLUMN_X[i]! + CELL_PAD, width, textWidth));
    else (others ??= []).push([value, i]); // Chinese, or too wide and to be cut
  }
  plain.end();
  if (others === undefined) return;
  plain.flush(); // the row's own text first, in the order it is read
  for (const [value, i] of others) cellText(doc, value, COLUMN_X[i]! + CELL_PAD, baseline, COLUMNS[i]!.width - 2 * CELL_PAD, COLUMNS[i]!.align, TABLE_SIZE, REGULAR);
}

function fieldText(doc: Doc, text: string, x: number, top: number, width: number): void {
  cellText(doc, text, x, top + 10, width, 'left', 9, REGULAR);
}

const COUNT = new Intl.NumberFormat('en-US');

/**
 * One line of text on `baseline`, within `width` (see cellText): plain ASCII in the standard font,
 * anything else in the CJK font `cjk`.
 */
function cellText(doc: Doc, text: string, x: number, baseline: number, width: number, align: Align, size: number, cjk: string, color?: string): void {
  drawCellText(doc, text, x, baseline, width, align, size, { latin: cjk === BOLD ? `${LATIN}-Bold` : LATIN, cjk }, color);
}
