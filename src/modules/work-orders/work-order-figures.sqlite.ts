import { sql } from 'kysely';
import type { Db } from '../../db/database.js';
import type { FigureColumn, FigurePeriod, ResolveMedians } from './work-order-figures.repository.js';

const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;

/**
 * SQLite has no median, and numbering a month of durations in order (a window) sorts them all, per
 * grouping asked. Instead, one pass counts the durations per group and whole minute; the minutes that
 * hold each middle rank are found from the counts, and a second pass reads the exact durations of those
 * minutes only. The middle one (or the mean of the two middle ones of an even count) is the same value
 * as PostgreSQL's percentile_cont(0.5). The medians of the groups and of all of them, together.
 */
export async function resolveHoursMedianSqlite(db: Db, period: FigurePeriod, column: FigureColumn, finished: readonly string[]): Promise<ResolveMedians> {
  // Whole minutes by integer division: the divisor written in the statement, as a bound number would be a real.
  const where = sql`created_at >= ${period.startMs} and created_at < ${period.endMs} and status in (${sql.join([...finished])}) and resolved_at is not null`;
  const histogram = await sql<{ grp: string | null; minute: number; n: number }>`
    select ${sql.ref(column)} as grp, (resolved_at - created_at) / ${sql.lit(MINUTE_MS)} as minute, count(*) as n
    from work_orders where ${where} group by 1, 2`.execute(db);

  const perGroup = new Map<string, Map<number, number>>();
  const all = new Map<number, number>();
  for (const r of histogram.rows) {
    const group = r.grp ?? '';
    const counts = perGroup.get(group) ?? new Map<number, number>();
    counts.set(Number(r.minute), Number(r.n));
    perGroup.set(group, counts);
    all.set(Number(r.minute), (all.get(Number(r.minute)) ?? 0) + Number(r.n));
  }
  // For each group (and all, keyed by null), the minute and the rank within it of each middle rank.
  const wanted: { group: string | null; at: { minute: number; offset: number }[] }[] = [...perGroup].map(([group, counts]) => ({ group, at: middles(counts) }));
  wanted.push({ group: null, at: middles(all) });
  const minutes = [...new Set(wanted.flatMap((w) => w.at.map((a) => a.minute)))];
  if (minutes.length === 0) return { groups: new Map(), total: null };

  const exact = await sql<{ grp: string | null; ms: number }>`
    select ${sql.ref(column)} as grp, resolved_at - created_at as ms
    from work_orders where ${where} and (resolved_at - created_at) / ${sql.lit(MINUTE_MS)} in (${sql.join(minutes)})`.execute(db);
  // The exact durations by group and minute, and by minute over all groups, each sorted.
  const byGroupMinute = new Map<string, number[]>();
  const byMinute = new Map<number, number[]>();
  for (const r of exact.rows) {
    const ms = Number(r.ms);
    const minute = Math.floor(ms / MINUTE_MS);
    const key = `${r.grp ?? ''}\u0000${minute}`;
    const inGroup = byGroupMinute.get(key);
    if (inGroup) inGroup.push(ms);
    else byGroupMinute.set(key, [ms]);
    const inAll = byMinute.get(minute);
    if (inAll) inAll.push(ms);
    else byMinute.set(minute, [ms]);
  }
  for (const list of [...byGroupMinute.values(), ...byMinute.values()]) list.sort((a, b) => a - b);
  const out: ResolveMedians = { groups: new Map(), total: null };
  for (const w of wanted) {
    const values = w.at.map(({ minute, offset }) => (w.group === null ? byMinute.get(minute) : byGroupMinute.get(`${w.group}\u0000${minute}`))![offset]!);
    const hours = values.reduce((a, b) => a + b, 0) / values.length / HOUR_MS;
    if (w.group === null) out.total = hours;
    else out.groups.set(w.group, hours);
  }
  return out;
}

/** Where the middle rank(s) of the durations counted per minute fall: the minute, and the 0-based rank within it. */
function middles(counts: Map<number, number>): { minute: number; offset: number }[] {
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  const ranks = [...new Set([Math.floor((total + 1) / 2), Math.floor((total + 2) / 2)])];
  const sorted = [...counts].sort((a, b) => a[0] - b[0]);
  return ranks.map((rank) => {
    let before = 0;
    for (const [minute, n] of sorted) {
      if (before + n >= rank) return { minute, offset: rank - before - 1 };
      before += n;
    }
    throw new Error('a middle rank beyond the counts');
  });
}
