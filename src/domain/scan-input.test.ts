import { describe, expect, it } from 'vitest';
import { type ScanInput, compareIdentity, matchByIdentity } from './scan-input.js';

const scan = (line: number, trackingNo: string, minute: number, operator: string | null = null): ScanInput => ({
  line,
  trackingNo,
  code: 'ACCEPTED',
  atMs: 1_764_547_200_000 + minute * 60_000,
  atOffsetMin: 480,
  site: 'S-COUNTER',
  operator,
  reason: null,
  nextSite: null,
});
const rowOf = (s: ScanInput) => ({ tracking_no: s.trackingNo, at_ms: String(s.atMs), code: s.code, site: s.site });

describe('matching stored rows back to their lines', () => {
  // Lines 2 and 3 are one event sent twice: the first line is the one stored.
  const lines = [scan(1, 'EA000000001CN', 0), scan(2, 'EA000000001CN', 5, 'first'), scan(3, 'EA000000001CN', 5, 'second'), scan(4, 'EA000000002CN', 1), scan(5, 'EA000000003CN', 2)].sort(compareIdentity);
  const stored = [lines[0]!, lines[1]!, lines[3]!, lines[4]!];
  const linesOf = (matched: { scan: ScanInput }[]) => matched.map((m) => m.scan.line);

  it('gives each row its first line, in the order the rows were inserted', () => {
    expect(linesOf(matchByIdentity(lines, stored.map(rowOf)))).toEqual([1, 2, 4, 5]);
  });

  it('gives the same lines to rows in any order', () => {
    expect(linesOf(matchByIdentity(lines, stored.map(rowOf).reverse()))).toEqual([5, 4, 2, 1]);
    expect(linesOf(matchByIdentity(lines, [stored[2]!, stored[0]!, stored[3]!, stored[1]!].map(rowOf)))).toEqual([4, 1, 5, 2]);
  });

  it('gives the same lines when the lines are not sorted', () => {
    const unsorted = [lines[2]!, lines[4]!, lines[1]!, lines[0]!, lines[3]!];
    // Of the two lines of one event, the first given is the one stored: line 3 here.
    expect(linesOf(matchByIdentity(unsorted, stored.map(rowOf)))).toEqual([1, 3, 4, 5]);
  });

  it('refuses a row that matches no line', () => {
    expect(() => matchByIdentity(lines, [rowOf(scan(9, 'EA000000009CN', 0))])).toThrow(/EA000000009CN ACCEPTED matches no input line/);
  });
});
