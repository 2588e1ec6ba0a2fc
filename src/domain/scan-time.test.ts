import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatInstant, parseInstant } from './scan-time.js';

describe('parseInstant', () => {
  it('reads an instant with an offset', () => {
    expect(parseInstant('2026-11-21T09:30:00+08:00')).toEqual({ ok: true, ms: Date.UTC(2026, 10, 21, 1, 30), offsetMin: 480 });
    expect(parseInstant('2026-11-21T01:30:00Z')).toEqual({ ok: true, ms: Date.UTC(2026, 10, 21, 1, 30), offsetMin: 0 });
    expect(parseInstant('2026-11-21T01:30:00.250-0530')).toMatchObject({ ok: true, ms: Date.UTC(2026, 10, 21, 7, 0, 0, 250), offsetMin: -330 });
  });

  it('rejects a local time without an offset, naming the fix', () => {
    const r = parseInstant('2026-11-21T09:30:00');
    expect(r.ok).toBe(false);
    expect(!r.ok && String(r.message)).toMatch(/no UTC offset/);
  });

  it('rejects impossible dates and garbage', () => {
    for (const bad of ['2026-02-30T09:00:00+08:00', '2026-13-01T00:00:00Z', '2026-11-21T24:00:00Z', 'yesterday', '', '2026-11-21T09:00:00+25:00']) {
      expect(parseInstant(bad).ok, bad).toBe(false);
    }
  });

  it('round-trips through formatInstant at any offset', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2099, 11, 31) }),
        fc.integer({ min: -12 * 60, max: 14 * 60 }),
        (ms, offsetMin) => {
          const text = formatInstant(ms, offsetMin);
          expect(parseInstant(text)).toEqual({ ok: true, ms, offsetMin });
        },
      ),
    );
  });
});
