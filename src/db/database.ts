import type { Kysely } from 'kysely';
import type { ApiTokenTable } from '../modules/auth/api-token.table.js';
import type { BreakpointOutboxTable, BreakpointTable, JobLeaseTable } from '../modules/breakpoints/breakpoint.table.js';
import type { ItemTable, S10RangeTable } from '../modules/items/item.table.js';
import type { ScanEventTable } from '../modules/scans/scan-event.table.js';
import type { UnitTable } from '../modules/units/unit.table.js';

export interface Database {
  units: UnitTable;
  items: ItemTable;
  s10_ranges: S10RangeTable;
  scan_events: ScanEventTable;
  api_tokens: ApiTokenTable;
  breakpoints: BreakpointTable;
  breakpoint_outbox: BreakpointOutboxTable;
  job_leases: JobLeaseTable;
}

export type Db = Kysely<Database>;
export type Dialect = 'sqlite' | 'postgres';
