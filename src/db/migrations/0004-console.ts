import { type Kysely, sql } from 'kysely';

// Frozen: a migration, once released, is never edited. Changes go in a new migration.
// The web console (issue 5): people who sign in, their sessions, and what the console's pages read.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('users')
    .addColumn('username', 'text', (c) => c.primaryKey())
    // argon2id, in the PHC string format (algorithm, parameters and salt travel with the hash).
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('display_name', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('disabled_at', 'bigint')
    .execute();

  // A session's id is the SHA-256 of the cookie's random value: a copy of this table signs no one in.
  await db.schema
    .createTable('sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('username', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('last_seen_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sessions_username').on('sessions').column('username').execute();
  await db.schema.createIndex('sessions_expires').on('sessions').column('expires_at').execute();

  // Failed sign-ins per username and client address, in the database so that every server behind a
  // load balancer applies the same limit.
  await db.schema
    .createTable('sign_in_failures')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('failures', 'integer', (c) => c.notNull())
    .addColumn('first_failed_at', 'bigint', (c) => c.notNull())
    .execute();

  // ---- What the console's lists and the overview read --------------------------------------------

  // Items by their last event: the break-point rate's scope (DESIGN §5) and the item list's order.
  // Costs the ingest path one index entry per item row written (see docs/benchmarks.md).
  await db.schema.createIndex('items_last_event').on('items').columns(['last_event_at', 'tracking_no']).execute();
  // Acceptance and delivery scans by instant: the daily accepted / delivered figures and their lists.
  // Partial, so the other seven scan codes (three events in four) pay nothing.
  await sql`CREATE INDEX scan_events_accepted ON scan_events (at_ms, id, tracking_no) WHERE code = 'ACCEPTED'`.execute(db);
  await sql`CREATE INDEX scan_events_delivered ON scan_events (at_ms, id, tracking_no) WHERE code = 'DELIVERED'`.execute(db);
  // The open break-points by type, and by unit, whatever their age: closed ones (most of the table,
  // in time) are left out. Without the second, counting by unit walks every break-point ever opened.
  await sql`CREATE INDEX breakpoints_open_type ON breakpoints (type) WHERE closed_at IS NULL`.execute(db);
  await sql`CREATE INDEX breakpoints_open_unit ON breakpoints (responsible_unit) WHERE closed_at IS NULL`.execute(db);

  // The overview's figures per local day, computed by the same services as the lists and the rate
  // report and kept until a scan touches the day (see src/modules/overview/overview-days.ts).
  await db.schema
    .createTable('overview_days')
    .addColumn('time_zone', 'text', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    // '' for the day's total, else a city code (a province code for units without a city).
    .addColumn('grp', 'text', (c) => c.notNull())
    .addColumn('items', 'bigint', (c) => c.notNull())
    .addColumn('with_breakpoint', 'bigint', (c) => c.notNull())
    .addColumn('filled_late', 'bigint', (c) => c.notNull())
    .addColumn('accepted', 'bigint', (c) => c.notNull())
    .addColumn('delivered', 'bigint', (c) => c.notNull())
    .addColumn('accepted_delivered', 'bigint', (c) => c.notNull())
    // The scan watermark the figures were computed after, and the units they were grouped by.
    .addColumn('computed_wm', 'bigint', (c) => c.notNull())
    .addColumn('units_stamp', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('overview_days_pk', ['time_zone', 'day', 'grp'])
    .execute();
  // Quarter hours (epoch ms ÷ 900,000, so any time zone's days are whole runs of them) touched by
  // scans after a watermark: a day's figures computed before that watermark are stale.
  await db.schema
    .createTable('overview_changes')
    .addColumn('bucket', 'bigint', (c) => c.primaryKey())
    .addColumn('changed_wm', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('overview_state')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('value', 'bigint', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['overview_state', 'overview_changes', 'overview_days', 'sign_in_failures', 'sessions', 'users']) {
    await db.schema.dropTable(table).execute();
  }
  for (const index of ['breakpoints_open_unit', 'breakpoints_open_type', 'scan_events_delivered', 'scan_events_accepted', 'items_last_event']) {
    await db.schema.dropIndex(index).execute();
  }
}
