import type { ScanInput } from './parse-scan-lines.js';
import type { ScanCode } from './scan-event.table.js';

/**
 * A batch of scans as columns, to hand to the writer thread: arrays of strings and typed arrays
 * clone several times faster than an array of objects.
 */
export interface ScanColumns {
  line: Int32Array;
  trackingNo: string[];
  code: string[];
  atMs: Float64Array;
  atOffsetMin: Int16Array;
  site: string[];
  operator: (string | null)[];
  reason: (string | null)[];
  nextSite: (string | null)[];
}

export function toScanColumns(scans: readonly ScanInput[]): ScanColumns {
  const n = scans.length;
  const c: ScanColumns = {
    line: new Int32Array(n),
    trackingNo: new Array(n),
    code: new Array(n),
    atMs: new Float64Array(n),
    atOffsetMin: new Int16Array(n),
    site: new Array(n),
    operator: new Array(n),
    reason: new Array(n),
    nextSite: new Array(n),
  };
  for (let i = 0; i < n; i++) {
    const s = scans[i]!;
    c.line[i] = s.line;
    c.trackingNo[i] = s.trackingNo;
    c.code[i] = s.code;
    c.atMs[i] = s.atMs;
    c.atOffsetMin[i] = s.atOffsetMin;
    c.site[i] = s.site;
    c.operator[i] = s.operator;
    c.reason[i] = s.reason;
    c.nextSite[i] = s.nextSite;
  }
  return c;
}

/** Scans `from`..`to` of the columns as objects again (the writer takes them a chunk at a time). */
export function fromScanColumns(c: ScanColumns, from = 0, to = c.trackingNo.length): ScanInput[] {
  const scans: ScanInput[] = new Array(to - from);
  for (let i = from; i < to; i++) {
    scans[i - from] = {
      line: c.line[i]!,
      trackingNo: c.trackingNo[i]!,
      code: c.code[i] as ScanCode,
      atMs: c.atMs[i]!,
      atOffsetMin: c.atOffsetMin[i]!,
      site: c.site[i]!,
      operator: c.operator[i] ?? null,
      reason: c.reason[i] ?? null,
      nextSite: c.nextSite[i] ?? null,
    };
  }
  return scans;
}

/** The typed arrays' buffers, moved (not copied) to the writer thread. */
export const transferablesOf = (c: ScanColumns): ArrayBuffer[] => [c.line.buffer as ArrayBuffer, c.atMs.buffer as ArrayBuffer, c.atOffsetMin.buffer as ArrayBuffer];
