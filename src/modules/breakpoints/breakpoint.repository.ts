import { compiledQuery } from '../../db/compiled-query.js';
import type { Db } from '../../db/database.js';

// Built once per database handle: it is read for every item timeline.
const breakpointsOfItem = compiledQuery((db, trackingNo: string) =>
  db.selectFrom('breakpoints').select(['id', 'type', 'responsible_unit', 'visit', 'opened_at', 'closed_at', 'detail']).where('tracking_no', '=', trackingNo),
);

/**
 * The item's break-points, ordered by what the rows say, not by when they were stored, so the page
 * reads the same whatever order the scans arrived in. An item has a few at most: they are ordered
 * here rather than by the database, which would build a sorter for every item, most of them with none.
 */
export async function listBreakpointsOfItem(db: Db, trackingNo: string) {
  const rows = await breakpointsOfItem(db, trackingNo);
  return rows.length < 2 ? rows : rows.sort(inOpeningOrder);
}

type Row = Awaited<ReturnType<typeof breakpointsOfItem>>[number];

/** By when it opened, then visit, then type (by code unit, as SQLite's binary collation), then id. */
function inOpeningOrder(a: Row, b: Row): number {
  return a.opened_at - b.opened_at || a.visit - b.visit || (a.type < b.type ? -1 : a.type > b.type ? 1 : 0) || a.id - b.id;
}
