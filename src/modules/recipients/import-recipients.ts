import { randomUUID } from 'node:crypto';
import type { DbHandle } from '../../db/open-db.js';
import { withWriteTransaction } from '../../db/write-transaction.js';
import type { PersonalDataCipher } from '../../domain/personal-data.js';
import { maskPhone } from '../../domain/phone.js';
import { maskResidentId } from '../../domain/resident-id.js';
import { AppError } from '../../errors.js';
import { type TableSource, readTable } from '../../spreadsheets/read-table.js';
import { getProgram } from '../programs/program.service.js';
import { mapRecipientColumns } from './recipient-columns.js';
import { type RecipientRow, findListedHashes, upsertRecipientsPostgres, upsertRecipientsSqlite } from './recipient.repository.js';
import { recipientIdHash } from './recipient.service.js';
import { type RecipientCandidate, validateRecipientRow } from './validate-recipient-row.js';

export interface RecipientImportResult {
  /** Rows stored as new recipients (or that would be, in a dry run). */
  imported: number;
  /** Rows that updated a recipient the program already listed. */
  updated: number;
  /** Rows not stored; a row with several bad cells is one rejected row. */
  rejectedRows: number;
  /** One entry per problem: the row as the spreadsheet numbers it, and the column header as written. */
  rejected: RecipientRejection[];
}

export interface RecipientRejection {
  row: number;
  column?: string;
  message: string;
}

export interface RecipientImportOptions {
  /** Check everything and count, but store nothing. */
  dryRun: boolean;
  now: number;
  /** Called after each chunk: rows read so far and the fraction of the file read. */
  onProgress?: (progress: { rows: number; fractionRead: number; result: RecipientImportResult }) => void;
  /** Rows per transaction. */
  chunkRows?: number;
}

export interface RecipientImportDeps {
  store: DbHandle;
  cipher: PersonalDataCipher;
}

/** Largest recipient list accepted: 100,000 rows of CSV are about 10 MB, of XLSX about 5 MB. */
export const MAX_LIST_BYTES = 64 * 1024 * 1024;

/** Past this many problems the list is cut; `rejectedRows` still counts every rejected row. */
export const MAX_LISTED_PROBLEMS = 10_000;
// Rows per transaction: larger chunks touch each page of the (random) ID-hash index fewer times per
// row, which is most of the cost of a write; 5,000 rows hold SQLite's write lock for about 0.1 s.
export const DEFAULT_CHUNK_ROWS = 5_000;

interface ReadyRow {
  candidate: RecipientCandidate;
  idHash: string;
}

/**
 * Imports a program's recipient list (CSV or XLSX). Every row is checked; good rows are stored even
 * when others are bad. Rows are written in chunks, each in one transaction, so a crash leaves whole
 * chunks stored and never part of one; importing the file again then finishes the job, because a
 * recipient is keyed by program and ID number and a second import updates rather than duplicates.
 * An ID number that appears twice in one file is kept from its first row; the later row is rejected.
 */
export async function importRecipients(
  deps: RecipientImportDeps,
  programCode: string,
  source: TableSource,
  options: RecipientImportOptions,
): Promise<RecipientImportResult> {
  if (!(await getProgram(deps.store.db, programCode))) throw new AppError('not_found', `program ${programCode} not found`);
  const table = await readTable(source);
  const columns = mapRecipientColumns(table.header);
  const result: RecipientImportResult = { imported: 0, updated: 0, rejectedRows: 0, rejected: [] };
  const reject = (row: number, problems: readonly { column?: string; message: string }[]) => {
    result.rejectedRows++;
    for (const p of problems) {
      if (result.rejected.length < MAX_LISTED_PROBLEMS) result.rejected.push(p.column === undefined ? { row, message: p.message } : { row, column: p.column, message: p.message });
    }
  };

  const firstRowOf = new Map<string, number>();
  const chunkRows = options.chunkRows ?? DEFAULT_CHUNK_ROWS;
  const write = options.dryRun ? countOnly : storeChunk;
  let chunk: ReadyRow[] = [];
  let rowsRead = 0;
  // One chunk is written while the next is checked; on PostgreSQL the two overlap.
  let writing: Promise<void> = Promise.resolve();
  const flush = async () => {
    await writing;
    if (chunk.length === 0) return;
    const rows = chunk;
    chunk = [];
    writing = write(deps, programCode, rows, options.now, result).then(() => options.onProgress?.({ rows: rowsRead, fractionRead: table.fractionRead(), result }));
    // Awaited at the next flush; until then a failure must not count as unhandled.
    writing.catch(() => {});
  };

  for await (const row of table.rows) {
    rowsRead++;
    if (row.problem) {
      reject(row.rowNumber, [{ message: row.problem }]);
      continue;
    }
    const checked = validateRecipientRow(row, columns);
    if (!checked.ok) {
      reject(row.rowNumber, checked.problems.map((p) => ({ column: p.field ? columns[p.field]?.label : undefined, message: p.message })));
      continue;
    }
    const idHash = recipientIdHash(deps.cipher, checked.value.idNumber);
    const first = firstRowOf.get(idHash);
    if (first !== undefined) {
      reject(row.rowNumber, [{ column: columns.idNumber.label, message: `the same ID number as row ${first}: a person is listed once; row ${first} is kept` }]);
      continue;
    }
    firstRowOf.set(idHash, row.rowNumber);
    chunk.push({ candidate: checked.value, idHash });
    if (chunk.length >= chunkRows) await flush();
  }
  await flush();
  await writing;
  return result;
}

async function countOnly(deps: RecipientImportDeps, programCode: string, rows: readonly ReadyRow[], _now: number, result: RecipientImportResult): Promise<void> {
  const listed = await findListedHashes(deps.store.db, programCode, rows.map((r) => r.idHash));
  result.updated += listed.size;
  result.imported += rows.length - listed.size;
}

async function storeChunk(deps: RecipientImportDeps, programCode: string, rows: readonly ReadyRow[], now: number, result: RecipientImportResult): Promise<void> {
  // Sealing is the costly part of a row: done before the transaction, so the write lock is held briefly.
  const values = rows.map((r) => toRecipientRow(deps.cipher, programCode, r, now));
  const { store } = deps;
  const listed = await withWriteTransaction(store, async (trx) => {
    const before = await findListedHashes(trx, programCode, rows.map((r) => r.idHash));
    // On SQLite the transaction is on the store's one connection, so its prepared statement runs inside it.
    if (store.dialect === 'sqlite') upsertRecipientsSqlite(store.sqlite, values);
    else await upsertRecipientsPostgres(trx, values);
    return before.size;
  });
  result.updated += listed;
  result.imported += rows.length - listed;
}

/**
 * A UUID whose first 48 bits are the time (as UUIDv7 lays it out): recipients listed together get
 * neighbouring ids, so the primary-key index grows at its end instead of at random pages.
 */
export function newRecipientId(now: number): string {
  const time = Math.max(0, Math.floor(now)).toString(16).padStart(12, '0').slice(-12);
  const random = randomUUID();
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${random.slice(15)}`;
}

function toRecipientRow(cipher: PersonalDataCipher, programCode: string, { candidate: c, idHash }: ReadyRow, now: number): RecipientRow {
  return {
    id: newRecipientId(now),
    program_code: programCode,
    id_hash: idHash,
    id_sealed: cipher.seal(c.idNumber),
    id_masked: maskResidentId(c.idNumber),
    name: c.name,
    phone_sealed: cipher.seal(c.phone),
    phone_masked: maskPhone(c.phone),
    category: c.category,
    address: c.address,
    division_code: c.divisionCode,
    created_at: now,
    updated_at: now,
  };
}
