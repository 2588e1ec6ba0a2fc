import type { ScanInput } from './parse-scan-lines.js';

/** What one batch of newly stored events changes on each item's row. */
export interface ItemEventSummary {
  trackingNo: string;
  /** The batch's latest event by instant (ties: the later in the batch). */
  latest: ScanInput;
  latestId: number;
  /** The batch's earliest DELIVERED, if any: delivery is terminal, so it decides the status. */
  firstDeliveredAtMs: number | null;
}

/** Folds newly inserted events (with their ids) into one summary per item. */
export function summariseByItem(inserted: Iterable<{ scan: ScanInput; id: number }>): Map<string, ItemEventSummary> {
  const byItem = new Map<string, ItemEventSummary>();
  for (const { scan, id } of inserted) {
    const current = byItem.get(scan.trackingNo);
    const delivered = scan.code === 'DELIVERED' ? scan.atMs : null;
    if (!current) {
      byItem.set(scan.trackingNo, { trackingNo: scan.trackingNo, latest: scan, latestId: id, firstDeliveredAtMs: delivered });
      continue;
    }
    if (scan.atMs > current.latest.atMs || (scan.atMs === current.latest.atMs && id > current.latestId)) {
      current.latest = scan;
      current.latestId = id;
    }
    if (delivered !== null && (current.firstDeliveredAtMs === null || delivered < current.firstDeliveredAtMs)) {
      current.firstDeliveredAtMs = delivered;
    }
  }
  return byItem;
}
