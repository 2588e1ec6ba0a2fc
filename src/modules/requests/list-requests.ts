import type { Db } from '../../db/database.js';
import type { Scope } from '../../domain/access-scope.js';
import { getProgramInScope } from '../programs/program.service.js';
import { toRequestView } from './get-request.js';
import type { TRequestListQuery, TRequestPage } from './request.schemas.js';
import { listChargesOf, listRequestPage } from './request.repository.js';

/**
 * GET /programs/:code/requests: the program's requests, masked as one request is, in id order, so an
 * agency's system can page through them or find one by its own id. A program outside the caller's
 * scope is answered like an unknown one.
 */
export async function listProgramRequests(db: Db, programCode: string, query: TRequestListQuery, timeZone: string, scope: Scope): Promise<TRequestPage> {
  await getProgramInScope(db, programCode, scope);
  // One row more than asked tells whether another page follows, without a count.
  const rows = await listRequestPage(db, { programCode, externalRef: query.externalRef, status: query.status }, query.after, query.limit + 1);
  const page = rows.slice(0, query.limit);
  const charges = await listChargesOf(db, page.flatMap((r) => (r.tracking_no ? [r.tracking_no] : [])));
  return {
    rows: page.map((r) => toRequestView(r, r.tracking_no ? charges.filter((c) => c.tracking_no === r.tracking_no) : [], timeZone)),
    nextCursor: rows.length > query.limit ? (page.at(-1)?.id ?? null) : null,
  };
}
