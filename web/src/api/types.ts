// Answers of the API. Where the server's zod schema is in the repository its inferred type is used
// as is (type-only imports: nothing of the server reaches the bundle), so a change of contract
// fails `tsc -p web/tsconfig.json`. The rest mirror routes whose schemas are not shared yet.

import type { BreakpointType } from '../../../src/modules/breakpoints/breakpoint.table.js';
import type { TProgram } from '../../../src/modules/programs/program.schemas.js';

export type { TBreakpoint, TBreakpointPage, TBreakpointRateReport } from '../../../src/modules/breakpoints/breakpoint.schemas.js';
export type { TTimeline, TTimelineEvent } from '../../../src/modules/items/item.schemas.js';
export type { TReconciliation } from '../../../src/modules/reconciliation/reconciliation.schemas.js';
export type { TUnit } from '../../../src/modules/units/unit.schemas.js';

// Enumerations shared with the server: these table files hold nothing but constants and types.
export { SCAN_CODES } from '../../../src/modules/scans/scan-event.table.js';
export { BREAKPOINT_TYPES, MISSING_SCAN_TYPES, SILENCE_TYPES } from '../../../src/modules/breakpoints/breakpoint.table.js';
export { UNIT_KINDS } from '../../../src/modules/units/unit.table.js';
export type { BreakpointType } from '../../../src/modules/breakpoints/breakpoint.table.js';
export type { UnitKind } from '../../../src/modules/units/unit.table.js';
export type { ScanCode } from '../../../src/modules/scans/scan-event.table.js';

export const BREAKPOINT_STATUSES = ['open', 'closed', 'all'] as const;


// ---- Session ----------------------------------------------------------------------------------

export interface SessionUser {
  username: string;
  role: string;
  displayName: string;
}

export interface Session {
  user: SessionUser;
}

// ---- Overview and item list -------------------------------------------------------------------

export interface Overview {
  timeZone: string;
  from: string;
  to: string;
  today: { day: string; accepted: number; delivered: number };
  range: {
    accepted: number;
    delivered: number;
    acceptedDelivered: number;
    deliveryRate: number;
    items: number;
    withBreakpoint: number;
    breakpointRate: number;
  };
  openBreakpointsByType: { type: BreakpointType; count: number }[];
  rateByCity: { cityCode: string; cityName: string | null; items: number; withBreakpoint: number; rate: number }[];
  dailyTrend: { day: string; items: number; withBreakpoint: number; rate: number }[];
  topUnits: { unitCode: string; unitName: string | null; open: number }[];
}

export const ITEM_STATUSES = ['CREATED', 'ACCEPTED', 'DISPATCHED', 'ARRIVED', 'AT_DELIVERY_OFFICE', 'OUT_FOR_DELIVERY', 'DELIVERED', 'DELIVERY_FAILED', 'HELD', 'RETURNED'] as const;

export interface ItemListRow {
  trackingNo: string;
  status: string;
  acceptedAt: string | null;
  deliveredAt: string | null;
  lastEvent: { code: string; at: string; site: string; siteName: string | null } | null;
  originUnit: string | null;
  destination: { divisionCode: string; divisionName: string | null } | null;
  programCode: string | null;
  registeredAt: string;
}

export interface ItemListPage {
  order: 'lastEvent' | 'accepted' | 'delivered' | 'created';
  rows: ItemListRow[];
  nextCursor: string | null;
}

// ---- Imports (units, recipients) --------------------------------------------------------------

/** POST /units/import and /programs/:code/recipients/import (with ?dryRun=true: what would happen). */
export interface ImportResult {
  imported: number;
  updated: number;
  /** Rows not stored; a row may have several problems in `rejected`. */
  rejectedRows: number;
  rejected: { row: number; column?: string; message: string }[];
}

// ---- Programs ---------------------------------------------------------------------------------

export type { TProgram } from '../../../src/modules/programs/program.schemas.js';
export type TProgramDetail = TProgram & { recipients: number };

export type { TProgramReport } from '../../../src/modules/program-report/program-report.schemas.js';

export type { TRecipient, TRecipientPage } from '../../../src/modules/recipients/recipient.schemas.js';

export type { TCreatedInvitations, TInvitationView } from '../../../src/modules/invitations/invitation.schemas.js';

// ---- Public (citizen) pages -------------------------------------------------------------------

export type { TPublicInvitation, TPublicRequestResult, TPublicTracking } from '../../../src/modules/public/public.schemas.js';
