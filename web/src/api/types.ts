// Answers of the API: the types the server's zod schemas infer, imported type-only (nothing of the
// server reaches the bundle), so a change of contract fails `tsc -p web/tsconfig.json`.
import type { TUser } from '../../../src/modules/users/user.schemas.js';
import type { ItemStatus } from '../../../src/modules/items/item-list.schemas.js';
import type { TProgram } from '../../../src/modules/programs/program.schemas.js';
// The table files hold nothing but constants and types: their values cost the bundle a few bytes.
import { SCAN_CODES } from '../../../src/modules/scans/scan-event.table.js';

// ---- Enumerations -----------------------------------------------------------------------------

export { SCAN_CODES };
export { BREAKPOINT_TYPES, MISSING_SCAN_TYPES, SILENCE_TYPES } from '../../../src/modules/breakpoints/breakpoint.table.js';
export { UNIT_KINDS } from '../../../src/modules/units/unit.table.js';
export type { BreakpointType } from '../../../src/modules/breakpoints/breakpoint.table.js';
export type { UnitKind } from '../../../src/modules/units/unit.table.js';
export type { ScanCode } from '../../../src/modules/scans/scan-event.table.js';
export type { ItemStatus };

export const BREAKPOINT_STATUSES = ['open', 'closed', 'all'] as const;
/** The item list's status filter (the schema file that lists them pulls in zod: not for the bundle). */
export const ITEM_STATUSES: readonly ItemStatus[] = ['CREATED', ...SCAN_CODES];

// ---- Session, overview, items, break-points, reconciliation, units -----------------------------

export type SessionUser = TUser;
/** GET and POST /session. */
export interface Session {
  user: SessionUser;
}
export type { TOverview as Overview } from '../../../src/modules/overview/overview.schemas.js';
export type { TItemListPage as ItemListPage, TItemListRow as ItemListRow } from '../../../src/modules/items/item-list.schemas.js';
export type { TTimeline, TTimelineEvent } from '../../../src/modules/items/item.schemas.js';
export type { TBreakpoint, TBreakpointPage, TBreakpointRateReport } from '../../../src/modules/breakpoints/breakpoint.schemas.js';
export type { TReconciliation } from '../../../src/modules/reconciliation/reconciliation.schemas.js';
export type { TUnit } from '../../../src/modules/units/unit.schemas.js';

/** POST /units/import and /programs/:code/recipients/import (with ?dryRun=true: what would happen). */
export interface ImportResult {
  imported: number;
  updated: number;
  /** Rows not stored; a row may have several problems in `rejected`. */
  rejectedRows: number;
  rejected: { row: number; column?: string; message: string }[];
}

// ---- Programs ---------------------------------------------------------------------------------

export type { TProgram };
export type TProgramDetail = TProgram & { recipients: number };
export type { TProgramReport } from '../../../src/modules/program-report/program-report.schemas.js';
export type { TRecipient, TRecipientPage } from '../../../src/modules/recipients/recipient.schemas.js';
export type { TCreatedInvitations, TInvitationView } from '../../../src/modules/invitations/invitation.schemas.js';
export type { TPartner } from '../../../src/modules/programs/program.schemas.js';

// ---- Public (citizen) pages -------------------------------------------------------------------

export type { TPublicInvitation, TPublicRequestResult } from '../../../src/modules/invitations/invitation.schemas.js';
export type { TPublicTracking } from '../../../src/modules/public/public.schemas.js';
