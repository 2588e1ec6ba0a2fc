import { describe, expect, it } from 'vitest';
import { formatReconciliationText } from './reconciliation.text.js';

describe('formatReconciliationText', () => {
  it('prints the counts of each balance as a small table and lists the items that make the difference', () => {
    const text = formatReconciliationText(
      {
        office: 'D420506',
        date: '2026-11-20',
        endOfShift: '2026-11-20T21:00:00.000+08:00',
        inbound: { total: 3, handedOver: 2, missing: ['EA100000003CN'] },
        held: { total: 12, takenOut: 12, stillHeld: [] },
        shift: { total: 140, delivered: 120, failed: 11, held: 7, stillOut: ['EA100000017CN', 'EA100000025CN'], balanced: false },
        lists: { inbound: [], handedOver: [], held: [], takenOut: [], shift: [], delivered: [], failed: [], heldAtShift: [] },
      },
      'Asia/Shanghai',
    );
    expect(text).toBe(
      [
        'Office D420506, 2026-11-20 (Asia/Shanghai), end of shift 2026-11-20T21:00:00.000+08:00',
        '',
        'Inbound vs handed over (进口投递对比)',
        '  total  handed over  missing',
        '      3            2        1',
        '  missing:',
        '    EA100000003CN',
        '',
        'Held vs taken out (留存出库下段)',
        '  total  taken out  still held',
        '     12         12           0',
        '',
        'End-of-shift balance (收班平衡合拢)',
        '  total  delivered  failed  held  still out  balanced',
        '    140        120      11     7          2        no',
        '  still out:',
        '    EA100000017CN',
        '    EA100000025CN',
        '',
      ].join('\n'),
    );
  });
});
