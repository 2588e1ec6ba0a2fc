import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { TEST_INSTANTS } from './test-clock.js';

const PRELOAD = fileURLToPath(new URL('./fake-clock.mjs', import.meta.url));
const PROBE = 'console.log(JSON.stringify({ now: Date.now(), date: new Date().getTime(), text: Date(), given: new Date(0).getTime(), isDate: new Date() instanceof Date }))';

function probe(offset: string): { status: number | null; stdout: string; stderr: string } {
  const { status, stdout, stderr } = spawnSync(process.execPath, ['--import', PRELOAD, '-e', PROBE], { env: { ...process.env, TZ: 'UTC', FAKE_CLOCK_OFFSET_MS: offset }, encoding: 'utf8' });
  return { status, stdout, stderr };
}

describe('the fake clock preload', () => {
  it('moves Date.now(), new Date() and Date() by the offset, and leaves given dates alone', () => {
    const offset = TEST_INSTANTS.afterMidnight - Date.now();
    const before = Date.now();
    const run = probe(String(offset));
    const after = Date.now();
    expect(run.status, run.stderr).toBe(0);
    const seen = JSON.parse(run.stdout) as { now: number; date: number; text: string; given: number; isDate: boolean };
    for (const ms of [seen.now, seen.date]) {
      expect(ms).toBeGreaterThanOrEqual(before + offset);
      expect(ms).toBeLessThanOrEqual(after + offset);
    }
    // 00:30 in Shanghai is 16:30 of the day before in UTC.
    expect(seen.text).toMatch(/^Fri Nov 20 2026 16:3\d/);
    expect(seen.given).toBe(0);
    expect(seen.isDate).toBe(true);
  });

  it('refuses an offset that is not a whole number of milliseconds', () => {
    const run = probe('half an hour');
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain('FAKE_CLOCK_OFFSET_MS');
  });
});
