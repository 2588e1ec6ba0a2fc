import type pg from 'pg';
import { texts } from '../../db/pg-arrays.js';
import type { FoundBreakpoint } from '../../domain/breakpoint-rules.js';
import type { BreakpointOutboxKind } from './breakpoint.table.js';
import { type BreakpointRow, type BreakpointWriter, groupByItem } from './breakpoint-write.js';

const SELECT = `
  SELECT id, tracking_no, type, visit, responsible_unit, opened_at, closed_at, detail FROM breakpoints
  WHERE tracking_no = ANY($1::text[])`;

const INSERT = `
  INSERT INTO breakpoints (tracking_no, type, visit, responsible_unit, opened_at, closed_at, detail, updated_at)
  SELECT tracking_no, type, visit, unit, opened_at, NULL, detail, $7
  FROM unnest($1::text[], $2::text[], $3::int[], $4::text[], $5::bigint[], $6::text[]) AS t(tracking_no, type, visit, unit, opened_at, detail)
  RETURNING id, tracking_no, type, responsible_unit, opened_at`;

const REOPEN = `
  UPDATE breakpoints b SET closed_at = NULL, responsible_unit = u.unit, opened_at = u.opened_at, detail = u.detail, updated_at = $5
  FROM unnest($1::bigint[], $2::text[], $3::bigint[], $4::text[]) AS u(id, unit, opened_at, detail)
  WHERE b.id = u.id
  RETURNING b.id, b.tracking_no, b.type, b.responsible_unit, b.opened_at`;

const CHANGE = `
  UPDATE breakpoints b SET responsible_unit = u.unit, opened_at = u.opened_at, detail = u.detail, updated_at = $5
  FROM unnest($1::bigint[], $2::text[], $3::bigint[], $4::text[]) AS u(id, unit, opened_at, detail)
  WHERE b.id = u.id`;

// A closing's outbox row repeats what the break-point was; only rows closed by this statement are answered.
const CLOSED = 'RETURNING id, tracking_no, type, responsible_unit, opened_at';

const CLOSE = `UPDATE breakpoints SET closed_at = $2, updated_at = $2 WHERE id = ANY($1::bigint[]) AND closed_at IS NULL ${CLOSED}`;

const CLOSE_ALL_OF = `UPDATE breakpoints SET closed_at = $2, updated_at = $2 WHERE tracking_no = ANY($1::text[]) AND closed_at IS NULL ${CLOSED}`;

const RENUMBER = `
  UPDATE breakpoints b SET visit = u.visit, updated_at = $3
  FROM unnest($1::bigint[], $2::int[]) AS u(id, visit) WHERE b.id = u.id`;

// $7 is the kind; a closing row's closed_at is its created_at.
const OUTBOX = `
  INSERT INTO breakpoint_outbox (breakpoint_id, tracking_no, type, responsible_unit, opened_at, created_at, kind, closed_at)
  SELECT *, $6::bigint, $7::text, CASE WHEN $7::text = 'closed' THEN $6::bigint END
  FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::bigint[])`;

/** A break-point as its outbox row repeats it. */
interface OpenedRow {
  id: number;
  tracking_no: string;
  type: string;
  responsible_unit: string;
  opened_at: number;
}

/** PostgreSQL: each kind of change is one statement over arrays (unnest), for every item of the batch. */
export function postgresBreakpointWriter(client: pg.PoolClient): BreakpointWriter {
  return {
    async ofItems(trackingNos) {
      return groupByItem((await client.query<BreakpointRow>(SELECT, [texts(trackingNos)])).rows);
    },
    async apply(changes, now) {
      const opened: OpenedRow[] = [];
      const open = changes.flatMap((c) => c.open.map((f) => ({ trackingNo: c.trackingNo, ...f })));
      if (open.length > 0) {
        const r = await client.query<OpenedRow>(INSERT, [
          open.map((f) => f.trackingNo),
          open.map((f) => f.type),
          open.map((f) => f.visit),
          open.map((f) => f.responsibleUnit),
          open.map((f) => f.openedAt),
          open.map((f) => f.detail),
          now,
        ]);
        opened.push(...r.rows);
      }
      const reopen = changes.flatMap((c) => c.reopen);
      if (reopen.length > 0) opened.push(...(await client.query<OpenedRow>(REOPEN, [...changeColumns(reopen), now])).rows);
      const change = changes.flatMap((c) => c.change);
      if (change.length > 0) await client.query(CHANGE, [...changeColumns(change), now]);
      const close = changes.flatMap((c) => c.close);
      const closedRows = close.length > 0 ? (await client.query<OpenedRow>(CLOSE, [close, now])).rows : [];
      const renumber = changes.flatMap((c) => c.renumber);
      if (renumber.length > 0) await client.query(RENUMBER, [renumber.map((r) => r.id), renumber.map((r) => r.visit), now]);
      await writeOutbox(client, opened, 'opened', now);
      await writeOutbox(client, closedRows, 'closed', now);
      return { closed: closedRows.length };
    },
    async closeAllOf(trackingNos, now) {
      if (trackingNos.length > 0) await writeOutbox(client, (await client.query<OpenedRow>(CLOSE_ALL_OF, [trackingNos, now])).rows, 'closed', now);
    },
  };
}

async function writeOutbox(client: pg.PoolClient, rows: readonly OpenedRow[], kind: BreakpointOutboxKind, now: number): Promise<void> {
  if (rows.length === 0) return;
  await client.query(OUTBOX, [rows.map((o) => o.id), rows.map((o) => o.tracking_no), rows.map((o) => o.type), rows.map((o) => o.responsible_unit), rows.map((o) => o.opened_at), now, kind]);
}

function changeColumns(list: readonly { id: number; found: FoundBreakpoint }[]): [number[], string[], number[], string[]] {
  return [list.map((c) => c.id), list.map((c) => c.found.responsibleUnit), list.map((c) => c.found.openedAt), list.map((c) => c.found.detail)];
}
