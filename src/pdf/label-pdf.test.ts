import { PassThrough, Writable } from 'node:stream';
import { setImmediate as nextTurn } from 'node:timers/promises';
import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import { formatS10 } from '../domain/s10.js';
import { type RasterPage, rasterisePage, readPdf } from '../../test/factories-labels.js';
import { code128Bars } from './code128.js';
import { LABEL_GEOMETRY, type LabelData, renderLabels } from './label-pdf.js';
import { qrRuns } from './qr-matrix.js';

const label = (trackingNo: string, overrides: Partial<LabelData> = {}): LabelData => ({
  trackingNo,
  serviceName: 'EMS 政务',
  programName: '宜昌市退役军人优待证寄递',
  documentType: '优待证',
  sender: { name: '宜昌市退役军人事务局', address: '湖北省宜昌市西陵区', phone: null },
  recipient: { maskedName: '张*丰', maskedPhone: '139****5678', address: '湖北省宜昌市夷陵区小溪塔街道夷陵大道 123 号' },
  deliveryOffice: '夷陵区小溪塔揽投部',
  weightGrams: 120,
  createdDate: '2026-11-21',
  qrPayload: `https://songda.example.cn/t/${trackingNo}`,
  ...overrides,
});

async function renderToBuffer(labels: LabelData[]): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk);
      done();
    },
  });
  await renderLabels(labels, sink);
  return Buffer.concat(chunks);
}

/** Alternating runs of equal colour along row `y`, from x0 to x1 (px), first run white. */
function runsAlong(page: RasterPage, y: number, x0: number, x1: number): number[] {
  const runs: number[] = [];
  let dark = false;
  let length = 0;
  for (let x = x0; x < x1; x++) {
    if (page.dark(x, y) === dark) length++;
    else {
      runs.push(length);
      dark = !dark;
      length = 1;
    }
  }
  runs.push(length);
  return runs;
}

describe('renderLabels', () => {
  it('draws the Code 128 bars of the number at a 0.375 mm module, with quiet zones of at least 10 modules', async () => {
    const trackingNo = 'EA123456785CN';
    const page = await rasterisePage(await renderToBuffer([label(trackingNo)]), 1, 12);
    const { top, height, module } = LABEL_GEOMETRY.barcode;
    expect(module).toBeGreaterThanOrEqual(0.25);
    const modulePx = module * page.pxPerMm;
    const expected = code128Bars(trackingNo);
    const widths = expected.bars.flatMap(([start, width], i) => {
      const next = expected.bars[i + 1];
      return next ? [width, next[0] - start - width] : [width];
    });

    // Three rows across the bars, inside the frame (its lines are at 2 and 98 mm).
    for (const yMm of [top + 1, top + height / 2, top + height - 1]) {
      const runs = runsAlong(page, Math.round(yMm * page.pxPerMm), Math.round(3 * page.pxPerMm), Math.round(97 * page.pxPerMm));
      const [leftQuiet, ...rest] = runs;
      const rightQuiet = rest.pop()!;
      expect(leftQuiet! / modulePx).toBeGreaterThanOrEqual(10);
      expect(rightQuiet / modulePx).toBeGreaterThanOrEqual(10);
      expect(rest.map((px) => Math.round(px / modulePx))).toEqual(widths);
      for (const [i, px] of rest.entries()) expect(Math.abs(px - widths[i]! * modulePx)).toBeLessThan(modulePx / 2);
    }
  });

  it('draws the QR matrix module for module, with its quiet zone clear', async () => {
    const payload = 'https://songda.example.cn/t/EA123456785CN';
    const page = await rasterisePage(await renderToBuffer([label('EA123456785CN', { qrPayload: payload })]), 1, 12);
    const { left, top, side, quietModules } = LABEL_GEOMETRY.qr;
    const { modules } = QRCode.create(payload, { errorCorrectionLevel: 'M' });
    const n = modules.size;
    const modulePx = (side / (n + 2 * quietModules)) * page.pxPerMm;
    const darkAt = (col: number, row: number) =>
      page.dark(Math.round(left * page.pxPerMm + (col + 0.5) * modulePx), Math.round(top * page.pxPerMm + (row + 0.5) * modulePx));

    const drawn: boolean[] = [];
    const wanted: boolean[] = [];
    for (let row = 0; row < n; row++) {
      for (let col = 0; col < n; col++) {
        drawn.push(darkAt(col + quietModules, row + quietModules));
        wanted.push(modules.data[row * n + col] !== 0);
      }
    }
    expect(drawn).toEqual(wanted);
    const edge = n + 2 * quietModules;
    for (let i = 0; i < edge; i++) {
      for (let q = 0; q < quietModules; q++) {
        expect([darkAt(i, q), darkAt(q, i), darkAt(i, edge - 1 - q), darkAt(edge - 1 - q, i)]).toEqual([false, false, false, false]);
      }
    }
  });

  it('keeps an overlong address and names on their own page, cut with an ellipsis', async () => {
    const long = '夷陵大道'.repeat(60);
    const pdf = await readPdf(
      await renderToBuffer([
        label('EA123456785CN', {
          recipient: { maskedName: '欧**娜', maskedPhone: '139****5678', address: long },
          sender: { name: '单位'.repeat(40), address: long, phone: '0717-1234567' },
          programName: '项目'.repeat(40),
        }),
        label('EA000000017CN'),
      ]),
    );
    expect(pdf.pages).toBe(2);
    expect(pdf.pageTexts[0]).toContain('…');
    expect(pdf.pageTexts[0]).toContain('EA123456785CN');
    expect(pdf.pageTexts[1]).toContain('EA000000017CN');
  });

  it('prints a label with no sender and no recipient name', async () => {
    const pdf = await readPdf(await renderToBuffer([label('EA123456785CN', { sender: null, recipient: { maskedName: null, maskedPhone: null, address: '湖北省宜昌市' }, weightGrams: null, deliveryOffice: null })]));
    expect(pdf.pages).toBe(1);
    expect(pdf.text).toContain('寄件人未登记');
  });

  it('draws no further than a reader has read: a reader that stops holds the document back', async () => {
    const labels = Array.from({ length: 150 }, (_, i) => label(formatS10('EA', 10_000_000 + i)));
    const whole = (await renderToBuffer(labels)).length;

    // An explicit buffer size: Node 22 raised the default from 16 to 64 KiB, and what is checked here
    // is that drawing waits for the reader, not how much a stream buffers by default.
    const out = new PassThrough({ highWaterMark: 16 * 1024 });
    let settled = false;
    const rendering = renderLabels(labels, out).finally(() => {
      settled = true;
    });
    for (let turns = 0; !out.writableNeedDrain && turns < 10_000; turns++) await nextTurn();
    for (let turns = 0; turns < 50; turns++) await nextTurn();
    expect(out.writableNeedDrain).toBe(true);
    expect(settled).toBe(false);
    expect(out.readableLength + out.writableLength).toBeLessThan(whole / 4);

    const chunks: Buffer[] = [];
    const ended = new Promise((resolve) => out.once('end', resolve));
    out.on('data', (c: Buffer) => chunks.push(c));
    await rendering;
    await ended;
    expect((await readPdf(Buffer.concat(chunks))).pages).toBe(150);
  });

  it('stops drawing when the output is destroyed (the client went away)', async () => {
    const labels = Array.from({ length: 200 }, () => label('EA123456785CN'));
    const out = new PassThrough();
    let bytes = 0;
    out.on('data', (c: Buffer) => {
      bytes += c.length;
      out.destroy();
    });
    await renderLabels(labels, out);
    expect(out.destroyed).toBe(true);
    expect(bytes).toBeGreaterThan(0);
  });

  it('refuses an empty list', async () => {
    await expect(renderLabels([], new PassThrough())).rejects.toThrow(RangeError);
  });
});

describe('code128Bars', () => {
  it('encodes an S10 number in 156 modules, from the start B pattern to the stop pattern', () => {
    const { modules, bars } = code128Bars('EA123456785CN');
    expect(modules).toBe(156);
    // Start B is 2 1 1 2 1 4 (bar, space, …); stop is 2 3 3 1 1 1 2.
    expect(bars.slice(0, 3)).toEqual([
      [0, 2],
      [3, 1],
      [6, 1],
    ]);
    expect(bars.slice(-4)).toEqual([
      [143, 2],
      [148, 3],
      [152, 1],
      [154, 2],
    ]);
    for (const [, width] of bars) expect(width).toBeGreaterThanOrEqual(1);
  });
});

describe('qrRuns', () => {
  it('covers exactly the dark modules of the matrix, one run per stretch of a row', () => {
    const text = 'https://songda.example.cn/t/EA123456785CN';
    const { size, runs } = qrRuns(text);
    const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
    const painted = new Array<boolean>(size * size).fill(false);
    for (const [row, col, length] of runs) {
      for (let c = col; c < col + length; c++) {
        expect(painted[row * size + c]).toBe(false);
        painted[row * size + c] = true;
      }
      // Runs are maximal: the module after each is light (or the row ends).
      if (col + length < size) expect(modules.data[row * size + col + length]).toBe(0);
    }
    expect(painted).toEqual(Array.from(modules.data, (v) => v !== 0));
  });
});
