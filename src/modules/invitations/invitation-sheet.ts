import PDFDocument from 'pdfkit';
import { localDateOf, offsetMsAt } from '../../domain/local-day.js';
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
}

// A4 in points; a 3 × 4 grid of cards with dashed cut lines, 12 per page.
const PAGE = { width: 595.28, height: 841.89, margin: 36 };
const COLUMNS = 3;
const ROWS = 4;
const HEADER = 22;
const QR_SIZE = 118;

/** A printable A4 sheet of invitation QR codes with program name, masked recipient or document, and expiry. */
export async function renderInvitationSheet(input: SheetInput): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: PAGE.margin, autoFirstPage: false, info: { Title: `${input.programName} 邮寄二维码`, Creator: 'Songda', CreationDate: new Date(input.now) } });
  const done = collect(doc);
  doc.registerFont('cjk', cjkFontPath());
  doc.font('cjk');
  const cellWidth = (PAGE.width - 2 * PAGE.margin) / COLUMNS;
  const cellHeight = (PAGE.height - 2 * PAGE.margin - HEADER) / ROWS;
  const perPage = COLUMNS * ROWS;
  const pages = Math.max(1, Math.ceil(input.invitations.length / perPage));

  for (let page = 0; page < pages; page++) {
    doc.addPage();
    doc.fontSize(10).fillColor('#000').text(`${input.programName} · 扫码填写邮寄地址 · 第 ${page + 1}/${pages} 页`, PAGE.margin, PAGE.margin, { width: PAGE.width - 2 * PAGE.margin, align: 'center', lineBreak: false });
    const onPage = input.invitations.slice(page * perPage, (page + 1) * perPage);
    for (const [i, invitation] of onPage.entries()) {
      const x = PAGE.margin + (i % COLUMNS) * cellWidth;
      const y = PAGE.margin + HEADER + Math.floor(i / COLUMNS) * cellHeight;
      doc.save().dash(3, { space: 3 }).strokeColor('#999').rect(x, y, cellWidth, cellHeight).stroke().restore();
      doc.image(await qrPng(invitation.url, 4), x + (cellWidth - QR_SIZE) / 2, y + 6, { width: QR_SIZE, height: QR_SIZE });
      const lines = [
        input.programName,
        invitation.recipient ? `${invitation.recipient.name} ${invitation.recipient.idNumber}` : invitation.documentNo ? `证件编号 ${invitation.documentNo}` : '不记名（由本人填写）',
        `有效期至 ${chineseDateTime(invitation.expiresAt, input.timeZone)}`,
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

/** `2026年12月21日 12:00` in the zone. */
export function chineseDateTime(ms: number, timeZone: string): string {
  const date = localDateOf(ms, timeZone);
  const wall = new Date(ms + offsetMsAt(ms, timeZone));
  const hh = String(wall.getUTCHours()).padStart(2, '0');
  const mm = String(wall.getUTCMinutes()).padStart(2, '0');
  return `${date.year}年${date.month}月${date.day}日 ${hh}:${mm}`;
}

function collect(doc: PDFKit.PDFDocument): Promise<Buffer> {
  const chunks: Buffer[] = [];
  return new Promise((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
}
