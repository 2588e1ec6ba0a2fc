import { type Kysely, sql } from 'kysely';
import { isPostgres } from '../dialect.js';

// Frozen: a migration, once released, is never edited. Changes go in a new migration.
// Bank activations recorded after the door (docs/decisions/0038-proof-and-activations.md): one row
// per result, kept with those before it; the door's own result stays on its delivery outcome. Items
// found by program, for a bank's task list and the program report.
export async function up(db: Kysely<unknown>): Promise<void> {
  const pg = isPostgres(db);
  await db.schema
    .createTable('activation_results')
    .addColumn('id', pg ? 'bigint' : 'integer', (c) => (pg ? c.primaryKey().generatedAlwaysAsIdentity() : c.primaryKey()))
    .addColumn('tracking_no', 'text', (c) => c.notNull())
    .addColumn('result', 'text', (c) => c.notNull())
    .addColumn('at_ms', 'bigint', (c) => c.notNull())
    .addColumn('at_offset_min', 'integer', (c) => c.notNull())
    .addColumn('staff', 'text')
    .addColumn('recorded_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  // A result sent twice (same item, result and instant) is stored once; an item's results in order.
  await db.schema.createIndex('activation_results_identity').on('activation_results').columns(['tracking_no', 'at_ms', 'result']).unique().execute();
  // Items created by scans have no program: only the others are indexed, so the scan path writes nothing more.
  await db.schema
    .createIndex('items_program')
    .on('items')
    .columns(['program_code', 'tracking_no'])
    .where(sql.ref('program_code'), 'is not', null)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('items_program').execute();
  await db.schema.dropTable('activation_results').execute();
}
