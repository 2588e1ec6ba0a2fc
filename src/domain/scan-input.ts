import { bigintArray, intArray, textArray } from '../db/pg-arrays.js';
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

/** A scan's stored fields as one array parameter each, in the column order the PostgreSQL event inserts unnest. */
export function eventColumns(scans: readonly ScanInput[]): Buffer[] {
  return [
    textArray(scans, (s) => s.trackingNo),
    textArray(scans, (s) => s.code),
    bigintArray(scans, (s) => s.atMs),
    intArray(scans, (s) => s.atOffsetMin),
    textArray(scans, (s) => s.site),
    textArray(scans, (s) => s.operator),
    textArray(scans, (s) => s.reason),
    textArray(scans, (s) => s.nextSite),
  ];
}

/**
 * RETURNING gives no input position: match the stored rows back to their lines by the event's
 * identity; of several lines with one identity, the first is the one stored. The rows come back in
 * the order they were inserted (the lines' order) as a rule, though PostgreSQL does not promise it:
 * on lines sorted by identity, both are walked side by side, and only a row met out of that order is
 * looked up by a key built for every line, as every row was before (docs/benchmarks.md).
 */
export function matchByIdentity<R extends { tracking_no: string; at_ms: number | string; code: string; site: string }>(
  scans: readonly ScanInput[],
  rows: readonly R[],
): { scan: ScanInput; row: R }[] {
  let byIdentity: Map<string, ScanInput> | undefined;
  const lookUp = (row: R, atMs: number) => {
    byIdentity ??= firstByIdentity(scans);
    const scan = byIdentity.get(identityKey(row.tracking_no, atMs, row.code, row.site));
    if (!scan) throw new Error(`stored event ${row.tracking_no} ${row.code} matches no input line`);
    return scan;
  };
  let inOrder = isSortedByIdentity(scans);
  let next = 0;
  return rows.map((row) => {
    const atMs = Number(row.at_ms);
    if (!inOrder) return { scan: lookUp(row, atMs), row };
    let i = next;
    while (i < scans.length && !hasIdentity(scans[i]!, row, atMs)) i++;
    if (i === scans.length) {
      inOrder = false;
      return { scan: lookUp(row, atMs), row };
    }
    next = i + 1;
    while (i > 0 && hasIdentity(scans[i - 1]!, row, atMs)) i--;
    return { scan: scans[i]!, row };
  });
}

const hasIdentity = (s: ScanInput, row: { tracking_no: string; code: string; site: string }, atMs: number) =>
  s.trackingNo === row.tracking_no && s.atMs === atMs && s.code === row.code && s.site === row.site;

/** Whether the scans come in identity order with no identity twice: then none repeats another. */
export function distinctInIdentityOrder(scans: readonly ScanInput[]): boolean {
  for (let i = 1; i < scans.length; i++) {
    const a = scans[i - 1]!;
    const b = scans[i]!;
    if (compareIdentity(a, b) > 0 || (a.trackingNo === b.trackingNo && a.atMs === b.atMs && a.code === b.code && a.site === b.site)) return false;
  }
  return true;
}

function isSortedByIdentity(scans: readonly ScanInput[]): boolean {
  for (let i = 1; i < scans.length; i++) if (compareIdentity(scans[i - 1]!, scans[i]!) > 0) return false;
  return true;
}

function firstByIdentity(scans: readonly ScanInput[]): Map<string, ScanInput> {
  const byIdentity = new Map<string, ScanInput>();
  for (const s of scans) {
    const k = identityKey(s.trackingNo, s.atMs, s.code, s.site);
    if (!byIdentity.has(k)) byIdentity.set(k, s);
  }
  return byIdentity;
}

const identityKey = (trackingNo: string, atMs: number, code: string, site: string) => `${trackingNo}|${atMs}|${code}|${site}`;

/** Scans in the order of their identity (item, instant, code, site), then their line. */
export function compareIdentity(a: ScanInput, b: ScanInput): number {
  if (a.trackingNo !== b.trackingNo) return a.trackingNo < b.trackingNo ? -1 : 1;
  if (a.atMs !== b.atMs) return a.atMs - b.atMs;
  if (a.code !== b.code) return a.code < b.code ? -1 : 1;
  return a.site < b.site ? -1 : a.site > b.site ? 1 : a.line - b.line;
}
