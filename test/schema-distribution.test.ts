import { type Kysely, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { Dialect } from '../src/db/database.js';
import { DISTRIBUTION, type DistributionPlan, type SchemaKeys, checkDistribution } from '../src/db/distribution.js';
import { describeEachDialect } from './test-db.js';

/** What checkDistribution answers for a schema that keeps to its plan. */
const NOTHING_TO_SAY = {
  unplaced: [],
  placedTwice: [],
  missing: [],
  keysWithoutColumn: [],
  staleExceptions: [],
  crossShardForeignKeys: [],
  foreignKeysIntoDistributed: [],
};

/**
 * The migrated schema keeps to the distribution plan of docs/scale-out.md: every table is placed
 * once, every primary key and unique index of a distributed table contains the distribution column
 * (or is a declared exception, with the key it gets when distributed), and no foreign key would cross
 * shards.
 */

async function readPostgresKeys(db: Kysely<any>): Promise<SchemaKeys> {
  const tables = await sql<{ name: string }>`
    SELECT table_name AS name FROM information_schema.tables
    WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`.execute(db);
  // indkey lists the key's columns in order; 0 marks an expression.
  const keys = await sql<{ table: string; name: string; primary: boolean; columns: string[] }>`
    SELECT t.relname AS table, i.relname AS name, x.indisprimary AS primary,
           array(SELECT coalesce(a.attname::text, '(expression)')
                 FROM unnest(x.indkey::int2[]) WITH ORDINALITY AS k(attnum, n)
                 LEFT JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
                 ORDER BY k.n) AS columns
    FROM pg_index x
    JOIN pg_class t ON t.oid = x.indrelid
    JOIN pg_class i ON i.oid = x.indexrelid
    JOIN pg_namespace s ON s.oid = t.relnamespace
    WHERE s.nspname = current_schema() AND x.indisunique`.execute(db);
  const fks = await sql<{ table: string; references: string; columns: string[]; referenced_columns: string[] }>`
    SELECT t.relname AS table, r.relname AS references,
           array(SELECT a.attname::text FROM unnest(c.conkey) WITH ORDINALITY AS k(attnum, n)
                 JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum ORDER BY k.n) AS columns,
           array(SELECT a.attname::text FROM unnest(c.confkey) WITH ORDINALITY AS k(attnum, n)
                 JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.attnum ORDER BY k.n) AS referenced_columns
    FROM pg_constraint c
    JOIN pg_class t ON t.oid = c.conrelid
    JOIN pg_class r ON r.oid = c.confrelid
    JOIN pg_namespace s ON s.oid = t.relnamespace
    WHERE s.nspname = current_schema() AND c.contype = 'f'`.execute(db);
  return {
    tables: tables.rows.map((r) => r.name),
    keys: keys.rows.map((k) => ({ table: k.table, kind: k.primary ? 'primary' : 'unique', name: k.name, columns: k.columns })),
    foreignKeys: fks.rows.map((f) => ({ table: f.table, columns: f.columns, references: f.references, referencedColumns: f.referenced_columns })),
  };
}

async function readSqliteKeys(db: Kysely<any>): Promise<SchemaKeys> {
  const tables = (await sql<{ name: string }>`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`.execute(db)).rows.map((r) => r.name);
  const keys: SchemaKeys['keys'][number][] = [];
  const foreignKeys: SchemaKeys['foreignKeys'][number][] = [];
  for (const table of tables) {
    // The primary key from the table's columns: an INTEGER PRIMARY KEY is the rowid and has no index.
    const columns = (await sql<{ name: string; pk: number }>`SELECT name, pk FROM pragma_table_info(${table})`.execute(db)).rows;
    const primary = columns.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk).map((c) => c.name);
    if (primary.length > 0) keys.push({ table, kind: 'primary', name: `${table} primary key`, columns: primary });
    const indexes = (await sql<{ name: string; unique: number; origin: string }>`SELECT name, "unique", origin FROM pragma_index_list(${table})`.execute(db)).rows;
    for (const index of indexes.filter((i) => i.unique === 1 && i.origin !== 'pk')) {
      const indexColumns = (await sql<{ name: string | null; seqno: number }>`SELECT name, seqno FROM pragma_index_info(${index.name})`.execute(db)).rows;
      keys.push({ table, kind: 'unique', name: index.name, columns: indexColumns.sort((a, b) => a.seqno - b.seqno).map((c) => c.name ?? '(expression)') });
    }
    const fkRows = (await sql<{ id: number; seq: number; table: string; from: string; to: string | null }>`SELECT id, seq, "table", "from", "to" FROM pragma_foreign_key_list(${table})`.execute(db)).rows;
    for (const id of new Set(fkRows.map((r) => r.id))) {
      const parts = fkRows.filter((r) => r.id === id).sort((a, b) => a.seq - b.seq);
      foreignKeys.push({ table, columns: parts.map((p) => p.from), references: parts[0]!.table, referencedColumns: parts.map((p) => p.to ?? '(primary key)') });
    }
  }
  return { tables, keys, foreignKeys };
}

const readKeys = (dialect: Dialect, db: Kysely<any>) => (dialect === 'postgres' ? readPostgresKeys(db) : readSqliteKeys(db));

describeEachDialect('the schema keeps to the distribution plan', (ctx) => {
  it('reads the keys it checks: items by tracking number, the break-point identity, the outbox id', async () => {
    const schema = await readKeys(ctx.dialect, ctx.handle.db);
    const columnsOf = (table: string) => schema.keys.filter((k) => k.table === table).map((k) => `${k.kind} ${k.columns.join(',')}`).sort();
    expect(columnsOf('items')).toEqual(['primary tracking_no']);
    expect(columnsOf('breakpoints')).toEqual(['primary id', 'unique tracking_no,type,visit']);
    expect(columnsOf('breakpoint_outbox')).toEqual(['primary id']);
    expect(columnsOf('overview_day_groups')).toEqual(['primary time_zone,grouping,day,grp']);
    expect(schema.tables).toContain('scan_events');
  });

  it('places every table in exactly one list, and keeps every key of a distributed table on its shard', async () => {
    const schema = await readKeys(ctx.dialect, ctx.handle.db);
    expect(checkDistribution(schema)).toEqual(NOTHING_TO_SAY);
  });

  it('gives every exception a reason and a key that holds the distribution column', () => {
    for (const e of DISTRIBUTION.exceptions) {
      const column = DISTRIBUTION.distributed[e.table];
      expect(column, `${e.table} is distributed`).toBeDefined();
      expect(e.distributedKey[0], `${e.table}'s key when distributed starts with its distribution column`).toBe(column);
      expect(e.distributedKey).toEqual(expect.arrayContaining([...e.columns]));
      expect(e.reason.length).toBeGreaterThan(20);
    }
  });
});

describe('checkDistribution', () => {
  // A small schema that breaks each rule once, so that each list is seen to fill.
  const schema: SchemaKeys = {
    tables: ['items', 'events', 'units', 'notes', 'orphans'],
    keys: [
      { table: 'items', kind: 'primary', name: 'items_pk', columns: ['tracking_no'] },
      { table: 'events', kind: 'primary', name: 'events_pk', columns: ['id'] },
      { table: 'events', kind: 'unique', name: 'events_site', columns: ['site', 'at'] },
      { table: 'events', kind: 'unique', name: 'events_identity', columns: ['tracking_no', 'at'] },
    ],
    foreignKeys: [
      { table: 'events', columns: ['tracking_no'], references: 'items', referencedColumns: ['tracking_no'] },
      { table: 'events', columns: ['site'], references: 'items', referencedColumns: ['tracking_no'] },
      { table: 'notes', columns: ['tracking_no'], references: 'items', referencedColumns: ['tracking_no'] },
      { table: 'events', columns: ['site'], references: 'units', referencedColumns: ['code'] },
    ],
  };
  const plan: DistributionPlan = {
    distributed: { items: 'tracking_no', events: 'tracking_no' },
    reference: ['units', 'items'],
    local: ['notes', 'gone'],
    exceptions: [
      { table: 'events', columns: ['id'], distributedKey: ['tracking_no', 'id'], reason: 'a surrogate id' },
      { table: 'items', columns: ['id'], distributedKey: ['tracking_no', 'id'], reason: 'no longer there' },
    ],
  };

  it('names each table, key and foreign key that breaks the plan', () => {
    expect(checkDistribution(schema, plan)).toEqual({
      unplaced: ['orphans'],
      placedTwice: ['items'],
      missing: ['gone'],
      keysWithoutColumn: ['events (site, at)'],
      staleExceptions: ['items (id)'],
      crossShardForeignKeys: ['events (site) → items (tracking_no)'],
      foreignKeysIntoDistributed: ['notes (tracking_no) → items (tracking_no)'],
    });
  });

  it('finds nothing to say about a schema that keeps to its plan', () => {
    const kept: SchemaKeys = { tables: ['items', 'units'], keys: [schema.keys[0]!], foreignKeys: [] };
    expect(checkDistribution(kept, { distributed: { items: 'tracking_no' }, reference: ['units'], local: [], exceptions: [] })).toEqual(NOTHING_TO_SAY);
  });
});
