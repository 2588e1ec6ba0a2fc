import type { ScanInput } from '../../domain/scan-input.js';
import type { ConsignmentScanRepository } from './consignment-scan.repository.js';

/**
 * How a chunk's scans of consignment numbers reach the items inside (DESIGN §7): a scan of the
 * consignment applies to each item it carries until the consignment is OPENED at a site; the first
 * OPENED by instant decides, whatever order the scans arrive in. The scan write path runs this step
 * inside the transaction that stores the chunk, on either engine.
 */
export interface ConsignmentState {
  openedAt: number | null;
  members: readonly string[];
}

/** The chunk's scans of consignments, apart from the scans of items. */
export function splitConsignmentScans(chunk: readonly ScanInput[], consignments: ReadonlyMap<string, unknown>): { itemScans: ScanInput[]; consignmentScans: ScanInput[] } {
  const itemScans: ScanInput[] = [];
  const consignmentScans: ScanInput[] = [];
  for (const scan of chunk) (consignments.has(scan.trackingNo) ? consignmentScans : itemScans).push(scan);
  return { itemScans, consignmentScans };
}

/**
 * The earliest OPENED among newly stored consignment events that comes before the stored opening
 * (or when there is none): the consignments whose opening moves, with the new instant and site.
 */
export function earlierOpenings(stored: readonly ScanInput[], consignments: ReadonlyMap<string, ConsignmentState>): Map<string, { at: number; site: string }> {
  const moved = new Map<string, { at: number; site: string }>();
  for (const scan of stored) {
    if (scan.code !== 'OPENED') continue;
    const current = moved.get(scan.trackingNo)?.at ?? consignments.get(scan.trackingNo)?.openedAt ?? null;
    if (current === null || scan.atMs < current) moved.set(scan.trackingNo, { at: scan.atMs, site: scan.site });
  }
  return moved;
}

/** A scan at the instant of the opening still reaches the items (it was made before they came out). */
export const reachesItems = (scan: ScanInput, openedAt: number | null) => scan.code !== 'OPENED' && (openedAt === null || scan.atMs <= openedAt);

/** One copy of each newly stored consignment scan for each item inside, while it was still closed. */
export function copiesForItems(stored: readonly ScanInput[], consignments: ReadonlyMap<string, ConsignmentState>, openedAt: (consignmentNo: string) => number | null): ScanInput[] {
  const copies: ScanInput[] = [];
  for (const scan of stored) {
    const consignment = consignments.get(scan.trackingNo);
    if (!consignment || !reachesItems(scan, openedAt(scan.trackingNo))) continue;
    for (const member of consignment.members) copies.push({ ...scan, trackingNo: member, viaConsignment: scan.trackingNo });
  }
  return copies;
}

/** What the expansion asks of the owner of the items' events. */
export interface ItemCopies {
  /** Deletes the items' copies of the consignment's scans after `at`; answers the items that lost one. */
  deleteCopiesAfter(members: readonly string[], consignmentNo: string, at: number): Promise<string[]>;
}

/**
 * Splits a chunk's consignment scans off, stores them, moves openings that came earlier, and answers
 * the scans to store for items: the chunk's item scans and the copies for the items inside. `forced`
 * lists the items that lost copies (to be planned from their whole event set); `accepted` counts the
 * consignment scans that were new. Undefined when the chunk scans no consignment.
 */
export async function expandConsignmentScans(
  consignments: ConsignmentScanRepository,
  copies: ItemCopies,
  chunk: readonly ScanInput[],
  now: number,
): Promise<{ itemScans: ScanInput[]; accepted: number; forced: Set<string> } | undefined> {
  const found = await consignments.lockAmong(chunk.map((e) => e.trackingNo));
  if (found.size === 0) return undefined;
  const split = splitConsignmentScans(chunk, found);
  const stored = await consignments.insertEvents(split.consignmentScans, now);
  const moved = earlierOpenings(stored, found);
  const forced = new Set<string>();
  for (const [no, opening] of moved) {
    await consignments.markOpened(no, opening.at, opening.site);
    // Copies made before this (earlier) opening was known no longer hold.
    for (const t of await copies.deleteCopiesAfter(found.get(no)!.members, no, opening.at)) forced.add(t);
  }
  const itemScans = split.itemScans.concat(copiesForItems(stored, found, (no) => moved.get(no)?.at ?? found.get(no)!.openedAt));
  return { itemScans, accepted: stored.length, forced };
}
