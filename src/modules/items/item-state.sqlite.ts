import type SqliteDatabase from 'better-sqlite3';
import { preparedFor } from '../../db/write-tx.js';
import { countScannedItemsSqlite } from './items-created.js';
import { type CrossedRow, type ItemStateRepository, type ItemUpdate, type StoredItemState, toCrossed } from './item-state.js';

const IN_JSON = 'IN (SELECT value FROM json_each(?))';
const STATE_COLUMNS =
  'tracking_no, last_event_id, last_event_at, last_event_code, last_event_site, last_visit, accepted_at, delivered_at, silence_type, silence_unit, silence_visit, silence_due_at';

const statements = preparedFor((sqlite) => ({
  selectStates: sqlite.prepare(`SELECT ${STATE_COLUMNS} FROM items WHERE tracking_no ${IN_JSON}`).raw(true),
  // An item already stored is updated in place (one b-tree search); an upsert would first try to
  // insert. Items first seen in this batch are inserted.
  update: sqlite.prepare(
    `UPDATE items SET status = ?, last_event_code = ?, last_event_at = ?, last_event_site = ?, last_event_id = ?, last_visit = ?,
       accepted_at = ?, delivered_at = ?, silence_type = ?, silence_unit = ?, silence_visit = ?, silence_due_at = ? WHERE tracking_no = ?`,
  ),
  upsert: sqlite.prepare(
    `INSERT INTO items (tracking_no, service_indicator, source, status, created_at, last_event_code, last_event_at, last_event_site,
       last_event_id, last_visit, accepted_at, delivered_at, silence_type, silence_unit, silence_visit, silence_due_at)
     VALUES (?, substr(?, 1, 2), 'scan', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (tracking_no) DO UPDATE SET status = excluded.status, last_event_code = excluded.last_event_code,
       last_event_at = excluded.last_event_at, last_event_site = excluded.last_event_site, last_event_id = excluded.last_event_id,
       last_visit = excluded.last_visit, accepted_at = excluded.accepted_at, delivered_at = excluded.delivered_at, silence_type = excluded.silence_type,
       silence_unit = excluded.silence_unit, silence_visit = excluded.silence_visit, silence_due_at = excluded.silence_due_at`,
  ),
  reset: sqlite.prepare(
    `UPDATE items SET status = 'CREATED', last_event_code = NULL, last_event_at = NULL, last_event_site = NULL, last_event_id = NULL,
       last_visit = NULL, accepted_at = NULL, delivered_at = NULL, silence_type = NULL, silence_unit = NULL, silence_visit = NULL, silence_due_at = NULL
     WHERE tracking_no = ?`,
  ),
  crossed: sqlite.prepare(
    `SELECT tracking_no, silence_type, silence_unit, silence_visit, silence_due_at FROM items
     WHERE silence_due_at < ? ORDER BY silence_due_at, tracking_no LIMIT ?`,
  ),
  markOpened: sqlite.prepare('UPDATE items SET silence_due_at = NULL WHERE tracking_no = ? AND silence_due_at = ?'),
}));

/** A row of STATE_COLUMNS, in that order. */
type StateRow = [string, number | null, number | null, string | null, string | null, number | null, number | null, number | null, string | null, string | null, number | null, number | null];

/** SQLite's statements take no row locks: the writer holds the database's write lock for the whole transaction. */
export function sqliteItemStates(sqlite: SqliteDatabase.Database): ItemStateRepository {
  const s = statements(sqlite);
  return {
    async lockStates(trackingNos) {
      // Read as arrays (no object per row): this runs once per chunk for every item touched.
      const states = new Map<string, StoredItemState>();
      for (const r of s.selectStates.all(JSON.stringify(trackingNos)) as StateRow[]) {
        states.set(r[0], {
          lastEventId: r[1],
          lastEventAt: r[2],
          lastEventCode: r[3],
          lastEventSite: r[4],
          lastVisit: r[5],
          acceptedAt: r[6],
          deliveredAt: r[7],
          silenceType: r[8],
          silenceUnit: r[9],
          silenceVisit: r[10],
          silenceDueAt: r[11],
        });
      }
      return states;
    },
    async write(updates: readonly ItemUpdate[], stored, now) {
      let created = 0;
      for (const i of updates) {
        if (stored.has(i.trackingNo)) {
          s.update.run(
            i.status, i.lastEventCode, i.lastEventAt, i.lastEventSite, i.lastEventId, i.lastVisit,
            i.acceptedAt, i.deliveredAt, i.silenceType, i.silenceUnit, i.silenceVisit, i.silenceDueAt, i.trackingNo,
          );
        } else {
          s.upsert.run(
            i.trackingNo, i.trackingNo, i.status, now, i.lastEventCode, i.lastEventAt, i.lastEventSite, i.lastEventId, i.lastVisit,
            i.acceptedAt, i.deliveredAt, i.silenceType, i.silenceUnit, i.silenceVisit, i.silenceDueAt,
          );
          // Not among the items read at the start of this transaction: created here.
          created += 1;
        }
      }
      countScannedItemsSqlite(sqlite, now, created);
    },
    async reset(trackingNos) {
      for (const t of trackingNos) s.reset.run(t);
    },
    async findCrossedSilences(asOf, limit) {
      return (s.crossed.all(asOf, limit) as CrossedRow[]).map(toCrossed);
    },
    async markSilencesOpened(crossed) {
      const marked = new Set<string>();
      for (const c of crossed) if (s.markOpened.run(c.trackingNo, c.silenceDueAt).changes === 1) marked.add(c.trackingNo);
      return marked;
    },
  };
}
