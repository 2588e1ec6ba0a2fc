import type { ConsignmentScanCode, ScanCode } from '../modules/scans/scan-event.table.js';

/** A scan that passed every check on its own line, ready to store. */
export interface ScanInput {
  line: number;
  trackingNo: string;
  code: ScanCode | ConsignmentScanCode;
  atMs: number;
  atOffsetMin: number;
  site: string;
  operator: string | null;
  reason: string | null;
  nextSite: string | null;
  /** Set on an item's copy of a scan of the consignment carrying it. */
  viaConsignment?: string;
}

/** A scan's stored fields as one array each, in the column order the PostgreSQL event inserts unnest. */
export function eventColumns(scans: readonly ScanInput[]) {
  return [
    scans.map((s) => s.trackingNo),
    scans.map((s) => s.code),
    scans.map((s) => s.atMs),
    scans.map((s) => s.atOffsetMin),
    scans.map((s) => s.site),
    scans.map((s) => s.operator),
    scans.map((s) => s.reason),
    scans.map((s) => s.nextSite),
  ];
}

/** RETURNING gives no input position: match the stored rows back to their lines by the event's identity. */
export function matchByIdentity<R extends { tracking_no: string; at_ms: number | string; code: string; site: string }>(
  scans: readonly ScanInput[],
  rows: readonly R[],
): { scan: ScanInput; row: R }[] {
  const byIdentity = new Map<string, ScanInput>();
  for (const s of scans) {
    const k = identityKey(s.trackingNo, Number(s.atMs), s.code, s.site);
    if (!byIdentity.has(k)) byIdentity.set(k, s);
  }
  return rows.map((row) => {
    const scan = byIdentity.get(identityKey(row.tracking_no, Number(row.at_ms), row.code, row.site));
    if (!scan) throw new Error(`stored event ${row.tracking_no} ${row.code} matches no input line`);
    return { scan, row };
  });
}

const identityKey = (trackingNo: string, atMs: number, code: string, site: string) => `${trackingNo}|${atMs}|${code}|${site}`;

/** Scans in the order of their identity (item, instant, code, site), then their line. */
export function compareIdentity(a: ScanInput, b: ScanInput): number {
  if (a.trackingNo !== b.trackingNo) return a.trackingNo < b.trackingNo ? -1 : 1;
  if (a.atMs !== b.atMs) return a.atMs - b.atMs;
  if (a.code !== b.code) return a.code < b.code ? -1 : 1;
  return a.site < b.site ? -1 : a.site > b.site ? 1 : a.line - b.line;
}
