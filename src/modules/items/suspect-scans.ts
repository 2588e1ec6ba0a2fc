// A scan dated before its item's request was made cannot be true: the item did not exist yet (a
// scanner's clock was wrong, or the wrong item was scanned). Such scans are kept — events are facts as
// received — and called *suspect*. Whether a scan is suspect is decided here, when it is read, from
// `scan_events` and the request's `created_at`: the scan write path does no extra work, and a request
// made after its scans (an item registered first, asked for later) needs no rewrite of earlier rows.
//
// Reads `requests` (the requests module's table) read-only, as the item list reads break-points.
import { type RawBuilder, type SqlBool, sql } from 'kysely';
import { compiledQuery } from '../../db/compiled-query.js';
import type { Db } from '../../db/database.js';

/** The item `i` (an `items` alias) has a scan dated before its request. */
export function hasSuspectScan(i: string): RawBuilder<SqlBool> {
  return sql<SqlBool>`exists (select 1 from requests rq inner join scan_events ss on ss.tracking_no = rq.tracking_no
    where rq.tracking_no = ${sql.ref(`${i}.tracking_no`)} and ss.at_ms < rq.created_at)`;
}

/** Those of the items that have a suspect scan (a bounded list: callers send at most a few hundred). */
export async function findItemsWithSuspectScans(db: Db, trackingNos: readonly string[]): Promise<Set<string>> {
  if (trackingNos.length === 0) return new Set();
  const result = await sql<{ tracking_no: string }>`
    select i.tracking_no from items i where i.tracking_no in (${sql.join(trackingNos)}) and ${hasSuspectScan('i')}`.execute(db);
  return new Set(result.rows.map((r) => r.tracking_no));
}

/** When each item's request was made (items without a request are left out). */
export async function findRequestInstants(db: Db, trackingNos: readonly string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  // Bounded IN lists: SQLite caps bound parameters per statement.
  for (let i = 0; i < trackingNos.length; i += 500) {
    const result = await sql<{ tracking_no: string; created_at: number | string }>`
      select tracking_no, created_at from requests where tracking_no in (${sql.join(trackingNos.slice(i, i + 500))})`.execute(db);
    for (const r of result.rows) out.set(r.tracking_no, Number(r.created_at));
  }
  return out;
}

// Built once per database handle: the item's page asks it on every call.
const requestsOfItem = compiledQuery((db, trackingNo: string) => db.selectFrom('requests').select('created_at').where('tracking_no', '=', trackingNo));

/** When the item's request was made, or undefined for an item no request asked for (as findRequestInstants answers for one item). */
export async function findRequestInstant(db: Db, trackingNo: string): Promise<number | undefined> {
  const last = (await requestsOfItem(db, trackingNo)).at(-1);
  return last === undefined ? undefined : Number(last.created_at);
}

/** Whether a scan at `atMs` of an item requested at `requestedAt` is suspect. */
export const isSuspectScan = (atMs: number, requestedAt: number | undefined): boolean => requestedAt !== undefined && atMs < requestedAt;
