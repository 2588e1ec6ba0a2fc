// Factories for label tests: programs, their sponsors, and items mailed for a request, written
// straight into the tables (as the request flow leaves them), so label tests do not depend on how
// requests are taken in.
import { randomUUID } from 'node:crypto';
import { inflateSync } from 'node:zlib';
import { PDFParse } from 'pdf-parse';
import { expect } from 'vitest';
import type { Db } from '../src/db/database.js';
import { createPersonalDataCipher, parseDataKey } from '../src/domain/personal-data.js';
import { maskPhone } from '../src/domain/phone.js';
import { type TestApp, TEST_DATA_KEY, nextSequence, newTrackingNo } from './factories.js';

const cipher = createPersonalDataCipher(parseDataKey(TEST_DATA_KEY)!);

export interface LabelProgram {
  code: string;
  name: string;
  documentType: string;
  sponsorCode: string;
  sponsorName: string;
}

/** A program and its sponsoring agency (in Yichang's Xiling district), with fresh codes. */
export async function insertProgram(db: Db, now: number, overrides: Partial<Omit<LabelProgram, 'code' | 'sponsorCode'>> = {}): Promise<LabelProgram> {
  const n = nextSequence();
  const program: LabelProgram = {
    code: `P${n}`,
    name: `宜昌市退役军人优待证寄递 ${n}`,
    documentType: '优待证',
    sponsorCode: `AG${n}`,
    sponsorName: `宜昌市退役军人事务局 ${n}`,
    ...overrides,
  };
  await db
    .insertInto('partners')
    .values({ code: program.sponsorCode, name: program.sponsorName, kind: 'agency', division_code: '420502', created_at: now, updated_at: now })
    .execute();
  await db
    .insertInto('programs')
    .values({
      code: program.code,
      name: program.name,
      document_type: program.documentType,
      sponsor: program.sponsorCode,
      payer_mode: 'government',
      payer_shares: null,
      requirements: JSON.stringify({ recipientOnly: true, idCheck: false }),
      sla_days: 5,
      created_at: now,
      updated_at: now,
    })
    .execute();
  return program;
}

export interface RequestItemInput {
  program: LabelProgram;
  name: string;
  phone: string;
  divisionCode: string;
  address: string;
  deliveryOffice?: string;
  weightGrams?: number;
}

/**
 * An item mailed for a request of `program`: the request (name in clear, phone sealed and masked, as
 * stored) and the item carrying the program and destination.
 */
export async function insertRequestItem(t: TestApp, input: RequestItemInput): Promise<{ trackingNo: string; requestId: string }> {
  const trackingNo = newTrackingNo('EB');
  const requestId = randomUUID();
  await t.db
    .insertInto('items')
    .values({
      tracking_no: trackingNo,
      service_indicator: 'EB',
      origin_unit: null,
      dest_division_code: input.divisionCode,
      dest_address: input.address,
      weight_grams: input.weightGrams ?? null,
      program_code: input.program.code,
      source: 'api',
      status: 'CREATED',
      created_at: t.now,
    })
    .execute();
  await t.db
    .insertInto('requests')
    .values({
      id: requestId,
      program_code: input.program.code,
      source: 'api',
      recipient_id: null,
      invitation_id: null,
      document_no: null,
      name: input.name,
      id_hash: null,
      id_sealed: null,
      id_masked: null,
      phone_sealed: cipher.seal(input.phone),
      phone_hash: cipher.lookupHash('phone', input.phone),
      phone_masked: maskPhone(input.phone),
      category: 'ordinary',
      address: input.address,
      division_code: input.divisionCode,
      delivery_office: input.deliveryOffice ?? null,
      status: 'mailed',
      status_reason: null,
      tracking_no: trackingNo,
      created_at: t.now,
      updated_at: t.now,
    })
    .execute();
  return { trackingNo, requestId };
}

/** Items registered through the API with a destination and nothing else; returns their numbers. */
export async function registerPlainItems(t: TestApp, count: number, element: Record<string, unknown> = {}): Promise<string[]> {
  const trackingNos = Array.from({ length: count }, () => newTrackingNo());
  const res = await t.request('POST', '/api/v1/items', {
    role: 'operator',
    body: trackingNos.map((trackingNo) => ({ trackingNo, destination: { divisionCode: '420506', address: '小溪塔街道夷陵大道 1 号' }, ...element })),
  });
  expect(res.statusCode, res.body).toBe(200);
  expect(res.json()).toEqual(trackingNos.map((trackingNo, index) => ({ index, trackingNo })));
  return trackingNos;
}

export interface ReadPdf {
  pages: number;
  /** Text of each page, in order. */
  pageTexts: string[];
  /** All pages' text. */
  text: string;
}

/** A PDF read back with pdf-parse: page count and each page's text. */
export async function readPdf(bytes: Buffer): Promise<ReadPdf> {
  const parser = new PDFParse({ data: new Uint8Array(bytes) });
  try {
    const result = await parser.getText();
    const pageTexts = result.pages.map((p) => p.text);
    return { pages: result.total, pageTexts, text: pageTexts.join('\n') };
  } finally {
    await parser.destroy();
  }
}

export interface RasterPage {
  width: number;
  height: number;
  /** Pixels per millimetre. */
  pxPerMm: number;
  /** True when the pixel is closer to black than to white. */
  dark(x: number, y: number): boolean;
}

/** Page `page` of a PDF drawn by pdf.js (through pdf-parse) at `pxPerMm`, as a black-and-white raster. */
export async function rasterisePage(bytes: Buffer, page: number, pxPerMm: number): Promise<RasterPage> {
  const parser = new PDFParse({ data: new Uint8Array(bytes) });
  try {
    const shot = await parser.getScreenshot({ partial: [page], scale: pxPerMm * (25.4 / 72), imageBuffer: true, imageDataUrl: false });
    const image = decodeRgbaPng(Buffer.from(shot.pages[0]!.data));
    return {
      width: image.width,
      height: image.height,
      pxPerMm,
      dark: (x, y) => image.pixels[(y * image.width + x) * 4]! < 128,
    };
  } finally {
    await parser.destroy();
  }
}

/**
 * The PNGs pdf.js writes here: 8-bit RGBA, not interlaced. Just enough of PNG to read them back
 * (chunks, zlib, the five row filters), so the test needs no image library.
 */
function decodeRgbaPng(png: Buffer): { width: number; height: number; pixels: Buffer } {
  let offset = 8;
  let width = 0;
  let height = 0;
  const idat: Buffer[] = [];
  while (offset < png.length) {
    const length = png.readUInt32BE(offset);
    const type = png.toString('latin1', offset + 4, offset + 8);
    const body = png.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      if (body[8] !== 8 || body[9] !== 6 || body[12] !== 0) throw new Error('expected an 8-bit RGBA PNG without interlacing');
    } else if (type === 'IDAT') idat.push(body);
    offset += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * 4;
  const pixels = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const row = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let i = 0; i < stride; i++) {
      const left = i >= 4 ? pixels[y * stride + i - 4]! : 0;
      const up = y > 0 ? pixels[(y - 1) * stride + i]! : 0;
      const upLeft = y > 0 && i >= 4 ? pixels[(y - 1) * stride + i - 4]! : 0;
      const predictor = [0, left, up, (left + up) >> 1, paeth(left, up, upLeft)][filter];
      if (predictor === undefined) throw new Error(`unknown PNG row filter ${filter}`);
      pixels[y * stride + i] = (row[i]! + predictor) & 0xff;
    }
  }
  return { width, height, pixels };
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}
