// Rows as CSV for people who open them in Excel: UTF-8 with a BOM (so Excel reads Chinese correctly),
// written while the pages are read, never held whole.
import { Readable } from 'node:stream';
import type { Lang } from '../i18n/lang.js';
import { type Cell, type Column, heading } from './table-column.js';

/** Rows as CSV, UTF-8 with a BOM (so Excel reads Chinese), written page by page as the client reads. */
export function tableCsv<T>(columns: readonly Column<T>[], pages: AsyncIterable<readonly T[]>, timeZone: string, lang: Lang): Readable {
  async function* lines(): AsyncGenerator<string> {
    yield `\uFEFF${columns.map((c) => csvField(heading(lang, c.header))).join(',')}\r\n`;
    for await (const page of pages) {
      let chunk = '';
      for (const item of page) {
        chunk += `${columns.map((c) => csvField(c.value(item, timeZone, lang))).join(',')}\r\n`;
      }
      yield chunk;
    }
  }
  // Readable.from pulls the next page only when the client has taken the previous one.
  return Readable.from(lines());
}

const formatWallTime = (d: Date) => d.toISOString().slice(0, 19).replace('T', ' ');

function csvField(value: Cell): string {
  if (value === null) return '';
  if (value instanceof Date) return formatWallTime(value);
  if (typeof value === 'number') return String(value);
  // A cell starting with = + - @ is run as a formula by spreadsheet programs; unit names are typed by
  // people, so such text is quoted as text (OWASP "CSV injection").
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
