import { describe, expect, it } from 'vitest';
import { runSweep } from '../../cli/server-commands.js';
import { loadConfig } from '../../config.js';
import { parseSweepInstant } from './sweep-instant.js';

const NOW = Date.parse('2026-11-20T09:00:00+08:00');

describe('the instant a sweep judges at', () => {
  it('takes instants from 2000-01-01 to a year after now', () => {
    expect(parseSweepInstant('2026-11-21T09:00:00+08:00', NOW)).toMatchObject({ ok: true, ms: NOW + 86_400_000 });
    expect(parseSweepInstant('2000-01-01T00:00:00Z', NOW)).toMatchObject({ ok: true });
    expect(parseSweepInstant('2027-11-20T09:00:00+08:00', NOW)).toMatchObject({ ok: true });
  });

  it('refuses instants before 2000, more than 366 days ahead, or without an offset', () => {
    // The refusal is a message in the reader's language; its English text is what the command line prints.
    const refusal = (text: string) => {
      const read = parseSweepInstant(text, NOW);
      return read.ok ? 'accepted' : String(read.message);
    };
    expect(refusal('1999-12-31T23:59:59Z')).toContain('2000-01-01');
    expect(refusal('2027-11-22T09:00:00+08:00')).toContain('366 days');
    expect(parseSweepInstant('9999-12-31T00:00:00Z', NOW)).toMatchObject({ ok: false });
    expect(parseSweepInstant('2026-11-21T09:00:00', NOW)).toMatchObject({ ok: false });
  });

  it('is the check of `songda sweep --as-of` too, made before the store is opened', async () => {
    const config = loadConfig({ SONGDA_DB: 'sqlite:/nonexistent/never-opened.db', SONGDA_DATA_KEY: '5e'.repeat(32) });
    await expect(runSweep(config, '9999-12-31T00:00:00Z')).rejects.toThrow(/--as-of: must be from 2000-01-01/);
  });
});
