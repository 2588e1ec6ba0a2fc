/**
 * Work-order clock benchmark: the cost of `clockOf` per order, as a queue page pays it (one call per
 * row, one calendar object per unit). Orders open 90 days with 60 history rows (a pause every three
 * days), and fresh orders with one row, on 7×24, the seed centre's calendar and an office's
 * weekday hours with holidays. Prints CPU microseconds per call (steadier than wall time on a shared
 * machine); the last line is JSON.
 *
 *   npx tsx bench/work-order-clock.ts [--calls N] [--module ../src/domain/work-order-clock.js]
 */
import { parseArgs } from 'node:util';
import type * as Clock from '../src/domain/work-order-clock.js';

const { values } = parseArgs({ options: { calls: { type: 'string', default: '20000' }, module: { type: 'string', default: '../src/domain/work-order-clock.js' } } });
const calls = Number(values.calls);
const clock = (await import(values.module)) as typeof Clock;
const DAY = 86_400_000;

const created = Date.parse('2027-01-10T09:00:00+08:00');
const longOrder: Clock.ClockEvent[] = [
  { at: new Date(created), status: 'new', responds: false },
  { at: new Date(created + DAY / 24), status: 'in_progress', responds: true },
];
for (let d = 1; d < 88; d += 3) {
  longOrder.push({ at: new Date(created + d * DAY), status: 'waiting_customer', responds: true });
  longOrder.push({ at: new Date(created + (d + 1) * DAY), status: 'in_progress', responds: false });
}
const freshOrder: Clock.ClockEvent[] = [{ at: new Date(created + 89 * DAY), status: 'new', responds: false }];
const now = new Date(created + 90 * DAY);
const policy = clock.policyFor('loss_report', 'normal');
const calendars: Record<string, Clock.WorkCalendar> = {
  '7x24': clock.ALWAYS_OPEN,
  centre: clock.SEED_CENTRE_CALENDAR,
  office: { timeZone: 'Asia/Shanghai', hours: { open: '09:00', close: '17:00', weekdays: [1, 2, 3, 4, 5] }, holidays: ['2027-02-08', '2027-04-05'], workdays: ['2027-02-20'] },
};

/** CPU time per call (all the process's threads: the collector's too), and wall time per call. */
function microsPerCall(events: Clock.ClockEvent[], calendar: Clock.WorkCalendar): { cpu: number; wall: number } {
  for (let i = 0; i < 500; i += 1) clock.clockOf({ events, policy, calendar, now }); // warm-up
  const before = process.cpuUsage();
  const started = performance.now();
  for (let i = 0; i < calls; i += 1) clock.clockOf({ events, policy, calendar, now });
  const wall = ((performance.now() - started) * 1000) / calls;
  const used = process.cpuUsage(before);
  return { cpu: (used.user + used.system) / calls, wall };
}

const figures: Record<string, { longOrder: { cpu: number; wall: number }; freshOrder: { cpu: number; wall: number }; page50CpuMs: number }> = {};
const round = (t: { cpu: number; wall: number }) => ({ cpu: Number(t.cpu.toFixed(1)), wall: Number(t.wall.toFixed(1)) });
for (const [name, calendar] of Object.entries(calendars)) {
  const longOrder90 = microsPerCall(longOrder, calendar);
  const fresh = microsPerCall(freshOrder, calendar);
  const page50CpuMs = Number(((50 * longOrder90.cpu) / 1000).toFixed(2));
  figures[name] = { longOrder: round(longOrder90), freshOrder: round(fresh), page50CpuMs };
  console.log(
    `${name.padEnd(6)}  90-day order, 60 rows: ${longOrder90.cpu.toFixed(1)} µs CPU, ${longOrder90.wall.toFixed(1)} µs wall a call (50 such: ${page50CpuMs} ms CPU)  one-row order: ${fresh.cpu.toFixed(1)} µs CPU, ${fresh.wall.toFixed(1)} µs wall`,
  );
}
console.log(JSON.stringify({ calls, figures }));
