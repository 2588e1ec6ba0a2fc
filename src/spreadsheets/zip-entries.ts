// The entries of a ZIP archive held in memory (an XLSX workbook is one), read from its central
// directory; each entry's content is inflated as a stream, so a large worksheet never has to be held
// uncompressed. What an entry inflates to is bounded (in size, and in ratio to its compressed size)
// and checked against its CRC, so a ZIP bomb or a damaged entry is an error, never a long read of
// something else.
import { Readable } from 'node:stream';
import { crc32, createInflateRaw } from 'node:zlib';
import { type Message, msg } from '../i18n/message.js';
import { type TableLimits, TableFileError, type TableWork } from './table-limits.js';

export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  /** The uncompressed size the directory declares: checked before inflating, and again while inflating. */
  size: number;
  crc: number;
  /** Offset of the entry's local header. */
  headerOffset: number;
}

export class ZipError extends TableFileError {}

const EOCD = 0x06054b50;
const ZIP64_EOCD_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL_HEADER = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;
const MAX_COMMENT = 0xffff;
const SLICE = 64 * 1024;

/** The archive's entries by name; throws ZipError when the bytes are not a readable ZIP. */
export function readZipDirectory(zip: Buffer): Map<string, ZipEntry> {
  const eocd = findEndOfCentralDirectory(zip);
  let count = zip.readUInt16LE(eocd + 10);
  let offset = zip.readUInt32LE(eocd + 16);
  if (offset === 0xffffffff || count === 0xffff) {
    const locator = eocd - 20;
    if (locator < 0 || zip.readUInt32LE(locator) !== ZIP64_EOCD_LOCATOR) throw new ZipError(msg('zip.zip64Missing'));
    const record = Number(zip.readBigUInt64LE(locator + 8));
    if (record + 56 > zip.length || zip.readUInt32LE(record) !== ZIP64_EOCD) throw new ZipError(msg('zip.zip64Damaged'));
    count = Number(zip.readBigUInt64LE(record + 32));
    offset = Number(zip.readBigUInt64LE(record + 48));
  }
  const entries = new Map<string, ZipEntry>();
  for (let i = 0; i < count; i++) {
    if (offset + 46 > zip.length || zip.readUInt32LE(offset) !== CENTRAL_HEADER) throw new ZipError(msg('zip.directoryDamaged'));
    const method = zip.readUInt16LE(offset + 10);
    const crc = zip.readUInt32LE(offset + 16);
    let compressedSize = zip.readUInt32LE(offset + 20);
    let size = zip.readUInt32LE(offset + 24);
    const nameLength = zip.readUInt16LE(offset + 28);
    const extraLength = zip.readUInt16LE(offset + 30);
    const commentLength = zip.readUInt16LE(offset + 32);
    let headerOffset = zip.readUInt32LE(offset + 42);
    const name = zip.toString('utf8', offset + 46, offset + 46 + nameLength);
    // ZIP64: sizes and offset too large for 32 bits are in the extra field, in this order, when flagged.
    if (compressedSize === 0xffffffff || size === 0xffffffff || headerOffset === 0xffffffff) {
      const zip64 = findExtra(zip, offset + 46 + nameLength, extraLength, 0x0001);
      if (zip64 === undefined || zip64 + 24 > zip.length) throw new ZipError(msg('zip.zip64Sizes', { entry: name }));
      let at = zip64;
      if (size === 0xffffffff) {
        size = Number(zip.readBigUInt64LE(at));
        at += 8;
      }
      if (compressedSize === 0xffffffff) {
        compressedSize = Number(zip.readBigUInt64LE(at));
        at += 8;
      }
      if (headerOffset === 0xffffffff) headerOffset = Number(zip.readBigUInt64LE(at));
    }
    entries.set(name.replace(/^\//, ''), { name, method, compressedSize, size, crc, headerOffset });
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** How far one entry may inflate, and where to count the work. */
export interface InflateBounds {
  /** What the part is, for messages: the worksheet, the shared strings. */
  part: Message;
  maxBytes: number;
  limits: Pick<TableLimits, 'maxInflateRatio' | 'ratioGraceBytes'>;
  work: TableWork;
  /** Counts the compressed bytes taken in. */
  onCompressedRead?: (bytes: number) => void;
}

/**
 * The entry's content as inflated chunks. Refused before any inflating when the directory declares
 * too much, and while inflating as soon as the output passes the bound (the directory may lie); the
 * CRC is checked at the end, so a damaged entry is never read as if it were whole.
 */
export async function* openZipEntry(zip: Buffer, entry: ZipEntry, bounds: InflateBounds): AsyncGenerator<Buffer> {
  const at = entry.headerOffset;
  if (at + 30 > zip.length || zip.readUInt32LE(at) !== LOCAL_HEADER) throw new ZipError(msg('zip.localHeader', { entry: entry.name }));
  const start = at + 30 + zip.readUInt16LE(at + 26) + zip.readUInt16LE(at + 28);
  const end = start + entry.compressedSize;
  if (end > zip.length) throw new ZipError(msg('zip.pastEnd', { entry: entry.name }));
  if (entry.method !== 0 && entry.method !== 8) throw new ZipError(msg('zip.method', { entry: entry.name, method: entry.method }));
  checkInflated(entry, entry.size, bounds);
  const data = zip.subarray(start, end);
  const source = Readable.from(
    (function* () {
      for (let i = 0; i < data.length; i += SLICE) {
        const slice = data.subarray(i, i + SLICE);
        bounds.onCompressedRead?.(slice.length);
        yield slice;
      }
    })(),
  );
  let chunks: AsyncIterable<Buffer> = source;
  if (entry.method === 8) {
    const inflate = createInflateRaw();
    source.on('error', (err) => inflate.destroy(err));
    chunks = source.pipe(inflate);
  }
  let inflated = 0;
  let crc = 0;
  try {
    for await (const chunk of chunks) {
      // Inflating hands each chunk over in a turn of its own; a stored entry is read in one turn unless it waits.
      if (entry.method === 0 && inflated > 0) await new Promise<void>((resolve) => setImmediate(resolve));
      inflated += chunk.length;
      bounds.work.inflatedBytes += chunk.length;
      checkInflated(entry, inflated, bounds);
      crc = crc32(chunk, crc);
      yield chunk;
    }
  } catch (err) {
    if (err instanceof TableFileError) throw err;
    throw new ZipError(msg('zip.damagedOrShort', { part: bounds.part, entry: entry.name, detail: err instanceof Error ? err.message : String(err) }));
  }
  if (crc !== entry.crc) throw new ZipError(msg('zip.checksum', { part: bounds.part, entry: entry.name }));
}

function checkInflated(entry: ZipEntry, bytes: number, bounds: InflateBounds): void {
  const { maxInflateRatio, ratioGraceBytes } = bounds.limits;
  if (bytes > bounds.maxBytes) {
    throw new ZipError(msg('zip.tooBig', { part: bounds.part, entry: entry.name, max: mebibytes(bounds.maxBytes) }), true);
  }
  if (bytes > ratioGraceBytes && bytes > maxInflateRatio * Math.max(1, entry.compressedSize)) {
    throw new ZipError(msg('zip.bomb', { part: bounds.part, entry: entry.name, ratio: maxInflateRatio, bytes: entry.compressedSize }), true);
  }
}

const mebibytes = (bytes: number) => (bytes >= 1024 * 1024 ? `${+(bytes / (1024 * 1024)).toFixed(1)} MiB` : msg('zip.bytes', { n: bytes }));

/** The whole content of a small entry as text. */
export async function readZipText(zip: Buffer, entry: ZipEntry, bounds: InflateBounds): Promise<string> {
  let text = '';
  for await (const chunk of decodeUtf8(openZipEntry(zip, entry, bounds))) text += chunk;
  return text;
}

/**
 * UTF-8 text from a stream of byte chunks. The decoder keeps a character split across two chunks
 * until its last byte arrives (decoding each chunk on its own would turn it into U+FFFD).
 */
export async function* decodeUtf8(chunks: AsyncIterable<Buffer>): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of chunks) yield decoder.decode(chunk, { stream: true });
  const rest = decoder.decode();
  if (rest) yield rest;
}

function findEndOfCentralDirectory(zip: Buffer): number {
  const lowest = Math.max(0, zip.length - 22 - MAX_COMMENT);
  for (let i = zip.length - 22; i >= lowest; i--) {
    if (zip.readUInt32LE(i) === EOCD) return i;
  }
  throw new ZipError(msg('zip.notZip'));
}

function findExtra(zip: Buffer, start: number, length: number, id: number): number | undefined {
  for (let at = start; at + 4 <= start + length; ) {
    const size = zip.readUInt16LE(at + 2);
    if (zip.readUInt16LE(at) === id) return at + 4;
    at += 4 + size;
  }
  return undefined;
}
