import type { Db } from '../../db/database.js';
import { type Scope, seesPartner } from '../../domain/access-scope.js';
import type { PersonalDataCipher } from '../../domain/personal-data.js';
import { formatZoned } from '../../domain/scan-time.js';
import { AppError } from '../../errors.js';
import { recordAudit } from '../audit/audit.service.js';
import { getPartner } from '../programs/partner.service.js';
import { deleteWebhookEndpoint, findWebhookEndpoint, insertWebhookEndpoint, listWebhookEndpoints, updateWebhookEndpoint } from './webhook-endpoint.repository.js';
import { newWebhookId } from './webhook-ids.js';
import { newWebhookSecret } from './webhook-signing.js';
import type { DisabledReason, TCreateWebhookBody, TUpdateWebhookBody, TWebhook } from './webhook.schemas.js';
import type { WebhookEndpointTable } from './webhook.table.js';
import { type Message, msg } from '../../i18n/message.js';

/** How long the secret before a rotation keeps signing, so receivers can switch without losing a push. */
export const PREVIOUS_SECRET_MS = 24 * 3_600_000;

/** Who acts, on whose behalf, when, and under which rules: what every endpoint use case needs. */
export interface WebhookActor {
  db: Db;
  cipher: PersonalDataCipher;
  /** `token:<id>` or `user:<name>`, as the audit log names them. */
  actor: string;
  scope: Scope;
  now: number;
  timeZone: string;
  allowHttp: boolean;
}

export async function createWebhook(a: WebhookActor, body: TCreateWebhookBody): Promise<TWebhook & { secret: string }> {
  const partner = await endpointPartner(a, body.partner);
  checkEndpointUrl(body.url, a.allowHttp);
  const secret = newWebhookSecret();
  const row: WebhookEndpointTable = {
    id: newWebhookId('ep_'),
    partner,
    url: body.url,
    description: body.description ?? null,
    events: JSON.stringify(body.events),
    enabled: 1,
    disabled_reason: null,
    secret_sealed: a.cipher.seal(secret),
    previous_secret_sealed: null,
    previous_secret_expires_at: null,
    failing_since: null,
    created_at: a.now,
    updated_at: a.now,
  };
  await a.db.transaction().execute(async (trx) => {
    await insertWebhookEndpoint(trx, row);
    await recordAudit(trx, { at: a.now, actor: a.actor, action: 'webhook.create', subject: row.id, partner, detail: { url: row.url, events: body.events } });
  });
  return { ...showWebhook(row, a.timeZone), secret };
}

export async function listWebhooks(a: Pick<WebhookActor, 'db' | 'scope' | 'timeZone'>, partner: string | undefined): Promise<TWebhook[]> {
  if (partner !== undefined && !seesPartner(a.scope, partner)) return [];
  const rows = await listWebhookEndpoints(a.db, a.scope === 'all' ? partner : a.scope.partner);
  return rows.map((r) => showWebhook(r, a.timeZone));
}

/** The endpoint if the caller may see it; another partner's is answered exactly like an unknown one. */
export async function getWebhookRow(db: Db, scope: Scope, id: string): Promise<WebhookEndpointTable> {
  const row = await findWebhookEndpoint(db, id);
  if (!row || !seesPartner(scope, row.partner)) throw new AppError('not_found', msg('notFound.webhook', { id }));
  return row;
}

export async function updateWebhook(a: WebhookActor, id: string, body: TUpdateWebhookBody): Promise<TWebhook> {
  const before = await getWebhookRow(a.db, a.scope, id);
  if (body.url !== undefined) checkEndpointUrl(body.url, a.allowHttp);
  const changes: Partial<WebhookEndpointTable> = { updated_at: a.now };
  if (body.url !== undefined) changes.url = body.url;
  if (body.events !== undefined) changes.events = JSON.stringify(body.events);
  if (body.description !== undefined) changes.description = body.description;
  if (body.enabled === true) Object.assign(changes, { enabled: 1, disabled_reason: null, failing_since: null });
  // Disabling an endpoint already disabled keeps the reason the server gave.
  if (body.enabled === false && before.enabled === 1) Object.assign(changes, { enabled: 0, disabled_reason: 'manual' satisfies DisabledReason });
  await a.db.transaction().execute(async (trx) => {
    await updateWebhookEndpoint(trx, id, changes);
    await recordAudit(trx, { at: a.now, actor: a.actor, action: 'webhook.update', subject: id, partner: before.partner, detail: { ...body } });
  });
  return showWebhook({ ...before, ...changes }, a.timeZone);
}

export async function deleteWebhook(a: WebhookActor, id: string): Promise<void> {
  const before = await getWebhookRow(a.db, a.scope, id);
  await a.db.transaction().execute(async (trx) => {
    await deleteWebhookEndpoint(trx, id);
    await recordAudit(trx, { at: a.now, actor: a.actor, action: 'webhook.delete', subject: id, partner: before.partner, detail: { url: before.url } });
  });
}

/** A new secret; the current one keeps signing beside it for PREVIOUS_SECRET_MS (a second rotation drops the oldest). */
export async function rotateWebhookSecret(a: WebhookActor, id: string): Promise<{ id: string; secret: string; previousSecretExpiresAt: string }> {
  const before = await getWebhookRow(a.db, a.scope, id);
  const secret = newWebhookSecret();
  const expiresAt = a.now + PREVIOUS_SECRET_MS;
  await a.db.transaction().execute(async (trx) => {
    await updateWebhookEndpoint(trx, id, { secret_sealed: a.cipher.seal(secret), previous_secret_sealed: before.secret_sealed, previous_secret_expires_at: expiresAt, updated_at: a.now });
    await recordAudit(trx, { at: a.now, actor: a.actor, action: 'webhook.rotate_secret', subject: id, partner: before.partner });
  });
  return { id, secret, previousSecretExpiresAt: formatZoned(expiresAt, a.timeZone) };
}

/**
 * The partner a new endpoint belongs to. A partner's credential makes endpoints for itself: naming
 * another partner is answered like naming one that does not exist, so it learns nothing of others.
 */
async function endpointPartner(a: WebhookActor, named: string | undefined): Promise<string> {
  if (a.scope !== 'all') {
    if (named !== undefined && named !== a.scope.partner) throw new AppError('unknown_reference', msg('access.unknownPartner', { field: 'partner', partner: named }), { field: 'partner' });
    return a.scope.partner;
  }
  if (named === undefined) throw new AppError('invalid_request', msg('webhook.namePartner'), { field: 'partner' });
  if (!(await getPartner(a.db, named))) throw new AppError('unknown_reference', msg('access.unknownPartner', { field: 'partner', partner: named }), { field: 'partner' });
  return named;
}

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** https, or plain http to this machine (a receiver under development) or where the server allows it. */
export function checkEndpointUrl(value: string, allowHttp: boolean): void {
  const refuse = (why: Message) => {
    throw new AppError('invalid_request', msg('http.fieldProblem', { field: 'url', problem: why }), { field: 'url' });
  };
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return refuse(msg('webhook.urlNotUrl', { value }));
  }
  if (url.username || url.password) refuse(msg('webhook.urlCredentials'));
  if (url.hash) refuse(msg('webhook.urlFragment'));
  if (url.protocol === 'https:') return;
  if (url.protocol !== 'http:') refuse(msg('webhook.urlScheme', { scheme: url.protocol.slice(0, -1) }));
  if (!allowHttp && !LOCAL_HOSTS.has(url.hostname)) {
    refuse(msg('webhook.urlPlainHttp'));
  }
}

export function showWebhook(row: WebhookEndpointTable, timeZone: string): TWebhook {
  const instant = (ms: number | null) => (ms === null ? null : formatZoned(Number(ms), timeZone));
  const previousLive = row.previous_secret_expires_at === null ? null : Number(row.previous_secret_expires_at);
  return {
    id: row.id,
    partner: row.partner,
    url: row.url,
    events: JSON.parse(row.events) as string[],
    description: row.description,
    enabled: Number(row.enabled) === 1,
    disabledReason: row.disabled_reason as DisabledReason | null,
    failingSince: instant(row.failing_since),
    previousSecretExpiresAt: instant(previousLive),
    createdAt: formatZoned(Number(row.created_at), timeZone),
    updatedAt: formatZoned(Number(row.updated_at), timeZone),
  };
}
