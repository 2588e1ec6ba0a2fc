// The bounds every uploaded table is read within. A file past one of them is refused (4xx) as soon as
// the reader meets it, so memory and work stay bounded whatever the file holds: a workbook is
// compressed, and a few hundred bytes of ZIP can otherwise claim billions of cells or gigabytes of text.
import type { Message } from '../i18n/message.js';

export interface TableLimits {
  /** Cells a row may have: Excel's last column is XFD, the 16,384th. */
  maxColumns: number;
  /** Excel's last row. */
  maxRowNumber: number;
  /** Characters of one row: its SpreadsheetML, or one CSV record. Far beyond any real list's row. */
  maxRowChars: number;
  /** Characters of one cell's text as written in the XML (Excel holds at most 32,767 per cell). */
  maxCellChars: number;
  /** Characters of one tag, comment or CDATA section. */
  maxMarkupChars: number;
  /** Inflated bytes of the worksheet read. */
  maxSheetBytes: number;
  /** Inflated bytes of the shared-strings part, which is held in memory while the sheet is read. */
  maxSharedStringsBytes: number;
  /** Entries of the shared-strings part. */
  maxSharedStrings: number;
  /** Inflated bytes of the small parts read whole (the workbook and its relationships). */
  maxPartBytes: number;
  /** Inflated bytes per compressed byte a ZIP entry may reach, once past `ratioGraceBytes`. */
  maxInflateRatio: number;
  ratioGraceBytes: number;
}

const MiB = 1024 * 1024;

export const TABLE_LIMITS: Readonly<TableLimits> = Object.freeze({
  maxColumns: 16_384,
  maxRowNumber: 1_048_576,
  maxRowChars: 2 * MiB,
  maxCellChars: 256 * 1024,
  maxMarkupChars: 16 * 1024,
  // A 100,000-row recipient list is about 40 MB of worksheet XML.
  maxSheetBytes: 256 * MiB,
  maxSharedStringsBytes: 64 * MiB,
  maxSharedStrings: 2_000_000,
  maxPartBytes: 4 * MiB,
  // SpreadsheetML deflates 5 to 30 times; deflate itself cannot pass about 1,030.
  maxInflateRatio: 200,
  ratioGraceBytes: 1 * MiB,
});

/** The work a read has done so far: what the limits bound, counted so that tests can see it. */
export interface TableWork {
  /** Bytes inflated from every ZIP entry read. */
  inflatedBytes: number;
  /** Cells made, padding included (a cell at column D of an otherwise empty row makes four). */
  cells: number;
}

export const noWork = (): TableWork => ({ inflatedBytes: 0, cells: 0 });

/** A file outside the limits or damaged: `tooLarge` answers 413 rather than 400. `message` is the English text. */
export class TableFileError extends Error {
  constructor(
    readonly problem: Message,
    readonly tooLarge = false,
  ) {
    super(String(problem));
    this.name = 'TableFileError';
  }
}
