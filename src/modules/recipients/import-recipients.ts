import type { Scope } from '../../domain/access-scope.js';
import type { DbHandle } from '../../db/open-db.js';
import { withWriteTransaction } from '../../db/write-transaction.js';
import { type PersonalDataCipher, keyRingOf } from '../../domain/personal-data.js';
import { AppError } from '../../errors.js';
import { type Table, type TableSource, readTable } from '../../spreadsheets/read-table.js';
import { getProgramInScope } from '../programs/program.service.js';
import { type RecipientColumns, mapRecipientColumns } from './recipient-columns.js';
import {
  type RecipientChunk,
  addToChunk,
  chunkIdHashes,
  emptyRecipientChunk,
  previousIdHashes,
  recipientIdSequence,
  recipientRowsOf,
  rowsIn,
  rowsSealed,
  sealChunkRows,
} from './recipient-import-chunk.js';
import { type ChunkCounts, type RecipientChunkWriter, startRecipientImportWorker } from './recipient-import-writer.js';
import { findListedHashes, keepStoredHashes, keepStoredHashesSqlite, upsertRecipientsPostgres, upsertRecipientsSqlite } from './recipient.repository.js';
import { validateRecipientRow } from './validate-recipient-row.js';
import { type Message, msg } from '../../i18n/message.js';

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
  /** Rendered by the route in the reader's language. */
  message: Message | string;
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

/**
 * Imports a program's recipient list (CSV or XLSX). Every row is checked; good rows are stored even
 * when others are bad. Rows are written in chunks, each in one transaction, so a crash leaves whole
 * chunks stored and never part of one; importing the file again then finishes the job, because a
 * recipient is keyed by program and ID number and a second import updates rather than duplicates.
 * An ID number that appears twice in one file is kept from its first row; the later row is rejected.
 * On a SQLite database file, a list longer than one chunk is sealed and written on a thread of its
 * own while the next chunk is read and checked; whenever that thread falls behind, this one seals.
 */
export async function importRecipients(
  deps: RecipientImportDeps,
  programCode: string,
  source: TableSource,
  scope: Scope,
  options: RecipientImportOptions,
): Promise<RecipientImportResult> {
  // Whose list it is: a partner's credential imports only into the programs it sponsors.
  await getProgramInScope(deps.store.db, programCode, scope, 'sponsor');
  // Started before the file is opened, so that it is ready by the first chunk; a list that fits in
  // one chunk is written in this thread instead, without waiting for it.
  const thread = startWriterThread(deps, programCode, options);
  try {
    const table = await readTable(source);
    const columns = mapRecipientColumns(table.header);
    const inThread = inThreadWriter(deps, programCode, options);
    return await importRows(deps, table, columns, (wholeList) => (thread && !wholeList ? thread : inThread), options);
  } finally {
    await thread?.close();
  }
}

async function importRows(
  deps: RecipientImportDeps,
  table: Table,
  columns: RecipientColumns,
  writerFor: (wholeList: boolean) => RecipientChunkWriter,
  options: RecipientImportOptions,
): Promise<RecipientImportResult> {
  const result: RecipientImportResult = { imported: 0, updated: 0, rejectedRows: 0, rejected: [] };
  const reject = (row: number, problems: readonly { column?: string; message: Message | string }[]) => {
    result.rejectedRows++;
    for (const p of problems) {
      if (result.rejected.length < MAX_LISTED_PROBLEMS) result.rejected.push(p.column === undefined ? { row, message: p.message } : { row, column: p.column, message: p.message });
    }
  };

  // Keyed by the ID number as checked (check character in upper case), which is what the ID hash is
  // made from: repeats are found without hashing, which is left to whichever thread has time for it.
  const firstRowOf = new Map<string, number>();
  const chunkRows = options.chunkRows ?? DEFAULT_CHUNK_ROWS;
  let chunk = emptyRecipientChunk();
  let rowsRead = 0;
  let handOver: ChunkHandOver | undefined;
  const flush = async (last: boolean) => {
    handOver ??= startHandOver(deps.cipher, writerFor(last), !options.dryRun, (counts) => {
      result.imported += counts.imported;
      result.updated += counts.updated;
      options.onProgress?.({ rows: rowsRead, fractionRead: table.fractionRead(), result });
    });
    const full = chunk;
    chunk = emptyRecipientChunk();
    await handOver.add(full);
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
    const first = firstRowOf.get(checked.value.idNumber);
    if (first !== undefined) {
      reject(row.rowNumber, [{ column: columns.idNumber.label, message: msg('recipient.sameIdAs', { first }) }]);
      continue;
    }
    firstRowOf.set(checked.value.idNumber, row.rowNumber);
    if (addToChunk(chunk, checked.value) >= chunkRows) await flush(false);
  }
  await flush(true);
  await handOver!.drain();
  return result;
}

interface ChunkHandOver {
  /** Hands the chunk to the writer once it has room, sealing it meanwhile. */
  add(chunk: RecipientChunk): Promise<void>;
  /** Waits for every chunk handed over; throws the first failure. */
  drain(): Promise<void>;
}

// About 1.5 ms of sealing: the writer's answer waits at most that long to be seen.
const SEAL_SLICE_ROWS = 100;
// Chunks handed to a writer thread that is still starting (run from source under load, it took up to
// two seconds), all sealed here: some 30 MB held in the two threads, and this thread keeps reading.
const CHUNKS_WHILE_STARTING = 6;

/**
 * Hands chunks to the writer in order, and seals here whenever the writer is busy: every chunk while
 * it is still starting, then the next chunk for as long as the writer has one of its own to finish, a
 * slice at a time, looking between slices whether it has (the writer seals the rest). A writer that
 * is behind thus gets its chunks sealed, one that is ahead seals them itself: on two cores the
 * sealing goes to whichever thread has time for it, for this list on this machine.
 */
function startHandOver(cipher: PersonalDataCipher, writer: RecipientChunkWriter, seals: boolean, written: (counts: ChunkCounts) => void): ChunkHandOver {
  // Oldest first; answers come in this order.
  const writing: { done: Promise<void>; settled: boolean }[] = [];
  const full = () => writing.length >= (writer.ready() ? writer.chunksInFlight : CHUNKS_WHILE_STARTING);
  const busy = () => !writer.ready() || writing.some((w) => !w.settled);
  return {
    async add(chunk) {
      while (seals && rowsSealed(chunk) < rowsIn(chunk) && busy()) {
        sealChunkRows(cipher, chunk, Math.min(rowsIn(chunk), rowsSealed(chunk) + SEAL_SLICE_ROWS));
        await nextTurn();
      }
      while (full()) await writing.shift()!.done;
      if (rowsIn(chunk) === 0) return;
      const entry = { done: Promise.resolve(), settled: false };
      entry.done = writer.write(chunk).then(
        (counts) => {
          entry.settled = true;
          written(counts);
        },
        (err: unknown) => {
          entry.settled = true;
          throw err;
        },
      );
      // Awaited later; until then a failure must not count as unhandled.
      entry.done.catch(() => {});
      writing.push(entry);
    },
    async drain() {
      while (writing.length > 0) await writing.shift()!.done;
    },
  };
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A writer thread when this import may use one: it stores, on a SQLite database file, with a cipher whose key can be handed over. */
function startWriterThread(deps: RecipientImportDeps, programCode: string, options: RecipientImportOptions): RecipientChunkWriter | undefined {
  const { store } = deps;
  if (options.dryRun || store.dialect !== 'sqlite' || store.file === ':memory:' || store.file === '') return undefined;
  const keyRing = keyRingOf(deps.cipher);
  return keyRing && startRecipientImportWorker(store.file, keyRing, programCode, options.now);
}

/** In this thread, one chunk is written while the next is checked; on PostgreSQL the two overlap. */
function inThreadWriter(deps: RecipientImportDeps, programCode: string, options: RecipientImportOptions): RecipientChunkWriter {
  const nextId = recipientIdSequence(options.now);
  return {
    chunksInFlight: 1,
    ready: () => true,
    write: (chunk) => (options.dryRun ? countChunk(deps, programCode, chunk) : storeChunk(deps, programCode, chunk, options.now, nextId)),
    close: async () => {},
  };
}

async function countChunk(deps: RecipientImportDeps, programCode: string, chunk: RecipientChunk): Promise<ChunkCounts> {
  const hashes = chunkIdHashes(deps.cipher, chunk);
  const previous = previousIdHashes(deps.cipher, chunk) ?? [];
  const listed = await findListedHashes(deps.store.db, programCode, [...hashes, ...previous]);
  const updated = hashes.filter((h, i) => listed.has(h) || (previous[i] !== undefined && listed.has(previous[i]))).length;
  return { imported: hashes.length - updated, updated };
}

async function storeChunk(deps: RecipientImportDeps, programCode: string, chunk: RecipientChunk, now: number, nextId: () => string): Promise<ChunkCounts> {
  // Sealing is the costly part of a row: done before the transaction, so the write lock is held briefly.
  const rows = recipientRowsOf(deps.cipher, programCode, chunk, now, nextId);
  const previous = previousIdHashes(deps.cipher, chunk);
  const { store } = deps;
  const updated = await withWriteTransaction(store, async (trx) => {
    // On SQLite the transaction is on the store's one connection, so its prepared statement runs inside it.
    if (store.dialect === 'sqlite') {
      if (previous) keepStoredHashesSqlite(store.sqlite, rows, previous);
      return upsertRecipientsSqlite(store.sqlite, rows);
    }
    if (previous) await keepStoredHashes(trx, rows, previous);
    const listed = await findListedHashes(trx, programCode, rows.map((r) => r.id_hash));
    await upsertRecipientsPostgres(trx, rows);
    return listed.size;
  });
  return { imported: rows.length - updated, updated };
}
