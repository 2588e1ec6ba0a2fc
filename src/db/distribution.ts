/**
 * How Songda's tables would be spread over a sharded PostgreSQL (Citus) at national scale; the
 * reasoning is in docs/scale-out.md, and test/schema-distribution.test.ts holds the schema to it.
 *
 * - distributed: hashed on the named column. Every column named holds an S10 tracking number (an
 *   item's, or a consignment's own), so rows with the same number land on the same shard: an item's
 *   events, break-points, outbox rows and charges sit with the item.
 * - reference: small tables that hot-path queries join with, copied whole to every node.
 * - local: kept on the coordinator only; nothing on the scan path joins them with distributed rows.
 *
 * Citus enforces a primary key or unique index of a distributed table only if it contains the
 * distribution column. Where today's schema has one that does not, it is listed in `exceptions`
 * with the key the table would get when it is distributed.
 */

export interface KeyException {
  table: string;
  /** The columns of today's key, in index order. */
  columns: readonly string[];
  /** What the key becomes when the table is distributed. */
  distributedKey: readonly string[];
  reason: string;
}

export interface DistributionPlan {
  distributed: Readonly<Record<string, string>>;
  reference: readonly string[];
  local: readonly string[];
  exceptions: readonly KeyException[];
}

const SURROGATE_ID =
  'a generated id names the row to the console and to delivery marks, but is unique only per shard once distributed; ' +
  'the identity of the row is the unique index that starts with the distribution column';

export const DISTRIBUTION: DistributionPlan = {
  distributed: {
    items: 'tracking_no',
    scan_events: 'tracking_no',
    breakpoints: 'tracking_no',
    breakpoint_outbox: 'tracking_no',
    item_charges: 'tracking_no',
    tracking_guesses: 'tracking_no',
    // A consignment is found by its own S10 number; its members and scans sit with it. Its scans'
    // copies go to the items' shards (scan_events), so one consignment scan writes to many shards.
    consignments: 'tracking_no',
    consignment_items: 'consignment_no',
    consignment_events: 'consignment_no',
    // Delivery outcomes and their images are written in the transaction of the item's events.
    delivery_outcomes: 'tracking_no',
    delivery_images: 'tracking_no',
    // One row per item asking for one-time codes, read and written by the item alone.
    one_time_codes: 'tracking_no',
    // A bank's later activation results are read with the item's delivered outcome.
    activation_results: 'tracking_no',
    // One pickup code per item, read with the item's events at the counter.
    pickup_codes: 'tracking_no',
    // An item's address changes and its recipient's wished day, read and written with the item alone.
    address_changes: 'tracking_no',
    delivery_wishes: 'tracking_no',
  },
  reference: ['units', 'partners', 'programs'],
  local: [
    // Numbering: one row per service indicator, updated on every allocation; a copy per node would
    // turn each allocation into a write on every node.
    's10_ranges',
    // Who may sign in and act: read per request by the API servers, never joined with items.
    'api_tokens',
    'users',
    'sessions',
    'sign_in_failures',
    'audit_log',
    // Agencies' requests and recipients grow with requests (well under one a scan), are keyed by
    // program and person, and join items only through the tracking number a request ends with.
    'recipients',
    'invitations',
    'requests',
    // What happened to requests, for the webhook fan-out: kept with the requests it names.
    'request_outbox',
    // Jobs and the report summaries: a few rows a day per group, computed by queries that fan out.
    'job_leases',
    'overview_days',
    'overview_day_groups',
    'overview_item_counts',
    'overview_state',
    // Webhooks: a partner's endpoints, and one message per event and endpoint with its attempts. Read by
    // endpoint and by due time, never joined with items on the scan path (the fan-out reads events by id).
    'webhook_endpoints',
    'webhook_messages',
    'webhook_attempts',
    'webhook_feeds',
    // Idempotency keys: per caller and key, read once per write that sends one, never joined.
    'idempotency_keys',
    // Refused ID numbers, counted for managers (like the audit rows written with them); never joined.
    'delivery_id_mismatches',
    // Recipients' SMS, like webhook messages: read by due time and by item for the log, never joined on the scan path.
    'notifications',
    'notification_feeds',
    // Customer-service work orders: thousands a day, read by number or by queue, never joined on the scan path.
    'work_orders',
    'work_order_history',
    'work_order_days',
    'work_order_outbox',
    // The work-order figures kept per day, and each resolved order's time to resolve: read by the figures alone.
    'work_order_figure_zones',
    'work_order_figure_days',
    'work_order_resolve_times',
    // New items counted per hour: one row per hour, program, office and slot, added to by each batch, read by reports alone.
    'items_created_hours',
    // Payers' statements and the charges each bills: written when finance makes a draft (one INSERT … SELECT
    // over the payer's charges, the distributed side read once), read by statement; never joined on the scan path.
    'statements',
    'statement_lines',
    // Weekly reports as made, and the ones a sponsor is pushed: a few hundred a week, read by week and scope.
    'weekly_reports',
    'report_outbox',
    // Kysely's own bookkeeping of the migrations.
    'kysely_migration',
    'kysely_migration_lock',
  ],
  exceptions: [
    { table: 'scan_events', columns: ['id'], distributedKey: ['tracking_no', 'id'], reason: SURROGATE_ID },
    { table: 'breakpoints', columns: ['id'], distributedKey: ['tracking_no', 'id'], reason: SURROGATE_ID },
    {
      table: 'breakpoint_outbox',
      columns: ['id'],
      distributedKey: ['tracking_no', 'id'],
      reason: `${SURROGATE_ID}; the sender then reads pending rows per shard, in id order within the shard`,
    },
    { table: 'consignment_events', columns: ['id'], distributedKey: ['consignment_no', 'id'], reason: SURROGATE_ID },
    { table: 'activation_results', columns: ['id'], distributedKey: ['tracking_no', 'id'], reason: SURROGATE_ID },
    { table: 'address_changes', columns: ['id'], distributedKey: ['tracking_no', 'id'], reason: SURROGATE_ID },
  ],
};

/** The tables of a schema as the checks see them. */
export interface SchemaKeys {
  tables: readonly string[];
  /** Primary keys and unique indexes, each with its columns in order (an expression shows as "(expression)"). */
  keys: readonly { table: string; kind: 'primary' | 'unique'; name: string; columns: readonly string[] }[];
  foreignKeys: readonly { table: string; columns: readonly string[]; references: string; referencedColumns: readonly string[] }[];
}

export interface PlanViolations {
  /** Tables in the schema but in no list, or in more than one. */
  unplaced: string[];
  placedTwice: string[];
  /** Tables a list names that the schema does not have. */
  missing: string[];
  /** Keys of distributed tables without the distribution column and not declared as exceptions. */
  keysWithoutColumn: string[];
  /** Declared exceptions the schema no longer has (the key was fixed, or the list is wrong). */
  staleExceptions: string[];
  /** Foreign keys between distributed tables that do not join distribution column to distribution column. */
  crossShardForeignKeys: string[];
  /** Foreign keys from a reference or local table to a distributed one (Citus refuses them). */
  foreignKeysIntoDistributed: string[];
}

const keyName = (table: string, columns: readonly string[]) => `${table} (${columns.join(', ')})`;

/** Everything in `schema` that does not keep to `plan`; all lists empty when it does. */
export function checkDistribution(schema: SchemaKeys, plan: DistributionPlan = DISTRIBUTION): PlanViolations {
  const lists = [Object.keys(plan.distributed), plan.reference, plan.local];
  const placements = new Map<string, number>();
  for (const list of lists) for (const table of list) placements.set(table, (placements.get(table) ?? 0) + 1);
  const inSchema = new Set(schema.tables);

  const exceptions = new Set(plan.exceptions.map((e) => keyName(e.table, e.columns)));
  const violating = schema.keys.filter((k) => {
    const column = plan.distributed[k.table];
    return column !== undefined && !k.columns.includes(column);
  });
  const found = new Set(violating.map((k) => keyName(k.table, k.columns)));

  const crossShardForeignKeys: string[] = [];
  const foreignKeysIntoDistributed: string[] = [];
  for (const fk of schema.foreignKeys) {
    const from = plan.distributed[fk.table];
    const to = plan.distributed[fk.references];
    const name = `${keyName(fk.table, fk.columns)} → ${keyName(fk.references, fk.referencedColumns)}`;
    if (to === undefined) continue;
    if (from === undefined) {
      foreignKeysIntoDistributed.push(name);
      continue;
    }
    const at = fk.columns.indexOf(from);
    if (at === -1 || fk.referencedColumns[at] !== to) crossShardForeignKeys.push(name);
  }

  return {
    unplaced: schema.tables.filter((t) => !placements.has(t)).sort(),
    placedTwice: [...placements].filter(([, n]) => n > 1).map(([t]) => t).sort(),
    missing: [...placements.keys()].filter((t) => !inSchema.has(t)).sort(),
    keysWithoutColumn: [...found].filter((k) => !exceptions.has(k)).sort(),
    staleExceptions: [...exceptions].filter((k) => !found.has(k)).sort(),
    crossShardForeignKeys: crossShardForeignKeys.sort(),
    foreignKeysIntoDistributed: foreignKeysIntoDistributed.sort(),
  };
}
