// The weekly report as an A4 PDF: title, scope and week, the figures beside last week's, the three
// charts the console draws (the same ECharts options, rendered to SVG on the server), then the cities,
// the units and the problem items, each table's header repeated on every page it runs onto.
//
// Each page is handed on when the next one starts (pdfkit's default; never bufferPages), and drawing
// waits while the reader is behind: the problem items alone may take some forty pages.
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { setImmediate as nextTurn } from 'node:timers/promises';
import PDFDocument from 'pdfkit';
import type { z } from 'zod';
import { drainedOrClosed, isReaderGone } from '../../export/back-pressure.js';
import { heading } from '../../export/table-column.js';
import type { Lang } from '../../i18n/lang.js';
import { type MessageKey, t } from '../../i18n/message.js';
import { BODY_END, LEFT, PAGE, RIGHT, TOP } from '../../pdf/a4-page.js';
import { type Align, type CellFont, cellText } from '../../pdf/cell-text.js';
import { drawChart } from '../../pdf/chart-svg.js';
import { cjkFonts } from '../../pdf/cjk-font.js';
import { isPlainAscii } from '../../pdf/plain-text.js';
import { percent, weeklyCharts } from './weekly-charts.js';
import { type FigureRow, figureRows, generatedAtText, localMinuteText, problemText, scopeText, weekText, weeklyChartLabelsOf } from './weekly-report-texts.js';
import type { TProblemItem, TWeeklyReport, ZWeekCity, ZWeekUnit } from './weekly-report.schemas.js';

type Doc = PDFKit.PDFDocument;
type TWeekCity = z.infer<typeof ZWeekCity>;
type TWeekUnit = z.infer<typeof ZWeekUnit>;

const CJK = 'weekly-regular';
const CJK_BOLD = 'weekly-bold';
const REGULAR: CellFont = { latin: 'Helvetica', cjk: CJK };
const BOLD: CellFont = { latin: 'Helvetica-Bold', cjk: CJK_BOLD };
const GREY = '#555555';
const RULE = '#BBBBBB';
const HEADER_FILL = '#EEEEEE';

const WIDTH = RIGHT - LEFT;
const FOOTER_Y = PAGE.height - 30;

const CELL_PAD = 3;
const SECTION_GAP = 18;
const SECTION_HEADING = 20;
const CHART_HEIGHT = 210;

interface PdfColumn<T> {
  header: MessageKey;
  width: number;
  align: Align;
  value(row: T, lang: Lang): string;
}

interface TableStyle {
  size: number;
  rowHeight: number;
  headerHeight: number;
}

const FIGURE_TABLE: TableStyle = { size: 8.5, rowHeight: 14, headerHeight: 17 };
const LIST_TABLE: TableStyle = { size: 7.5, rowHeight: 12.5, headerHeight: 22 };

const COUNT = new Intl.NumberFormat('en-US');
const count = (n: number) => COUNT.format(n);
const rateText = (rate: number | null) => (rate === null ? '' : `${(rate * 100).toFixed(2)}%`);
const signed = (text: string, n: number) => (n > 0 ? `+${text}` : n < 0 ? `-${text.replace(/^-/, '')}` : text);

/** A figure as the table shows it; null (no denominator) is left empty. */
function figureText(row: FigureRow, value: number | null): string {
  if (value === null) return '';
  if (row.kind === 'rate') return rateText(value);
  if (row.kind === 'count') return count(value);
  return value.toFixed(row.kind === 'hours' ? 1 : 2);
}

/** A figure's change, signed; a rate's in percentage points. */
function changeText(row: FigureRow, lang: Lang): string {
  const change = row.change;
  if (change === null) return '';
  if (row.kind === 'rate') return t(lang, 'weeklyFile.points', { value: signed(Math.abs(percent(change)!).toFixed(2), change) });
  return signed(figureText(row, Math.abs(change)), change);
}

const FIGURE_COLUMNS: readonly PdfColumn<FigureRow>[] = [
  { header: 'weeklyFile.figure', width: 225, align: 'left', value: (r) => r.name },
  { header: 'weeklyFile.thisWeek', width: 90, align: 'right', value: (r) => figureText(r, r.thisWeek) },
  { header: 'weeklyFile.lastWeek', width: 90, align: 'right', value: (r) => figureText(r, r.lastWeek) },
  { header: 'weeklyFile.change', width: 110, align: 'right', value: changeText },
];

/** What a city and a unit both count of the week's items they deliver. */
type Deliveries = Pick<TWeekCity, 'mailed' | 'delivered' | 'deliveryRate' | 'returns' | 'overdue'>;

function deliveryColumns<T extends Deliveries>(): PdfColumn<T>[] {
  return [
    { header: 'weeklyFile.mailed', width: 45, align: 'right', value: (r) => count(r.mailed) },
    { header: 'weeklyFile.delivered', width: 45, align: 'right', value: (r) => count(r.delivered) },
    { header: 'weeklyFile.deliveryRate', width: 50, align: 'right', value: (r) => rateText(r.deliveryRate) },
    { header: 'weeklyFile.returns', width: 40, align: 'right', value: (r) => count(r.returns) },
    { header: 'weeklyFile.overdue', width: 50, align: 'right', value: (r) => count(r.overdue) },
  ];
}

const CITY_COLUMNS: readonly PdfColumn<TWeekCity>[] = [
  { header: 'weeklyFile.code', width: 46, align: 'left', value: (c) => c.code },
  { header: 'weeklyFile.city', width: 79, align: 'left', value: (c) => c.name },
  ...deliveryColumns<TWeekCity>(),
  { header: 'weeklyFile.breakpointItems', width: 55, align: 'right', value: (c) => count(c.breakpointItems) },
  { header: 'weeklyFile.itemsWithBreakpoint', width: 55, align: 'right', value: (c) => count(c.itemsWithBreakpoint) },
  { header: 'weeklyFile.breakpointRate', width: 50, align: 'right', value: (c) => rateText(c.breakpointRate) },
];

const UNIT_COLUMNS: readonly PdfColumn<TWeekUnit>[] = [
  { header: 'weeklyFile.code', width: 55, align: 'left', value: (u) => u.code },
  { header: 'weeklyFile.unit', width: 120, align: 'left', value: (u) => u.name },
  { header: 'weeklyFile.city', width: 60, align: 'left', value: (u) => u.city },
  ...deliveryColumns<TWeekUnit>(),
  { header: 'weeklyFile.openBreakpoints', width: 50, align: 'right', value: (u) => count(u.openBreakpoints) },
];

/** The problem items' columns; `since` is shown in the report's zone, so they are made per report. */
function problemColumns(report: TWeeklyReport): readonly PdfColumn<TProblemItem>[] {
  const since = (p: TProblemItem) => localMinuteText(p.since, report.timeZone);
  return [
    { header: 'weeklyFile.trackingNo', width: 78, align: 'left', value: (p) => p.trackingNo },
    { header: 'weeklyFile.problem', width: 52, align: 'left', value: (p, lang) => problemText(lang, p.problem) },
    { header: 'weeklyFile.since', width: 72, align: 'left', value: since },
    { header: 'weeklyFile.program', width: 64, align: 'left', value: (p) => p.programCode ?? '' },
    { header: 'weeklyFile.deliveryOffice', width: 64, align: 'left', value: (p) => p.deliveryOffice ?? '' },
    { header: 'weeklyFile.detail', width: 185, align: 'left', value: (p) => p.detail ?? '' },
  ];
}

/**
 * Writes the report's PDF to `out`, ending it. Resolves once `out` has taken the whole file, or when
 * the reader goes away (`out` destroyed); rejects, with `out` destroyed, if the file cannot be made.
 */
export async function writeWeeklyReportPdf(report: TWeeklyReport, out: Writable, lang: Lang): Promise<void> {
  const fonts = cjkFonts();
  const doc = new PDFDocument({
    size: 'A4',
    margin: 0,
    autoFirstPage: false,
    info: { Title: t(lang, 'weeklyFile.docTitle', { scope: report.scope.name, week: report.week }), Creator: 'Songda' },
  });
  doc.registerFont(CJK, fonts.regular);
  doc.registerFont(CJK_BOLD, fonts.bold);
  doc.pipe(out);
  try {
    const pages = new Pages(doc, out, report, lang);
    pages.start();
    drawHead(pages);
    await pages.table(FIGURE_COLUMNS, figureRows(report, lang), FIGURE_TABLE);
    await drawCharts(pages);
    await pages.section('weeklyFile.sheetCities');
    await pages.table(CITY_COLUMNS, report.byCity, LIST_TABLE);
    await pages.section('weeklyFile.sheetUnits');
    await pages.table(UNIT_COLUMNS, report.byUnit, LIST_TABLE);
    await drawProblems(pages);
    if (out.destroyed) {
      doc.unpipe(out);
      return;
    }
    doc.end();
    await finished(out, { readable: false });
  } catch (err) {
    doc.unpipe(out);
    if (out.destroyed && isReaderGone(err)) return;
    out.destroy(err instanceof Error ? err : new Error(String(err)));
    throw err;
  }
}

/** The pages as they are filled: where the next thing goes, and a new page when it does not fit. */
class Pages {
  #pageNo = 0;
  /** Where the next thing drawn starts, on page `pageNo`. */
  y = TOP;

  constructor(
    readonly doc: Doc,
    readonly out: Writable,
    readonly report: TWeeklyReport,
    readonly lang: Lang,
  ) {}

  get pageNo(): number {
    return this.#pageNo;
  }

  /** The reader went away: nothing more is drawn. */
  get gone(): boolean {
    return this.out.destroyed;
  }

  /** A new page with its footer: which report, and the page number. */
  start(): void {
    this.#pageNo += 1;
    this.doc.addPage();
    const { report, lang } = this;
    const footer = `${t(lang, 'weeklyFile.title')}  ${report.scope.name}  ${weekText(report, lang)}`;
    cellText(this.doc, footer, LEFT, FOOTER_Y, WIDTH - 80, 'left', 7.5, REGULAR, GREY);
    cellText(this.doc, t(lang, 'weeklyFile.page', { n: this.#pageNo }), RIGHT - 80, FOOTER_Y, 80, 'right', 7.5, REGULAR, GREY);
    this.y = TOP;
  }

  /**
   * Makes room for `height` points, on a new page if this one has not: the page filled is handed to
   * `out`, and drawing goes on once the reader has taken it (or, if it keeps up, after a turn of the
   * event loop, so other requests are served between pages). False when the reader has gone.
   */
  async room(height: number): Promise<boolean> {
    if (this.y + height <= BODY_END) return !this.gone;
    this.start();
    if (this.out.writableNeedDrain) await drainedOrClosed(this.out);
    else await nextTurn();
    return !this.gone;
  }

  /** A section's heading, kept on the page of the table's first rows. */
  async section(title: MessageKey, below = 3 * LIST_TABLE.rowHeight): Promise<void> {
    if (!(await this.room(SECTION_GAP + SECTION_HEADING + below))) return;
    this.y += SECTION_GAP;
    cellText(this.doc, heading(this.lang, title), LEFT, this.y + 13, WIDTH, 'left', 12, BOLD);
    this.y += SECTION_HEADING;
  }

  /** Rows under a header row, the header drawn again at the top of every page the table runs onto. */
  async table<T>(columns: readonly PdfColumn<T>[], rows: Iterable<T>, style: TableStyle): Promise<void> {
    let headedPage = 0;
    for (const row of rows) {
      if (!(await this.room((headedPage === 0 ? style.headerHeight : 0) + style.rowHeight))) return;
      if (headedPage !== this.#pageNo) {
        this.#header(columns, style);
        headedPage = this.#pageNo;
      }
      this.#row(columns, row, style);
    }
    if (headedPage === 0 && (await this.room(style.headerHeight))) this.#header(columns, style);
  }

  #header<T>(columns: readonly PdfColumn<T>[], style: TableStyle): void {
    const { doc } = this;
    doc.save();
    doc.rect(LEFT, this.y, WIDTH, style.headerHeight).fill(HEADER_FILL);
    doc.lineWidth(0.6).strokeColor('#000000').moveTo(LEFT, this.y + style.headerHeight).lineTo(RIGHT, this.y + style.headerHeight).stroke();
    doc.restore();
    // A heading wider than its column goes on to a second line (English ones do) rather than being cut.
    let x = LEFT;
    for (const c of columns) {
      const text = heading(this.lang, c.header);
      const options = { width: c.width - 2 * CELL_PAD, align: c.align, height: style.headerHeight, ellipsis: true };
      doc.font(isPlainAscii(text) ? BOLD.latin : BOLD.cjk).fontSize(style.size);
      const textHeight = Math.min(doc.heightOfString(text, options), style.headerHeight);
      doc.text(text, x + CELL_PAD, this.y + (style.headerHeight - textHeight) / 2 + 0.5, options);
      x += c.width;
    }
    this.y += style.headerHeight;
  }

  #row<T>(columns: readonly PdfColumn<T>[], row: T, style: TableStyle): void {
    const { doc } = this;
    let x = LEFT;
    for (const c of columns) {
      const text = c.value(row, this.lang);
      if (text !== '') cellText(doc, text, x + CELL_PAD, this.y + style.rowHeight - 3.5, c.width - 2 * CELL_PAD, c.align, style.size, REGULAR);
      x += c.width;
    }
    this.y += style.rowHeight;
    doc.save();
    doc.lineWidth(0.3).strokeColor(RULE).moveTo(LEFT, this.y).lineTo(RIGHT, this.y).stroke();
    doc.restore();
  }
}

function drawHead(pages: Pages): void {
  const { doc, report, lang } = pages;
  const field = (label: MessageKey, value: string) => t(lang, 'weeklyFile.field', { label: heading(lang, label), value });
  cellText(doc, t(lang, 'weeklyFile.title'), LEFT, TOP + 18, WIDTH, 'left', 18, BOLD);
  cellText(doc, scopeText(report, lang), LEFT, TOP + 42, WIDTH, 'left', 12, BOLD);
  cellText(doc, field('weeklyFile.week', weekText(report, lang)), LEFT, TOP + 60, WIDTH, 'left', 9, REGULAR);
  const zoneAndTime = `${field('weeklyFile.timeZone', report.timeZone)}    ${field('weeklyFile.generatedAt', generatedAtText(report))}`;
  cellText(doc, zoneAndTime, LEFT, TOP + 74, WIDTH, 'left', 9, REGULAR, GREY);
  pages.y = TOP + 84;
  cellText(doc, t(lang, 'weeklyFile.figuresHeading'), LEFT, pages.y + SECTION_GAP, WIDTH, 'left', 12, BOLD);
  pages.y += SECTION_GAP + 8;
}

/** The three charts of weeklyCharts, each under its title, as the console draws them. */
async function drawCharts(pages: Pages): Promise<void> {
  const charts = weeklyCharts(pages.report, weeklyChartLabelsOf(pages.report, pages.lang), { animation: false });
  const shown: [MessageKey, Record<string, unknown>][] = [
    ['weeklyFile.chartVolumes', charts.volumes],
    ['weeklyFile.chartDeliveryRate', charts.deliveryRate],
    ['weeklyFile.chartBreakpointByCity', charts.breakpointByCity],
  ];
  for (const [title, option] of shown) {
    await pages.section(title, CHART_HEIGHT);
    if (pages.gone) return;
    drawChart(pages.doc, option, LEFT, pages.y, WIDTH, CHART_HEIGHT, { regular: CJK, bold: CJK_BOLD });
    pages.y += CHART_HEIGHT;
  }
}

async function drawProblems(pages: Pages): Promise<void> {
  const { report, lang } = pages;
  const noteHeight = 14;
  await pages.section('weeklyFile.sheetProblems', noteHeight + LIST_TABLE.headerHeight + 2 * LIST_TABLE.rowHeight);
  if (pages.gone) return;
  const shown = report.problemItems.length;
  const total = report.problemItemsTotal;
  const note = shown === 0 ? t(lang, 'weeklyFile.noProblems') : total > shown ? t(lang, 'weeklyFile.problemsShown', { total, shown }) : t(lang, 'weeklyFile.problemsAll', { total });
  cellText(pages.doc, note, LEFT, pages.y + 8, WIDTH, 'left', 8, REGULAR, GREY);
  pages.y += noteHeight;
  if (shown > 0) await pages.table(problemColumns(report), report.problemItems, LIST_TABLE);
}
