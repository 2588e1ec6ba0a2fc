import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatInstant, formatUtc, parseInstant } from './scan-time.js';

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

describe('formatUtc and formatInstant', () => {
  const anyInstant = fc.integer({ min: -8.64e15, max: 8.64e15 });
  it('write what toISOString writes, for any instant a Date can hold', () => {
    fc.assert(
      fc.property(anyInstant, (ms) => {
        expect(formatUtc(ms)).toBe(new Date(ms).toISOString());
      }),
      { numRuns: 20_000 },
    );
  });

  it('write the local wall time with the offset', () => {
    fc.assert(
      fc.property(anyInstant, fc.integer({ min: -18 * 60, max: 18 * 60 }), (ms, offsetMin) => {
        fc.pre(Math.abs(ms + offsetMin * 60_000) <= 8.64e15);
        const local = new Date(ms + offsetMin * 60_000).toISOString().slice(0, -1);
        const sign = offsetMin < 0 ? '-' : '+';
        const offset = offsetMin === 0 ? 'Z' : `${sign}${String(Math.floor(Math.abs(offsetMin) / 60)).padStart(2, '0')}:${String(Math.abs(offsetMin) % 60).padStart(2, '0')}`;
        expect(formatInstant(ms, offsetMin)).toBe(`${local}${offset}`);
      }),
      { numRuns: 20_000 },
    );
  });

  it('write the edges of years, centuries and the four-digit years exactly', () => {
    for (const text of [
      '1970-01-01T00:00:00.000Z',
      '1969-12-31T23:59:59.999Z',
      '2000-02-29T23:59:59.999Z',
      '2100-03-01T00:00:00.000Z',
      '1900-02-28T12:00:00.001Z',
      '0000-01-01T00:00:00.000Z',
      '9999-12-31T23:59:59.999Z',
      '+010000-01-01T00:00:00.000Z',
      '-000001-12-31T23:59:59.999Z',
    ]) {
      expect(formatUtc(Date.parse(text))).toBe(text);
    }
    // The same day asked again after another: the remembered day is not reused for the wrong one.
    expect(formatUtc(Date.parse('2026-11-21T01:00:00.000Z'))).toBe('2026-11-21T01:00:00.000Z');
    expect(formatUtc(Date.parse('2026-11-22T01:00:00.000Z'))).toBe('2026-11-22T01:00:00.000Z');
    expect(formatUtc(Date.parse('2026-11-21T23:59:59.999Z'))).toBe('2026-11-21T23:59:59.999Z');
  });
});
