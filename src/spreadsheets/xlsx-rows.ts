// The rows of an XLSX workbook's first worksheet, read straight from the SpreadsheetML: the worksheet
// is inflated and scanned as a stream, one <row> at a time, so memory holds the shared strings and a
// few rows, never the whole sheet.
//
// Why not ExcelJS's streaming reader: ExcelJS 4.4 decodes each inflated chunk on its own
// (utils/parse-sax.js), so a Chinese character split across two chunks becomes U+FFFD and names and
// addresses are silently damaged; its non-streaming reader is correct but holds the whole workbook
// model (about 330 MB for 100,000 rows).
import { type ZipEntry, ZipError, decodeUtf8, openZipEntry, readZipDirectory, readZipText } from './zip-entries.js';

export interface XlsxRow {
  rowNumber: number;
  cells: string[];
  /** Columns (0-based) holding a number too large to be exact (more than 15–16 digits). */
  inexact?: number[];
}

export class XlsxError extends Error {}

// Elements may carry a namespace prefix (<x:row>) when written by the Open XML SDK.
const P = '(?:[A-Za-z_][\\w.-]*:)?';
const ROW_START = new RegExp(`<${P}row[\\s>/]`, 'g');
const ROW_END = new RegExp(`</${P}row>`, 'g');
const CELL = new RegExp(`<${P}c(?=[\\s>/])([^>]*?)(?:/>|>([\\s\\S]*?)</${P}c>)`, 'g');
const VALUE = new RegExp(`<${P}v(?:\\s[^>]*)?>([\\s\\S]*?)</${P}v>`);
const TEXT = new RegExp(`<${P}t(?:\\s[^>]*)?>([\\s\\S]*?)</${P}t>`, 'g');
const PHONETIC = new RegExp(`<${P}rPh\\b[\\s\\S]*?</${P}rPh>`, 'g');
const SHARED_STRING = new RegExp(`<${P}si(?:\\s[^>]*)?>([\\s\\S]*?)</${P}si>|<${P}si\\s*/>`, 'g');
const ROW_NUMBER = /\br="(\d+)"/;
const CELL_REF = /\br="([A-Z]+)\d*"/;
const CELL_TYPE = /\bt="(\w+)"/;

/** Opens the workbook and yields the first worksheet's rows that have cells. */
export async function* readXlsxRows(zip: Buffer, onCompressedRead: (bytes: number, total: number) => void = () => {}): AsyncGenerator<XlsxRow> {
  let entries: Map<string, ZipEntry>;
  try {
    entries = readZipDirectory(zip);
  } catch (err) {
    throw new XlsxError(err instanceof ZipError ? `not a readable XLSX workbook: ${err.message}` : String(err));
  }
  const sheet = await firstSheet(zip, entries);
  const shared = entries.get('xl/sharedStrings.xml');
  const strings = shared ? await readSharedStrings(zip, shared) : [];

  let read = 0;
  const chunks = openZipEntry(zip, sheet, (n) => onCompressedRead((read += n), sheet.compressedSize));
  let buffer = '';
  let lastRow = 0;
  for await (const text of decodeUtf8(chunks)) {
    buffer += text;
    let consumed = 0;
    for (;;) {
      ROW_START.lastIndex = consumed;
      const start = ROW_START.exec(buffer);
      if (!start) {
        // No row starts here (the sheet's head or tail): keep only what may be a row tag cut in two.
        consumed = Math.max(consumed, buffer.length - 64);
        break;
      }
      const tagEnd = buffer.indexOf('>', start.index);
      if (tagEnd < 0) break;
      const startTag = buffer.slice(start.index, tagEnd + 1);
      const rowNumber = Number(ROW_NUMBER.exec(startTag)?.[1] ?? lastRow + 1);
      if (startTag.endsWith('/>')) {
        // <row r="7"/>: a row with formatting but no cells.
        lastRow = rowNumber;
        consumed = tagEnd + 1;
        continue;
      }
      ROW_END.lastIndex = tagEnd;
      const end = ROW_END.exec(buffer);
      if (!end) break;
      lastRow = rowNumber;
      const row = parseRow(buffer.slice(tagEnd + 1, end.index), rowNumber, strings);
      if (row.cells.length > 0) yield row;
      consumed = end.index + end[0].length;
    }
    // Keep only what may be the start of a row not yet complete.
    buffer = buffer.slice(consumed);
  }
}

function parseRow(xml: string, rowNumber: number, strings: readonly string[]): XlsxRow {
  const cells: string[] = [];
  let inexact: number[] | undefined;
  let next = 0;
  CELL.lastIndex = 0;
  for (let m = CELL.exec(xml); m; m = CELL.exec(xml)) {
    const attrs = m[1] ?? '';
    const body = m[2] ?? '';
    const ref = CELL_REF.exec(attrs)?.[1];
    const column = ref ? columnIndex(ref) : next;
    next = column + 1;
    const type = CELL_TYPE.exec(attrs)?.[1] ?? 'n';
    const raw = type === 'inlineStr' ? undefined : VALUE.exec(body)?.[1];
    let text: string;
    switch (type) {
      case 's':
        text = strings[Number(raw)] ?? '';
        break;
      case 'inlineStr':
        text = richText(body);
        break;
      case 'b':
        text = raw === '1' ? 'TRUE' : 'FALSE';
        break;
      case 'n': {
        if (raw === undefined || raw.trim() === '') {
          text = '';
          break;
        }
        const n = Number(raw);
        if (Number.isInteger(n) && !Number.isSafeInteger(n)) (inexact ??= []).push(column);
        text = Number.isSafeInteger(n) ? n.toFixed(0) : Number.isFinite(n) ? String(n) : raw;
        break;
      }
      default:
        // str (a formula's text), e (an error such as #N/A), d (an ISO date)
        text = raw === undefined ? '' : decodeXmlText(raw);
    }
    while (cells.length < column) cells.push('');
    cells[column] = text;
  }
  return inexact ? { rowNumber, cells, inexact } : { rowNumber, cells };
}

/** The text of a string item: its <t> runs, without the phonetic guide runs (<rPh>). */
function richText(xml: string): string {
  const body = xml.replace(PHONETIC, '');
  let text = '';
  TEXT.lastIndex = 0;
  for (let m = TEXT.exec(body); m; m = TEXT.exec(body)) text += m[1];
  return decodeXmlText(text);
}

async function readSharedStrings(zip: Buffer, entry: ZipEntry): Promise<string[]> {
  const xml = await readZipText(zip, entry);
  const strings: string[] = [];
  SHARED_STRING.lastIndex = 0;
  for (let m = SHARED_STRING.exec(xml); m; m = SHARED_STRING.exec(xml)) strings.push(m[1] === undefined ? '' : richText(m[1]));
  return strings;
}

/** The first worksheet in the workbook's order (not the zip's), through the workbook's relationships. */
async function firstSheet(zip: Buffer, entries: ReadonlyMap<string, ZipEntry>): Promise<ZipEntry> {
  const workbook = entries.get('xl/workbook.xml');
  const rels = entries.get('xl/_rels/workbook.xml.rels');
  if (workbook && rels) {
    const sheetTag = new RegExp(`<${P}sheet\\s[^>]*>`).exec(await readZipText(zip, workbook))?.[0];
    const relId = sheetTag && /\s[\w.-]+:id="([^"]+)"/.exec(sheetTag)?.[1];
    if (relId) {
      for (const rel of (await readZipText(zip, rels)).match(/<(?:[\w.-]+:)?Relationship\s[^>]*>/g) ?? []) {
        if (/\sId="([^"]+)"/.exec(rel)?.[1] !== relId) continue;
        const target = /\sTarget="([^"]+)"/.exec(rel)?.[1] ?? '';
        const found = entries.get(target.startsWith('/') ? target.slice(1) : `xl/${target}`);
        if (found) return found;
      }
    }
  }
  // No usable workbook part: the lowest-numbered worksheet.
  const sheets = [...entries.keys()].filter((n) => /^xl\/worksheets\/sheet\d+\.xml$/.test(n)).sort((a, b) => sheetNumber(a) - sheetNumber(b));
  const first = sheets[0] && entries.get(sheets[0]);
  if (!first) throw new XlsxError('the workbook has no worksheet');
  return first;
}

const sheetNumber = (name: string) => Number(/(\d+)\.xml$/.exec(name)?.[1] ?? 0);

/** `A` → 0, `Z` → 25, `AA` → 26. */
export function columnIndex(letters: string): number {
  let n = 0;
  for (let i = 0; i < letters.length; i++) n = n * 26 + (letters.charCodeAt(i) - 64);
  return n - 1;
}

const ENTITIES: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** XML character references and entities, then OOXML's `_xHHHH_` escapes (Excel writes a CR as `_x000D_`). */
export function decodeXmlText(text: string): string {
  if (text.indexOf('&') < 0 && text.indexOf('_x') < 0) return text;
  return text
    .replace(/&(?:#x([0-9a-fA-F]+)|#(\d+)|(lt|gt|amp|quot|apos));/g, (_, hex: string | undefined, dec: string | undefined, name: string | undefined) =>
      name ? ENTITIES[name]! : String.fromCodePoint(parseInt(hex ?? dec ?? '0', hex ? 16 : 10)),
    )
    .replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}
