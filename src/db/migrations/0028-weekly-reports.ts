import { type Kysely, sql } from 'kysely';
import { isPostgres } from '../dialect.js';

// Frozen: a migration, once released, is never edited. Changes go in a new migration.
// Weekly reports (docs/decisions/0047-weekly-report.md):
// - `weekly_reports`: a program's or a division's report for an ISO week, as made (the JSON answer,
//   which the XLSX and PDF are drawn from). One per week, scope and time zone: made again on demand,
//   the row is replaced.
// - `report_outbox`: the reports a sponsor is pushed (report.weekly_ready), tailed by id like the other
//   outboxes; its own module (report-outbox), so the webhooks module reads it without a cycle.
export async function up(db: Kysely<unknown>): Promise<void> {
  const pg = isPostgres(db);
  await db.schema
    .createTable('weekly_reports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('week', 'text', (c) => c.notNull())
    .addColumn('scope_kind', 'text', (c) => c.notNull())
    .addColumn('scope_code', 'text', (c) => c.notNull())
    .addColumn('time_zone', 'text', (c) => c.notNull())
    // The program, for a program's report: whose partners may read it and whose sponsor is pushed it.
    .addColumn('program_code', 'text')
    .addColumn('generated_at', 'bigint', (c) => c.notNull())
    .addColumn('generated_by', 'text', (c) => c.notNull())
    .addColumn('report', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('weekly_reports_scope').on('weekly_reports').columns(['week', 'scope_kind', 'scope_code', 'time_zone']).unique().execute();
  await db.schema.createIndex('weekly_reports_program').on('weekly_reports').columns(['program_code', 'week']).execute();

  await db.schema
    .createTable('report_outbox')
    .addColumn('id', pg ? 'bigint' : 'integer', (c) => (pg ? c.primaryKey().generatedAlwaysAsIdentity() : c.primaryKey()))
    .addColumn('report_id', 'text', (c) => c.notNull())
    .addColumn('program_code', 'text', (c) => c.notNull())
    .addColumn('week', 'text', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .execute();
  await sql`INSERT INTO webhook_feeds (feed, position) VALUES ('report_outbox', 0)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DELETE FROM webhook_feeds WHERE feed = 'report_outbox'`.execute(db);
  await db.schema.dropTable('report_outbox').execute();
  await db.schema.dropTable('weekly_reports').execute();
}
