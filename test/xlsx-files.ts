// XLSX files made byte by byte, as a minimal writer (or an attacker) would make them: tests need
// workbooks that ExcelJS would never write, damaged, truncated or claiming more than they hold.
import { crc32, deflateRawSync } from 'node:zlib';

export interface ZipPart {
  name: string;
  data: string | Buffer;
  /** 8 (deflate, the default) or 0 (stored). */
  method?: 0 | 8;
  /** What the directory claims, when it should lie. */
  declaredSize?: number;
  crc?: number;
}

/** A ZIP of the given parts, in order. */
export function zipOf(input: Record<string, string | Buffer> | readonly ZipPart[]): Buffer {
  const parts: readonly ZipPart[] = Array.isArray(input) ? input : Object.entries(input).map(([name, data]) => ({ name, data }));
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const part of parts) {
    const data = typeof part.data === 'string' ? Buffer.from(part.data, 'utf8') : part.data;
    const method = part.method ?? 8;
    const packed = method === 8 ? deflateRawSync(data) : data;
    const crc = part.crc ?? crc32(data);
    const size = part.declaredSize ?? data.length;
    const nameBytes = Buffer.from(part.name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(Math.min(size, 0xfffffffe), 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(Math.min(size, 0xfffffffe), 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, packed);
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length + packed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';

/** The worksheet XML of rows of inline strings, row 1 first. */
export function sheetXml(rows: readonly (readonly string[])[]): string {
  const cell = (text: string, c: number, r: number) => `<c r="${String.fromCharCode(65 + c)}${r}" t="inlineStr"><is><t xml:space="preserve">${escapeXml(text)}</t></is></c>`;
  const body = rows.map((cells, i) => `<row r="${i + 1}">${cells.map((t, c) => cell(t, c, i + 1)).join('')}</row>`).join('');
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet ${NS}><dimension ref="A1"/><sheetData>${body}</sheetData><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>`;
}

/** A one-sheet workbook around the given worksheet XML (and shared strings, when given). */
export function workbookOf(sheet: string | Buffer | Omit<ZipPart, 'name'>, sharedStrings?: string | Buffer | Omit<ZipPart, 'name'>): Buffer {
  const part = (name: string, p: string | Buffer | Omit<ZipPart, 'name'>): ZipPart => (typeof p === 'string' || Buffer.isBuffer(p) ? { name, data: p } : { name, ...p });
  return zipOf([
    { name: '[Content_Types].xml', data: '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>' },
    { name: 'xl/workbook.xml', data: `<workbook ${NS}><sheets><sheet name="名单" sheetId="1" r:id="rId1"/></sheets></workbook>` },
    { name: 'xl/_rels/workbook.xml.rels', data: '<Relationships><Relationship Id="rId1" Type="worksheet" Target="worksheets/sheet1.xml"/></Relationships>' },
    ...(sharedStrings === undefined ? [] : [part('xl/sharedStrings.xml', sharedStrings)]),
    part('xl/worksheets/sheet1.xml', sheet),
  ]);
}

export const escapeXml = (text: string) => text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
