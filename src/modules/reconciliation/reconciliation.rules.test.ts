import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseLocalDate } from '../../domain/local-day.js';
import type { ScanCode } from '../scans/scan-event.table.js';
import { type ReconciliationEvent, officeWindow, reconcileOffice } from './reconciliation.rules.js';

// D = 2026-11-20 in Shanghai; office O ends its shift at 21:00 (the default).
const O = 'O';
const P = 'P';
const window = officeWindow(O, null, parseLocalDate('2026-11-20')!, 'Asia/Shanghai');

let nextId = 0;
/** An event at a Shanghai wall-clock time: `d-1 23:00`, `d 09:00`, `d+1 08:00`. */
function ev(trackingNo: string, code: ScanCode, when: string, site = O, id = ++nextId): ReconciliationEvent {
  const m = /^d([+-]\d+)? (\d{2}:\d{2}(?::\d{2}(?:\.\d{3})?)?)$/.exec(when);
  if (!m) throw new Error(`bad test time ${when}`);
  const day = 20 + Number(m[1] ?? 0);
  return { id, trackingNo, code, atMs: Date.parse(`2026-11-${String(day).padStart(2, '0')}T${m[2]}+08:00`), site };
}

describe('officeWindow', () => {
  it('cuts D at Shanghai midnight and puts the ends of shift of D and D+1 at 21:00 local', () => {
    expect(window).toEqual({
      office: O,
      dayStartMs: Date.parse('2026-11-20T00:00:00+08:00'),
      dayEndMs: Date.parse('2026-11-21T00:00:00+08:00'),
      endOfShiftMs: Date.parse('2026-11-20T21:00:00+08:00'),
      nextEndOfShiftMs: Date.parse('2026-11-21T21:00:00+08:00'),
    });
    expect(officeWindow(O, '17:30', parseLocalDate('2026-11-20')!, 'Asia/Shanghai').endOfShiftMs).toBe(Date.parse('2026-11-20T17:30:00+08:00'));
  });
});

describe('reconcileOffice: inbound vs handed over (进口投递对比)', () => {
  const events = [
    // handed over by each of the three codes, and a counter pick-up
    ev('I01', 'ARRIVED', 'd 08:00'), ev('I01', 'OUT_FOR_DELIVERY', 'd 09:00'),
    ev('I02', 'AT_DELIVERY_OFFICE', 'd 10:00'), ev('I02', 'HELD', 'd 12:00'),
    ev('I03', 'ARRIVED', 'd 13:00'), ev('I03', 'DELIVERED', 'd 13:30'),
    // arrived at midnight sharp: during D
    ev('I04', 'ARRIVED', 'd 00:00'), ev('I04', 'OUT_FOR_DELIVERY', 'd 23:59:59.999'),
    // missing: nothing after
    ev('I05', 'AT_DELIVERY_OFFICE', 'd 10:00'),
    // missing: handed over only after the end of D
    ev('I06', 'ARRIVED', 'd 22:00'), ev('I06', 'OUT_FOR_DELIVERY', 'd+1 00:00'),
    // missing: came in again after being handed over, and not handed over since
    ev('I07', 'ARRIVED', 'd 08:00'), ev('I07', 'OUT_FOR_DELIVERY', 'd 09:00'), ev('I07', 'AT_DELIVERY_OFFICE', 'd 15:00'),
    // missing: the "handover" is earlier than the arrival (a late upload does not reorder time)
    ev('I08', 'OUT_FOR_DELIVERY', 'd 07:00'), ev('I08', 'ARRIVED', 'd 08:00'),
    // missing: handed over at another site; a failed delivery is not a handover
    ev('I09', 'ARRIVED', 'd 08:00'), ev('I09', 'OUT_FOR_DELIVERY', 'd 09:00', P),
    ev('I10', 'ARRIVED', 'd 08:00'), ev('I10', 'DELIVERY_FAILED', 'd 09:00'),
    // not inbound at O during D
    ev('X01', 'ARRIVED', 'd-1 23:59:59.999'), ev('X01', 'OUT_FOR_DELIVERY', 'd 08:00'),
    ev('X02', 'ARRIVED', 'd 08:00', P),
    ev('X03', 'ARRIVED', 'd+1 00:00'),
    ev('X04', 'DISPATCHED', 'd 08:00'),
  ];

  it('counts items that came in during D and lists, sorted, those not handed over after their last arrival by the end of D', () => {
    expect(reconcileOffice(window, events.slice().reverse()).inbound).toEqual({
      total: 10,
      handedOver: 4,
      missing: ['I05', 'I06', 'I07', 'I08', 'I09', 'I10'],
    });
  });

  it('orders scans of the same instant by arrival (id)', () => {
    const handed = [ev('T1', 'ARRIVED', 'd 08:00', O, 1), ev('T1', 'OUT_FOR_DELIVERY', 'd 08:00', O, 2)];
    const notHanded = [ev('T2', 'OUT_FOR_DELIVERY', 'd 08:00', O, 3), ev('T2', 'ARRIVED', 'd 08:00', O, 4)];
    expect(reconcileOffice(window, [...handed, ...notHanded]).inbound).toEqual({ total: 2, handedOver: 1, missing: ['T2'] });
  });
});

describe('reconcileOffice: held vs taken out (留存出库下段)', () => {
  const events = [
    // held since before D, whatever happened at other sites before that
    ev('H01', 'ARRIVED', 'd-3 08:00', P), ev('H01', 'DISPATCHED', 'd-3 09:00', P), ev('H01', 'ARRIVED', 'd-2 08:00'), ev('H01', 'HELD', 'd-2 09:00'),
    ev('H02', 'HELD', 'd-2 09:00'), ev('H02', 'OUT_FOR_DELIVERY', 'd 09:00'),
    ev('H03', 'HELD', 'd-1 23:59:59.999'), ev('H03', 'DELIVERED', 'd 10:00'),
    // became held during D
    ev('H04', 'HELD', 'd 14:00'),
    ev('H05', 'HELD', 'd 10:00'), ev('H05', 'OUT_FOR_DELIVERY', 'd 11:00'),
    // taken out, failed and put back: still held, counted once
    ev('H06', 'HELD', 'd-1 10:00'), ev('H06', 'OUT_FOR_DELIVERY', 'd 09:00'), ev('H06', 'DELIVERY_FAILED', 'd 15:00'), ev('H06', 'HELD', 'd 16:00'),
    // taken out only after the end of D
    ev('H07', 'HELD', 'd 10:00'), ev('H07', 'OUT_FOR_DELIVERY', 'd+1 00:00'),
    // sent back from the shelf: not "taken out", listed for the office to explain
    ev('H08', 'HELD', 'd-1 10:00'), ev('H08', 'DISPATCHED', 'd 10:00'),
    // taken out at another site does not count for O
    ev('H09', 'HELD', 'd 10:00'), ev('H09', 'OUT_FOR_DELIVERY', 'd 11:00', P),
    // not held at O at the start of D, nor during D
    ev('X11', 'HELD', 'd-2 09:00'), ev('X11', 'OUT_FOR_DELIVERY', 'd-1 09:00'),
    ev('X12', 'HELD', 'd-2 09:00'), ev('X12', 'DISPATCHED', 'd-2 10:00'), ev('X12', 'ARRIVED', 'd-1 08:00', P),
    ev('X13', 'HELD', 'd 10:00', P),
    ev('X14', 'HELD', 'd+1 00:00'),
    // on another office's shelf at the start of D, after passing through O
    ev('X16', 'HELD', 'd-5 09:00'), ev('X16', 'DISPATCHED', 'd-4 09:00'), ev('X16', 'ARRIVED', 'd-3 09:00', P), ev('X16', 'HELD', 'd-2 09:00', P),
    // a stray later scan at O means it is no longer simply on the shelf
    ev('X15', 'HELD', 'd-2 09:00'), ev('X15', 'AT_DELIVERY_OFFICE', 'd-1 09:00'),
  ];

  it('counts items held at the start of D or during D and lists, sorted, those not taken out after their last HELD by the end of D', () => {
    expect(reconcileOffice(window, events.slice().reverse()).held).toEqual({
      total: 9,
      takenOut: 3,
      stillHeld: ['H01', 'H04', 'H06', 'H07', 'H08', 'H09'],
    });
  });

  it('decides "held at the start of D" from every event before D, so a late upload from another site releases the item', () => {
    const held = [ev('L1', 'HELD', 'd-2 09:00')];
    expect(reconcileOffice(window, held).held.total).toBe(1);
    const lateUpload = ev('L1', 'ARRIVED', 'd-1 08:00', P);
    expect(reconcileOffice(window, [...held, lateUpload]).held).toEqual({ total: 0, takenOut: 0, stillHeld: [] });
  });
});

describe('reconcileOffice: end-of-shift balance (收班平衡合拢)', () => {
  const events = [
    ev('S01', 'OUT_FOR_DELIVERY', 'd 09:00'), ev('S01', 'DELIVERED', 'd 11:00'),
    // delivered exactly at end of shift: in time
    ev('S02', 'OUT_FOR_DELIVERY', 'd 09:00'), ev('S02', 'DELIVERED', 'd 21:00'),
    ev('S03', 'OUT_FOR_DELIVERY', 'd 09:00'), ev('S03', 'DELIVERY_FAILED', 'd 12:00'),
    ev('S04', 'OUT_FOR_DELIVERY', 'd 09:00'), ev('S04', 'DELIVERY_FAILED', 'd 12:00'), ev('S04', 'HELD', 'd 13:00'),
    // delivery is terminal: a stray later scan does not undo it
    ev('S05', 'OUT_FOR_DELIVERY', 'd 09:00'), ev('S05', 'DELIVERED', 'd 10:00'), ev('S05', 'HELD', 'd 11:00'),
    // out after end of shift: judged at the next day's end of shift (as NO_DELIVERY_RESULT is)
    ev('S06', 'OUT_FOR_DELIVERY', 'd 22:00'), ev('S06', 'DELIVERED', 'd+1 10:00'),
    // still out: no result, a result after end of shift, a result at another site, out again after a failure
    ev('S07', 'OUT_FOR_DELIVERY', 'd 09:00'),
    ev('S08', 'OUT_FOR_DELIVERY', 'd 09:00'), ev('S08', 'DELIVERED', 'd 21:00:00.001'),
    ev('S09', 'OUT_FOR_DELIVERY', 'd 09:00'), ev('S09', 'DELIVERED', 'd 10:00', P),
    ev('S10', 'OUT_FOR_DELIVERY', 'd 09:00'), ev('S10', 'DELIVERY_FAILED', 'd 12:00'), ev('S10', 'OUT_FOR_DELIVERY', 'd 14:00'),
    ev('S11', 'OUT_FOR_DELIVERY', 'd 22:00'), ev('S11', 'DELIVERED', 'd+1 21:30'),
    // not out from O during D
    ev('X21', 'OUT_FOR_DELIVERY', 'd-1 20:00'), ev('X21', 'DELIVERED', 'd 09:00'),
    ev('X22', 'OUT_FOR_DELIVERY', 'd 09:00', P),
    ev('X23', 'OUT_FOR_DELIVERY', 'd+1 00:00'),
  ];

  it('gives each item out during D one result by its deadline; the counts add up and the office does not balance while any is still out', () => {
    const shift = reconcileOffice(window, events.slice().reverse()).shift;
    expect(shift).toEqual({ total: 11, delivered: 4, failed: 1, held: 1, stillOut: ['S07', 'S08', 'S09', 'S10', 'S11'], balanced: false });
    expect(shift.delivered + shift.failed + shift.held + shift.stillOut.length).toBe(shift.total);
  });

  it('balances when every item out has a result by end of shift', () => {
    const inTime = events.filter((e) => ['S01', 'S03', 'S04', 'X21'].includes(e.trackingNo));
    expect(reconcileOffice(window, inTime).shift).toEqual({ total: 3, delivered: 1, failed: 1, held: 1, stillOut: [], balanced: true });
  });

  it('uses the office’s own end of shift', () => {
    const early = officeWindow(O, '10:30', parseLocalDate('2026-11-20')!, 'Asia/Shanghai');
    const items = events.filter((e) => ['S01', 'S05'].includes(e.trackingNo));
    expect(reconcileOffice(early, items).shift).toEqual({ total: 2, delivered: 1, failed: 0, held: 0, stillOut: ['S01'], balanced: false });
  });
});

describe('reconcileOffice on any event set', () => {
  const codes: ScanCode[] = ['ARRIVED', 'AT_DELIVERY_OFFICE', 'OUT_FOR_DELIVERY', 'DELIVERED', 'DELIVERY_FAILED', 'HELD', 'DISPATCHED'];
  const eventsArb = fc.array(
    fc.record({
      item: fc.constantFrom('A', 'B', 'C', 'D'),
      code: fc.constantFrom(...codes),
      // D-2 00:00 to D+2 00:00 in 30-minute steps, so instants collide and cross every bound
      slot: fc.integer({ min: 0, max: 4 * 48 }),
      site: fc.constantFrom(O, P),
    }),
    { maxLength: 30 },
  );

  it('gives the same answer whatever order the events come in, lists sorted, and counts that add up (property)', () => {
    fc.assert(
      fc.property(eventsArb, fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 30, maxLength: 30 }), (generated, keys) => {
        const base = Date.parse('2026-11-18T00:00:00+08:00');
        const events = generated.map((g, i) => ({ id: i + 1, trackingNo: g.item, code: g.code, atMs: base + g.slot * 30 * 60_000, site: g.site }));
        const shuffled = events.map((e, i) => ({ e, k: keys[i] ?? 0 })).sort((a, b) => a.k - b.k).map((x) => x.e);
        const result = reconcileOffice(window, events);
        expect(reconcileOffice(window, shuffled)).toEqual(result);
        const { inbound, held, shift } = result;
        for (const list of [inbound.missing, held.stillHeld, shift.stillOut]) expect(list).toEqual([...list].sort());
        expect(inbound.handedOver + inbound.missing.length).toBe(inbound.total);
        expect(held.takenOut + held.stillHeld.length).toBe(held.total);
        expect(shift.delivered + shift.failed + shift.held + shift.stillOut.length).toBe(shift.total);
        expect(shift.balanced).toBe(shift.stillOut.length === 0);
      }),
      { numRuns: 300 },
    );
  });
});
