import type { Kysely } from 'kysely';
import type { ApiTokenTable } from '../modules/auth/api-token.table.js';
import type { JobLeaseTable } from '../jobs/lease.table.js';
import type { BreakpointOutboxTable, BreakpointTable } from '../modules/breakpoints/breakpoint.table.js';
import type { ItemTable, S10RangeTable } from '../modules/items/item.table.js';
import type { ScanEventTable } from '../modules/scans/scan-event.table.js';
import type { UnitTable } from '../modules/units/unit.table.js';
import type { AuditLogTable } from '../modules/audit/audit.table.js';
import type { ConsignmentEventTable, ConsignmentItemTable, ConsignmentTable } from '../modules/consignments/consignment.table.js';
import type { PartnerTable, ProgramTable } from '../modules/programs/program.table.js';
import type { RecipientTable } from '../modules/recipients/recipient.table.js';
import type { InvitationTable } from '../modules/invitations/invitation.table.js';
import type { ItemChargeTable, RequestTable } from '../modules/requests/request.table.js';
import type { SessionTable, SignInFailureTable, UserTable } from '../modules/users/user.table.js';
import type { TrackingGuessTable } from '../modules/public/tracking-guess.table.js';
import type { OverviewChangeTable, OverviewDayGroupTable, OverviewDayTable, OverviewStateTable } from '../modules/overview/overview.table.js';

export interface Database {
  units: UnitTable;
  items: ItemTable;
  s10_ranges: S10RangeTable;
  scan_events: ScanEventTable;
  api_tokens: ApiTokenTable;
  breakpoints: BreakpointTable;
  breakpoint_outbox: BreakpointOutboxTable;
  job_leases: JobLeaseTable;
  partners: PartnerTable;
  programs: ProgramTable;
  recipients: RecipientTable;
  invitations: InvitationTable;
  requests: RequestTable;
  item_charges: ItemChargeTable;
  consignments: ConsignmentTable;
  consignment_items: ConsignmentItemTable;
  consignment_events: ConsignmentEventTable;
  audit_log: AuditLogTable;
  users: UserTable;
  sessions: SessionTable;
  sign_in_failures: SignInFailureTable;
  tracking_guesses: TrackingGuessTable;
  overview_days: OverviewDayTable;
  overview_day_groups: OverviewDayGroupTable;
  overview_changes: OverviewChangeTable;
  overview_state: OverviewStateTable;
}

export type Db = Kysely<Database>;
export type Dialect = 'sqlite' | 'postgres';
