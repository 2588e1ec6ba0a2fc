// Reading a table (a recipient list, a list of units, …) from the bytes of an uploaded file: CSV in
// UTF-8 (with or without a BOM), UTF-16 with a BOM, or GBK/GB 18030, or the first worksheet of an XLSX
// workbook. Callers get the header row and then the other rows one at a time, so a 100,000-row list is
// checked and stored in chunks while it is still being read. Reading stays within TableLimits: a file
// past one is answered 400 or 413 naming the problem, at the point the reader meets it.
import { Readable } from 'node:stream';
import { parse as parseCsv } from 'csv-parse';
import iconv from 'iconv-lite';
import { AppError } from '../errors.js';
import { TABLE_LIMITS, TableFileError, type TableLimits, type TableWork, noWork } from './table-limits.js';
import { readXlsxRows } from './xlsx-rows.js';

export interface TableSource {
  bytes: Uint8Array;
  /** Used only in messages: the format is told from the bytes (some systems name tab-separated text .xls). */
  filename?: string;
  /** Asked as the file is read: true when the client has gone, so that the work stops. */
  cancelled?: () => boolean;
}

export interface ReadTableOptions {
  /** Lower limits than TABLE_LIMITS (tests do, to make a limit cheap to reach). */
  limits?: Partial<TableLimits>;
  /** Counts the work done, also when the read fails. */
  work?: TableWork;
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
export async function readTable(source: TableSource, options: ReadTableOptions = {}): Promise<Table> {
  const { bytes } = source;
  const limits: TableLimits = { ...TABLE_LIMITS, ...options.limits };
  const work = options.work ?? noWork();
  const name = source.filename ? `${source.filename}: ` : '';
  if (bytes.length === 0) throw new AppError('invalid_request', `${name}the file is empty`);
  if (startsWith(bytes, OLE_MAGIC)) {
    throw new AppError('unsupported_media_type', `${name}Excel 97–2003 workbooks (.xls) are not read; save the sheet as .xlsx or CSV`);
  }
  const format = startsWith(bytes, ZIP_MAGIC) ? 'xlsx' : 'csv';
  if (format === 'csv' && /\.xlsx$/i.test(source.filename ?? '')) throw new AppError('invalid_request', `${name}the file is named .xlsx but is not an XLSX workbook`);
  const fed = { done: 0, total: 1 };
  const read: ReadContext = { fed, limits, work, cancelled: source.cancelled };
  const { encoding, rows } = format === 'xlsx' ? { encoding: null, rows: xlsxRows(bytes, read) } : csvRows(bytes, read);
  return splitHeader(format, encoding, nonBlank(refusingBadFiles(rows, format, name)), name, () => Math.min(1, fed.done / fed.total));
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

/** Turns the readers' file errors into the answer: 413 for a file past a size limit, else 400. */
async function* refusingBadFiles(rows: AsyncIterable<TableRow>, format: Table['format'], name: string): AsyncGenerator<TableRow> {
  try {
    yield* rows;
  } catch (err) {
    if (err instanceof AppError) throw err;
    const what = format === 'xlsx' ? 'the XLSX workbook cannot be read' : 'the CSV file cannot be read';
    const message = err instanceof Error ? err.message : String(err);
    throw new AppError(err instanceof TableFileError && err.tooLarge ? 'payload_too_large' : 'invalid_request', `${name}${what}: ${message}`);
  }
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
  // Counted in the line's first 64 KiB: a header is far shorter, and a hostile first line can be a whole file.
  const head = text.slice(0, 64 * 1024);
  const end = head.search(/\r?\n/);
  const firstLine = end < 0 ? head : head.slice(0, end);
  let best = ',';
  let bestCount = 0;
  for (const d of [',', '\t', ';']) {
    let count = 0;
    for (let at = firstLine.indexOf(d); at >= 0; at = firstLine.indexOf(d, at + 1)) count++;
    if (count > bestCount) [best, bestCount] = [d, count];
  }
  return best;
}

/** How much of the input has been handed to the parser. */
interface Fed {
  done: number;
  total: number;
}

interface ReadContext {
  fed: Fed;
  limits: TableLimits;
  work: TableWork;
  cancelled?: () => boolean;
}

function csvRows(bytes: Uint8Array, read: ReadContext): { encoding: CsvEncoding; rows: AsyncGenerator<TableRow> } {
  const { text, encoding } = decodeCsv(bytes);
  return { encoding, rows: csvRecords(text, read) };
}

async function* csvRecords(text: string, { fed, limits, work, cancelled }: ReadContext): AsyncGenerator<TableRow> {
  const skipped: TableRow[] = [];
  const parser = parseCsv({
    delimiter: guessDelimiter(text),
    // A record's characters (a quote never closed makes the rest of the file one record) …
    max_record_size: limits.maxRowChars,
    // … and its cells (empty cells have no characters, so `,,,,` would make millions of them).
    cast: (value, context) => {
      if (context.index >= limits.maxColumns) throw new TableFileError(`line ${context.lines} has more than ${limits.maxColumns} cells, the most a spreadsheet row can have`);
      return value;
    },
    // Blank lines are kept (and dropped later) so that record numbers stay the rows a spreadsheet shows.
    skip_empty_lines: false,
    relax_column_count: true,
    relax_quotes: true,
    skip_records_with_error: true,
    info: true,
    on_skip: (err) => {
      if (err?.code === 'CSV_MAX_RECORD_SIZE') {
        // Thrown, not skipped: the parser would otherwise report it again for every character that follows.
        throw new TableFileError(
          `row ${Number((err as { records?: number }).records ?? 0) + 1} runs on past line ${Number((err as { lines?: number }).lines ?? 0)} for more than ${limits.maxRowChars} characters: a quote (") is probably never closed`,
        );
      }
      const rowNumber = Number((err as { records?: number } | undefined)?.records ?? 0) + 1;
      skipped.push({ rowNumber, cells: [], problem: err?.code === 'CSV_QUOTE_NOT_CLOSED' ? 'a quoted cell is never closed (a " is missing); the rest of the file could not be read' : `unreadable CSV: ${err?.message ?? 'unknown error'}` });
      return undefined;
    },
  });
  // Fed in slices, so the parser holds a few thousand records at a time rather than the whole file.
  Readable.from(slices(text, fed)).pipe(parser);
  for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { records: number } }>) {
    if (cancelled?.()) throw new TableFileError('the upload was abandoned before the list was read');
    work.cells += record.length;
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

function xlsxRows(bytes: Uint8Array, { fed, limits, work, cancelled }: ReadContext): AsyncGenerator<TableRow> {
  return readXlsxRows(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), {
    limits,
    work,
    cancelled,
    onCompressedRead: (read, total) => {
      fed.done = read;
      fed.total = Math.max(1, total);
    },
  });
}

function startsWith(bytes: Uint8Array, magic: readonly number[]): boolean {
  return magic.every((b, i) => bytes[i] === b);
}
