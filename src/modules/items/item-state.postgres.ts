import type pg from 'pg';
import { bigintArray, intArray, textArray, texts } from '../../db/pg-arrays.js';
import { type CrossedRow, type ItemStateRepository, type ItemUpdate, type StoredItemState, toCrossed } from './item-state.js';
import { createAndLockItems } from './item-locks.postgres.js';

// The items were locked (and created) by createAndLockItems in the same transaction.
const SELECT_STATES = `
  SELECT tracking_no, last_event_id, last_event_at, last_event_code, last_event_site, last_visit, accepted_at, delivered_at,
    silence_type, silence_unit, silence_visit, silence_due_at
  FROM items WHERE tracking_no = ANY($1::text[])`;

const UPDATE = `
  UPDATE items i SET status = u.status, last_event_code = u.code, last_event_at = u.at_ms, last_event_site = u.site,
    last_event_id = u.id, last_visit = u.last_visit, accepted_at = u.accepted_at, delivered_at = u.delivered_at, silence_type = u.silence_type,
    silence_unit = u.silence_unit, silence_visit = u.silence_visit, silence_due_at = u.silence_due_at
  FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::text[], $6::bigint[], $7::int[], $8::bigint[], $9::bigint[], $10::text[], $11::text[], $12::int[], $13::bigint[])
    AS u(tracking_no, status, code, at_ms, site, id, last_visit, accepted_at, delivered_at, silence_type, silence_unit, silence_visit, silence_due_at)
  WHERE i.tracking_no = u.tracking_no`;

const RESET = `
  UPDATE items SET status = 'CREATED', last_event_code = NULL, last_event_at = NULL, last_event_site = NULL, last_event_id = NULL,
    last_visit = NULL, accepted_at = NULL, delivered_at = NULL, silence_type = NULL, silence_unit = NULL, silence_visit = NULL, silence_due_at = NULL
  WHERE tracking_no = ANY($1::text[])`;

// Two servers sweeping at once take disjoint items.
const CROSSED = `
  SELECT tracking_no, silence_type, silence_unit, silence_visit, silence_due_at FROM items
  WHERE silence_due_at < $1 ORDER BY silence_due_at, tracking_no LIMIT $2 FOR UPDATE SKIP LOCKED`;

// One statement per sweep pass: one per item cost the sweep 4.8 s at a million events (docs/benchmarks.md).
const MARK_OPENED = `
  UPDATE items i SET silence_due_at = NULL FROM unnest($1::text[], $2::bigint[]) AS m(tracking_no, due_at)
  WHERE i.tracking_no = m.tracking_no AND i.silence_due_at = m.due_at
  RETURNING i.tracking_no`;

interface StateRow {
  tracking_no: string;
  last_event_id: number | null;
  last_event_at: number | null;
  last_event_code: string | null;
  last_event_site: string | null;
  last_visit: number | null;
  accepted_at: number | null;
  delivered_at: number | null;
  silence_type: string | null;
  silence_unit: string | null;
  silence_visit: number | null;
  silence_due_at: number | null;
}

/** PostgreSQL: one statement over arrays (unnest) per step; rows taken in tracking-number order, so concurrent batches lock in one order. */
export function postgresItemStates(client: pg.PoolClient): ItemStateRepository {
  return {
    async lockStates(trackingNos, now) {
      // Row locks on the touched items serialise concurrent batches per item: whoever locks second
      // reads the events the first committed, so the derived state always comes from the whole event set.
      await createAndLockItems(client, trackingNos, now);
      const { rows } = await client.query<StateRow>(SELECT_STATES, [texts(trackingNos)]);
      return new Map(rows.map((r) => [r.tracking_no, toStoredState(r)]));
    },
    async write(updates: readonly ItemUpdate[]) {
      if (updates.length === 0) return;
      await client.query(UPDATE, [
        textArray(updates, (i) => i.trackingNo),
        textArray(updates, (i) => i.status),
        textArray(updates, (i) => i.lastEventCode),
        bigintArray(updates, (i) => i.lastEventAt),
        textArray(updates, (i) => i.lastEventSite),
        bigintArray(updates, (i) => i.lastEventId),
        intArray(updates, (i) => i.lastVisit),
        bigintArray(updates, (i) => i.acceptedAt),
        bigintArray(updates, (i) => i.deliveredAt),
        textArray(updates, (i) => i.silenceType),
        textArray(updates, (i) => i.silenceUnit),
        intArray(updates, (i) => i.silenceVisit),
        bigintArray(updates, (i) => i.silenceDueAt),
      ]);
    },
    async reset(trackingNos) {
      if (trackingNos.length > 0) await client.query(RESET, [trackingNos]);
    },
    async findCrossedSilences(asOf, limit) {
      return (await client.query<CrossedRow>(CROSSED, [asOf, limit])).rows.map(toCrossed);
    },
    async markSilencesOpened(crossed) {
      if (crossed.length === 0) return new Set();
      const marked = await client.query<{ tracking_no: string }>(MARK_OPENED, [crossed.map((c) => c.trackingNo), crossed.map((c) => c.silenceDueAt)]);
      return new Set(marked.rows.map((r) => r.tracking_no));
    },
  };
}

const toStoredState = (r: StateRow): StoredItemState => ({
  lastEventId: r.last_event_id,
  lastEventAt: r.last_event_at,
  lastEventCode: r.last_event_code,
  lastEventSite: r.last_event_site,
  lastVisit: r.last_visit,
  acceptedAt: r.accepted_at,
  deliveredAt: r.delivered_at,
  silenceType: r.silence_type,
  silenceUnit: r.silence_unit,
  silenceVisit: r.silence_visit,
  silenceDueAt: r.silence_due_at,
});
