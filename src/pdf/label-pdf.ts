import { finished } from 'node:stream/promises';
import type { Writable } from 'node:stream';
import { setImmediate as nextTurn } from 'node:timers/promises';
import PDFDocument from 'pdfkit';
import type { Lang } from '../i18n/lang.js';
import { t } from '../i18n/message.js';
import { cjkFonts } from './cjk-font.js';
import { code128Bars } from './code128.js';
import { qrRuns } from './qr-matrix.js';

/** Everything printed on one label, already masked and named: the renderer looks nothing up. */
export interface LabelData {
  trackingNo: string;
  /** The product line printed as the label's title, e.g. `EMS 政务`. */
  serviceName: string;
  programName: string | null;
  documentType: string | null;
  sender: LabelSender | null;
  recipient: LabelRecipient;
  /** Name of the delivery office (揽投部) that will deliver the item, when known. */
  deliveryOffice: string | null;
  weightGrams: number | null;
  /** Local date the item was registered, `YYYY-MM-DD`. */
  createdDate: string;
  /** What the QR code encodes: a tracking URL, or the bare number. */
  qrPayload: string;
}

export interface LabelSender {
  name: string;
  address: string | null;
  phone: string | null;
}

export interface LabelRecipient {
  /** Null when the item was registered without a recipient's name. */
  maskedName: string | null;
  maskedPhone: string | null;
  /** With the division's names in front, as the courier reads it. */
  address: string;
}

const MM = 72 / 25.4;
export const LABEL_WIDTH_MM = 100;
export const LABEL_HEIGHT_MM = 150;
/**
 * Code 128 module (narrowest bar). 0.375 mm is 3 dots of a 203 dpi thermal head, so bars print at
 * exact widths on the commonest label printers, and it is well above the 0.25 mm scanners need.
 * An S10 number takes 156 modules: 58.5 mm of bars plus two quiet zones of 10 modules.
 */
const BARCODE_MODULE_MM = 0.375;
const BARCODE_QUIET_MODULES = 10;
const BARCODE_HEIGHT_MM = 15;
const QR_SIDE_MM = 30;
const QR_QUIET_MODULES = 4;

const REGULAR = 'label-regular';
const BOLD = 'label-bold';
const INK = '#000000';

// Sections of the label, top to bottom (mm). The frame is inset 2 mm; a separator line ends each section.
const FRAME = { left: 2, top: 2, right: 98, bottom: 148 };
const HEADER_END = 15;
const BARCODE_END = 42;
const RECIPIENT_END = 82;
const SENDER_END = 106;
/** Width of the tab holding 收 / 寄 at the left of the recipient and sender sections. */
const TAB_END = 10;
const CONTENT_LEFT = 12;
const CONTENT_RIGHT = 96;

/** Where the machine-read parts sit, in mm from the top left of the page. */
export const LABEL_GEOMETRY = {
  barcode: { top: HEADER_END + 3, height: BARCODE_HEIGHT_MM, module: BARCODE_MODULE_MM, quietModules: BARCODE_QUIET_MODULES },
  qr: { left: 5, top: SENDER_END + 3, side: QR_SIDE_MM, quietModules: QR_QUIET_MODULES },
} as const;

/** Pages drawn between two turns of the event loop, so a long run does not starve other requests. */
const PAGES_PER_TURN = 10;

/**
 * Writes one PDF of 100 × 150 mm pages, one label per page, to `out`, and resolves when `out` has
 * taken the whole document. Each page is handed to `out` as soon as the next one starts, and drawing
 * waits while `out` is full, so a thousand labels never sit in memory at once. If `out` is destroyed
 * (the client went away), drawing stops. Its headings are in `lang`; the data is printed as given.
 */
export async function renderLabels(labels: readonly LabelData[], out: Writable, lang: Lang = 'zh-CN'): Promise<void> {
  if (labels.length === 0) throw new RangeError('renderLabels needs at least one label');
  const fonts = cjkFonts();
  const doc = new PDFDocument({
    size: [LABEL_WIDTH_MM * MM, LABEL_HEIGHT_MM * MM],
    margin: 0,
    autoFirstPage: false,
    info: { Title: labels.length === 1 ? t(lang, 'label.title', { trackingNo: labels[0]!.trackingNo }) : t(lang, 'label.titleMany', { count: labels.length }), Creator: 'Songda' },
  });
  doc.registerFont(REGULAR, fonts.regular);
  doc.registerFont(BOLD, fonts.bold);
  doc.pipe(out);
  for (const [i, label] of labels.entries()) {
    if (out.destroyed) break;
    doc.addPage();
    drawLabel(doc, label, lang);
    if (out.writableNeedDrain) await drained(out);
    else if (i % PAGES_PER_TURN === PAGES_PER_TURN - 1) await nextTurn();
  }
  if (out.destroyed) {
    doc.unpipe(out);
    return;
  }
  doc.end();
  // Watched only now: a watcher made earlier would reject, unheard, when a client that left destroys
  // `out`. Destroyed without an error is a client gone, not a fault.
  await finished(out, { readable: false }).catch((err: unknown) => {
    if (!out.destroyed || out.errored) throw err;
  });
}

function drained(out: Writable): Promise<void> {
  return new Promise((resolve) => {
    const settle = () => {
      out.off('drain', settle);
      out.off('close', settle);
      resolve();
    };
    out.on('drain', settle);
    out.on('close', settle);
  });
}

type Doc = PDFKit.PDFDocument;

function drawLabel(doc: Doc, label: LabelData, lang: Lang): void {
  drawFrame(doc);
  drawHeader(doc, label);
  drawBarcode(doc, label.trackingNo);
  drawRecipient(doc, label.recipient, lang);
  drawSender(doc, label.sender, lang);
  drawFooter(doc, label, lang);
}

function drawFrame(doc: Doc): void {
  doc.lineWidth(0.8).strokeColor(INK);
  doc.rect(FRAME.left * MM, FRAME.top * MM, (FRAME.right - FRAME.left) * MM, (FRAME.bottom - FRAME.top) * MM).stroke();
  doc.lineWidth(0.6);
  for (const y of [HEADER_END, BARCODE_END, RECIPIENT_END, SENDER_END]) {
    doc.moveTo(FRAME.left * MM, y * MM).lineTo(FRAME.right * MM, y * MM);
  }
  doc.moveTo(TAB_END * MM, BARCODE_END * MM).lineTo(TAB_END * MM, SENDER_END * MM);
  doc.stroke();
}

function drawHeader(doc: Doc, label: LabelData): void {
  text(doc, label.serviceName, 4, 4.5, 36, { font: BOLD, size: 17 });
  const right = { x: 40, width: CONTENT_RIGHT - 40 };
  if (label.programName) text(doc, label.programName, right.x, 3.6, right.width, { font: BOLD, size: 8.5, align: 'right' });
  if (label.documentType) text(doc, label.documentType, right.x, 8.8, right.width, { size: 8, align: 'right' });
}

/** Bars with 10-module quiet zones, centred; the number in clear under them. */
function drawBarcode(doc: Doc, trackingNo: string): void {
  const { modules, bars } = code128Bars(trackingNo);
  const module = BARCODE_MODULE_MM * MM;
  const symbolWidth = (modules + 2 * BARCODE_QUIET_MODULES) * module;
  const left = (LABEL_WIDTH_MM * MM - symbolWidth) / 2 + BARCODE_QUIET_MODULES * module;
  const { top, height } = LABEL_GEOMETRY.barcode;
  for (const [start, width] of bars) doc.rect(left + start * module, top * MM, width * module, height * MM);
  doc.fillColor(INK).fill();
  text(doc, trackingNo, FRAME.left, top + height + 0.8, FRAME.right - FRAME.left, {
    font: BOLD,
    size: 12,
    align: 'center',
    characterSpacing: 1.2,
  });
}

function drawRecipient(doc: Doc, recipient: LabelRecipient, lang: Lang): void {
  drawTab(doc, t(lang, 'label.recipientTab'), BARCODE_END, RECIPIENT_END);
  const top = BARCODE_END + 2.5;
  const person = [recipient.maskedName, recipient.maskedPhone].filter((s): s is string => !!s).join('   ');
  if (person) text(doc, person, CONTENT_LEFT, top, CONTENT_RIGHT - CONTENT_LEFT, { font: BOLD, size: 13 });
  const addressTop = person ? top + 8 : top;
  text(doc, recipient.address, CONTENT_LEFT, addressTop, CONTENT_RIGHT - CONTENT_LEFT, { size: 11.5, lines: 4 });
}

function drawSender(doc: Doc, sender: LabelSender | null, lang: Lang): void {
  drawTab(doc, t(lang, 'label.senderTab'), RECIPIENT_END, SENDER_END);
  const top = RECIPIENT_END + 2.2;
  const width = CONTENT_RIGHT - CONTENT_LEFT;
  if (!sender) {
    text(doc, t(lang, 'label.noSender'), CONTENT_LEFT, top, width, { size: 9 });
    return;
  }
  const line = sender.phone ? `${sender.name}   ${sender.phone}` : sender.name;
  text(doc, line, CONTENT_LEFT, top, width, { font: BOLD, size: 9.5 });
  if (sender.address) text(doc, sender.address, CONTENT_LEFT, top + 5.8, width, { size: 8.5, lines: 3 });
}

function drawTab(doc: Doc, word: string, top: number, bottom: number): void {
  // One Chinese character fills the tab; an English word is set smaller to fit its 8 mm.
  const size = word.length > 1 ? 6.5 : 15;
  const y = (top + bottom) / 2 - (size * 1.45) / MM / 2;
  text(doc, word, FRAME.left, y, TAB_END - FRAME.left, { font: BOLD, size, align: 'center' });
}

function drawFooter(doc: Doc, label: LabelData, lang: Lang): void {
  const { left: qrLeft, top: qrTop, side: qrSide } = LABEL_GEOMETRY.qr;
  drawQr(doc, label.qrPayload, qrLeft, qrTop, qrSide);
  text(doc, t(lang, 'label.scanToTrack'), qrLeft, qrTop + qrSide + 0.6, qrSide, { size: 7, align: 'center' });

  const x = 40;
  const width = CONTENT_RIGHT - x;
  const rows = [
    t(lang, 'label.deliveryOffice', { value: label.deliveryOffice ?? '—' }),
    t(lang, 'label.weight', { value: label.weightGrams === null ? '—' : `${label.weightGrams} g` }),
    t(lang, 'label.postedOn', { value: label.createdDate }),
  ];
  rows.forEach((row, i) => text(doc, row, x, qrTop + i * 5.2, width, { size: 8.5 }));
  const signTop = qrTop + rows.length * 5.2 + 3.5;
  // Each line starts 1 mm after its caption, whose width depends on the language.
  for (const [caption, top] of [[t(lang, 'label.signedBy'), signTop], [t(lang, 'label.signedAt'), signTop + 9]] as const) {
    text(doc, caption, x, top, width, { size: 8.5 });
    const start = x * MM + doc.font(REGULAR).fontSize(8.5).widthOfString(caption) + MM;
    doc.moveTo(start, (top + 4.2) * MM).lineTo(CONTENT_RIGHT * MM, (top + 4.2) * MM);
  }
  doc.lineWidth(0.4);
  doc.stroke();
}

/** The QR code as one rectangle per run of dark modules, with its 4-module quiet zone inside `side`. */
function drawQr(doc: Doc, payload: string, x: number, y: number, side: number): void {
  const { size, runs } = qrRuns(payload);
  const module = (side * MM) / (size + 2 * QR_QUIET_MODULES);
  const left = x * MM + QR_QUIET_MODULES * module;
  const top = y * MM + QR_QUIET_MODULES * module;
  for (const [row, col, length] of runs) doc.rect(left + col * module, top + row * module, length * module, module);
  doc.fillColor(INK).fill();
}

interface TextStyle {
  font?: string;
  size: number;
  align?: 'left' | 'center' | 'right';
  /** Lines allowed before the text is cut with an ellipsis (one unless said). */
  lines?: number;
  characterSpacing?: number;
}

/**
 * Text in a box at (x, y) mm, `width` mm wide, never taller than its lines: a long address is cut
 * with an ellipsis rather than running into the next section (or onto a new page, which pdfkit does
 * when no height is given).
 */
function text(doc: Doc, value: string, x: number, y: number, width: number, style: TextStyle): void {
  doc.font(style.font ?? REGULAR).fontSize(style.size).fillColor(INK);
  const lines = style.lines ?? 1;
  doc.text(value, x * MM, y * MM, {
    width: width * MM,
    height: doc.currentLineHeight(true) * lines,
    ellipsis: true,
    align: style.align ?? 'left',
    lineGap: 0,
    characterSpacing: style.characterSpacing ?? 0,
  });
}
