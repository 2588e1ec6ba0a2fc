import type { Db } from '../../db/database.js';
import { type Scope, seesPartner } from '../../domain/access-scope.js';
import { parseS10 } from '../../domain/s10.js';
import { formatInstant } from '../../domain/scan-time.js';
import { AppError } from '../../errors.js';
import type { TItemConsignment } from '../items/item.schemas.js';
import { allocateTrackingNumbers, DEFAULT_SERVICE_INDICATOR } from '../items/item.service.js';
import { findExistingTrackingNos } from '../items/item.repository.js';
import { findItemsByTrackingNos } from '../items/item-batch.repository.js';
import { getPartner } from '../programs/partner.service.js';
import { reachesItems } from './expand-consignment-scans.js';
import {
  findConsignment,
  findConsignmentNumbers,
  findItemsInUnopenedConsignments,
  hasScanEvents,
  insertConsignment,
  listConsignmentEvents,
  listConsignmentMembers,
  listConsignmentsOfItem,
} from './consignment.repository.js';
import type { TConsignment, TConsignmentInput } from './consignment.schemas.js';
import { type Message, msg } from '../../i18n/message.js';

export interface ConsignmentDeps {
  db: Db;
  isKnownUnit(code: string): boolean;
  siteName(code: string): string | null;
}

/**
 * Registers a consignment and the items inside, all or nothing: a consignment with a wrong item
 * would carry scans to the wrong items, so every problem is listed and nothing is stored.
 */
export async function createConsignment(deps: ConsignmentDeps, input: TConsignmentInput, now: number, scope: Scope): Promise<TConsignment> {
  const { db } = deps;
  // A partner's credential sends consignments from itself; naming another sender is answered as naming an unknown one.
  if (!seesPartner(scope, input.fromPartner) || !(await getPartner(db, input.fromPartner))) throw new AppError('invalid_request', msg('consignment.unknownPartner', { field: 'fromPartner', partner: input.fromPartner }), { field: 'fromPartner' });
  if (input.toPartner !== undefined && !(await getPartner(db, input.toPartner))) {
    throw new AppError('invalid_request', msg('consignment.unknownPartner', { field: 'toPartner', partner: input.toPartner }), { field: 'toPartner' });
  }
  if (input.toUnit !== undefined && !deps.isKnownUnit(input.toUnit)) throw new AppError('invalid_request', msg('consignment.unknownUnit', { unit: input.toUnit }), { field: 'toUnit' });
  if (input.trackingNo !== undefined) {
    const s10 = parseS10(input.trackingNo);
    if (!s10.ok) throw new AppError('invalid_request', msg('http.fieldProblem', { field: 'trackingNo', problem: s10.message }), { field: 'trackingNo' });
  }

  const problems = await checkMembers(db, input.items, input.trackingNo, scope);
  if (problems.length > 0) {
    throw new AppError('invalid_request', msg('consignment.itemsRefused', { count: problems.length }), { items: problems });
  }

  const trackingNo = await db.transaction().execute(async (trx) => {
    let number = input.trackingNo;
    if (number === undefined) {
      number = (await allocateTrackingNumbers(trx, DEFAULT_SERVICE_INDICATOR, 1))[0];
      if (!number) throw new AppError('unavailable', msg('consignment.noNumbers', { indicator: DEFAULT_SERVICE_INDICATOR }));
    } else {
      if ((await findConsignment(trx, number)) !== undefined) throw new AppError('conflict', msg('consignment.exists', { trackingNo: number }), { field: 'trackingNo' });
      // A number already scanned as an item would have its scans recorded against that item.
      if ((await findExistingTrackingNos(trx, [number])).size > 0 || (await hasScanEvents(trx, number))) {
        throw new AppError('conflict', msg('consignment.numberIsItem', { trackingNo: number }), { field: 'trackingNo' });
      }
    }
    await insertConsignment(
      trx,
      { tracking_no: number, from_partner: input.fromPartner, to_unit: input.toUnit ?? null, to_partner: input.toPartner ?? null, opened_at: null, opened_site: null, created_at: now },
      [...new Set(input.items)],
    );
    return number;
  });
  return getConsignment(deps, trackingNo, scope);
}

/**
 * Each item that cannot go in, with why. For a partner's credential, an item of a program it plays no
 * role in is unknown (it may consign only what it may see), and a consignment it did not send is not named.
 */
async function checkMembers(db: Db, items: readonly string[], consignmentNo: string | undefined, scope: Scope): Promise<{ index: number; trackingNo: string; message: Message }[]> {
  const problems: { index: number; trackingNo: string; message: Message }[] = [];
  const wellFormed = items.filter((t) => parseS10(t).ok);
  const [existing, consignments, elsewhere] = await Promise.all([
    scope === 'all' ? findExistingTrackingNos(db, wellFormed) : findItemsByTrackingNos(db, wellFormed, scope).then((rows) => new Set(rows.map((r) => r.tracking_no))),
    findConsignmentNumbers(db, wellFormed),
    findItemsInUnopenedConsignments(db, wellFormed),
  ]);
  const unknown = msg('consignment.memberUnknown');
  const seen = new Set<string>();
  items.forEach((trackingNo, index) => {
    const s10 = parseS10(trackingNo);
    let message: Message | undefined;
    if (!s10.ok) message = s10.message;
    else if (trackingNo === consignmentNo) message = msg('consignment.memberItself');
    else if (seen.has(trackingNo)) message = msg('consignment.memberTwice');
    else if (scope !== 'all' && !existing.has(trackingNo)) message = unknown;
    else if (consignments.has(trackingNo)) message = msg('consignment.memberIsConsignment');
    else if (!existing.has(trackingNo)) message = unknown;
    else if (elsewhere.has(trackingNo)) message = scope === 'all' ? msg('consignment.memberInside', { consignment: elsewhere.get(trackingNo)! }) : msg('consignment.memberInsideAnother');
    seen.add(trackingNo);
    if (message) problems.push({ index, trackingNo, message });
  });
  return problems;
}

export async function getConsignment(deps: Pick<ConsignmentDeps, 'db' | 'siteName'>, trackingNo: string, scope: Scope): Promise<TConsignment> {
  const row = await findConsignment(deps.db, trackingNo);
  // A partner sees the consignments it sent; another's is answered like an unknown number.
  if (!row || !seesPartner(scope, row.from_partner)) throw new AppError('not_found', msg('notFound.consignment', { trackingNo }));
  const [members, events] = await Promise.all([listConsignmentMembers(deps.db, trackingNo), listConsignmentEvents(deps.db, trackingNo)]);
  return {
    trackingNo: row.tracking_no,
    fromPartner: row.from_partner,
    toUnit: row.to_unit,
    toPartner: row.to_partner,
    openedAt: row.opened_at === null ? null : new Date(row.opened_at).toISOString(),
    openedSite: row.opened_site,
    createdAt: new Date(row.created_at).toISOString(),
    items: members.map((m) => m.tracking_no),
    events: events.map((e) => ({
      code: e.code,
      at: formatInstant(e.at_ms, e.at_offset_min),
      site: e.site,
      siteName: deps.siteName(e.site),
      operator: e.operator,
      reason: e.reason,
      nextSite: e.next_site,
      reachedItems: reachesItems({ code: e.code, atMs: e.at_ms } as Parameters<typeof reachesItems>[0], row.opened_at),
    })),
  };
}

/** The consignments an item was carried in, for its page; a partner's credential sees those it sent. */
export async function getItemConsignments(db: Db, trackingNo: string, scope: Scope): Promise<TItemConsignment[]> {
  const rows = await listConsignmentsOfItem(db, trackingNo);
  return rows.filter((r) => seesPartner(scope, r.from_partner)).map((r) => ({
    trackingNo: r.tracking_no,
    fromPartner: r.from_partner,
    toUnit: r.to_unit,
    toPartner: r.to_partner,
    openedAt: r.opened_at === null ? null : new Date(r.opened_at).toISOString(),
    openedSite: r.opened_site,
  }));
}
