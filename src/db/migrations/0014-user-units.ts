import type { Kysely } from 'kysely';

// Frozen: a migration, once released, is never edited. Changes go in a new migration.
// A console user of the post's own staff may belong to one unit (a delivery office, a processing
// centre, a branch): the users page lists people by unit. Null for users of no particular unit and for
// partners' users, who belong to their partner instead. The audit log is read by actor and by action
// over a period: indexes that keep those filters a range scan however long the log grows.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('users').addColumn('unit', 'text').execute();
  await db.schema.createIndex('users_unit').on('users').columns(['unit', 'username']).execute();
  await db.schema.createIndex('audit_log_actor').on('audit_log').columns(['actor', 'at', 'id']).execute();
  await db.schema.createIndex('audit_log_action').on('audit_log').columns(['action', 'at', 'id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('audit_log_action').execute();
  await db.schema.dropIndex('audit_log_actor').execute();
  await db.schema.dropIndex('users_unit').execute();
  await db.schema.alterTable('users').dropColumn('unit').execute();
}
