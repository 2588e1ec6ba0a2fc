import { compiledQuery } from '../../db/compiled-query.js';
import type { Db } from '../../db/database.js';

// Built once per database handle: it is read for every item timeline. Ordered by what the rows say, not
// by when they were stored, so the page reads the same whatever order the scans arrived in.
const breakpointsOfItem = compiledQuery((db, trackingNo: string) =>
  db
    .selectFrom('breakpoints')
    .select(['type', 'responsible_unit', 'visit', 'opened_at', 'closed_at', 'detail'])
    .where('tracking_no', '=', trackingNo)
    .orderBy('opened_at')
    .orderBy('visit')
    .orderBy('type')
    .orderBy('id'),
);

export function listBreakpointsOfItem(db: Db, trackingNo: string) {
  return breakpointsOfItem(db, trackingNo);
}
