import type { Kysely } from 'kysely';

// Frozen: a migration, once released, is never edited. Changes go in a new migration.
// The break-point rate of each local day, in total and per unit, city and province, kept beside the
// overview's day figures (overview_days) and computed with them or on their own, so that the rate
// report sums a few rows per day instead of reading every scan of every item in its period (see
// src/modules/overview/overview-days.ts).
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('overview_day_groups')
    .addColumn('time_zone', 'text', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    // 'total' (grp ''), 'unit', 'city' or 'province'.
    .addColumn('grouping', 'text', (c) => c.notNull())
    .addColumn('grp', 'text', (c) => c.notNull())
    .addColumn('items', 'bigint', (c) => c.notNull())
    .addColumn('with_breakpoint', 'bigint', (c) => c.notNull())
    .addColumn('filled_late', 'bigint', (c) => c.notNull())
    // As in overview_days: the scan watermark the figures were computed after, and the units they
    // were grouped by (read from the day's 'total' row).
    .addColumn('computed_wm', 'bigint', (c) => c.notNull())
    .addColumn('units_stamp', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('overview_day_groups_pk', ['time_zone', 'grouping', 'day', 'grp'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('overview_day_groups').execute();
}
