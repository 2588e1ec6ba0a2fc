// The rows of an XLSX workbook's first worksheet, read straight from the SpreadsheetML: the worksheet
// is inflated and scanned as a stream, one tag at a time, so memory holds the shared strings and one
// row, never the whole sheet. Everything a hostile file could make large is bounded (TableLimits):
// the columns of a row, the characters of a row and of a cell, the shared strings, what each part
// inflates to. A worksheet that ends before its rows do is refused, never read as a shorter list.
//
// Why not ExcelJS's streaming reader: ExcelJS 4.4 decodes each inflated chunk on its own
// (utils/parse-sax.js), so a Chinese character split across two chunks becomes U+FFFD and names and
// addresses are silently damaged; its non-streaming reader is correct but holds the whole workbook
// model (about 330 MB for 100,000 rows).
import { type Message, msg } from '../i18n/message.js';
import { type TableLimits, TableFileError, type TableWork } from './table-limits.js';
import { XmlScanner, type XmlToken, attribute } from './xml-scanner.js';
import { type InflateBounds, type ZipEntry, decodeUtf8, openZipEntry, readZipDirectory, readZipText } from './zip-entries.js';

export interface XlsxRow {
  rowNumber: number;
  cells: string[];
  /** Columns (0-based) holding a number too large to be exact (more than 15–16 digits). */
  inexact?: number[];
}

export class XlsxError extends TableFileError {}

export interface XlsxReadOptions {
  limits: TableLimits;
  work: TableWork;
  /** Compressed bytes of the worksheet read so far, and its total: for progress bars. */
  onCompressedRead?: (bytes: number, total: number) => void;
  /** Asked between chunks: true stops the read (the client has gone). */
  cancelled?: () => boolean;
}

/** Opens the workbook and yields the first worksheet's rows that have cells. */
export async function* readXlsxRows(zip: Buffer, options: XlsxReadOptions): AsyncGenerator<XlsxRow> {
  const { limits, work } = options;
  const entries = readZipDirectory(zip);
  const sheet = await firstSheet(zip, entries, options);
  const shared = entries.get('xl/sharedStrings.xml');
  const strings = shared ? await readSharedStrings(zip, shared, options) : [];

  let read = 0;
  const bounds: InflateBounds = { part: msg('xlsx.part.worksheet'), maxBytes: limits.maxSheetBytes, limits, work, onCompressedRead: (n) => options.onCompressedRead?.((read += n), sheet.compressedSize) };
  const reader = new SheetReader(strings, limits, work);
  // Read to the end of the entry even after the last row, so that its checksum is checked.
  for await (const text of decodeUtf8(openZipEntry(zip, sheet, bounds))) {
    if (options.cancelled?.()) throw new XlsxError(msg('xlsx.abandoned'));
    yield* reader.feed(text);
  }
  reader.end();
}

interface OpenRow {
  number: number;
  /** Where the row starts in the worksheet's text. */
  start: number;
  cells: string[];
  inexact?: number[];
}

interface OpenCell {
  ref: string;
  column: number;
  type: string;
  value?: string;
  inline: string;
  capture?: 'value' | 'inline';
}

/** The worksheet's rows from its text, fed in chunks; `end()` when the text has ended. */
class SheetReader {
  private readonly scanner: XmlScanner;
  private state: 'head' | 'data' | 'tail' = 'head';
  private row: OpenRow | undefined;
  private cell: OpenCell | undefined;
  private phonetic = 0;
  private lastRow = 0;
  private nextColumn = 0;

  constructor(
    private readonly strings: readonly string[],
    private readonly limits: TableLimits,
    private readonly work: TableWork,
  ) {
    this.scanner = new XmlScanner(msg('xlsx.part.worksheet'), limits.maxMarkupChars);
  }

  *feed(text: string): Generator<XlsxRow> {
    if (this.finished()) return;
    for (const token of this.scanner.feed(text)) {
      const row = this.take(token);
      if (row) yield row;
      if (this.finished()) return;
    }
    this.checkRowSize();
  }

  /** Past the rows: what follows (page set-up, drawings) is inflated for its checksum, not scanned. */
  private finished(): boolean {
    return this.state === 'tail';
  }

  end(): void {
    if (this.finished()) return;
    this.scanner.end();
    if (this.row) throw new XlsxError(msg('xlsx.rowCutShort', { row: this.row.number }));
    throw new XlsxError(msg(this.state === 'head' ? 'xlsx.noSheetData' : 'xlsx.rowsCutShort'));
  }

  private take(token: XmlToken): XlsxRow | undefined {
    if (token.kind === 'text') {
      this.capture(token.text);
      return undefined;
    }
    if (this.state === 'head') {
      if (token.kind === 'open' && token.name === 'sheetData') this.state = token.selfClosing ? 'tail' : 'data';
      return undefined;
    }
    this.checkRowSize();
    const open = token.kind === 'open';
    switch (token.name) {
      case 'sheetData':
        if (!open) {
          if (this.row) throw new XlsxError(msg('xlsx.rowOpenAtEnd', { row: this.row.number }));
          this.state = 'tail';
        }
        return undefined;
      case 'row':
        return open ? this.openRow(token.attrs, token.selfClosing) : this.closeRow();
      case 'c':
        if (open) this.openCell(token.attrs, token.selfClosing);
        else this.closeCell();
        return undefined;
      case 'v':
        // The first <v> is the value; a cell has only one.
        if (!this.cell) return undefined;
        if (open && !token.selfClosing && this.cell.value === undefined) {
          this.cell.capture = 'value';
          this.cell.value = '';
        } else if (!open && this.cell.capture === 'value') this.cell.capture = undefined;
        return undefined;
      case 't':
        if (this.cell && this.cell.type === 'inlineStr' && this.phonetic === 0) this.cell.capture = open && !token.selfClosing ? 'inline' : undefined;
        return undefined;
      case 'rPh':
        if (open && !token.selfClosing) this.phonetic++;
        else if (!open) this.phonetic = Math.max(0, this.phonetic - 1);
        return undefined;
      default:
        return undefined;
    }
  }

  private openRow(attrs: string, selfClosing: boolean): XlsxRow | undefined {
    if (this.row) throw new XlsxError(msg('xlsx.rowOpenAtNext', { row: this.row.number }));
    const r = attribute(attrs, 'r');
    const number = r === undefined ? this.lastRow + 1 : Number(r);
    if (!Number.isSafeInteger(number) || number < 1 || number > this.limits.maxRowNumber) {
      throw new XlsxError(msg('xlsx.rowNumber', { given: clip(r ?? ''), max: this.limits.maxRowNumber }));
    }
    this.lastRow = number;
    this.nextColumn = 0;
    // <row r="7"/>: a row with formatting but no cells.
    if (!selfClosing) this.row = { number, start: this.scanner.consumed, cells: [] };
    return undefined;
  }

  private closeRow(): XlsxRow | undefined {
    const row = this.row;
    if (!row) return undefined;
    if (this.cell) throw new XlsxError(msg('xlsx.cellOpen', { row: row.number, cell: this.cell.ref }));
    this.row = undefined;
    if (row.cells.length === 0) return undefined;
    return row.inexact ? { rowNumber: row.number, cells: row.cells, inexact: row.inexact } : { rowNumber: row.number, cells: row.cells };
  }

  private openCell(attrs: string, selfClosing: boolean): void {
    const row = this.row;
    if (!row) return;
    if (this.cell) throw new XlsxError(msg('xlsx.cellOpenAtNext', { row: row.number, cell: this.cell.ref }));
    // A reference that is not one (r="", r="a1") is read as the next column, as Excel does.
    const written = attribute(attrs, 'r');
    const ref = written !== undefined && /^[A-Z]+\d*$/.test(written) ? written : undefined;
    const letters = ref?.replace(/\d+$/, '');
    const column = letters === undefined ? this.nextColumn : letters.length > 3 ? Number.POSITIVE_INFINITY : columnIndex(letters);
    if (column >= this.limits.maxColumns) {
      const last = columnName(this.limits.maxColumns - 1);
      throw new XlsxError(msg('xlsx.cellBeyond', { row: row.number, cell: clip(ref ?? columnName(column) + row.number), last }));
    }
    this.nextColumn = column + 1;
    this.cell = { ref: ref ?? `${columnName(column)}${row.number}`, column, type: attribute(attrs, 't') ?? 'n', inline: '' };
    if (selfClosing) this.closeCell();
  }

  private closeCell(): void {
    const cell = this.cell;
    const row = this.row;
    if (!cell || !row) return;
    this.cell = undefined;
    const text = this.cellText(cell, row);
    const before = row.cells.length;
    while (row.cells.length < cell.column) row.cells.push('');
    row.cells[cell.column] = text;
    this.work.cells += Math.max(1, row.cells.length - before);
  }

  private cellText(cell: OpenCell, row: OpenRow): string {
    const raw = cell.value;
    switch (cell.type) {
      case 's': {
        if (raw === undefined || raw.trim() === '') return '';
        const index = Number(raw);
        const text = Number.isInteger(index) ? this.strings[index] : undefined;
        if (text === undefined) throw new XlsxError(msg('xlsx.noSharedString', { row: row.number, cell: cell.ref, index: clip(raw), count: this.strings.length }));
        return text;
      }
      case 'inlineStr':
        return decodeXmlText(cell.inline);
      case 'b':
        return raw === '1' ? 'TRUE' : 'FALSE';
      case 'n': {
        if (raw === undefined || raw.trim() === '') return '';
        const n = Number(raw);
        if (Number.isInteger(n) && !Number.isSafeInteger(n)) (row.inexact ??= []).push(cell.column);
        return Number.isSafeInteger(n) ? n.toFixed(0) : Number.isFinite(n) ? String(n) : raw;
      }
      default:
        // str (a formula's text), e (an error such as #N/A), d (an ISO date)
        return raw === undefined ? '' : decodeXmlText(raw);
    }
  }

  private capture(text: string): void {
    const cell = this.cell;
    if (!cell?.capture) return;
    const captured = cell.capture === 'value' ? (cell.value = (cell.value ?? '') + text) : (cell.inline += text);
    if (captured.length > this.limits.maxCellChars) {
      throw new XlsxError(msg('xlsx.cellTooLong', { row: String(this.row?.number), cell: cell.ref, max: this.limits.maxCellChars }), true);
    }
  }

  private checkRowSize(): void {
    const row = this.row;
    if (row && this.scanner.consumed - row.start > this.limits.maxRowChars) {
      throw new XlsxError(msg('xlsx.rowTooLong', { row: row.number, max: this.limits.maxRowChars }), true);
    }
  }
}

/**
 * The shared strings, read as a stream: only the text of each item is kept (copied out of the chunk
 * it came in), so memory holds the strings, never the part's XML.
 */
async function readSharedStrings(zip: Buffer, entry: ZipEntry, options: XlsxReadOptions): Promise<string[]> {
  const { limits, work } = options;
  const scanner = new XmlScanner(msg('xlsx.part.sharedStrings'), limits.maxMarkupChars);
  const strings: string[] = [];
  let item: string | undefined;
  let capturing = false;
  let phonetic = 0;
  let ended = false;
  const add = (text: string) => {
    if (strings.length >= limits.maxSharedStrings) throw new XlsxError(msg('xlsx.tooManyStrings', { max: limits.maxSharedStrings }), true);
    strings.push(text);
  };
  const bounds: InflateBounds = { part: msg('xlsx.part.sharedStrings'), maxBytes: limits.maxSharedStringsBytes, limits, work };
  for await (const text of decodeUtf8(openZipEntry(zip, entry, bounds))) {
    for (const token of scanner.feed(text)) {
      if (token.kind === 'text') {
        if (!capturing) continue;
        item += token.text;
        if (item!.length > limits.maxCellChars) throw new XlsxError(msg('xlsx.stringTooLong', { index: strings.length, max: limits.maxCellChars }), true);
        continue;
      }
      const open = token.kind === 'open';
      if (token.name === 'si') {
        if (open && token.selfClosing) add('');
        else if (open) item = '';
        else if (item !== undefined) {
          add(detach(decodeXmlText(item)));
          item = undefined;
        }
        capturing = false;
      } else if (token.name === 't') {
        capturing = open && !token.selfClosing && item !== undefined && phonetic === 0;
      } else if (token.name === 'rPh') {
        if (open && !token.selfClosing) phonetic++;
        else if (!open) phonetic = Math.max(0, phonetic - 1);
      } else if (token.name === 'sst' && !open) {
        ended = true;
      }
    }
  }
  scanner.end();
  if (item !== undefined || !ended) throw new XlsxError(msg('xlsx.stringsCutShort', { count: strings.length }));
  return strings;
}

/** The first worksheet in the workbook's order (not the zip's), through the workbook's relationships. */
async function firstSheet(zip: Buffer, entries: ReadonlyMap<string, ZipEntry>, options: XlsxReadOptions): Promise<ZipEntry> {
  const workbook = entries.get('xl/workbook.xml');
  const rels = entries.get('xl/_rels/workbook.xml.rels');
  if (workbook && rels) {
    const part = (name: Message): InflateBounds => ({ part: name, maxBytes: options.limits.maxPartBytes, limits: options.limits, work: options.work });
    const sheetTag = firstTag(await readZipText(zip, workbook, part(msg('xlsx.part.workbook'))), msg('xlsx.part.workbook'), options.limits, (t) => t.name === 'sheet');
    const relId = sheetTag && attribute(sheetTag.attrs, '*:id');
    if (relId) {
      const rel = firstTag(await readZipText(zip, rels, part(msg('xlsx.part.workbookRels'))), msg('xlsx.part.workbookRels'), options.limits, (t) => t.name === 'Relationship' && attribute(t.attrs, 'Id') === relId);
      const target = rel && (attribute(rel.attrs, 'Target') ?? '');
      const found = target !== undefined ? entries.get(target.startsWith('/') ? target.slice(1) : `xl/${target}`) : undefined;
      if (found) return found;
    }
  }
  // No usable workbook part: the lowest-numbered worksheet.
  const sheets = [...entries.keys()].filter((n) => /^xl\/worksheets\/sheet\d+\.xml$/.test(n)).sort((a, b) => sheetNumber(a) - sheetNumber(b));
  const first = sheets[0] && entries.get(sheets[0]);
  if (!first) throw new XlsxError(msg('xlsx.noWorksheet'));
  return first;
}

type OpenTag = Extract<XmlToken, { kind: 'open' }>;

function firstTag(xml: string, part: Message, limits: TableLimits, wanted: (tag: OpenTag) => boolean): OpenTag | undefined {
  for (const token of new XmlScanner(part, limits.maxMarkupChars).feed(xml)) {
    if (token.kind === 'open' && wanted(token)) return token;
  }
  return undefined;
}

/** A string's own copy: a slice of a large chunk would otherwise keep the whole chunk alive. */
const detach = (text: string) => (text.length > 12 ? (' ' + text).slice(1) : text);

const clip = (text: string) => (text.length > 20 ? `${text.slice(0, 20)}…` : text);

const sheetNumber = (name: string) => Number(/(\d+)\.xml$/.exec(name)?.[1] ?? 0);

/** `A` → 0, `Z` → 25, `AA` → 26. */
export function columnIndex(letters: string): number {
  let n = 0;
  for (let i = 0; i < letters.length; i++) n = n * 26 + (letters.charCodeAt(i) - 64);
  return n - 1;
}

/** 0 → `A`, 26 → `AA`, 16,383 → `XFD`. */
export function columnName(index: number): string {
  let name = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

const ENTITIES: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** XML character references and entities, then OOXML's `_xHHHH_` escapes (Excel writes a CR as `_x000D_`). */
export function decodeXmlText(text: string): string {
  if (text.indexOf('&') < 0 && text.indexOf('_x') < 0) return text;
  return text
    .replace(/&(?:#x([0-9a-fA-F]+)|#(\d+)|(lt|gt|amp|quot|apos));/g, (_, hex: string | undefined, dec: string | undefined, name: string | undefined) =>
      name ? ENTITIES[name]! : codePoint(parseInt(hex ?? dec ?? '0', hex ? 16 : 10)),
    )
    .replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** A character reference's character; one naming no character is dropped rather than thrown on. */
const codePoint = (n: number) => (n >= 0 && n <= 0x10ffff ? String.fromCodePoint(n) : '');
