// What a partner's credential sees, walked over every route of /api/openapi.json: with partner A's
// token, each route is tried on partner B's objects (and on objects that do not exist), and nothing
// of B may show in the status, the body or the headers. Every route of the API description must have
// a rule here: a route added without one fails this test until someone decides how it is scoped.
import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type PartnerWorld, buildPartnerWorld, secretsOf } from '../factories-partners.js';
import { listCsv, listRow } from '../factories-programs.js';
import { addressIn, countyWithOffice, newPhone } from '../factories-requests.js';
import { FIXED_NOW, type TestApp, newTestApp, newTrackingNo, nextSequence, shanghai, unitInput } from '../factories.js';
import { describeEachDialect } from '../test-db.js';
import { newWebhookId } from '../../src/modules/webhooks/webhook-ids.js';
import { formatIsoWeek, isoWeekOf } from '../../src/domain/iso-week.js';
import { localDateOf } from '../../src/domain/local-day.js';
import { CSRF, SESSION_COOKIE, asUser } from '../factories-console.js';
import { signedInCourier } from '../factories-deliveries.js';

interface Probe {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  body?: unknown;
  /** A CSV sent as the multipart field `file`. */
  upload?: string;
  headers?: Record<string, string>;
}

/** Where a probe's ids come from: the partner whose world it names, and the post's own things. */
interface Subject {
  w: PartnerWorld;
  office: string;
  address: string;
  day: string;
}

/**
 * How a route treats a partner's credential:
 * - refused: the whole route is closed to partners (403 forbidden), whatever it names;
 * - unknown: B's object is answered exactly like one that does not exist (same status, same body once
 *   B's ids are swapped for the unknown ones); A's own answers `ok`;
 * - filtered: a list, answered 200 without anything of B's, with A's own objects (`shows`);
 * - public: the citizens' and sign-in routes, which ignore the bearer token: answered as to anyone.
 */
type Rule =
  | { treat: 'refused'; probe: (s: Subject) => Probe }
  | { treat: 'unknown'; probe: (s: Subject) => Probe; ok: number }
  | { treat: 'filtered'; probe: (s: Subject) => Probe; shows: (w: PartnerWorld) => string[] }
  | { treat: 'public'; probe: (s: Subject) => Probe };

const get = (url: string): Probe => ({ method: 'GET', url });
/** The work order the post opened about each world's item (made in beforeAll); a number no order has for the unknown world. */
const workOrders = new Map<string, string>();
const workOrderOf = (w: PartnerWorld) => workOrders.get(w.trackingNo) ?? 'WO20991231999999';
/** The draft statement the post made of each world's partner as payer (beforeAll); an id no statement has for the unknown world. */
const statements = new Map<string, string>();
const statementOf = (w: PartnerWorld) => statements.get(w.partner) ?? '00000000-0000-4000-8000-000000000000';
/** The weekly report the post made and stored of each world's program (beforeAll); an id no report has for the unknown world. */
const weeklyReports = new Map<string, string>();
const weeklyReportOf = (w: PartnerWorld) => weeklyReports.get(w.program) ?? '00000000-0000-4000-8000-000000000000';
const WEEK = formatIsoWeek(isoWeekOf(localDateOf(FIXED_NOW, 'Asia/Shanghai')));
/** A failed attempt without its reason: refused by the route's own check, so probing it stores nothing. */
const doorOutcome = (s: Subject) => ({ clientId: `probe-${s.w.trackingNo}`, trackingNo: s.w.trackingNo, outcome: 'failed', at: shanghai(FIXED_NOW), site: s.office });
const post = (url: string, body?: unknown): Probe => ({ method: 'POST', url, body });
const V1 = '/api/v1';

// Keyed as the API description names the route: `METHOD /path/{param}`.
const RULES: Record<string, Rule[]> = {
  'GET /api/v1/units': [{ treat: 'filtered', probe: () => get(`${V1}/units`), shows: () => [] }],
  'POST /api/v1/units': [{ treat: 'refused', probe: () => post(`${V1}/units`, [unitInput()]) }],
  'POST /api/v1/units/import': [{ treat: 'refused', probe: () => ({ method: 'POST', url: `${V1}/units/import`, upload: 'code,name,kind,divisionCode\r\n' }) }],
  'GET /api/v1/units/{code}/breakpoints': [{ treat: 'refused', probe: (s) => get(`${V1}/units/${s.office}/breakpoints`) }],
  'GET /api/v1/offices/{code}/reconciliation': [{ treat: 'refused', probe: (s) => get(`${V1}/offices/${s.office}/reconciliation?date=${s.day}`) }],
  'GET /api/v1/reports/overview': [{ treat: 'refused', probe: () => get(`${V1}/reports/overview`) }],
  'GET /api/v1/reports/breakpoint-rate': [{ treat: 'refused', probe: (s) => get(`${V1}/reports/breakpoint-rate?from=${s.day}&to=${s.day}`) }],
  'GET /api/v1/reports/work-orders': [{ treat: 'refused', probe: (s) => get(`${V1}/reports/work-orders?from=${s.day}&to=${s.day}`) }],
  'POST /api/v1/statements': [{ treat: 'refused', probe: (s) => post(`${V1}/statements`, { payer: s.w.partner, from: s.day, to: s.day }) }],
  'GET /api/v1/statements': [{ treat: 'filtered', probe: () => get(`${V1}/statements`), shows: (w) => [statementOf(w)] }],
  'GET /api/v1/statements/{id}': [{ treat: 'unknown', probe: (s) => get(`${V1}/statements/${statementOf(s.w)}`), ok: 200 }],
  'GET /api/v1/statements/{id}.xlsx': [{ treat: 'unknown', probe: (s) => get(`${V1}/statements/${statementOf(s.w)}.xlsx`), ok: 200 }],
  'GET /api/v1/statements/{id}.pdf': [{ treat: 'unknown', probe: (s) => get(`${V1}/statements/${statementOf(s.w)}.pdf`), ok: 200 }],
  'GET /api/v1/reports/donations.xlsx': [{ treat: 'refused', probe: (s) => get(`${V1}/reports/donations.xlsx?from=${s.day}&to=${s.day}`) }],
  'GET /api/v1/reports/weekly': [
    { treat: 'unknown', probe: (s) => get(`${V1}/reports/weekly?week=${WEEK}&program=${s.w.program}`), ok: 200 },
    { treat: 'refused', probe: () => get(`${V1}/reports/weekly?week=${WEEK}&division=420000`) },
  ],
  'GET /api/v1/reports/weekly.xlsx': [
    { treat: 'unknown', probe: (s) => get(`${V1}/reports/weekly.xlsx?week=${WEEK}&program=${s.w.program}`), ok: 200 },
    { treat: 'refused', probe: () => get(`${V1}/reports/weekly.xlsx?week=${WEEK}&division=420000`) },
  ],
  'GET /api/v1/reports/weekly.pdf': [
    { treat: 'unknown', probe: (s) => get(`${V1}/reports/weekly.pdf?week=${WEEK}&program=${s.w.program}`), ok: 200 },
    { treat: 'refused', probe: () => get(`${V1}/reports/weekly.pdf?week=${WEEK}&division=420000`) },
  ],
  'GET /api/v1/reports/weekly/stored/{id}.xlsx': [{ treat: 'unknown', probe: (s) => get(`${V1}/reports/weekly/stored/${weeklyReportOf(s.w)}.xlsx`), ok: 200 }],
  'GET /api/v1/reports/weekly/stored/{id}.pdf': [{ treat: 'unknown', probe: (s) => get(`${V1}/reports/weekly/stored/${weeklyReportOf(s.w)}.pdf`), ok: 200 }],
  'POST /api/v1/reports/weekly': [{ treat: 'refused', probe: (s) => post(`${V1}/reports/weekly`, { week: WEEK, program: s.w.program }) }],
  'GET /api/v1/reports/weekly/stored': [{ treat: 'filtered', probe: () => get(`${V1}/reports/weekly/stored`), shows: (w) => [weeklyReportOf(w)] }],
  'GET /api/v1/reports/weekly/stored/{id}': [{ treat: 'unknown', probe: (s) => get(`${V1}/reports/weekly/stored/${weeklyReportOf(s.w)}`), ok: 200 }],
  'POST /api/v1/statements/{id}/issue': [{ treat: 'refused', probe: (s) => post(`${V1}/statements/${statementOf(s.w)}/issue`) }],
  'POST /api/v1/statements/{id}/void': [{ treat: 'refused', probe: (s) => post(`${V1}/statements/${statementOf(s.w)}/void`, { reason: '试探' }) }],
  'GET /api/v1/reports/donations': [{ treat: 'refused', probe: (s) => get(`${V1}/reports/donations?from=${s.day}&to=${s.day}`) }],
  'POST /api/v1/scans': [{ treat: 'refused', probe: (s) => post(`${V1}/scans`, [{ trackingNo: s.w.trackingNo, code: 'DELIVERED', at: shanghai(FIXED_NOW), site: s.office }]) }],
  'POST /api/v1/breakpoints/sweep': [{ treat: 'refused', probe: () => post(`${V1}/breakpoints/sweep`, {}) }],
  'POST /api/v1/partners': [{ treat: 'refused', probe: (s) => post(`${V1}/partners`, [{ code: s.w.partner, name: '改名', kind: 'agency', divisionCode: '420500' }]) }],
  'GET /api/v1/partners': [{ treat: 'filtered', probe: () => get(`${V1}/partners`), shows: (w) => [w.partner] }],
  'POST /api/v1/programs': [{ treat: 'refused', probe: () => post(`${V1}/programs`, []) }],
  'GET /api/v1/programs': [{ treat: 'filtered', probe: () => get(`${V1}/programs`), shows: (w) => [w.program] }],
  'GET /api/v1/programs/{code}': [{ treat: 'unknown', probe: (s) => get(`${V1}/programs/${s.w.program}`), ok: 200 }],
  'GET /api/v1/programs/{code}/report': [{ treat: 'unknown', probe: (s) => get(`${V1}/programs/${s.w.program}/report?from=${s.day}&to=${s.day}`), ok: 200 }],
  'GET /api/v1/programs/{code}/report/last-mile': [{ treat: 'unknown', probe: (s) => get(`${V1}/programs/${s.w.program}/report/last-mile?from=${s.day}&to=${s.day}`), ok: 200 }],
  'GET /api/v1/programs/{code}/recipients': [{ treat: 'unknown', probe: (s) => get(`${V1}/programs/${s.w.program}/recipients`), ok: 200 }],
  'POST /api/v1/programs/{code}/recipients/import': [
    { treat: 'unknown', probe: (s) => ({ method: 'POST', url: `${V1}/programs/${s.w.program}/recipients/import`, upload: listCsv([listRow({ address: s.address })]) }), ok: 200 },
  ],
  'GET /api/v1/recipients/{id}': [
    { treat: 'unknown', probe: (s) => get(`${V1}/recipients/${s.w.recipientId}`), ok: 200 },
    { treat: 'refused', probe: (s) => get(`${V1}/recipients/${s.w.recipientId}?reveal=true`) },
  ],
  'POST /api/v1/programs/{code}/requests': [
    { treat: 'unknown', probe: (s) => post(`${V1}/programs/${s.w.program}/requests`, [{ name: '张三', phone: '13912345678', address: s.address }]), ok: 200 },
  ],
  'GET /api/v1/programs/{code}/requests': [
    { treat: 'unknown', probe: (s) => get(`${V1}/programs/${s.w.program}/requests`), ok: 200 },
    { treat: 'unknown', probe: (s) => get(`${V1}/programs/${s.w.program}/requests?externalRef=${s.w.requestId}&status=mailed`), ok: 200 },
  ],
  'GET /api/v1/requests/{id}': [{ treat: 'unknown', probe: (s) => get(`${V1}/requests/${s.w.requestId}`), ok: 200 }],
  'POST /api/v1/programs/{code}/invitations': [{ treat: 'unknown', probe: (s) => post(`${V1}/programs/${s.w.program}/invitations`, { count: 1 }), ok: 201 }],
  'GET /api/v1/programs/{code}/invitations': [{ treat: 'unknown', probe: (s) => get(`${V1}/programs/${s.w.program}/invitations?batch=${s.w.batch}`), ok: 200 }],
  'GET /api/v1/programs/{code}/invitation-batches': [{ treat: 'unknown', probe: (s) => get(`${V1}/programs/${s.w.program}/invitation-batches`), ok: 200 }],
  'GET /api/v1/programs/{code}/invitations/sheet.pdf': [{ treat: 'unknown', probe: (s) => get(`${V1}/programs/${s.w.program}/invitations/sheet.pdf?batch=${s.w.batch}`), ok: 200 }],
  'GET /api/v1/invitations/{id}/qr.svg': [{ treat: 'unknown', probe: (s) => get(`${V1}/invitations/${s.w.invitationId}/qr.svg`), ok: 200 }],
  'GET /api/v1/invitations/{id}/qr.png': [{ treat: 'unknown', probe: (s) => get(`${V1}/invitations/${s.w.invitationId}/qr.png`), ok: 200 }],
  'POST /api/v1/items': [{ treat: 'refused', probe: () => post(`${V1}/items`, [{ trackingNo: newTrackingNo() }]) }],
  'GET /api/v1/items': [
    { treat: 'filtered', probe: () => get(`${V1}/items`), shows: (w) => [w.trackingNo] },
    { treat: 'filtered', probe: () => get(`${V1}/items?status=CREATED`), shows: (w) => [w.spareTrackingNo] },
  ],
  'GET /api/v1/items/{trackingNo}': [{ treat: 'unknown', probe: (s) => get(`${V1}/items/${s.w.trackingNo}`), ok: 200 }],
  'GET /api/v1/items/{trackingNo}/label.pdf': [{ treat: 'unknown', probe: (s) => get(`${V1}/items/${s.w.trackingNo}/label.pdf`), ok: 200 }],
  'POST /api/v1/labels': [{ treat: 'unknown', probe: (s) => post(`${V1}/labels`, { trackingNos: [s.w.trackingNo] }), ok: 200 }],
  'GET /api/v1/breakpoints': [{ treat: 'filtered', probe: () => get(`${V1}/breakpoints?status=all`), shows: (w) => [w.trackingNo] }],
  'GET /api/v1/breakpoints/export': [{ treat: 'filtered', probe: () => get(`${V1}/breakpoints/export?format=csv&status=all`), shows: (w) => [w.trackingNo] }],
  'POST /api/v1/consignments': [
    { treat: 'unknown', probe: (s) => post(`${V1}/consignments`, { fromPartner: s.w.partner, toUnit: s.office, items: [s.w.spareTrackingNo] }), ok: 201 },
  ],
  'GET /api/v1/consignments/{trackingNo}': [{ treat: 'unknown', probe: (s) => get(`${V1}/consignments/${s.w.consignmentNo}`), ok: 200 }],
  'POST /api/v1/tokens': [{ treat: 'refused', probe: (s) => post(`${V1}/tokens`, { role: 'partner', partner: s.w.partner }) }],
  'GET /api/v1/tokens': [{ treat: 'filtered', probe: () => get(`${V1}/tokens`), shows: (w) => [w.tokenId, w.spareTokenId] }],
  'DELETE /api/v1/tokens/{id}': [{ treat: 'unknown', probe: (s) => ({ method: 'DELETE', url: `${V1}/tokens/${s.w.spareTokenId}` }), ok: 200 }],
  // A partner's credential makes endpoints for itself: naming partner B is answered like naming a partner that does not exist.
  'POST /api/v1/webhooks': [{ treat: 'unknown', probe: (s) => post(`${V1}/webhooks`, { url: 'https://receiver.example.cn/hook', events: ['item.status_changed'], partner: s.w.partner }), ok: 201 }],
  'GET /api/v1/webhooks': [
    { treat: 'filtered', probe: () => get(`${V1}/webhooks`), shows: (w) => [w.webhookId] },
    { treat: 'filtered', probe: (s) => get(`${V1}/webhooks?partner=${s.w.partner}`), shows: (w) => [w.webhookId] },
  ],
  'GET /api/v1/webhooks/{id}': [{ treat: 'unknown', probe: (s) => get(`${V1}/webhooks/${s.w.webhookId}`), ok: 200 }],
  'PATCH /api/v1/webhooks/{id}': [{ treat: 'unknown', probe: (s) => ({ method: 'PATCH', url: `${V1}/webhooks/${s.w.webhookId}`, body: { description: '改' } }), ok: 200 }],
  'DELETE /api/v1/webhooks/{id}': [{ treat: 'unknown', probe: (s) => ({ method: 'DELETE', url: `${V1}/webhooks/${s.w.spareWebhookId}` }), ok: 204 }],
  'POST /api/v1/webhooks/{id}/rotate-secret': [{ treat: 'unknown', probe: (s) => post(`${V1}/webhooks/${s.w.webhookId}/rotate-secret`), ok: 200 }],
  'GET /api/v1/webhooks/{id}/deliveries': [{ treat: 'unknown', probe: (s) => get(`${V1}/webhooks/${s.w.webhookId}/deliveries`), ok: 200 }],
  'POST /api/v1/webhooks/{id}/deliveries/{deliveryId}/retry': [
    { treat: 'unknown', probe: (s) => post(`${V1}/webhooks/${s.w.webhookId}/deliveries/${s.w.deliveryId}/retry`), ok: 200 },
  ],
  'POST /api/v1/webhooks/{id}/replay': [{ treat: 'unknown', probe: (s) => post(`${V1}/webhooks/${s.w.webhookId}/replay`, { since: '2026-01-01T00:00:00+08:00' }), ok: 200 }],
  'POST /api/v1/webhooks/{id}/test': [{ treat: 'unknown', probe: (s) => post(`${V1}/webhooks/${s.w.webhookId}/test`), ok: 202 }],
  'GET /api/v1/audit': [
    { treat: 'filtered', probe: () => get(`${V1}/audit`), shows: (w) => [w.tokenId] },
    { treat: 'filtered', probe: (s) => get(`${V1}/audit?from=${s.day}&to=${s.day}`), shows: (w) => [w.tokenId] },
  ],
  // The console's users are the post's to manage: a partner's credential is refused, whoever it names.
  'GET /api/v1/users': [{ treat: 'refused', probe: (s) => get(`${V1}/users?partner=${s.w.partner}`) }],
  'POST /api/v1/users': [{ treat: 'refused', probe: (s) => post(`${V1}/users`, { username: `scope-${s.w.partner.toLowerCase()}`, role: 'partner', partner: s.w.partner }) }],
  'PATCH /api/v1/users/{username}': [{ treat: 'refused', probe: () => ({ method: 'PATCH', url: `${V1}/users/nobody`, body: { role: 'admin' } }) }],
  'POST /api/v1/users/{username}/password': [{ treat: 'refused', probe: () => post(`${V1}/users/nobody/password`, {}) }],
  // Couriers record outcomes and read their office's items; the post's partners have no part in either.
  'POST /api/v1/deliveries': [{ treat: 'refused', probe: (s) => post(`${V1}/deliveries`, [doorOutcome(s)]) }],
  'GET /api/v1/items/{trackingNo}/delivery': [{ treat: 'refused', probe: (s) => get(`${V1}/items/${s.w.trackingNo}/delivery`) }],
  'GET /api/v1/deliveries/id-mismatches': [{ treat: 'refused', probe: (s) => get(`${V1}/deliveries/id-mismatches?from=${s.day}&to=${s.day}`) }],
  'GET /api/v1/items/{trackingNo}/delivery/{id}/{kind}': [{ treat: 'refused', probe: (s) => get(`${V1}/items/${s.w.trackingNo}/delivery/${s.w.requestId}/signature`) }],
  // What an item's recipient was told: the partners of its program see it, like the item itself.
  'GET /api/v1/items/{trackingNo}/notifications': [{ treat: 'unknown', probe: (s) => get(`${V1}/items/${s.w.trackingNo}/notifications`), ok: 200 }],
  'POST /api/v1/public/items/{trackingNo}/verify': [{ treat: 'public', probe: (s) => post(`${V1}/public/items/${s.w.trackingNo}/verify`, { phone4: '0000' }) }],
  // A bank's tasks are the items of the programs naming it as activation bank. The worlds' programs name none:
  // A's list is empty, and A's own item is no task of A's either (the activations tests cover a bank's own).
  'GET /api/v1/activations': [
    { treat: 'filtered', probe: () => get(`${V1}/activations`), shows: () => [] },
    { treat: 'filtered', probe: (s) => get(`${V1}/activations?status=pending&program=${s.w.program}`), shows: () => [] },
  ],
  'POST /api/v1/activations/{trackingNo}': [
    { treat: 'unknown', probe: (s) => post(`${V1}/activations/${s.w.trackingNo}`, { result: 'activated', at: shanghai(FIXED_NOW), staff: '柜员' }), ok: 404 },
  ],
  'POST /api/v1/items/{trackingNo}/proof': [{ treat: 'refused', probe: (s) => post(`${V1}/items/${s.w.trackingNo}/proof`, { clientId: 'scope-proof', receivedBy: 'recipient' }) }],
  'GET /api/v1/offices/{code}/returns-due': [{ treat: 'refused', probe: (s) => get(`${V1}/offices/${s.office}/returns-due?date=${s.day}`) }],
  'GET /api/v1/offices/{code}/deliveries': [{ treat: 'refused', probe: (s) => get(`${V1}/offices/${s.office}/deliveries?date=${s.day}`) }],
  'POST /api/v1/items/{trackingNo}/pickup-code': [{ treat: 'refused', probe: (s) => post(`${V1}/items/${s.w.trackingNo}/pickup-code`) }],
  'GET /api/v1/deliveries/today': [{ treat: 'refused', probe: (s) => get(`${V1}/deliveries/today?office=${s.office}`) }],
  // The sponsor changes its own program's items' addresses and reads their history; B's are as unknown to A.
  'POST /api/v1/items/{trackingNo}/address-change': [{ treat: 'unknown', probe: (s) => post(`${V1}/items/${s.w.trackingNo}/address-change`, { address: s.address, reason: '核实新地址' }), ok: 200 }],
  'GET /api/v1/items/{trackingNo}/address-changes': [{ treat: 'unknown', probe: (s) => get(`${V1}/items/${s.w.trackingNo}/address-changes`), ok: 200 }],
  'POST /api/v1/public/items/{trackingNo}/address-change': [{ treat: 'public', probe: (s) => post(`${V1}/public/items/${s.w.trackingNo}/address-change`, { code: '000000', address: s.address }) }],
  'POST /api/v1/public/items/{trackingNo}/reschedule': [{ treat: 'public', probe: (s) => post(`${V1}/public/items/${s.w.trackingNo}/reschedule`, { code: '000000', date: s.day }) }],
  // Work orders: a partner opens and reads those about its programs' items; B's item is as unknown to A, B's orders too.
  'POST /api/v1/work-orders': [{ treat: 'unknown', probe: (s) => post(`${V1}/work-orders`, { type: 'enquiry', channel: 'agency', trackingNo: s.w.trackingNo, description: '核实' }), ok: 201 }],
  'GET /api/v1/work-orders': [{ treat: 'filtered', probe: () => get(`${V1}/work-orders?limit=500`), shows: (w) => [w.trackingNo] }],
  'GET /api/v1/work-orders/{number}': [{ treat: 'unknown', probe: (s) => get(`${V1}/work-orders/${workOrderOf(s.w)}`), ok: 200 }],
  'GET /api/v1/work-orders/settings/programs/{code}': [{ treat: 'refused', probe: (s) => get(`${V1}/work-orders/settings/programs/${s.w.program}`) }],
  'PUT /api/v1/work-orders/settings/programs/{code}': [{ treat: 'refused', probe: (s) => ({ method: 'PUT', url: `${V1}/work-orders/settings/programs/${s.w.program}`, body: { greenChannel: true } }) }],
  'GET /api/v1/work-orders/settings/partners/{code}': [{ treat: 'refused', probe: (s) => get(`${V1}/work-orders/settings/partners/${s.w.partner}`) }],
  'PUT /api/v1/work-orders/settings/partners/{code}': [{ treat: 'refused', probe: (s) => ({ method: 'PUT', url: `${V1}/work-orders/settings/partners/${s.w.partner}`, body: { greenChannel: true } }) }],
  'GET /api/v1/work-orders/settings/units/{code}': [{ treat: 'refused', probe: (s) => get(`${V1}/work-orders/settings/units/${s.office}`) }],
  'PUT /api/v1/work-orders/settings/units/{code}': [{ treat: 'refused', probe: (s) => ({ method: 'PUT', url: `${V1}/work-orders/settings/units/${s.office}`, body: { calendar: null } }) }],
  'POST /api/v1/work-orders/{number}/actions': [{ treat: 'refused', probe: (s) => post(`${V1}/work-orders/${workOrderOf(s.w)}/actions`, { action: 'note', message: '备注' }) }],
  // Refused by their bodies, before the code is tried: probing them does not count toward the item's lock.
  'POST /api/v1/public/items/{trackingNo}/work-orders': [
    { treat: 'public', probe: (s) => post(`${V1}/public/items/${s.w.trackingNo}/work-orders`, { code: '000000', type: 'praise', description: '问一下' }) },
  ],
  'GET /api/v1/public/items/{trackingNo}/work-orders': [{ treat: 'public', probe: (s) => get(`${V1}/public/items/${s.w.trackingNo}/work-orders?code=`) }],
  'POST /api/v1/public/items/{trackingNo}/work-orders/{number}/rating': [
    { treat: 'public', probe: (s) => post(`${V1}/public/items/${s.w.trackingNo}/work-orders/${workOrderOf(s.w)}/rating`, { code: '000000', score: 9 }) },
  ],
  // A search finds B's item and request by their number for B alone; A's own, for A.
  'GET /api/v1/search': [{ treat: 'filtered', probe: (s) => get(`${V1}/search?q=${s.w.trackingNo}`), shows: (w) => [w.requestId, w.program] }],
  'GET /api/v1/public/tracking/{trackingNo}': [{ treat: 'public', probe: (s) => get(`${V1}/public/tracking/${s.w.trackingNo}?phone4=0000`) }],
  'GET /api/v1/public/invitations/{token}': [{ treat: 'public', probe: (s) => get(`${V1}/public/invitations/${s.w.invitationToken}`) }],
  'POST /api/v1/public/requests/{token}': [{ treat: 'public', probe: () => post(`${V1}/public/requests/not-a-token`, {}) }],
  'POST /api/v1/session': [{ treat: 'public', probe: () => ({ ...post(`${V1}/session`, { username: 'nobody', password: 'wrong' }), headers: { 'x-songda-csrf': '1' } }) }],
  'GET /api/v1/session': [{ treat: 'public', probe: () => get(`${V1}/session`) }],
  'DELETE /api/v1/session': [{ treat: 'public', probe: () => ({ method: 'DELETE', url: `${V1}/session` }) }],
  // Only a session (a person) changes its own password: a bearer token answers as no one signed in.
  'POST /api/v1/session/password': [
    { treat: 'public', probe: () => ({ ...post(`${V1}/session/password`, { currentPassword: 'wrong', newPassword: 'a new passphrase' }), headers: { 'x-songda-csrf': '1' } }) },
  ],
};

/** The routes a courier may use, with what they answer on an item at the courier's own office (the probe's proof id names none). */
const COURIER_ROUTES: Record<string, number> = {
  'POST /api/v1/deliveries': 200,
  'GET /api/v1/items/{trackingNo}/delivery': 200,
  'GET /api/v1/items/{trackingNo}/delivery/{id}/{kind}': 404,
  // The probe's item is out for delivery, not delivered: there is no delivery to prove yet.
  'POST /api/v1/items/{trackingNo}/proof': 409,
  // Naming the office of the item is the courier's own round here, and refused to a courier of another.
  'GET /api/v1/deliveries/today': 200,
};

const method = (route: string) => route.split(' ')[0]!;

function sendAs(t: TestApp, cookie: string, probe: Probe): Promise<LightMyRequestResponse> {
  if (probe.upload !== undefined) return t.app.inject({ method: probe.method, url: probe.url, cookies: { [SESSION_COOKIE]: cookie }, headers: { ...CSRF, 'content-type': 'text/csv' }, payload: probe.upload });
  return asUser(t, cookie, probe.method, probe.url, { body: probe.body, headers: probe.headers });
}

/** A world whose every id names nothing stored: what "does not exist" answers. */
function unknownWorld(): PartnerWorld {
  const n = nextSequence();
  const hex = (len: number) => randomUUID().replaceAll('-', '').slice(0, len);
  return {
    partner: `NOSUCH${n}Q`,
    partnerName: `无此合作方${n}`,
    program: `NOSUCHPG${n}Q`,
    programName: `无此项目${n}`,
    recipientId: randomUUID(),
    recipientName: `无此人${n}`,
    requestId: randomUUID(),
    trackingNo: newTrackingNo(),
    invitationId: `${hex(12)}-1`,
    batch: hex(12),
    consignmentNo: newTrackingNo(),
    tokenId: hex(16),
    token: 'sd_none',
    spareTrackingNo: newTrackingNo(),
    spareTokenId: hex(16),
    invitationToken: 'none',
    webhookId: newWebhookId('ep_'),
    deliveryId: newWebhookId('msg_'),
    spareWebhookId: newWebhookId('ep_'),
  };
}

const KEYS = ['partner', 'partnerName', 'program', 'programName', 'recipientId', 'recipientName', 'requestId', 'trackingNo', 'invitationId', 'batch', 'consignmentNo', 'tokenId', 'spareTrackingNo', 'spareTokenId', 'webhookId', 'deliveryId', 'spareWebhookId'] as const;

/** B's answer with each of B's ids replaced by the unknown world's: equal to the unknown's answer when nothing of B shows. */
function asIfUnknown(text: string, b: PartnerWorld, u: PartnerWorld): string {
  let out = text;
  for (const key of [...KEYS].sort((x, y) => b[y].length - b[x].length)) out = out.replaceAll(b[key], u[key]);
  return out;
}

function send(t: TestApp, token: string | null, probe: Probe): Promise<LightMyRequestResponse> {
  const headers: Record<string, string> = { ...probe.headers, ...(token === null ? {} : { authorization: `Bearer ${token}` }) };
  if (probe.upload !== undefined) {
    const boundary = `----scope${nextSequence()}`;
    const payload = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="list.csv"\r\nContent-Type: text/csv\r\n\r\n${probe.upload}\r\n--${boundary}--\r\n`;
    return t.app.inject({ method: probe.method, url: probe.url, payload, headers: { ...headers, 'content-type': `multipart/form-data; boundary=${boundary}` } });
  }
  return t.app.inject({ method: probe.method, url: probe.url, headers, ...(probe.body === undefined ? {} : { payload: probe.body as object }) });
}

/** The secrets of B that show in an answer, leaving out those the probe itself sent (an echo of the caller's own words is no leak). */
function leaked(res: LightMyRequestResponse, probe: Probe, b: PartnerWorld): string[] {
  const sent = `${probe.url} ${JSON.stringify(probe.body ?? null)} ${probe.upload ?? ''}`;
  const { 'x-request-id': _id, ...headers } = res.headers;
  const answer = `${res.body}\n${JSON.stringify(headers)}`;
  return secretsOf(b).filter((secret) => !sent.includes(secret) && answer.includes(secret));
}

describeEachDialect('partner scope: every route, with partner A’s token, on partner B’s objects', (ctx) => {
  let t: TestApp;
  let a: PartnerWorld;
  let b: PartnerWorld;
  let routes: string[];
  const subject = (w: PartnerWorld, place: { county: Parameters<typeof addressIn>[0]; office: string }): Subject => ({
    w,
    office: place.office,
    address: addressIn(place.county),
    day: shanghai(FIXED_NOW).slice(0, 10),
  });
  let place: { county: Parameters<typeof addressIn>[0]; office: string };

  beforeAll(async () => {
    t = await newTestApp(ctx, { sharedByFile: true });
    place = await countyWithOffice(t);
    a = await buildPartnerWorld(t, 'ALFA', place);
    b = await buildPartnerWorld(t, 'BRAVO', place);
    for (const w of [a, b]) {
      const order = await t.request('POST', `${V1}/work-orders`, { role: 'operator', body: { type: 'complaint', channel: 'phone', trackingNo: w.trackingNo, description: '投诉' } });
      expect(order.statusCode, order.body).toBe(201);
      workOrders.set(w.trackingNo, (order.json() as { number: string }).number);
      const statement = await t.request('POST', `${V1}/statements`, { role: 'operator', body: { payer: w.partner, from: subject(w, place).day, to: subject(w, place).day } });
      expect(statement.statusCode, statement.body).toBe(201);
      statements.set(w.partner, (statement.json() as { id: string }).id);
      const weekly = await t.request('POST', `${V1}/reports/weekly`, { role: 'operator', body: { week: WEEK, program: w.program } });
      expect(weekly.statusCode, weekly.body).toBe(201);
      weeklyReports.set(w.program, (weekly.json() as { id: string }).id);
    }
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as { paths: Record<string, Record<string, unknown>> };
    routes = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((method) => `${method.toUpperCase()} ${path}`));
  }, 60_000);
  afterAll(() => t?.app.close());

  it('has a scope rule for every route of the API description, and none for a route that is gone', () => {
    expect(routes.filter((r) => !(r in RULES)), 'routes without a rule: decide how a partner is scoped on them').toEqual([]);
    expect(Object.keys(RULES).filter((r) => !routes.includes(r)), 'rules of routes the API no longer has').toEqual([]);
  });

  it('answers A on B’s objects as on nothing: 403 for closed routes, 404 or the unknown-id answer, lists without B', async () => {
    const u = unknownWorld();
    for (const [route, rules] of Object.entries(RULES)) {
      for (const rule of rules) {
        const probe = rule.probe(subject(b, place));
        const res = await send(t, a.token, probe);
        const what = `${route} (${probe.method} ${probe.url})`;
        // The public routes answer whoever holds a citizen's link or tracking number, the same with A's token or none (below).
        if (rule.treat !== 'public') expect(leaked(res, probe, b), `${what} shows B: ${res.body.slice(0, 300)}`).toEqual([]);
        if (rule.treat === 'refused') {
          expect(res.statusCode, `${what}: ${res.body}`).toBe(403);
          expect((res.json() as { error: { code: string } }).error.code).toBe('forbidden');
        } else if (rule.treat === 'unknown') {
          const unknown = await send(t, a.token, rule.probe(subject(u, place)));
          expect(res.statusCode, `${what}: ${res.body}`).toBeGreaterThanOrEqual(400);
          expect(res.statusCode, `${what} vs an unknown id`).toBe(unknown.statusCode);
          expect(asIfUnknown(res.body, b, u), `${what} vs an unknown id`).toBe(unknown.body);
        } else if (rule.treat === 'filtered') {
          expect(res.statusCode, `${what}: ${res.body}`).toBe(200);
        } else {
          const anonymous = await send(t, null, probe);
          expect(res.statusCode, `${what} with A's token vs none`).toBe(anonymous.statusCode);
          expect(res.body, `${what} with A's token vs none`).toBe(anonymous.body);
        }
      }
    }
  });

  it('lets A see and do what is its own on the same routes', async () => {
    for (const [route, rules] of Object.entries(RULES)) {
      for (const rule of rules) {
        if (rule.treat !== 'unknown' && rule.treat !== 'filtered') continue;
        const probe = rule.probe(subject(a, place));
        const res = await send(t, a.token, probe);
        const what = `${route} (${probe.method} ${probe.url})`;
        expect(res.statusCode, `${what}: ${res.body.slice(0, 300)}`).toBe(rule.treat === 'unknown' ? rule.ok : 200);
        expect(leaked(res, probe, b), `${what} shows B`).toEqual([]);
        if (rule.treat === 'filtered') for (const own of rule.shows(a)) expect(res.body, `${what} lists ${own}`).toContain(own);
      }
    }
  });

  // The courier column: a courier (a signed-in person of one office) may use only the routes that
  // serve couriers; on them an item elsewhere is answered like one that does not exist.
  it('answers a courier 403 on every route but the couriers’, and an item of another office like an unknown one', async () => {
    const { cookie: elsewhere } = await signedInCourier(t, (await countyWithOffice(t)).office);
    const { cookie: here } = await signedInCourier(t, place.office);
    const u = unknownWorld();
    for (const [route, rules] of Object.entries(RULES)) {
      for (const rule of rules) {
        // The session routes are the courier's own signing in and out, read from the cookie itself.
        if (route.startsWith(`${method(route)} ${V1}/session`)) continue;
        const probe = rule.probe(subject(b, place));
        const res = await sendAs(t, elsewhere, probe);
        const what = `${route} (${probe.method} ${probe.url})`;
        if (rule.treat === 'public') {
          const anonymous = await send(t, null, probe);
          expect(res.statusCode, `${what} as a courier vs no one`).toBe(anonymous.statusCode);
        } else if (!(route in COURIER_ROUTES)) {
          expect(res.statusCode, `${what}: ${res.body}`).toBe(403);
        } else {
          const unknown = await sendAs(t, elsewhere, rule.probe(subject(u, place)));
          expect(res.statusCode, `${what} vs an unknown id`).toBe(unknown.statusCode);
          expect(asIfUnknown(res.body, b, u), `${what} vs an unknown id`).toBe(unknown.body);
          const own = await sendAs(t, here, probe);
          expect(own.statusCode, `${what} at the courier's own office: ${own.body}`).toBe(COURIER_ROUTES[route]);
        }
      }
    }
  });

  it('stores nothing for B when A writes to B’s program, consignment or token', async () => {
    const count = async (table: 'requests' | 'recipients' | 'invitations' | 'consignments') =>
      Number((await t.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const before = { requests: await count('requests'), recipients: await count('recipients'), invitations: await count('invitations'), consignments: await count('consignments') };
    const s = subject(b, place);
    await send(t, a.token, post(`${V1}/programs/${b.program}/requests`, [{ name: '张三', phone: newPhone(), address: s.address }]));
    await send(t, a.token, { method: 'POST', url: `${V1}/programs/${b.program}/recipients/import`, upload: listCsv([listRow({ address: s.address })]) });
    await send(t, a.token, post(`${V1}/programs/${b.program}/invitations`, { count: 3 }));
    await send(t, a.token, post(`${V1}/consignments`, { fromPartner: a.partner, toUnit: place.office, items: [b.spareTrackingNo] }));
    await send(t, a.token, { method: 'DELETE', url: `${V1}/tokens/${b.tokenId}` });
    expect({ requests: await count('requests'), recipients: await count('recipients'), invitations: await count('invitations'), consignments: await count('consignments') }).toEqual(before);
    const bToken = await t.db.selectFrom('api_tokens').select('revoked_at').where('id', '=', b.tokenId).executeTakeFirstOrThrow();
    expect(bToken.revoked_at).toBeNull();
  });
});
