import type { Kysely } from 'kysely';

// Frozen: a migration, once released, is never edited. Changes go in a new migration.
// The exact reports count what a scan batch changed instead of computing its days again
// (docs/decisions/0029-counting-what-changed.md): per time zone and item, where the item was last
// counted in the stored days and what it contributed there. The stored days are emptied, so that
// every stored day is one whose items all have such a row (they are computed again when asked, and
// by the refresh job when it starts). The quarter hours that marked days stale are no longer needed.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('overview_item_counts')
    .addColumn('time_zone', 'text', (c) => c.notNull())
    .addColumn('tracking_no', 'text', (c) => c.notNull())
    // The local day of its last scan where it was counted in the rate, and the facts it was counted by.
    .addColumn('rate_day', 'text')
    .addColumn('rate_facts', 'text')
    // The local days of its first acceptance and first delivery where it was counted, and whether it
    // was counted as delivered among the day's accepted items.
    .addColumn('accepted_day', 'text')
    .addColumn('accepted_delivered', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('delivered_day', 'text')
    .addPrimaryKeyConstraint('overview_item_counts_pk', ['time_zone', 'tracking_no'])
    .execute();
  // A day computed again finds the items it counted before by these.
  for (const column of ['rate_day', 'accepted_day', 'delivered_day']) {
    await db.schema.createIndex(`overview_item_counts_${column}`).on('overview_item_counts').columns(['time_zone', column]).execute();
  }
  await db.deleteFrom('overview_days' as never).execute();
  await db.deleteFrom('overview_day_groups' as never).execute();
  await db.schema.dropTable('overview_changes').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('overview_changes')
    .addColumn('bucket', 'bigint', (c) => c.primaryKey())
    .addColumn('changed_wm', 'bigint', (c) => c.notNull())
    .execute();
  await db.deleteFrom('overview_days' as never).execute();
  await db.deleteFrom('overview_day_groups' as never).execute();
  await db.schema.dropTable('overview_item_counts').execute();
}
