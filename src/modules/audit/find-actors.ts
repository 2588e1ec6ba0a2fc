import type { Db } from '../../db/database.js';

export interface ActorQuery {
  action: string;
  subjects: readonly string[];
  /** The acts were recorded within [from, to] (epoch ms): what lets the lookup use the log's index on `at`. */
  from: number;
  to: number;
  /** Only the rows of this partner, as a partner's credential reads the log. */
  partner?: string;
}

/**
 * Who did `action` to each subject, by subject (the earliest row when there are several). Subjects
 * without a row are absent: acts made before they were audited, or rows not the caller's to see.
 */
export async function findActors(db: Db, query: ActorQuery): Promise<Map<string, string>> {
  const actors = new Map<string, string>();
  // Chunks keep each IN list under SQLite's bound-parameter cap.
  for (let i = 0; i < query.subjects.length; i += 500) {
    let q = db
      .selectFrom('audit_log')
      .select(['subject', 'actor'])
      .where('at', '>=', query.from)
      .where('at', '<=', query.to)
      .where('action', '=', query.action)
      .where('subject', 'in', query.subjects.slice(i, i + 500))
      .orderBy('at', 'desc')
      .orderBy('id', 'desc');
    if (query.partner !== undefined) q = q.where('partner', '=', query.partner);
    // Newest first, so the earliest row is the one left in the map.
    for (const row of await q.execute()) actors.set(row.subject, row.actor);
  }
  return actors;
}
