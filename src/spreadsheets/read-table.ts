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
import { type Message, msg } from '../i18n/message.js';

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
  problem?: Message;
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
  const name = source.filename ? msg('table.fileName', { file: source.filename }) : '';
  if (bytes.length === 0) throw new AppError('invalid_request', msg('table.empty', { name }));
  if (startsWith(bytes, OLE_MAGIC)) {
    throw new AppError('unsupported_media_type', msg('table.xls', { name }));
  }
  const format = startsWith(bytes, ZIP_MAGIC) ? 'xlsx' : 'csv';
  if (format === 'csv' && /\.xlsx$/i.test(source.filename ?? '')) throw new AppError('invalid_request', msg('table.namedXlsx', { name }));
  const fed = { done: 0, total: 1 };
  const read: ReadContext = { fed, limits, work, cancelled: source.cancelled };
  const { encoding, rows } = format === 'xlsx' ? { encoding: null, rows: xlsxRows(bytes, read) } : await csvRows(bytes, read);
  return splitHeader(format, encoding, nonBlank(refusingBadFiles(rows, format, name)), name, () => Math.min(1, fed.done / fed.total));
}

async function splitHeader(format: Table['format'], encoding: CsvEncoding | null, rows: AsyncGenerator<TableRow>, name: Message | string, fractionRead: () => number): Promise<Table> {
  const first = await rows.next();
  if (first.done) throw new AppError('invalid_request', msg('table.noRows', { name }));
  if (first.value.problem) throw new AppError('invalid_request', msg('table.badRow', { name, row: first.value.rowNumber, problem: first.value.problem }));
  const rest: AsyncIterable<TableRow> = {
    [Symbol.asyncIterator]: () => rows,
  };
  return { format, encoding, header: first.value, rows: rest, fractionRead };
}

/** Turns the readers' file errors into the answer: 413 for a file past a size limit, else 400. */
async function* refusingBadFiles(rows: AsyncIterable<TableRow>, format: Table['format'], name: Message | string): AsyncGenerator<TableRow> {
  try {
    yield* rows;
  } catch (err) {
    if (err instanceof AppError) throw err;
    const detail = err instanceof TableFileError ? err.problem : err instanceof Error ? err.message : String(err);
    const problem = msg(format === 'xlsx' ? 'table.unreadableXlsx' : 'table.unreadableCsv', { name, detail });
    throw new AppError(err instanceof TableFileError && err.tooLarge ? 'payload_too_large' : 'invalid_request', problem);
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
  const steps = decodeCsvSteps(bytes);
  for (let step = steps.next(); ; step = steps.next()) if (step.done) return { text: step.value.parts.join(''), encoding: step.value.encoding };
}

/**
 * decodeCsv with a turn of the event loop after each slice (64 MiB of GBK takes more than a second),
 * into parts of about a mebibyte: never one string of the whole file, whose flattening is one more pause.
 */
async function decodeCsvInTurns(bytes: Uint8Array): Promise<DecodedCsv> {
  const steps = decodeCsvSteps(bytes);
  for (let step = steps.next(); ; step = steps.next()) {
    if (step.done) return step.value;
    await nextTurn();
  }
}

const DECODE_SLICE = 1024 * 1024;

interface DecodedCsv {
  parts: string[];
  encoding: CsvEncoding;
}

/** Decodes slice by slice, yielding between slices. */
function* decodeCsvSteps(bytes: Uint8Array): Generator<void, DecodedCsv> {
  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) return { parts: yield* decodeSlices(bytes.subarray(3), utf8Decoder(false)), encoding: 'utf-8' };
  if (startsWith(bytes, [0xff, 0xfe])) return { parts: yield* decodeSlices(bytes.subarray(2), iconv.getDecoder('utf-16le')), encoding: 'utf-16le' };
  if (startsWith(bytes, [0xfe, 0xff])) return { parts: yield* decodeSlices(bytes.subarray(2), iconv.getDecoder('utf-16be')), encoding: 'utf-16be' };
  try {
    return { parts: yield* decodeSlices(bytes, utf8Decoder(true)), encoding: 'utf-8' };
  } catch (err) {
    if (!(err instanceof TypeError)) throw err;
    // Excel and WPS on Chinese Windows save "CSV" in the ANSI code page, i.e. GBK.
    return { parts: yield* decodeSlices(bytes, iconv.getDecoder('gb18030')), encoding: 'gb18030' };
  }
}

interface SliceDecoder {
  write(bytes: Buffer): string;
  end(): string | undefined;
}

function* decodeSlices(bytes: Uint8Array, decoder: SliceDecoder): Generator<void, string[]> {
  const parts: string[] = [];
  for (let i = 0; i < bytes.length; i += DECODE_SLICE) {
    if (i > 0) yield;
    const slice = bytes.subarray(i, i + DECODE_SLICE);
    parts.push(decoder.write(Buffer.from(slice.buffer, slice.byteOffset, slice.byteLength)));
  }
  parts.push(decoder.end() ?? '');
  return parts.filter((p) => p !== '');
}

/** UTF-8; `fatal` throws a TypeError on a byte sequence that is not UTF-8. */
function utf8Decoder(fatal: boolean): SliceDecoder {
  const decoder = new TextDecoder('utf-8', { fatal });
  return { write: (bytes) => decoder.decode(bytes, { stream: true }), end: () => decoder.decode() };
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

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

async function csvRows(bytes: Uint8Array, read: ReadContext): Promise<{ encoding: CsvEncoding; rows: AsyncGenerator<TableRow> }> {
  const { parts, encoding } = await decodeCsvInTurns(bytes);
  return { encoding, rows: csvRecords(parts, read) };
}

async function* csvRecords(parts: readonly string[], read: ReadContext): AsyncGenerator<TableRow> {
  const { limits, work, cancelled } = read;
  const skipped: TableRow[] = [];
  const parser = parseCsv({
    delimiter: guessDelimiter(parts[0] ?? ''),
    // A record's characters (a quote never closed makes the rest of the file one record); its
    // cells are counted as it is fed (empty cells have no characters, so `,,,,` is not bounded here).
    max_record_size: limits.maxRowChars,
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
          msg('csv.runsOn', { row: Number((err as { records?: number }).records ?? 0) + 1, line: Number((err as { lines?: number }).lines ?? 0), max: limits.maxRowChars }),
        );
      }
      const rowNumber = Number((err as { records?: number } | undefined)?.records ?? 0) + 1;
      skipped.push({ rowNumber, cells: [], problem: csvProblem(err) });
      return undefined;
    },
  });
  // Fed in slices, so the parser holds a few thousand records at a time rather than the whole file.
  Readable.from(feedInTurns(parts, parser, read)).pipe(parser);
  for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { records: number; lines: number } }>) {
    work.cells += record.length;
    if (cancelled?.()) throw new TableFileError(msg('table.abandoned'));
    if (record.length > limits.maxColumns) throw new TableFileError(msg('table.tooManyCells', { line: info.lines, max: limits.maxColumns }));
    while (skipped.length > 0 && skipped[0]!.rowNumber <= info.records) yield skipped.shift()!;
    yield { rowNumber: info.records, cells: record };
  }
  yield* skipped;
}

/**
 * The text in slices, with a turn of the event loop between them (the parser and the rows it makes
 * otherwise run in one turn, however long the file). Between slices the record being parsed is
 * checked: it has gained at most one slice of cells since the last look.
 */
async function* feedInTurns(parts: readonly string[], parser: CsvParser, { fed, limits, work, cancelled }: ReadContext): AsyncGenerator<string> {
  fed.total = Math.max(1, parts.reduce((n, p) => n + p.length, 0));
  let fedBefore = 0;
  for (const text of parts) {
    for (let i = 0, end = 0; i < text.length; i = end) {
      // A slice never ends between the two halves of a surrogate pair (a rare name character such
      // as 𠀀): the parser takes bytes, and a lone half would become U+FFFD.
      end = Math.min(text.length, i + SLICE);
      if (end < text.length && isHighSurrogate(text.charCodeAt(end - 1))) end--;
      if (fedBefore + i > 0) {
        await nextTurn();
        const problem = cancelled?.() ? msg('table.abandoned') : openRecordCells(parser) > limits.maxColumns ? msg('table.tooManyCells', { line: parser.info.lines, max: limits.maxColumns }) : undefined;
        if (problem) {
          work.cells += openRecordCells(parser);
          parser.destroy(new TableFileError(problem));
          return;
        }
      }
      fed.done = fedBefore + end;
      yield text.slice(i, end);
    }
    fedBefore += text.length;
  }
}

/** A record csv-parse skipped, in words: an unclosed quote has its key, anything else is told in the parser's words. */
function csvProblem(err: { code?: string; message?: string } | undefined): Message {
  switch (err?.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return msg('csv.quoteNotClosed');
    default:
      return msg('csv.parser', { detail: err?.message ?? 'unknown error' });
  }
}

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;

type CsvParser = ReturnType<typeof parseCsv>;

/**
 * Cells of the record the parser is in the middle of. csv-parse offers no bound on a record's cells
 * and counts none of an empty cell's characters; its state is read here (a test of 20,000 empty
 * cells fails if a new version moves it).
 */
function openRecordCells(parser: CsvParser): number {
  return (parser as unknown as { state?: { record?: unknown[] } }).state?.record?.length ?? 0;
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
