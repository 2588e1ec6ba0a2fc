// Statements built by hand, as the statements repository would give them to the file renderers:
// a header whose totals are its lines' sums, and lines read in pages.
import { formatS10 } from '../src/domain/s10.js';
import type { StatementHeader, StatementLine } from '../src/modules/statements/statement.model.js';

/** 2026-12-01 09:30 in Shanghai. */
export const STATEMENT_CREATED_AT = Date.parse('2026-12-01T09:30:00+08:00');

/**
 * Line `seq` of a November 2026 statement. Every tenth is an adjustment: a charge of October billed
 * late. Gross, discount (15 %), net and donation vary with `seq`; every 13th has no weight.
 */
export function statementLine(seq: number, overrides: Partial<StatementLine> = {}): StatementLine {
  const adjustment = seq % 10 === 0;
  const grossFen = 1_000 + (seq % 7) * 200 + (seq % 3);
  const discountFen = Math.floor((grossFen * 15 + 50) / 100);
  return {
    seq,
    trackingNo: formatS10('EA', 10_000_000 + seq),
    programCode: seq % 4 === 0 ? 'VET2026' : 'ID2026',
    mailedOn: adjustment ? `2026-10-${String(1 + (seq % 31)).padStart(2, '0')}` : `2026-11-${String(1 + (seq % 30)).padStart(2, '0')}`,
    weightGrams: seq % 13 === 0 ? null : 20 + (seq % 480),
    grossFen,
    discountFen,
    netFen: grossFen - discountFen,
    donationFen: seq % 4 === 0 ? 10 : 0,
    adjustment,
    ...overrides,
  };
}

export const statementLines = (count: number): StatementLine[] => Array.from({ length: count }, (_, i) => statementLine(i + 1));

/** A header for `lines`: its totals and adjustment count are theirs; issued by default. */
export function statementHeader(lines: readonly StatementLine[], overrides: Partial<StatementHeader> = {}): StatementHeader {
  return {
    id: 'st_01JD8Z5Q3M7XK2',
    payer: 'AG1001',
    payerName: '宜昌市退役军人事务局',
    from: '2026-11-01',
    to: '2026-11-30',
    status: 'issued',
    totals: {
      items: lines.length,
      grossFen: sum(lines, (l) => l.grossFen),
      discountFen: sum(lines, (l) => l.discountFen),
      netFen: sum(lines, (l) => l.netFen),
      donationFen: sum(lines, (l) => l.donationFen),
    },
    adjustments: lines.filter((l) => l.adjustment).length,
    createdAt: STATEMENT_CREATED_AT,
    createdBy: 'finance01',
    issuedAt: STATEMENT_CREATED_AT + 2 * 3_600_000,
    issuedBy: 'finance02',
    voidedAt: null,
    voidedBy: null,
    voidReason: null,
    ...overrides,
  };
}

const sum = <T>(items: readonly T[], of: (item: T) => number) => items.reduce((total, item) => total + of(item), 0);

/** The lines as the repository pages them: `pageSize` at a time, awaited. */
export async function* linePages<T>(lines: readonly T[], pageSize = 1_000): AsyncGenerator<T[]> {
  for (let start = 0; start < lines.length; start += pageSize) {
    await Promise.resolve();
    yield lines.slice(start, start + pageSize);
  }
}

/** `count` lines made as they are read, never all held at once: for files of many pages. */
export async function* generatedLinePages(count: number, pageSize = 1_000): AsyncGenerator<StatementLine[]> {
  for (let start = 1; start <= count; start += pageSize) {
    await Promise.resolve();
    yield Array.from({ length: Math.min(pageSize, count - start + 1) }, (_, i) => statementLine(start + i));
  }
}
