import type SqliteDatabase from 'better-sqlite3';
import type pg from 'pg';
import { type WriteTx, preparedFor } from '../../db/write-tx.js';
import type { DeliveryImageTable, DeliveryOutcomeTable } from './delivery.table.js';

/** What one batch of outcomes stores besides its events: the outcomes and their images. */
export interface ProofRows {
  outcomes: DeliveryOutcomeTable[];
  images: DeliveryImageTable[];
}

/**
 * The scan write path loads this file by its URL (scans/record-scans.ts, `AttachedRows`) and calls
 * `writeAttachedRows` inside the transaction that stores the outcomes' events, on SQLite's writer
 * thread or in this one: the outcomes and their events are committed together or not at all.
 */
export const PROOF_WRITER = new URL(`./delivery-proof.writer.${import.meta.url.endsWith('.ts') ? 'ts' : 'js'}`, import.meta.url).href;

const OUTCOME_COLUMNS = [
  'id',
  'client_id',
  'tracking_no',
  'outcome',
  'code',
  'at_ms',
  'at_offset_min',
  'site',
  'operator',
  'recorded_by',
  'received_by',
  'receiver_masked',
  'id_matched',
  'reason',
  'latitude',
  'longitude',
  'activation_result',
  'activation_staff',
  'created_at',
] as const satisfies readonly (keyof DeliveryOutcomeTable)[];

const outcomeValues = (o: DeliveryOutcomeTable) => OUTCOME_COLUMNS.map((c) => o[c]);
// Bytes arrive as a Uint8Array once cloned to the writer thread; both drivers bind a Buffer as a blob.
const bytesOf = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

const sqliteStatements = preparedFor((sqlite) => ({
  outcome: sqlite.prepare(
    `INSERT INTO delivery_outcomes (${OUTCOME_COLUMNS.join(', ')}) VALUES (${OUTCOME_COLUMNS.map(() => '?').join(', ')}) ON CONFLICT (tracking_no, client_id) DO NOTHING`,
  ),
  image: sqlite.prepare('INSERT INTO delivery_images (tracking_no, outcome_id, kind, media_type, bytes) VALUES (?, ?, ?, ?, ?)'),
}));

function writeSqlite(sqlite: SqliteDatabase.Database, rows: ProofRows): void {
  const s = sqliteStatements(sqlite);
  const stored = new Set<string>();
  for (const o of rows.outcomes) if (s.outcome.run(...outcomeValues(o)).changes === 1) stored.add(o.id);
  for (const i of rows.images) if (stored.has(i.outcome_id)) s.image.run(i.tracking_no, i.outcome_id, i.kind, i.media_type, bytesOf(i.bytes));
}

async function writePostgres(client: pg.PoolClient, rows: ProofRows): Promise<void> {
  const stored = new Set<string>();
  const insert = `INSERT INTO delivery_outcomes (${OUTCOME_COLUMNS.join(', ')}) VALUES (${OUTCOME_COLUMNS.map((_, i) => `$${i + 1}`).join(', ')})
    ON CONFLICT (tracking_no, client_id) DO NOTHING RETURNING id`;
  for (const o of rows.outcomes) if ((await client.query(insert, outcomeValues(o))).rowCount === 1) stored.add(o.id);
  for (const i of rows.images) {
    if (!stored.has(i.outcome_id)) continue;
    await client.query('INSERT INTO delivery_images (tracking_no, outcome_id, kind, media_type, bytes) VALUES ($1, $2, $3, $4, $5)', [
      i.tracking_no,
      i.outcome_id,
      i.kind,
      i.media_type,
      bytesOf(i.bytes),
    ]);
  }
}

/**
 * Stores the outcomes and their images; an outcome whose clientId is already stored (a resend that
 * raced its first send) is left as it was, with its images.
 */
export async function writeAttachedRows(tx: WriteTx, rows: unknown, _now: number): Promise<void> {
  const proof = rows as ProofRows;
  if (tx.engine === 'sqlite') writeSqlite(tx.sqlite, proof);
  else await writePostgres(tx.client, proof);
}
