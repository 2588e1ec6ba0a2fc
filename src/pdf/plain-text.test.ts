import { Writable } from 'node:stream';
import PDFDocument from 'pdfkit';
import { describe, expect, it } from 'vitest';
import { readPdf } from '../../test/factories-labels.js';
import { PlainText, isPlainAscii } from './plain-text.js';

async function pdfOf(draw: (doc: PDFKit.PDFDocument, plain: PlainText) => void): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: 0, autoFirstPage: false });
  const chunks: Buffer[] = [];
  const done = new Promise<void>((resolve) => doc.pipe(new Writable({ write: (c: Buffer, _e, cb) => (chunks.push(c), cb()), final: (cb) => (resolve(), cb()) })));
  const plain = new PlainText(doc, 'Helvetica');
  draw(doc, plain);
  doc.end();
  await done;
  return Buffer.concat(chunks);
}

describe('PlainText', () => {
  it('writes texts on their lines, on every page, with PDF string delimiters escaped', async () => {
    const bytes = await pdfOf((doc, plain) => {
      for (const page of [1, 2]) {
        doc.addPage();
        plain.usePage();
        plain.begin(10, 100);
        plain.add(`page ${page}`, 50);
        plain.add('a(b)c\\d', 200);
        plain.end();
        plain.begin(10, 120);
        plain.add('1,234.56', 50);
        plain.end();
      }
    });
    const pdf = await readPdf(bytes);
    expect(pdf.pages).toBe(2);
    expect(pdf.pageTexts.map((t) => t.replace(/\s+/g, ' ').trim())).toEqual(['page 1 a(b)c\\d 1,234.56', 'page 2 a(b)c\\d 1,234.56']);
  });

  it('measures as pdfkit does where no pair is kerned', async () => {
    await pdfOf((doc, plain) => {
      doc.font('Helvetica').fontSize(7.5);
      for (const text of ['1,234,567.89', 'EA100000017CN', '2026-11-30']) expect(plain.width(text, 7.5)).toBeCloseTo(doc.widthOfString(text), 6);
    });
  });

  it('takes printable ASCII only', () => {
    expect(isPlainAscii('EA100000017CN 0.10 (x)')).toBe(true);
    expect(isPlainAscii('是')).toBe(false);
    expect(isPlainAscii('a\nb')).toBe(false);
    expect(isPlainAscii('…')).toBe(false);
  });
});
