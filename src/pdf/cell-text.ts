// One line of a table's cell in a PDF: plain ASCII in a standard font, anything else (Chinese, names
// people typed) in the embedded CJK font, cut with an ellipsis where it is wider than its cell.
import { isPlainAscii } from './plain-text.js';

type Doc = PDFKit.PDFDocument;

export type Align = 'left' | 'right' | 'center';

/** The fonts of a cell, as registered with pdfkit: `latin` a standard font, `cjk` an embedded one. */
export interface CellFont {
  latin: string;
  cjk: string;
}

export const INK = '#000000';

export const alignedX = (align: Align, x: number, width: number, textWidth: number) =>
  align === 'right' ? x + width - textWidth : align === 'center' ? x + (width - textWidth) / 2 : x;

/**
 * `text` on `baseline`, within `width`. Hazard: pdfkit keeps the layout of every distinct word set in
 * an embedded font for the life of the document, so texts of which there are very many (tracking
 * numbers, amounts) must be plain ASCII, which goes to the standard font. Text is black unless
 * `color` is given, and the fill is black again after it: setting a colour is an operator in the
 * page's content, too many to write for every cell of a long table.
 */
export function cellText(doc: Doc, text: string, x: number, baseline: number, width: number, align: Align, size: number, font: CellFont, color?: string): void {
  doc.font(isPlainAscii(text) ? font.latin : font.cjk).fontSize(size);
  let fitted = text;
  let textWidth = doc.widthOfString(fitted);
  if (textWidth > width) {
    fitted = cutToWidth(doc, text, width);
    textWidth = doc.widthOfString(fitted);
  }
  const left = alignedX(align, x, width, textWidth);
  if (color !== undefined) doc.fillColor(color);
  doc.text(fitted, left, baseline, { lineBreak: false, baseline: 'alphabetic' });
  if (color !== undefined) doc.fillColor(INK);
}

/** The longest start of `text` that fits in `width` with an ellipsis after it. */
function cutToWidth(doc: Doc, text: string, width: number): string {
  const chars = [...text];
  let low = 0;
  let high = chars.length;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (doc.widthOfString(`${chars.slice(0, mid).join('')}…`) <= width) low = mid;
    else high = mid - 1;
  }
  return `${chars.slice(0, low).join('')}…`;
}
