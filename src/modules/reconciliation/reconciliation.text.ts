import type { TReconciliation } from './reconciliation.schemas.js';

/**
 * The reconciliation as plain text for the terminal: a heading, then one small table per balance
 * (its counts) followed by the items that make the difference, one per line.
 */
export function formatReconciliationText(report: TReconciliation, timeZone: string): string {
  const { inbound, held, shift } = report;
  const sections = [
    `Office ${report.office}, ${report.date} (${timeZone}), end of shift ${report.endOfShift}`,
    section(
      'Inbound vs handed over (进口投递对比)',
      ['total', 'handed over', 'missing'],
      [inbound.total, inbound.handedOver, inbound.missing.length],
      'missing',
      inbound.missing,
    ),
    section(
      'Held vs taken out (留存出库下段)',
      ['total', 'taken out', 'still held'],
      [held.total, held.takenOut, held.stillHeld.length],
      'still held',
      held.stillHeld,
    ),
    section(
      'End-of-shift balance (收班平衡合拢)',
      ['total', 'delivered', 'failed', 'held', 'still out', 'balanced'],
      [shift.total, shift.delivered, shift.failed, shift.held, shift.stillOut.length, shift.balanced ? 'yes' : 'no'],
      'still out',
      shift.stillOut,
    ),
  ];
  return `${sections.join('\n\n')}\n`;
}

function section(title: string, headers: readonly string[], counts: readonly (number | string)[], listName: string, items: readonly string[]): string {
  const cells = counts.map(String);
  const widths = headers.map((h, i) => Math.max(h.length, cells[i]?.length ?? 0));
  const row = (values: readonly string[], align: 'left' | 'right') =>
    `  ${values.map((v, i) => (align === 'left' ? v.padEnd(widths[i] ?? 0) : v.padStart(widths[i] ?? 0))).join('  ')}`.trimEnd();
  const lines = [title, row(headers, 'left'), row(cells, 'right')];
  if (items.length > 0) lines.push(`  ${listName}:`, ...items.map((no) => `    ${no}`));
  return lines.join('\n');
}
