import { formatLocalDate, localDateOf } from '../../src/domain/local-day.js';
import { WORK_ORDER_TYPES, policyFor } from '../../src/domain/work-order-clock.js';
import { NO_DEADLINE, WORK_ORDER_CHANNELS } from '../../src/modules/work-orders/work-order.table.js';
import type { SqliteHandle } from './province-store.js';

const DAY = 86_400_000;
const MINUTE = 60_000;
const OPEN = ['new', 'assigned', 'in_progress', 'waiting_customer', 'waiting_unit'] as const;

/**
 * Fills a benchmark store with `total` work orders over `days` days up to `endMs` (the store's, or more: orders of
 * items mailed before the store's scans), `open` of them
 * still open (the newest, with a few old overdue ones among them), the rest resolved or closed, each
 * with its history (creation, and a resolve for a finished one). Written straight into the tables in one
 * transaction — a data generator, like the simulator's scans: a million orders through the API would
 * take hours — with the deadlines of the default policy on an always-open calendar, as the module
 * stores them. Seeded: the same store each time. Answers how many it added (0 when the store has them).
 */
export function loadWorkOrders(store: SqliteHandle, options: { total: number; open: number; days: number; endMs: number; timeZone: string }): number {
  const db = store.sqlite;
  const have = (db.prepare('SELECT count(*) AS n FROM work_orders').get() as { n: number }).n;
  const first = (db.prepare('SELECT min(created_at) AS t FROM work_orders').get() as { t: number | null }).t;
  // The same orders over the same days are kept; another span is loaded again.
  if (have >= options.total && first !== null && Math.abs(first - (options.endMs - options.days * DAY)) < DAY) return 0;
  // Written straight into the tables, past the module's writes: the stored figure days are forgotten, computed again when first asked for.
  db.exec(`DELETE FROM work_order_history; DELETE FROM work_orders; DELETE FROM work_order_days;
           DELETE FROM work_order_resolve_times; DELETE FROM work_order_figure_days; DELETE FROM work_order_figure_zones;`);
  const units = (db.prepare('SELECT code FROM units ORDER BY code').all() as { code: string }[]).map((u) => u.code);
  const items = (db.prepare('SELECT tracking_no AS t FROM items ORDER BY tracking_no LIMIT ?').all(options.total) as { t: string }[]).map((r) => r.t);
  let seed = 20261204;
  const random = () => {
    seed = (seed * 1664525 + 1013904223) >>> 0;
    return seed / 2 ** 32;
  };
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  const insertOrder = db.prepare(`INSERT INTO work_orders (id, number, type, channel, status, priority, green_channel, tracking_no, program_code, description, unit,
      escalation_level, created_by_kind, created_by, first_response_due_at, first_response_done_at, resolution_due_at, resolution_done_at, next_due_at,
      paused, outcome, resolved_at, closed_at, reopen_count, satisfaction, last_seq, created_at, updated_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?, 'staff', 'user:bench', ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?)`);
  const insertHistory = db.prepare(`INSERT INTO work_order_history (order_id, seq, at, action, actor_kind, actor, from_status, to_status, responds, outcome)
    VALUES (?, ?, ?, ?, 'staff', 'user:bench', ?, ?, ?, ?)`);
  const perDay = new Map<string, number>();
  const span = options.days * DAY;
  const start = options.endMs - span;
  // The orders of the newest three days are open, and as many older ones, picked at random, as make up
  // `open` (none when the newest three days hold them all, as over the store's 30 days).
  const recent = Math.min(options.open, Math.round((options.total * 3) / options.days));
  const olderRate = (options.open - recent) / (options.total - recent);
  db.transaction(() => {
    for (let i = 0; i < options.total; i++) {
      const id = i + 1;
      // Created in time order, with 1 in 50 of the open ones taken from anywhere in the period (old, overdue).
      const open = i >= options.total - recent || (olderRate > 0 && random() < olderRate);
      const createdAt = open && random() < 0.02 ? start + Math.floor(random() * span) : start + Math.floor((i / options.total) * span);
      const type = pick(WORK_ORDER_TYPES);
      const green = random() < 0.05;
      const priority = green || random() < 0.1 ? 'urgent' : 'normal';
      const policy = policyFor(type, priority);
      const firstDue = createdAt + policy.firstResponseMinutes * MINUTE;
      const resolutionDue = createdAt + policy.resolutionMinutes * MINUTE;
      const status = open ? pick(OPEN) : random() < 0.7 ? 'resolved' : 'closed';
      const responded = status !== 'new' && status !== 'assigned' ? createdAt + Math.floor(random() * 2 * policy.firstResponseMinutes * MINUTE) : null;
      const resolvedAt = open ? null : Math.max(responded ?? createdAt, createdAt + Math.floor(random() * 1.5 * policy.resolutionMinutes * MINUTE));
      const nextDue = open ? (responded === null ? Math.min(firstDue, resolutionDue) : resolutionDue) : NO_DEADLINE;
      const now = options.endMs;
      const level = !open ? 0 : now - createdAt >= 2 * policy.resolutionMinutes * MINUTE ? 3 : now > resolutionDue ? 2 : responded === null && now > firstDue ? 1 : 0;
      const day = formatLocalDate(localDateOf(createdAt, options.timeZone));
      const seq = (perDay.get(day) ?? 0) + 1;
      perDay.set(day, seq);
      const number = `WO${day.replaceAll('-', '')}${String(seq).padStart(6, '0')}`;
      const lastSeq = open ? 1 : 2;
      insertOrder.run(
        id, number, type, pick(WORK_ORDER_CHANNELS), status, priority, green ? 1 : 0, random() < 0.8 ? items[i % items.length]! : null, '—', pick(units),
        level, firstDue, responded, resolutionDue, resolvedAt, nextDue, status === 'waiting_customer' ? 1 : 0, open ? null : pick(['done', 'answered', 'not_done']),
        resolvedAt, status === 'closed' ? resolvedAt : null, open || random() < 0.6 ? null : 1 + Math.floor(random() * 5), lastSeq, createdAt, resolvedAt ?? createdAt,
      );
      insertHistory.run(id, 1, createdAt, 'create', null, 'new', 0, null);
      if (!open) insertHistory.run(id, 2, resolvedAt, 'resolve', 'in_progress', 'resolved', 1, 'done');
    }
    const day = db.prepare('INSERT INTO work_order_days (day, last_seq) VALUES (?, ?)');
    for (const [d, n] of perDay) day.run(d, n);
  })();
  db.exec('ANALYZE');
  return options.total;
}
