import type { Kysely } from 'kysely';
import { type Migration, type MigrationProvider, Migrator } from 'kysely/migration';
import * as m0001 from './migrations/0001-foundation.js';
import * as m0002 from './migrations/0002-breakpoints.js';
import * as m0003 from './migrations/0003-programs.js';
import * as m0004 from './migrations/0004-console.js';
import * as m0005 from './migrations/0005-request-uniqueness.js';
import * as m0006 from './migrations/0006-report-summaries.js';
import * as m0007 from './migrations/0007-held-scans.js';
import * as m0008 from './migrations/0008-guessing-limits.js';
import * as m0009 from './migrations/0009-token-life-cycle.js';
import * as m0010 from './migrations/0010-partner-credentials.js';
import * as m0011 from './migrations/0011-webhooks.js';
import * as m0012 from './migrations/0012-request-events.js';
import * as m0013 from './migrations/0013-idempotency-keys.js';
import * as m0014 from './migrations/0014-user-units.js';
import * as m0015 from './migrations/0015-search.js';
import * as m0016 from './migrations/0016-overview-item-counts.js';
import * as m0017 from './migrations/0017-deliveries.js';
import * as m0018 from './migrations/0018-notifications.js';
import * as m0019 from './migrations/0019-pickup-codes.js';
import * as m0020 from './migrations/0020-activations.js';
import * as m0021 from './migrations/0021-courier-lists.js';
import * as m0022 from './migrations/0022-scan-event-ids-never-reused.js';
import * as m0023 from './migrations/0023-address-changes.js';
import * as m0024 from './migrations/0024-work-orders.js';
import * as m0025 from './migrations/0025-work-order-figure-days.js';
import * as m0026 from './migrations/0026-items-created-hours.js';
import * as m0027 from './migrations/0027-statements.js';
import * as m0028 from './migrations/0028-weekly-reports.js';
import * as m0029 from './migrations/0029-scan-events-timeline.js';
import * as m0030 from './migrations/0030-requests-by-tracking-no.js';
import * as m0031 from './migrations/0031-items-accepted-at.js';

const migrations: Record<string, Migration> = {
  '0001-foundation': m0001,
  '0002-breakpoints': m0002,
  '0003-programs': m0003,
  '0004-console': m0004,
  '0005-request-uniqueness': m0005,
  '0006-report-summaries': m0006,
  '0007-held-scans': m0007,
  '0008-guessing-limits': m0008,
  '0009-token-life-cycle': m0009,
  '0010-partner-credentials': m0010,
  '0011-webhooks': m0011,
  '0012-request-events': m0012,
  '0013-idempotency-keys': m0013,
  '0014-user-units': m0014,
  '0015-search': m0015,
  '0016-overview-item-counts': m0016,
  '0017-deliveries': m0017,
  '0018-notifications': m0018,
  '0019-pickup-codes': m0019,
  '0020-activations': m0020,
  '0021-courier-lists': m0021,
  '0022-scan-event-ids-never-reused': m0022,
  '0023-address-changes': m0023,
  '0024-work-orders': m0024,
  '0025-work-order-figure-days': m0025,
  '0026-items-created-hours': m0026,
  '0027-statements': m0027,
  '0028-weekly-reports': m0028,
  '0029-scan-events-timeline': m0029,
  '0030-requests-by-tracking-no': m0030,
  '0031-items-accepted-at': m0031,
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

/** Applies the pending migrations up to and including `name` (a store as an older release left it, for tests of a migration). */
export async function migrateTo(db: Kysely<any>, name: string): Promise<void> {
  const { error } = await new Migrator({ db, provider }).migrateTo(name);
  if (error) throw new Error(`migration to ${name} failed: ${error instanceof Error ? error.message : String(error)}`);
}

/** Applies every pending migration; throws with the failing migration's name. */
export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  const migrator = new Migrator({ db, provider });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error) {
    const name = failed ? ` (${failed.migrationName})` : '';
    throw new Error(`migration failed${name}: ${error instanceof Error ? error.message : String(error)}`);
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
