import { type Kysely, sql } from 'kysely';
import { isPostgres } from '../dialect.js';

// Frozen: a migration, once released, is never edited. Changes go in a new migration.
// Customer-service work orders (docs/decisions/0043-work-orders.md):
// - `work_orders`: one row per order, with the deadlines as of its last action kept on the row so the
//   queue sorts and filters (overdue) without reading history; `next_due_at` is the nearest deadline not
//   yet met, or NO_DEADLINE for an order that has none left, so the queue's keyset needs no NULLs.
// - `work_order_history`: every action, numbered per order; the clock is a function of these rows.
// - `work_order_days`: the last number given on each local day, counted up in the creating transaction.
// - `work_order_outbox`: what the sponsor is pushed (work_order.updated, …), as each action left the order, tailed by id
//   like the other outboxes (its own module, work-order-outbox, so the webhooks module reads it without a cycle).
// - green channel flags on programs and partners, a deadline policy per program, a work calendar per unit.
export async function up(db: Kysely<unknown>): Promise<void> {
  const pg = isPostgres(db);

  await db.schema
    .createTable('work_orders')
    .addColumn('id', pg ? 'bigint' : 'integer', (c) => (pg ? c.primaryKey().generatedAlwaysAsIdentity() : c.primaryKey()))
    .addColumn('number', 'text', (c) => c.notNull().unique())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('priority', 'text', (c) => c.notNull())
    .addColumn('green_channel', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('tracking_no', 'text')
    .addColumn('program_code', 'text')
    .addColumn('contact_name', 'text')
    .addColumn('contact_phone_sealed', 'text')
    .addColumn('contact_phone_hash', 'text')
    .addColumn('contact_phone_masked', 'text')
    .addColumn('description', 'text', (c) => c.notNull())
    // The address an address_change order asks for, carried out when it is resolved as done.
    .addColumn('new_address', 'text')
    .addColumn('new_division_code', 'text')
    .addColumn('unit', 'text', (c) => c.notNull())
    .addColumn('assignee', 'text')
    .addColumn('escalation_level', 'integer', (c) => c.notNull().defaultTo(0))
    // Who opened it: `staff`, `partner` or `citizen`, and the actor (`user:<name>`, `token:<id>`, null for a citizen).
    .addColumn('created_by_kind', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('first_response_due_at', 'bigint', (c) => c.notNull())
    .addColumn('first_response_done_at', 'bigint')
    .addColumn('resolution_due_at', 'bigint', (c) => c.notNull())
    .addColumn('resolution_done_at', 'bigint')
    .addColumn('next_due_at', 'bigint', (c) => c.notNull())
    .addColumn('paused', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('outcome', 'text')
    .addColumn('resolved_at', 'bigint')
    .addColumn('closed_at', 'bigint')
    .addColumn('reopen_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('satisfaction', 'integer')
    .addColumn('rated_at', 'bigint')
    .addColumn('last_seq', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  // The queue: green channel first, then the nearest deadline; `id` makes the keyset total.
  await sql`CREATE INDEX work_orders_queue ON work_orders (green_channel DESC, next_due_at, id)`.execute(db);
  await sql`CREATE INDEX work_orders_unit_queue ON work_orders (unit, green_channel DESC, next_due_at, id)`.execute(db);
  await db.schema.createIndex('work_orders_item').on('work_orders').columns(['tracking_no', 'id']).execute();
  await db.schema.createIndex('work_orders_program').on('work_orders').columns(['program_code', 'created_at']).execute();
  await db.schema.createIndex('work_orders_created').on('work_orders').columns(['created_at', 'id']).execute();
  await db.schema.createIndex('work_orders_status_due').on('work_orders').columns(['status', 'next_due_at']).execute();

  await db.schema
    .createTable('work_order_history')
    .addColumn('order_id', 'bigint', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('actor_kind', 'text', (c) => c.notNull())
    .addColumn('actor', 'text')
    .addColumn('from_status', 'text')
    .addColumn('to_status', 'text', (c) => c.notNull())
    // 1 when the row answers the customer (a reply, a resolve): the first one meets the first-response deadline.
    .addColumn('responds', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('unit', 'text')
    .addColumn('user_name', 'text')
    .addColumn('message', 'text')
    .addColumn('outcome', 'text')
    .addColumn('escalation_level', 'integer')
    .addPrimaryKeyConstraint('work_order_history_pk', ['order_id', 'seq'])
    .execute();

  await db.schema
    .createTable('work_order_days')
    .addColumn('day', 'text', (c) => c.primaryKey())
    .addColumn('last_seq', 'integer', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('work_order_outbox')
    .addColumn('id', pg ? 'bigint' : 'integer', (c) => (pg ? c.primaryKey().generatedAlwaysAsIdentity() : c.primaryKey()))
    .addColumn('order_number', 'text', (c) => c.notNull())
    .addColumn('program_code', 'text')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    // The change as the action left it, so the fan-out reads this table alone.
    .addColumn('tracking_no', 'text')
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('priority', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text')
    .addColumn('unit', 'text', (c) => c.notNull())
    .addColumn('escalation_level', 'integer')
    .execute();
  await sql`INSERT INTO webhook_feeds (feed, position) VALUES ('work_order_outbox', 0)`.execute(db);

  await db.schema.alterTable('programs').addColumn('green_channel', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('programs').addColumn('work_order_policy', 'text').execute();
  await db.schema.alterTable('partners').addColumn('green_channel', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('units').addColumn('work_calendar', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('units').dropColumn('work_calendar').execute();
  await db.schema.alterTable('partners').dropColumn('green_channel').execute();
  await db.schema.alterTable('programs').dropColumn('work_order_policy').execute();
  await db.schema.alterTable('programs').dropColumn('green_channel').execute();
  await sql`DELETE FROM webhook_feeds WHERE feed = 'work_order_outbox'`.execute(db);
  await db.schema.dropTable('work_order_outbox').execute();
  await db.schema.dropTable('work_order_days').execute();
  await db.schema.dropTable('work_order_history').execute();
  await db.schema.dropTable('work_orders').execute();
}
