import PDFDocument from 'pdfkit';
import { localDateOf, offsetMsAt } from '../../domain/local-day.js';
import type { Lang } from '../../i18n/lang.js';
import { t } from '../../i18n/message.js';
import { cjkFontPath } from '../../pdf/cjk-font.js';
import { qrPng } from './invitation-qr.js';

export interface SheetInvitation {
  url: string;
  /** Masked name and ID of the bound recipient. */
  recipient: { name: string; idNumber: string } | null;
  documentNo: string | null;
  expiresAt: number;
}

export interface SheetInput {
  programName: string;
  timeZone: string;
  /** Written as the PDF's creation date, so the same sheet gives the same file. */
  now: number;
  invitations: readonly SheetInvitation[];
  /** The language of the sheet's own words (the data is printed as given). */
  lang?: Lang;
}

// A4 in points; a 3 × 4 grid of cards with dashed cut lines, 12 per page.
const PAGE = { width: 595.28, height: 841.89, margin: 36 };
const COLUMNS = 3;
const ROWS = 4;
const HEADER = 22;
const QR_SIZE = 118;

/** A printable A4 sheet of invitation QR codes with program name, masked recipient or document, and expiry. */
export async function renderInvitationSheet(input: SheetInput): Promise<Buffer> {
  const lang = input.lang ?? 'zh-CN';
  const program = input.programName;
  const doc = new PDFDocument({ size: 'A4', margin: PAGE.margin, autoFirstPage: false, info: { Title: t(lang, 'sheet.title', { program }), Creator: 'Songda', CreationDate: new Date(input.now) } });
  const done = collect(doc);
  doc.registerFont('cjk', cjkFontPath());
  doc.font('cjk');
  const cellWidth = (PAGE.width - 2 * PAGE.margin) / COLUMNS;
  const cellHeight = (PAGE.height - 2 * PAGE.margin - HEADER) / ROWS;
  const perPage = COLUMNS * ROWS;
  const pages = Math.max(1, Math.ceil(input.invitations.length / perPage));

  for (let page = 0; page < pages; page++) {
    doc.addPage();
    doc.fontSize(10).fillColor('#000').text(t(lang, 'sheet.heading', { program, page: page + 1, pages }), PAGE.margin, PAGE.margin, { width: PAGE.width - 2 * PAGE.margin, align: 'center', lineBreak: false });
    const onPage = input.invitations.slice(page * perPage, (page + 1) * perPage);
    for (const [i, invitation] of onPage.entries()) {
      const x = PAGE.margin + (i % COLUMNS) * cellWidth;
      const y = PAGE.margin + HEADER + Math.floor(i / COLUMNS) * cellHeight;
      doc.save().dash(3, { space: 3 }).strokeColor('#999').rect(x, y, cellWidth, cellHeight).stroke().restore();
      doc.image(await qrPng(invitation.url, 4), x + (cellWidth - QR_SIZE) / 2, y + 6, { width: QR_SIZE, height: QR_SIZE });
      const lines = [
        input.programName,
        invitation.recipient
          ? `${invitation.recipient.name} ${invitation.recipient.idNumber}`
          : invitation.documentNo
            ? t(lang, 'sheet.documentNo', { documentNo: invitation.documentNo })
            : t(lang, 'sheet.unnamed'),
        t(lang, 'sheet.validUntil', { when: localDateTime(lang, invitation.expiresAt, input.timeZone) }),
      ];
      let textY = y + QR_SIZE + 10;
      for (const line of lines) {
        doc.fontSize(8).fillColor('#000').text(line, x + 6, textY, { width: cellWidth - 12, align: 'center', height: 12, ellipsis: true, lineBreak: false });
        textY += 12;
      }
    }
  }
  doc.end();
  return done;
}

/** `2026年12月21日 12:00`, or `2026-12-21 12:00` in English, in the zone. */
export function localDateTime(lang: Lang, ms: number, timeZone: string): string {
  const date = localDateOf(ms, timeZone);
  const wall = new Date(ms + offsetMsAt(ms, timeZone));
  const two = (n: number) => String(n).padStart(2, '0');
  const time = `${two(wall.getUTCHours())}:${two(wall.getUTCMinutes())}`;
  const [month, day] = lang === 'en' ? [two(date.month), two(date.day)] : [date.month, date.day];
  return t(lang, 'sheet.dateTime', { year: date.year, month, day, time });
}

function collect(doc: PDFKit.PDFDocument): Promise<Buffer> {
  const chunks: Buffer[] = [];
  return new Promise((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
}
