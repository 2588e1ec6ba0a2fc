import type { Kysely } from 'kysely';
import { isPostgres } from '../dialect.js';

// Frozen: a migration, once released, is never edited. Changes go in a new migration.
// Programs, partners, recipient lists, requests, invitations, charges and consignments (issue 4).
export async function up(db: Kysely<unknown>): Promise<void> {
  const pg = isPostgres(db);
  const serial = (table: string) =>
    db.schema.createTable(table).addColumn('id', pg ? 'bigint' : 'integer', (c) => (pg ? c.primaryKey().generatedAlwaysAsIdentity() : c.primaryKey()));

  await db.schema
    .createTable('partners')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('division_code', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('programs')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('document_type', 'text', (c) => c.notNull())
    .addColumn('sponsor', 'text', (c) => c.notNull())
    .addColumn('payer_mode', 'text', (c) => c.notNull())
    // JSON: [{partner, share}] as given (shares as decimal strings are avoided: numbers, summing to 1).
    .addColumn('payer_shares', 'text')
    // JSON: {recipientOnly, idCheck, activationBank?}
    .addColumn('requirements', 'text', (c) => c.notNull())
    .addColumn('sla_days', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  // One row per program and resident ID. ID and phone are sealed (AES-256-GCM) and found by keyed hash.
  await db.schema
    .createTable('recipients')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('program_code', 'text', (c) => c.notNull())
    .addColumn('id_hash', 'text', (c) => c.notNull())
    .addColumn('id_sealed', 'text', (c) => c.notNull())
    .addColumn('id_masked', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('phone_sealed', 'text', (c) => c.notNull())
    .addColumn('phone_masked', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('division_code', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('recipients_program_id').on('recipients').columns(['program_code', 'id_hash']).unique().execute();

  await db.schema
    .createTable('invitations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('program_code', 'text', (c) => c.notNull())
    .addColumn('recipient_id_hash', 'text')
    .addColumn('document_no', 'text')
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('used_at', 'bigint')
    .addColumn('request_id', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('invitations_program').on('invitations').columns(['program_code', 'created_at']).execute();

  await db.schema
    .createTable('requests')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('program_code', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('recipient_id', 'text')
    .addColumn('invitation_id', 'text')
    .addColumn('document_no', 'text')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('id_hash', 'text')
    .addColumn('id_sealed', 'text')
    .addColumn('id_masked', 'text')
    .addColumn('phone_sealed', 'text', (c) => c.notNull())
    .addColumn('phone_hash', 'text', (c) => c.notNull())
    .addColumn('phone_masked', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('address', 'text')
    .addColumn('division_code', 'text')
    .addColumn('delivery_office', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('status_reason', 'text')
    .addColumn('tracking_no', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('requests_program_created').on('requests').columns(['program_code', 'created_at']).execute();
  await db.schema.createIndex('requests_tracking_no').on('requests').column('tracking_no').execute();

  // What each payer owes for an item, in fen. A multi-party item has one row per partner.
  await db.schema
    .createTable('item_charges')
    .addColumn('tracking_no', 'text', (c) => c.notNull())
    .addColumn('payer', 'text', (c) => c.notNull())
    .addColumn('program_code', 'text', (c) => c.notNull())
    .addColumn('postage_fen', 'integer', (c) => c.notNull())
    .addColumn('donation_fen', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('item_charges_pk', ['tracking_no', 'payer'])
    .execute();
  await db.schema.createIndex('item_charges_program').on('item_charges').columns(['program_code', 'created_at']).execute();

  // The program an item was mailed for, when it came from a request.
  await db.schema.alterTable('items').addColumn('program_code', 'text').execute();

  await db.schema
    .createTable('consignments')
    .addColumn('tracking_no', 'text', (c) => c.primaryKey())
    .addColumn('from_partner', 'text', (c) => c.notNull())
    .addColumn('to_unit', 'text')
    .addColumn('to_partner', 'text')
    // The first OPENED event (by instant): scans after it no longer reach the items.
    .addColumn('opened_at', 'bigint')
    .addColumn('opened_site', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('consignment_items')
    .addColumn('consignment_no', 'text', (c) => c.notNull())
    .addColumn('tracking_no', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('consignment_items_pk', ['consignment_no', 'tracking_no'])
    .execute();
  await db.schema.createIndex('consignment_items_item').on('consignment_items').column('tracking_no').execute();
  await serial('consignment_events')
    .addColumn('consignment_no', 'text', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('at_ms', 'bigint', (c) => c.notNull())
    .addColumn('at_offset_min', 'integer', (c) => c.notNull())
    .addColumn('site', 'text', (c) => c.notNull())
    .addColumn('operator', 'text')
    .addColumn('reason', 'text')
    .addColumn('next_site', 'text')
    .addColumn('received_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('consignment_events_identity')
    .on('consignment_events')
    .columns(['consignment_no', 'at_ms', 'code', 'site'])
    .unique()
    .execute();
  // An item event copied from a scan of the consignment that carried it.
  await db.schema.alterTable('scan_events').addColumn('via_consignment', 'text').execute();

  // Who saw personal data in clear, and other acts worth a trace.
  await serial('audit_log')
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('detail', 'text')
    .execute();
  await db.schema.createIndex('audit_log_at').on('audit_log').columns(['at', 'id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('scan_events').dropColumn('via_consignment').execute();
  await db.schema.alterTable('items').dropColumn('program_code').execute();
  for (const table of ['audit_log', 'consignment_events', 'consignment_items', 'consignments', 'item_charges', 'requests', 'invitations', 'recipients', 'programs', 'partners']) {
    await db.schema.dropTable(table).execute();
  }
}
