import type { Updateable } from 'kysely';
import type { Db } from '../../db/database.js';
import type { WebhookEndpointTable } from './webhook.table.js';

export async function insertWebhookEndpoint(db: Db, row: WebhookEndpointTable): Promise<void> {
  await db.insertInto('webhook_endpoints').values(row).execute();
}

export function findWebhookEndpoint(db: Db, id: string) {
  return db.selectFrom('webhook_endpoints').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Every endpoint, or one partner's, oldest first. */
export function listWebhookEndpoints(db: Db, partner?: string) {
  let q = db.selectFrom('webhook_endpoints').selectAll();
  if (partner !== undefined) q = q.where('partner', '=', partner);
  return q.orderBy('created_at').orderBy('id').execute();
}

export async function updateWebhookEndpoint(db: Db, id: string, changes: Updateable<WebhookEndpointTable>): Promise<void> {
  await db.updateTable('webhook_endpoints').set(changes).where('id', '=', id).execute();
}

export type SealedEndpointSecrets = Pick<WebhookEndpointTable, 'id' | 'secret_sealed' | 'previous_secret_sealed'>;

/**
 * The next endpoints, in id order after `afterId`, with a secret not yet sealed under the key `keyId`:
 * a batch of a data-key rotation. Key ids are hex digits, so the pattern holds no wildcard.
 */
export function listEndpointsToReseal(db: Db, keyId: string, afterId: string, limit: number): Promise<SealedEndpointSecrets[]> {
  const sealedUnder = `v2.${keyId}.%`;
  return db
    .selectFrom('webhook_endpoints')
    .select(['id', 'secret_sealed', 'previous_secret_sealed'])
    .where('id', '>', afterId)
    .where((eb) => eb.or([eb('secret_sealed', 'not like', sealedUnder), eb.and([eb('previous_secret_sealed', 'is not', null), eb('previous_secret_sealed', 'not like', sealedUnder)])]))
    .orderBy('id')
    .limit(limit)
    .execute();
}

/** Stores re-sealed secrets unless the endpoint's secrets changed since they were read (a rotation meanwhile); answers whether it did. */
export async function resealEndpointSecrets(trx: Db, before: SealedEndpointSecrets, after: Omit<SealedEndpointSecrets, 'id'>): Promise<boolean> {
  const updated = await trx
    .updateTable('webhook_endpoints')
    .set(after)
    .where('id', '=', before.id)
    .where('secret_sealed', '=', before.secret_sealed)
    .where((eb) => (before.previous_secret_sealed === null ? eb('previous_secret_sealed', 'is', null) : eb('previous_secret_sealed', '=', before.previous_secret_sealed)))
    .executeTakeFirst();
  return Number(updated.numUpdatedRows) > 0;
}

/** Removes the endpoint with its messages and their attempts (the delivery log goes with it). */
export async function deleteWebhookEndpoint(db: Db, id: string): Promise<void> {
  await db.deleteFrom('webhook_attempts').where('endpoint_id', '=', id).execute();
  await db.deleteFrom('webhook_messages').where('endpoint_id', '=', id).execute();
  await db.deleteFrom('webhook_endpoints').where('id', '=', id).execute();
}

export interface DeliverableEndpoint {
  id: string;
  partner: string;
  events: string[];
}

/**
 * The endpoints the fan-out writes messages for: the enabled ones, with their partner (whose scope
 * decides which events reach it) and the event types they subscribed to. A disabled endpoint is
 * sent nothing, and nothing is kept for it meanwhile. `now` is the instant of the read.
 */
export async function listDeliverableEndpoints(db: Db, _now: number): Promise<DeliverableEndpoint[]> {
  const rows = await db.selectFrom('webhook_endpoints').select(['id', 'partner', 'events']).where('enabled', '=', 1).orderBy('id').execute();
  return rows.map((r) => ({ id: r.id, partner: r.partner, events: JSON.parse(r.events) as string[] }));
}

/** What the sender needs of the endpoints whose messages it is about to send. */
export function findSendingEndpoints(db: Db, ids: readonly string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('webhook_endpoints')
    .select(['id', 'url', 'enabled', 'secret_sealed', 'previous_secret_sealed', 'previous_secret_expires_at', 'failing_since'])
    .where('id', 'in', ids)
    .execute();
}

/** The delivery health of the endpoints named: whether they are enabled and since when they have failed. */
export function findEndpointHealth(db: Db, ids: readonly string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom('webhook_endpoints').select(['id', 'enabled', 'failing_since']).where('id', 'in', ids).execute();
}
