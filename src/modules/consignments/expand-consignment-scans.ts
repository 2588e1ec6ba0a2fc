/**
 * How a chunk's scans of consignment numbers reach the items inside (DESIGN §7): a scan of the
 * consignment applies to each item it carries until the consignment is OPENED at a site; the first
 * OPENED by instant decides, whatever order the scans arrive in. Both engines' ingest paths use this,
 * inside the transaction that stores the chunk.
 */
export interface ConsignmentState {
  openedAt: number | null;
  members: readonly string[];
}

/**
 * What the expansion reads of a scan. The scans module records scans through consignments, so the
 * shape is declared here; its scans carry more fields, which the functions below keep.
 */
export interface ConsignmentScan {
  trackingNo: string;
  code: string;
  atMs: number;
  site: string;
  viaConsignment?: string;
}

/** The chunk's scans of consignments, apart from the scans of items. */
export function splitConsignmentScans<S extends ConsignmentScan>(chunk: readonly S[], consignments: ReadonlyMap<string, unknown>): { itemScans: S[]; consignmentScans: S[] } {
  const itemScans: S[] = [];
  const consignmentScans: S[] = [];
  for (const scan of chunk) (consignments.has(scan.trackingNo) ? consignmentScans : itemScans).push(scan);
  return { itemScans, consignmentScans };
}

/**
 * The earliest OPENED among newly stored consignment events that comes before the stored opening
 * (or when there is none): the consignments whose opening moves, with the new instant and site.
 */
export function earlierOpenings(stored: readonly ConsignmentScan[], consignments: ReadonlyMap<string, ConsignmentState>): Map<string, { at: number; site: string }> {
  const moved = new Map<string, { at: number; site: string }>();
  for (const scan of stored) {
    if (scan.code !== 'OPENED') continue;
    const current = moved.get(scan.trackingNo)?.at ?? consignments.get(scan.trackingNo)?.openedAt ?? null;
    if (current === null || scan.atMs < current) moved.set(scan.trackingNo, { at: scan.atMs, site: scan.site });
  }
  return moved;
}

/** A scan at the instant of the opening still reaches the items (it was made before they came out). */
export const reachesItems = (scan: Pick<ConsignmentScan, 'code' | 'atMs'>, openedAt: number | null) => scan.code !== 'OPENED' && (openedAt === null || scan.atMs <= openedAt);

/** One copy of each newly stored consignment scan for each item inside, while it was still closed. */
export function copiesForItems<S extends ConsignmentScan>(stored: readonly S[], consignments: ReadonlyMap<string, ConsignmentState>, openedAt: (consignmentNo: string) => number | null): S[] {
  const copies: S[] = [];
  for (const scan of stored) {
    const consignment = consignments.get(scan.trackingNo);
    if (!consignment || !reachesItems(scan, openedAt(scan.trackingNo))) continue;
    for (const member of consignment.members) copies.push({ ...scan, trackingNo: member, viaConsignment: scan.trackingNo });
  }
  return copies;
}
