// What a column of an exported table is, for the CSV and XLSX writers alike: a heading from the
// catalog and how a cell is read from an item.
import { offsetMsAt } from '../domain/local-day.js';
import type { Lang } from '../i18n/lang.js';
import { Message, type MessageKey, render } from '../i18n/message.js';

export type Cell = string | number | Date | null;

export interface Column<T> {
  header: MessageKey;
  width: number;
  value(item: T, timeZone: string, lang: Lang): Cell;
  /** The XLSX number format of the column's cells (INSTANT_FORMAT, DAY_FORMAT, YUAN_FORMAT, PERCENT_FORMAT). */
  numFmt?: string;
}

/** An instant: a local wall time (see localWallTime); CSV writes it as "YYYY-MM-DD HH:mm:ss". */
export const INSTANT_FORMAT = 'yyyy-mm-dd hh:mm:ss';
/** A local day, given as a Date at midnight UTC. */
export const DAY_FORMAT = 'yyyy-mm-dd';
/** Yuan with two decimals, so a cell holding fen / 100 shows the exact amount. */
export const YUAN_FORMAT = '#,##0.00';
/** A fraction shown in percent with two decimals (0.985 shows 98.50%). */
export const PERCENT_FORMAT = '0.00%';

/** A column heading or sheet name (a catalog key without parameters) in the reader's language. */
export const heading = (lang: Lang, key: MessageKey) => render(lang, new Message(key));

/**
 * The local wall time of an instant as a Date whose UTC fields read as that local time: what Excel
 * shows for a date cell (Excel dates have no zone).
 */
export function localWallTime(ms: number, timeZone: string): Date {
  return new Date(ms + offsetMsAt(ms, timeZone));
}

/** A local day `YYYY-MM-DD` as a date cell (midnight UTC, which Excel shows as that day). */
export const dayCell = (day: string) => new Date(`${day}T00:00:00Z`);
