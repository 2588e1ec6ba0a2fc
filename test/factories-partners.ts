// A partner's whole world, for tests of what a partner's credential sees: its own program with a
// listed recipient, a request mailed as an item with scans and a break-point, an invitation, a
// consignment it sent, its own token (and the audit row of that token's making).
import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import type { Db } from '../src/db/database.js';
import type { Division } from '../src/domain/divisions.js';
import { upsertPartner } from '../src/modules/programs/partner.repository.js';
import { upsertProgram } from '../src/modules/programs/program.repository.js';
import { scanItem, stepsFrom } from './factories-console.js';
import { FIXED_NOW, HOUR, type TestApp, nextSequence } from './factories.js';
import { listCsv, listRow, uploadList } from './factories-programs.js';
import { addressIn, newPhone, postInvitations, postRequests } from './factories-requests.js';

export interface PartnerWorld {
  partner: string;
  partnerName: string;
  program: string;
  programName: string;
  recipientId: string;
  recipientName: string;
  requestId: string;
  trackingNo: string;
  invitationId: string;
  batch: string;
  consignmentNo: string;
  tokenId: string;
  token: string;
  /** A second mailed item, in no consignment, and a second token: for writes and revocations of its own. */
  spareTrackingNo: string;
  spareTokenId: string;
  /** The citizen link's token of the invitation. */
  invitationToken: string;
  /** Its webhook endpoint, a queued test delivery of it, and a second endpoint to delete. */
  webhookId: string;
  deliveryId: string;
  spareWebhookId: string;
}

/** Makes a partner (an agency) with a code and names that contain `label`, so that they are easy to spot in any answer. */
export async function createLabelledPartner(db: Db, label: string, kind: 'agency' | 'bank' | 'card_factory' = 'agency'): Promise<{ code: string; name: string }> {
  const n = nextSequence();
  const code = `${label}${n}Q`;
  const name = `${label}合作方${n}`;
  await upsertPartner(db, { code, name, kind, division_code: '420500' }, FIXED_NOW);
  return { code, name };
}

/** A token of role partner for `partner`, made by an admin through the API. */
export async function newPartnerToken(t: TestApp, partner: string): Promise<{ id: string; token: string }> {
  const res = await t.request('POST', '/api/v1/tokens', { body: { role: 'partner', partner, name: `${partner} system` } });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; token: string };
}

/** A request with a partner's token (or none). */
export function asPartner(t: TestApp, token: string | null, method: string, url: string, body?: unknown): Promise<LightMyRequestResponse> {
  const headers = token === null ? {} : { authorization: `Bearer ${token}` };
  return t.app.inject({ method: method as 'GET', url, headers, ...(body === undefined ? {} : { payload: body as object }) });
}

/** Everything of one partner, made by the post's admin as it would be in service; `office` delivers in `county`. */
export async function buildPartnerWorld(t: TestApp, label: string, where: { county: Division; office: string }): Promise<PartnerWorld> {
  const { code: partner, name: partnerName } = await createLabelledPartner(t.db, label);
  const program = `${label}PG${nextSequence()}Q`;
  const programName = `${label}优待证寄递`;
  await upsertProgram(
    t.db,
    {
      code: program,
      name: programName,
      document_type: '优待证',
      sponsor: partner,
      payer_mode: 'government',
      payer_shares: null,
      requirements: JSON.stringify({ recipientOnly: true, idCheck: false }),
      sla_days: 7,
    },
    FIXED_NOW,
  );
  const recipientName = `${label}收件人${nextSequence()}`;
  const row = listRow({ name: recipientName, address: addressIn(where.county), divisionCode: where.county.code });
  const imported = await uploadList(t, program, listCsv([row]));
  expect(imported.statusCode, imported.body).toBe(200);
  const recipient = await t.db.selectFrom('recipients').select('id').where('program_code', '=', program).executeTakeFirstOrThrow();
  const [mailed, spare] = await postRequests(t, program, [{ idNumber: row.idNumber }, { name: `${label}寄件${nextSequence()}`, phone: newPhone(), address: addressIn(where.county) }]);
  expect(mailed, JSON.stringify(mailed)).toMatchObject({ status: 'mailed' });
  expect(spare, JSON.stringify(spare)).toMatchObject({ status: 'mailed' });
  const trackingNo = mailed!.trackingNo!;
  // Arrived at the office with no acceptance scan: a MISSING_ACCEPTANCE break-point.
  await scanItem(t, trackingNo, stepsFrom(FIXED_NOW - 3 * HOUR, [['ARRIVED', where.office], ['AT_DELIVERY_OFFICE', where.office]]));
  const breakpoints = await t.db.selectFrom('breakpoints').select('id').where('tracking_no', '=', trackingNo).execute();
  expect(breakpoints.length, `break-points of ${trackingNo}`).toBeGreaterThan(0);

  const invitations = await postInvitations(t, program, { count: 1 });
  const consignment = await t.request('POST', '/api/v1/consignments', { body: { fromPartner: partner, toUnit: where.office, items: [trackingNo] } });
  expect(consignment.statusCode, consignment.body).toBe(201);
  const token = await newPartnerToken(t, partner);
  const spareToken = await newPartnerToken(t, partner);
  const webhook = await newWebhook(t, partner);
  const test = await t.request('POST', `/api/v1/webhooks/${webhook}/test`);
  expect(test.statusCode, test.body).toBe(202);
  return {
    partner,
    partnerName,
    program,
    programName,
    recipientId: recipient.id,
    recipientName,
    requestId: mailed!.requestId!,
    trackingNo,
    invitationId: invitations.invitations[0]!.id,
    batch: invitations.batch,
    consignmentNo: (consignment.json() as { trackingNo: string }).trackingNo,
    tokenId: token.id,
    token: token.token,
    spareTrackingNo: spare!.trackingNo!,
    spareTokenId: spareToken.id,
    invitationToken: invitations.invitations[0]!.token,
    webhookId: webhook,
    deliveryId: (test.json() as { deliveryId: string }).deliveryId,
    spareWebhookId: await newWebhook(t, partner),
  };
}

async function newWebhook(t: TestApp, partner: string): Promise<string> {
  const res = await t.request('POST', '/api/v1/webhooks', { body: { url: `https://${partner.toLowerCase()}.example.cn/songda`, events: ['item.status_changed'], partner } });
  expect(res.statusCode, res.body).toBe(201);
  return (res.json() as { id: string }).id;
}

/** The strings of a world that must never appear in an answer to another partner. */
export function secretsOf(w: PartnerWorld): string[] {
  return [
    w.partner,
    w.partnerName,
    w.program,
    w.programName,
    w.recipientId,
    w.recipientName,
    w.requestId,
    w.trackingNo,
    w.invitationId,
    w.batch,
    w.consignmentNo,
    w.tokenId,
    w.spareTrackingNo,
    w.spareTokenId,
    w.webhookId,
    w.deliveryId,
    w.spareWebhookId,
  ];
}
