// Answers of the API: the types the server's zod schemas infer, imported type-only (nothing of the
// server reaches the bundle), so a change of contract fails `tsc -p web/tsconfig.json`.
import type { TUser } from '../../../src/modules/users/user.schemas.js';
import type { ItemStatus } from '../../../src/modules/items/item-list.schemas.js';
import type { TProgram } from '../../../src/modules/programs/program.schemas.js';
// The table files hold nothing but constants and types: their values cost the bundle a few bytes.
import { SCAN_CODES } from '../../../src/modules/scans/scan-event.table.js';
import type { ZTokenCreated } from '../../../src/modules/auth/api-token.schemas.js';
import type { WebhookEventType } from '../../../src/modules/webhooks/webhook-event.schemas.js';
import type { MessageStatus } from '../../../src/modules/webhooks/webhook.table.js';
import type { TItemDelivery } from '../../../src/modules/deliveries/delivery.schemas.js';
import type { TItemNotifications } from '../../../src/modules/notifications/notification.schemas.js';
import type { TAddressChanges } from '../../../src/modules/address-changes/address-change.schemas.js';
import type { ZAttempt, ZDeliveriesPage, ZReplayed, ZSecretRotated, ZWebhookCreated } from '../../../src/modules/webhooks/webhook.schemas.js';
import type { StatementLine } from '../../../src/modules/statements/statement.model.js';

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
export type { TOfficeDeliveries } from '../../../src/modules/deliveries/office-holding.schemas.js';
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
export type { TProgramLastMile, TProgramReport } from '../../../src/modules/program-report/program-report.schemas.js';
export type { TActivationPage } from '../../../src/modules/deliveries/activation.schemas.js';
export { ACTIVATION_STATUSES } from '../../../src/modules/deliveries/activation.table.js';
export type { TRecipient, TRecipientPage } from '../../../src/modules/recipients/recipient.schemas.js';
export type { TCreatedInvitations, TInvitationView } from '../../../src/modules/invitations/invitation.schemas.js';
export { PARTNER_KINDS, PAYER_MODES } from '../../../src/modules/programs/program.table.js';
export type { PartnerKind, PayerMode } from '../../../src/modules/programs/program.table.js';
export type { TPartner } from '../../../src/modules/programs/program.schemas.js';
export type { TInvitationBatch } from '../../../src/modules/invitations/invitation.schemas.js';
/** POST /partners and /programs: what a form sends, and the answer per element. */
export type { TPartnerInput, TProgramInput, TUpsertResult } from '../../../src/modules/programs/program.schemas.js';

// ---- Public (citizen) pages -------------------------------------------------------------------

export type { TSearchResult as SearchResult } from '../../../src/modules/search/search.schemas.js';
export type { TPublicInvitation, TPublicRequestResult } from '../../../src/modules/invitations/invitation.schemas.js';
export type { TPublicTracking } from '../../../src/modules/public/public.schemas.js';

// ---- Partners' access: credentials and webhook endpoints ---------------------------------------

export type { TApiToken } from '../../../src/modules/auth/api-token.schemas.js';
export { MESSAGE_STATUSES } from '../../../src/modules/webhooks/webhook.table.js';
export type { MessageStatus } from '../../../src/modules/webhooks/webhook.table.js';
export type { WebhookEventType };
export type {
  TWebhook as TWebhookEndpoint,
  TDelivery as TWebhookDelivery,
  TUpdateWebhookBody as TWebhookPatch,
  DisabledReason,
} from '../../../src/modules/webhooks/webhook.schemas.js';
/** POST /webhooks and /webhooks/:id/rotate-secret: the signing secret is in these answers only. */
export type TWebhookCreated = import('zod').infer<typeof ZWebhookCreated>;
export type TSecretRotated = import('zod').infer<typeof ZSecretRotated>;
export type TWebhookAttempt = import('zod').infer<typeof ZAttempt>;
export type TWebhookDeliveryPage = import('zod').infer<typeof ZDeliveriesPage>;
export type TReplayed = import('zod').infer<typeof ZReplayed>;

/** POST /tokens: the token itself is in this answer only. */
export type TTokenCreated = import('zod').infer<typeof ZTokenCreated>;

// The schema file that lists the event types builds zod schemas when loaded: not for the bundle. A
// record of every type makes `tsc` fail here when the server adds or drops one.
const EVENT_TYPES: Record<WebhookEventType, true> = {
  'item.status_changed': true,
  'breakpoint.opened': true,
  'breakpoint.closed': true,
  'request.created': true,
  'request.mailed': true,
  'work_order.updated': true,
  'work_order.escalated': true,
  'report.weekly_ready': true,
};
export const WEBHOOK_EVENT_TYPES = Object.keys(EVENT_TYPES) as WebhookEventType[];
export const isWebhookEventType = (type: string): type is WebhookEventType => Object.prototype.hasOwnProperty.call(EVENT_TYPES, type);


// ---- Administration: users and the audit log ---------------------------------------------------

export type { TUserAccount, TUserPage } from '../../../src/modules/users/user.schemas.js';
export type { TAuditPage } from '../../../src/modules/audit/audit.schemas.js';
/** POST /users and POST /users/:username/password: a generated password is in these answers only. */
export type TUserCreated = import('zod').infer<typeof import('../../../src/modules/users/user.schemas.js').ZUserCreated>;
export type TPasswordReset = import('zod').infer<typeof import('../../../src/modules/users/user.schemas.js').ZPasswordReset>;
export { ROLES } from '../../../src/modules/auth/api-token.table.js';
export type { Role } from '../../../src/modules/auth/api-token.table.js';

// ---- Deliveries ---------------------------------------------------------------------------------

/** GET /items/:trackingNo/delivery: the program's requirements and the outcomes with their proof. */
export type { TItemDelivery };
export type TDeliveryProof = TItemDelivery['outcomes'][number];
export type { TItemNotifications };
export type TItemNotification = TItemNotifications['notifications'][number];

/** GET /items/:trackingNo/address-changes: the office now, the changes oldest first, the day the recipient asked for. */
export type { TAddressChanges };
export type TAddressChange = TAddressChanges['changes'][number];

// ---- Work orders --------------------------------------------------------------------------------

export type { TWorkOrder, TWorkOrderDetail, TWorkOrderPage } from '../../../src/modules/work-orders/work-order.schemas.js';
export type { TWorkOrderFigures, TWorkOrderFigureRow } from '../../../src/modules/work-orders/work-order-figures.schemas.js';
export type { WorkOrderType, WorkOrderStatus } from '../../../src/domain/work-order-clock.js';
export { WORK_ORDER_CHANNELS } from '../../../src/modules/work-orders/work-order.table.js';

// ---- Work-order settings (admins) ---------------------------------------------------------------

/** GET|PUT /work-orders/settings/programs/:code: green channel, own deadlines per type, proactive service. */
export type TProgramWorkOrderSettings = import('zod').infer<typeof import('../../../src/modules/work-orders/work-order-settings.schemas.js').ZProgramWorkOrderSettings>;
/** PUT /work-orders/settings/partners/:code. */
export type TPartnerGreenChannel = import('zod').infer<typeof import('../../../src/modules/work-orders/work-order-settings.schemas.js').ZPartnerGreenChannel>;
/** GET|PUT /work-orders/settings/units/:code: null is around the clock. */
export type TUnitCalendar = import('zod').infer<typeof import('../../../src/modules/work-orders/work-order-settings.schemas.js').ZUnitCalendar>;
export type TWorkCalendar = NonNullable<TUnitCalendar['calendar']>;
// Constants only (no import): the console shows the defaults the server counts with.
export { DEFAULT_POLICIES, WORK_ORDER_TYPES } from '../../../src/domain/work-order-defaults.js';

// ---- Statements and the donation account (decision 0046) ---------------------------------------

export { STATEMENT_STATUSES } from '../../../src/modules/statements/statement.model.js';
export type { DonationReport, DonationRow, StatementLine, StatementStatus, StatementTotals } from '../../../src/modules/statements/statement.model.js';
/** A statement's header as the API answers it: instants as ISO 8601 with the zone's offset. */
export type StatementHeader = import('zod').infer<typeof import('../../../src/modules/statements/statement.schemas.js').ZStatementHeader>;
/** GET /statements: headers, newest first. */
export interface StatementPage {
  statements: StatementHeader[];
  nextCursor: string | null;
}
/** GET /statements/:id (and the 201 of POST /statements): the header and a page of its lines by `seq`. */
export type StatementDetail = StatementHeader & { lines: StatementLine[]; nextAfter: number | null };

// ---- Weekly reports (decision 0047) --------------------------------------------------------------

export type {
  ScalarFigure,
  TProblemItem,
  TStoredWeeklyReport,
  TWeekFigures,
  TWeeklyReport,
} from '../../../src/modules/weekly-report/weekly-report.schemas.js';
export type { WeeklyScopeKind } from '../../../src/modules/weekly-report/weekly-report.table.js';
/** GET /reports/weekly/stored: stored reports, newest week first. */
export interface StoredWeeklyReportPage {
  rows: import('../../../src/modules/weekly-report/weekly-report.schemas.js').TStoredWeeklyReport[];
  nextCursor: string | null;
}
