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
        plain.flush();
        doc.addPage();
        plain.usePage();
        plain.begin(10, 100);
        plain.add(`page ${page}`, 50);
        plain.add('a(b)c\\d', 200);
        plain.end();
        plain.flush();
        // Drawn through pdfkit between two flushes: read in the order written.
        doc.font('Helvetica').fontSize(10).text('then', 50, 105, { lineBreak: false });
        plain.begin(10, 120);
        plain.add('1,234.56', 50);
        plain.end();
      }
      plain.flush();
    });
    const pdf = await readPdf(bytes);
    expect(pdf.pages).toBe(2);
    expect(pdf.pageTexts.map((t) => t.replace(/\s+/g, ' ').trim())).toEqual(['page 1 a(b)c\\d then 1,234.56', 'page 2 a(b)c\\d then 1,234.56']);
  });

  it('keeps the text of every page whole while its buffer grows, is flushed part by part and is reused for the next page', async () => {
    const bytes = await pdfOf((doc, plain) => {
      for (const page of [1, 2, 3]) {
        plain.flush();
        doc.addPage();
        plain.usePage();
        // Some 150 KB of operators on a page: more than the buffer starts with.
        for (let line = 0; line < 3_000; line++) {
          plain.begin(1, 1 + (line % 800));
          plain.add(`p${page}-${line}`, 10 + (line % 5) * 100);
          plain.end();
          if (line % 700 === 0) plain.flush();
        }
      }
      plain.flush();
    });
    const pdf = await readPdf(bytes);
    expect(pdf.pages).toBe(3);
    pdf.pageTexts.forEach((text, i) => {
      const words = text.split(/\s+/).filter((w) => w !== '');
      expect(words).toHaveLength(3_000);
      expect(new Set(words)).toEqual(new Set(Array.from({ length: 3_000 }, (_, line) => `p${i + 1}-${line}`)));
    });
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
