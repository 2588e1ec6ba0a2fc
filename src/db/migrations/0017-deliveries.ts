import type { Kysely } from 'kysely';
import { isPostgres } from '../dialect.js';

// Frozen: a migration, once released, is never edited. Changes go in a new migration.
// Delivery outcomes and their proof (docs/decisions/0032-delivery-outcomes.md): one row per outcome,
// found again by the phone's clientId; its images apart, so that lists never read them; ID-number
// mismatches counted, the number itself never kept.
export async function up(db: Kysely<unknown>): Promise<void> {
  const pg = isPostgres(db);
  await db.schema
    .createTable('delivery_outcomes')
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('tracking_no', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    // The event written with it, by its identity (item, code, instant, site).
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('at_ms', 'bigint', (c) => c.notNull())
    .addColumn('at_offset_min', 'integer', (c) => c.notNull())
    .addColumn('site', 'text', (c) => c.notNull())
    .addColumn('operator', 'text')
    .addColumn('recorded_by', 'text', (c) => c.notNull())
    .addColumn('received_by', 'text')
    .addColumn('receiver_masked', 'text')
    // 1 when the ID number given matched the recipient's (a mismatch is never stored), null when none was given.
    .addColumn('id_matched', 'integer')
    .addColumn('reason', 'text')
    .addColumn('latitude', pg ? 'double precision' : 'real')
    .addColumn('longitude', pg ? 'double precision' : 'real')
    .addColumn('activation_result', 'text')
    .addColumn('activation_staff', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    // Keyed by item first: written with the item's events, they sit on its shard once distributed.
    .addPrimaryKeyConstraint('delivery_outcomes_pk', ['tracking_no', 'id'])
    .execute();
  // A resend of an outcome is found by the item and the phone's id; a clientId reused for another
  // item is refused by the service, which looks it up by this second index.
  await db.schema.createIndex('delivery_outcomes_client').on('delivery_outcomes').columns(['tracking_no', 'client_id']).unique().execute();
  await db.schema.createIndex('delivery_outcomes_client_id').on('delivery_outcomes').column('client_id').execute();
  await db.schema.createIndex('delivery_outcomes_item').on('delivery_outcomes').columns(['tracking_no', 'at_ms']).execute();
  await db.schema
    .createTable('delivery_images')
    .addColumn('tracking_no', 'text', (c) => c.notNull())
    .addColumn('outcome_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('media_type', 'text', (c) => c.notNull())
    .addColumn('bytes', pg ? 'bytea' : 'blob', (c) => c.notNull())
    .addPrimaryKeyConstraint('delivery_images_pk', ['tracking_no', 'outcome_id', 'kind'])
    .execute();
  await db.schema
    .createTable('delivery_id_mismatches')
    .addColumn('id', pg ? 'bigint' : 'integer', (c) => (pg ? c.primaryKey().generatedAlwaysAsIdentity() : c.primaryKey()))
    .addColumn('tracking_no', 'text', (c) => c.notNull())
    .addColumn('program_code', 'text')
    .addColumn('site', 'text', (c) => c.notNull())
    .addColumn('recorded_by', 'text', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('delivery_id_mismatches_item').on('delivery_id_mismatches').columns(['tracking_no', 'at']).execute();
  // Counted for a period: a range of this index, however many items.
  await db.schema.createIndex('delivery_id_mismatches_at').on('delivery_id_mismatches').column('at').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('delivery_id_mismatches').execute();
  await db.schema.dropTable('delivery_images').execute();
  await db.schema.dropTable('delivery_outcomes').execute();
}
