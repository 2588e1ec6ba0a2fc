import type { DbHandle } from '../../db/open-db.js';
import { withWriteTransaction } from '../../db/write-transaction.js';
import { AppError } from '../../errors.js';
import { type TableSource, readTable } from '../../spreadsheets/read-table.js';
import { type UnitField, mapUnitColumns, unitElementOf } from './unit-import.columns.js';
import { upsertUnits } from './unit.service.js';
import { type Message, msg } from '../../i18n/message.js';

export interface UnitImportResult {
  /** Rows stored as new units (or that would be, in a dry run). */
  imported: number;
  /** Rows that changed a unit already known. */
  updated: number;
  rejectedRows: number;
  /** One entry per rejected row: the row as the spreadsheet numbers it, and the column header as written. */
  /** Rendered by the route in the reader's language. */
  rejected: { row: number; column?: string; message: Message | string }[];
}

/** Largest unit list read: a country's units fit many times over. */
export const MAX_UNIT_LIST_BYTES = 16 * 1024 * 1024;
export const MAX_UNIT_ROWS = 20_000;

/** Thrown inside the dry run's transaction so that nothing it wrote is kept. */
class DryRunRollback extends Error {}

/**
 * Imports a list of units (CSV in UTF-8 or GBK, or XLSX; Chinese or English headers). Each row goes
 * through the same checks and upsert as an element of POST /units; good rows are stored, in one
 * transaction, even when others are bad. A dry run does exactly the same inside a transaction that
 * is then rolled back, so its answer is the real one. A code given twice keeps its first row.
 */
export async function importUnits(store: DbHandle, source: TableSource, options: { dryRun: boolean; now: number }): Promise<UnitImportResult> {
  const table = await readTable(source);
  const columns = mapUnitColumns(table.header);
  const result: UnitImportResult = { imported: 0, updated: 0, rejectedRows: 0, rejected: [] };
  const reject = (row: number, column: string | undefined, message: Message | string) => {
    result.rejectedRows++;
    result.rejected.push(column === undefined ? { row, message } : { row, column, message });
  };
  const label = (field: string | undefined) => (field ? columns[field as UnitField]?.label : undefined);

  const elements: Record<string, string>[] = [];
  const rowOf: number[] = [];
  const firstRowOf = new Map<string, number>();
  for await (const row of table.rows) {
    if (elements.length + result.rejectedRows >= MAX_UNIT_ROWS) {
      throw new AppError('payload_too_large', msg('import.tooManyUnitRows', { max: MAX_UNIT_ROWS }));
    }
    if (row.problem) {
      reject(row.rowNumber, undefined, row.problem);
      continue;
    }
    const mapped = unitElementOf(row, columns);
    if ('message' in mapped) {
      reject(row.rowNumber, label(mapped.field), msg('http.fieldProblem', { field: mapped.field, problem: mapped.message }));
      continue;
    }
    const code = mapped.element.code ?? '';
    const first = firstRowOf.get(code);
    if (code !== '' && first !== undefined) {
      reject(row.rowNumber, label('code'), msg('unit.codeRepeated', { code, first }));
      continue;
    }
    firstRowOf.set(code, row.rowNumber);
    elements.push(mapped.element);
    rowOf.push(row.rowNumber);
  }

  let results: Awaited<ReturnType<typeof upsertUnits>> = [];
  if (elements.length > 0) {
    try {
      await withWriteTransaction(store, async (trx) => {
        results = await upsertUnits(trx, elements, options.now);
        if (options.dryRun) throw new DryRunRollback();
      });
    } catch (err) {
      if (!(err instanceof DryRunRollback)) throw err;
    }
  }
  for (const r of results) {
    if ('error' in r) reject(rowOf[r.index]!, label(r.field?.split('.')[0]), r.error);
    else if (r.created) result.imported++;
    else result.updated++;
  }
  result.rejected.sort((a, b) => a.row - b.row);
  return result;
}

