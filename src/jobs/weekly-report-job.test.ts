import type { FastifyBaseLogger } from 'fastify';
import { pino } from 'pino';
import { describe, expect, it, vi } from 'vitest';
import { describeEachDialect } from '../../test/test-db.js';
import { type MakeWeeklyReports, dueWeek, runWeeklyReports, startWeeklyReportJob } from './weekly-report-job.js';

const SHANGHAI = 'Asia/Shanghai';
const BERLIN = 'Europe/Berlin';
const MINUTE = 60_000;

describe('dueWeek', () => {
  it('turns to the week just ended at Monday 08:00 local, not a minute before', () => {
    expect(dueWeek(Date.parse('2026-11-30T07:59:59.999+08:00'), SHANGHAI)).toBe('2026-W47');
    expect(dueWeek(Date.parse('2026-11-30T08:00:00+08:00'), SHANGHAI)).toBe('2026-W48');
    // Monday 00:00–07:59: still the week before last (a server started then makes it if it is missing).
    expect(dueWeek(Date.parse('2026-11-30T00:00:00+08:00'), SHANGHAI)).toBe('2026-W47');
  });

  it('reads the Monday in the configured zone, not in UTC', () => {
    // Sunday 23:30 in Shanghai is Sunday in UTC too; Monday 07:00 in Shanghai is still Sunday in UTC.
    expect(dueWeek(Date.parse('2026-11-29T23:30:00+08:00'), SHANGHAI)).toBe('2026-W47');
    expect(dueWeek(Date.parse('2026-11-30T07:00:00+08:00'), SHANGHAI)).toBe('2026-W47');
    // 2026-11-30T00:30Z is Monday 08:30 in Shanghai but only 01:30 in Berlin.
    const instant = Date.parse('2026-11-30T00:30:00Z');
    expect(dueWeek(instant, SHANGHAI)).toBe('2026-W48');
    expect(dueWeek(instant, BERLIN)).toBe('2026-W47');
  });

  it('on a Sunday, is the week before the one ending that day', () => {
    expect(dueWeek(Date.parse('2026-12-06T12:00:00+08:00'), SHANGHAI)).toBe('2026-W48');
    expect(dueWeek(Date.parse('2026-12-06T23:59:59+08:00'), SHANGHAI)).toBe('2026-W48');
  });

  it('crosses from 2026 (53 weeks) into 2027', () => {
    // Friday 1 January 2027 belongs to 2026-W53.
    expect(dueWeek(Date.parse('2027-01-01T12:00:00+08:00'), SHANGHAI)).toBe('2026-W52');
    expect(dueWeek(Date.parse('2027-01-04T07:59:00+08:00'), SHANGHAI)).toBe('2026-W52');
    expect(dueWeek(Date.parse('2027-01-04T08:00:00+08:00'), SHANGHAI)).toBe('2026-W53');
    expect(dueWeek(Date.parse('2027-01-11T07:59:00+08:00'), SHANGHAI)).toBe('2026-W53');
    expect(dueWeek(Date.parse('2027-01-11T08:00:00+08:00'), SHANGHAI)).toBe('2027-W01');
  });

  it('keeps to 08:00 on the wall clock across summer-time changes', () => {
    // Berlin moved to CEST (+02:00) on Sunday 29 March 2026: Monday 08:00 is 06:00 UTC.
    expect(dueWeek(Date.parse('2026-03-30T05:59:00Z'), BERLIN)).toBe('2026-W12');
    expect(dueWeek(Date.parse('2026-03-30T06:00:00Z'), BERLIN)).toBe('2026-W13');
    // Back to CET (+01:00) on Sunday 25 October 2026: Monday 08:00 is 07:00 UTC, and 06:30 UTC is
    // 07:30 local (a summer offset would read 08:30 and turn too early).
    expect(dueWeek(Date.parse('2026-10-26T06:30:00Z'), BERLIN)).toBe('2026-W42');
    expect(dueWeek(Date.parse('2026-10-26T07:00:00Z'), BERLIN)).toBe('2026-W43');
  });

  it('takes another hour, and refuses one that is not an hour of the day', () => {
    expect(dueWeek(Date.parse('2026-11-30T00:00:00+08:00'), SHANGHAI, 0)).toBe('2026-W48');
    expect(dueWeek(Date.parse('2026-11-30T08:00:00+08:00'), SHANGHAI, 9)).toBe('2026-W47');
    expect(() => dueWeek(0, SHANGHAI, 24)).toThrow(RangeError);
    expect(() => dueWeek(0, SHANGHAI, 7.5)).toThrow(RangeError);
  });
});

describeEachDialect('weekly report job', (ctx) => {
  const recorder = () => {
    const calls: [week: string, now: number][] = [];
    const make: MakeWeeklyReports = async (week, now) => {
      calls.push([week, now]);
      return { made: 3 };
    };
    return { calls, make };
  };

  it('runs once per tick across two servers: the lease lets one of them make the reports', async () => {
    const now = Date.parse('2026-11-30T08:05:00+08:00');
    const a = recorder();
    const b = recorder();
    const [ranA, ranB] = await Promise.all([
      runWeeklyReports(ctx.handle, 'server-a', now, 20 * MINUTE, SHANGHAI, a.make),
      runWeeklyReports(ctx.handle, 'server-b', now, 20 * MINUTE, SHANGHAI, b.make),
    ]);
    expect([ranA, ranB].filter((r) => r === null)).toHaveLength(1);
    expect([ranA, ranB].find((r) => r !== null)).toEqual({ week: '2026-W48', made: 3 });
    expect([...a.calls, ...b.calls]).toEqual([['2026-W48', now]]);
    // The holder's lease lasts its ttl: the other server runs once it has expired.
    const [other, otherCalls] = ranA === null ? ['server-a', a] : ['server-b', b];
    expect(await runWeeklyReports(ctx.handle, other, now + 10 * MINUTE, 20 * MINUTE, SHANGHAI, otherCalls.make)).toBeNull();
    expect(await runWeeklyReports(ctx.handle, other, now + 21 * MINUTE, 20 * MINUTE, SHANGHAI, otherCalls.make)).toEqual({ week: '2026-W48', made: 3 });
  });

  it('started as `songda serve` starts it, asks for the due week in the configured zone at the clock’s time', async () => {
    const now = Date.parse('2027-01-04T08:00:00+08:00');
    const { calls, make } = recorder();
    const log = pino({ level: 'silent' }) as unknown as FastifyBaseLogger;
    const stop = startWeeklyReportJob({ store: ctx.handle, clock: () => now, log, timeZone: SHANGHAI, make, intervalMs: 20 });
    try {
      await vi.waitFor(() => expect(calls.length).toBeGreaterThanOrEqual(2), { timeout: 10_000, interval: 20 });
    } finally {
      await stop();
    }
    expect(new Set(calls.map(([week, at]) => `${week} ${at}`))).toEqual(new Set([`2026-W53 ${now}`]));
  });
});
