import { type Kysely, sql } from 'kysely';
import { isPostgres } from '../dialect.js';

// Frozen: a migration, once released, is never edited. Changes go in a new migration.
// The work-order figures kept per local day (docs/decisions/0045-work-order-figure-days.md):
// - `work_order_figure_zones`: the time zones whose days are stored; a zone is added, with all its days
//   computed from the orders, the first time its figures are asked for.
// - `work_order_figure_days`: per zone, grouping (type, unit, program, channel, or all), day of creation
//   and group, the sums of the orders' contributions, and their times to resolve counted per ten minutes.
// - `work_order_resolve_times`: each resolved order's exact time to resolve with its groups, found by its
//   ten minutes, for the median's middle values.
// - `work_orders_open_queue`: the queue of open orders in its sort order, without the resolved and closed ones.
export async function up(db: Kysely<unknown>): Promise<void> {
  const pg = isPostgres(db);
  await db.schema.createTable('work_order_figure_zones').addColumn('time_zone', 'text', (c) => c.primaryKey()).execute();

  await db.schema
    .createTable('work_order_figure_days')
    .addColumn('time_zone', 'text', (c) => c.notNull())
    .addColumn('grouping', 'text', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('grp', 'text', (c) => c.notNull())
    .addColumn('created', 'integer', (c) => c.notNull())
    .addColumn('resolved', 'integer', (c) => c.notNull())
    .addColumn('responded', 'integer', (c) => c.notNull())
    .addColumn('responded_on_time', 'integer', (c) => c.notNull())
    .addColumn('resolved_on_time', 'integer', (c) => c.notNull())
    .addColumn('ever_resolved', 'integer', (c) => c.notNull())
    .addColumn('reopened', 'integer', (c) => c.notNull())
    .addColumn('rated', 'integer', (c) => c.notNull())
    .addColumn('satisfaction_sum', 'integer', (c) => c.notNull())
    .addColumn('complaints', 'integer', (c) => c.notNull())
    // Pairs of little-endian int32: ten-minute bucket of the time to resolve, orders; by bucket.
    .addColumn('resolve_buckets', pg ? 'bytea' : 'blob', (c) => c.notNull())
    .addPrimaryKeyConstraint('work_order_figure_days_pk', ['time_zone', 'grouping', 'day', 'grp'])
    .execute();

  await db.schema
    .createTable('work_order_resolve_times')
    .addColumn('time_zone', 'text', (c) => c.notNull())
    .addColumn('bucket', 'integer', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('order_id', 'bigint', (c) => c.notNull())
    .addColumn('ms', 'bigint', (c) => c.notNull())
    // The order's groups, for the median of one group: the rows of its middle ten minutes are read, then kept by group.
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('unit', 'text', (c) => c.notNull())
    .addColumn('program', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('work_order_resolve_times_pk', ['time_zone', 'bucket', 'day', 'order_id'])
    .execute();

  await sql`CREATE INDEX work_orders_open_queue ON work_orders (green_channel DESC, next_due_at, id)
            WHERE status NOT IN ('resolved', 'closed')`.execute(db);
  if (pg) await sql`ANALYZE work_orders`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX work_orders_open_queue`.execute(db);
  await db.schema.dropTable('work_order_resolve_times').execute();
  await db.schema.dropTable('work_order_figure_days').execute();
  await db.schema.dropTable('work_order_figure_zones').execute();
}
