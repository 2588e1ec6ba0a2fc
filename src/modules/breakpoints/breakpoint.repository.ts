import type { Db } from '../../db/database.js';

export function listBreakpointsOfItem(db: Db, trackingNo: string) {
  return db
    .selectFrom('breakpoints')
    .select(['type', 'responsible_unit', 'visit', 'opened_at', 'closed_at', 'detail'])
    .where('tracking_no', '=', trackingNo)
    .orderBy('opened_at')
    .orderBy('id')
    .execute();
}
