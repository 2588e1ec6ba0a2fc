// Reading a table (a recipient list, a list of units, …) from the bytes of an uploaded file: CSV in
// UTF-8 (with or without a BOM), UTF-16 with a BOM, or GBK/GB 18030, or the first worksheet of an XLSX
// workbook. Callers get the header row and then the other rows one at a time, so a 100,000-row list is
// checked and stored in chunks while it is still being read.
import { Readable } from 'node:stream';
import { parse as parseCsv } from 'csv-parse';
import iconv from 'iconv-lite';
import { AppError } from '../errors.js';
import { readXlsxRows } from './xlsx-rows.js';

export interface TableSource {
  bytes: Uint8Array;
  /** Used only in messages: the format is told from the bytes (some systems name tab-separated text .xls). */
  filename?: string;
}

export interface TableRow {
  /** The row number a spreadsheet program shows: the first row of the file is 1, blank rows count. */
  rowNumber: number;
  /** Cell texts in column order, as written (not trimmed); missing cells are ''. */
  cells: string[];
  /**
   * Columns (0-based) whose XLSX cell held a number too large to be exact: Excel keeps 15 digits,
   * so an ID number typed as a number has already lost its last digits. The text is still given.
   */
  inexact?: readonly number[];
  /** Set when the reader could not read this row (a CSV quote never closed); `cells` is then empty. */
  problem?: string;
}

export interface Table {
  format: 'csv' | 'xlsx';
  /** How a CSV was decoded; null for XLSX. */
  encoding: CsvEncoding | null;
  /** The first row that is not blank. */
  header: TableRow;
  /** The rows after the header, blank rows left out. Read once. */
  rows: AsyncIterable<TableRow>;
  /** How much of the file the parser has taken in so far, 0 to 1: for progress bars. */
  fractionRead(): number;
}

export type CsvEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030';

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0];
const SLICE = 64 * 1024;

/** Opens a table; throws AppError('invalid_request') for a file that is not a table it can read. */
export async function readTable(source: TableSource): Promise<Table> {
  const { bytes } = source;
  const name = source.filename ? `${source.filename}: ` : '';
  if (bytes.length === 0) throw new AppError('invalid_request', `${name}the file is empty`);
  if (startsWith(bytes, OLE_MAGIC)) {
    throw new AppError('unsupported_media_type', `${name}Excel 97–2003 workbooks (.xls) are not read; save the sheet as .xlsx or CSV`);
  }
  const format = startsWith(bytes, ZIP_MAGIC) ? 'xlsx' : 'csv';
  if (format === 'csv' && /\.xlsx$/i.test(source.filename ?? '')) throw new AppError('invalid_request', `${name}the file is named .xlsx but is not an XLSX workbook`);
  const fed = { done: 0, total: 1 };
  const { encoding, rows } = format === 'xlsx' ? { encoding: null, rows: xlsxRows(bytes, name, fed) } : csvRows(bytes, fed);
  return splitHeader(format, encoding, nonBlank(rows), name, () => Math.min(1, fed.done / fed.total));
}

async function splitHeader(format: Table['format'], encoding: CsvEncoding | null, rows: AsyncGenerator<TableRow>, name: string, fractionRead: () => number): Promise<Table> {
  const first = await rows.next();
  if (first.done) throw new AppError('invalid_request', `${name}the file has no rows: the first row must name the columns`);
  if (first.value.problem) throw new AppError('invalid_request', `${name}row ${first.value.rowNumber}: ${first.value.problem}`);
  const rest: AsyncIterable<TableRow> = {
    [Symbol.asyncIterator]: () => rows,
  };
  return { format, encoding, header: first.value, rows: rest, fractionRead };
}

async function* nonBlank(rows: AsyncIterable<TableRow>): AsyncGenerator<TableRow> {
  for await (const row of rows) {
    if (row.problem || row.cells.some((c) => c.trim() !== '')) yield row;
  }
}

// ---- CSV ---------------------------------------------------------------------------------------

/** Decodes CSV bytes: a BOM decides; else strict UTF-8 if it decodes, else GB 18030 (a superset of GBK). */
export function decodeCsv(bytes: Uint8Array): { text: string; encoding: CsvEncoding } {
  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) return { text: utf8(bytes.subarray(3)), encoding: 'utf-8' };
  if (startsWith(bytes, [0xff, 0xfe])) return { text: iconv.decode(Buffer.from(bytes.subarray(2)), 'utf-16le'), encoding: 'utf-16le' };
  if (startsWith(bytes, [0xfe, 0xff])) return { text: iconv.decode(Buffer.from(bytes.subarray(2)), 'utf-16be'), encoding: 'utf-16be' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    // Excel and WPS on Chinese Windows save "CSV" in the ANSI code page, i.e. GBK.
    return { text: iconv.decode(Buffer.from(bytes), 'gb18030'), encoding: 'gb18030' };
  }
}

/** The delimiter the first line uses most: comma, tab (Excel's "Unicode text") or semicolon. */
export function guessDelimiter(text: string): string {
  const end = text.search(/\r?\n/);
  const firstLine = end < 0 ? text : text.slice(0, end);
  let best = ',';
  let bestCount = 0;
  for (const d of [',', '\t', ';']) {
    const count = firstLine.split(d).length - 1;
    if (count > bestCount) [best, bestCount] = [d, count];
  }
  return best;
}

/** How much of the input has been handed to the parser. */
interface Fed {
  done: number;
  total: number;
}

function csvRows(bytes: Uint8Array, fed: Fed): { encoding: CsvEncoding; rows: AsyncGenerator<TableRow> } {
  const { text, encoding } = decodeCsv(bytes);
  return { encoding, rows: csvRecords(text, fed) };
}

async function* csvRecords(text: string, fed: Fed): AsyncGenerator<TableRow> {
  const skipped: TableRow[] = [];
  const parser = parseCsv({
    delimiter: guessDelimiter(text),
    // Blank lines are kept (and dropped later) so that record numbers stay the rows a spreadsheet shows.
    skip_empty_lines: false,
    relax_column_count: true,
    relax_quotes: true,
    skip_records_with_error: true,
    info: true,
    on_skip: (err) => {
      const rowNumber = Number((err as { records?: number } | undefined)?.records ?? 0) + 1;
      skipped.push({ rowNumber, cells: [], problem: err?.code === 'CSV_QUOTE_NOT_CLOSED' ? 'a quoted cell is never closed (a " is missing); the rest of the file could not be read' : `unreadable CSV: ${err?.message ?? 'unknown error'}` });
      return undefined;
    },
  });
  // Fed in slices, so the parser holds a few thousand records at a time rather than the whole file.
  Readable.from(slices(text, fed)).pipe(parser);
  for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { records: number } }>) {
    while (skipped.length > 0 && skipped[0]!.rowNumber <= info.records) yield skipped.shift()!;
    yield { rowNumber: info.records, cells: record };
  }
  yield* skipped;
}

/** Slices of a string or of bytes, counting what has been taken. */
function* slices<T extends string | Uint8Array>(input: T, fed: Fed): Generator<T> {
  fed.total = Math.max(1, input.length);
  for (let i = 0; i < input.length; i += SLICE) {
    fed.done = Math.min(input.length, i + SLICE);
    yield (typeof input === 'string' ? input.slice(i, i + SLICE) : input.subarray(i, i + SLICE)) as T;
  }
}

function utf8(bytes: Uint8Array): string {
  return new TextDecoder('utf-8').decode(bytes);
}

// ---- XLSX --------------------------------------------------------------------------------------

async function* xlsxRows(bytes: Uint8Array, name: string, fed: Fed): AsyncGenerator<TableRow> {
  try {
    yield* readXlsxRows(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), (read, total) => {
      fed.done = read;
      fed.total = Math.max(1, total);
    });
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw new AppError('invalid_request', `${name}the XLSX workbook cannot be read: ${err instanceof Error ? err.message : String(err)}`);
  }
}

function startsWith(bytes: Uint8Array, magic: readonly number[]): boolean {
  return magic.every((b, i) => bytes[i] === b);
}
