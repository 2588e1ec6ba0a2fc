// The webhook endpoints API: who may make, see and change which endpoint, the secret shown once,
// URL and event checks, audit rows, and the delivery log's retry, replay and test event.
import { expect, it } from 'vitest';
import { openDataKeyCipher } from '../../src/data-key.js';
import { updateWebhookEndpoint } from '../../src/modules/webhooks/webhook-endpoint.repository.js';
import { asPartner, createLabelledPartner, newPartnerToken } from '../factories-partners.js';
import { FIXED_NOW, HOUR, newTestApp } from '../factories.js';
import { createWebhookFor, inject } from '../factories-webhooks.js';
import { describeEachDialect } from '../test-db.js';

const V1 = '/api/v1';
const URL_A = 'https://agency-a.example.cn/songda/events';

describeEachDialect('webhook endpoints', (ctx) => {
  it('makes an endpoint for a partner with its secret shown once and stored sealed; refuses unknown partners, bad URLs and events', async () => {
    const t = await newTestApp(ctx);
    const { code } = await createLabelledPartner(t.db, 'WHA');
    const made = await t.request('POST', `${V1}/webhooks`, { body: { url: URL_A, events: ['item.status_changed', 'breakpoint.opened', 'item.status_changed'], description: '税务系统', partner: code } });
    expect(made.statusCode, made.body).toBe(201);
    const created = made.json() as { id: string; secret: string };
    expect(made.json()).toEqual({
      id: expect.stringMatching(/^ep_[a-z2-7]{24}$/),
      partner: code,
      url: URL_A,
      events: ['item.status_changed', 'breakpoint.opened'],
      description: '税务系统',
      enabled: true,
      disabledReason: null,
      failingSince: null,
      previousSecretExpiresAt: null,
      createdAt: '2026-11-21T12:00:00.000+08:00',
      updatedAt: '2026-11-21T12:00:00.000+08:00',
      secret: expect.stringMatching(/^whsec_[A-Za-z0-9+/]{43}=$/),
    });
    const stored = await t.db.selectFrom('webhook_endpoints').selectAll().where('id', '=', created.id).executeTakeFirstOrThrow();
    expect(stored.secret_sealed).not.toContain(created.secret.slice(6));
    expect(openDataKeyCipher(t.config.dataKey).open(stored.secret_sealed)).toBe(created.secret);
    const read = await t.request('GET', `${V1}/webhooks/${created.id}`);
    expect(read.statusCode).toBe(200);
    expect(read.body).not.toContain(created.secret.slice(6, 20));
    expect((await t.request('GET', `${V1}/webhooks`)).body).not.toContain(created.secret.slice(6, 20));

    const refused = async (body: object) => {
      const res = await t.request('POST', `${V1}/webhooks`, { body: { url: URL_A, events: ['request.created'], partner: code, ...body } });
      return { status: res.statusCode, error: (res.json() as { error: { code: string; message: string } }).error };
    };
    expect(await refused({ partner: 'NOSUCHQ' })).toEqual({ status: 422, error: { code: 'unknown_reference', message: 'partner: unknown partner NOSUCHQ', details: { field: 'partner' } } });
    expect(await refused({ partner: undefined })).toMatchObject({ status: 400, error: { code: 'invalid_request', details: { field: 'partner' } } });
    expect(await refused({ url: 'http://agency-a.example.cn/hook' })).toMatchObject({ status: 400, error: { message: expect.stringMatching(/^url: must be https: events would cross the network unencrypted/) } });
    expect(await refused({ url: 'ftp://agency-a.example.cn/hook' })).toMatchObject({ status: 400, error: { message: 'url: must be https, got ftp' } });
    expect(await refused({ url: 'not a url' })).toMatchObject({ status: 400, error: { details: { field: 'url' } } });
    expect(await refused({ url: 'https://user:pw@agency-a.example.cn/hook' })).toMatchObject({ status: 400 });
    expect(await refused({ events: [] })).toMatchObject({ status: 400, error: { code: 'invalid_request' } });
    expect(await refused({ events: ['item.deleted'] })).toMatchObject({ status: 400, error: { code: 'invalid_request' } });
    // Plain http to this machine is how a receiver is developed.
    expect((await refused({ url: 'http://127.0.0.1:9/hook' })).status).toBe(201);
    expect((await refused({ url: 'http://localhost/hook' })).status).toBe(201);
  });

  it('takes plain http anywhere when the server allows it', async () => {
    const t = await newTestApp(ctx, { env: { SONGDA_WEBHOOK_ALLOW_HTTP: 'true' } });
    const { code } = await createLabelledPartner(t.db, 'WHH');
    expect((await createWebhookFor(t, code, 'http://10.1.2.3/hook')).id).toMatch(/^ep_/);
  });

  it('lets a partner make, list and use its own endpoints only; another partner’s answers exactly like an unknown id', async () => {
    const t = await newTestApp(ctx);
    const a = await createLabelledPartner(t.db, 'WHPA');
    const b = await createLabelledPartner(t.db, 'WHPB');
    const tokenA = (await newPartnerToken(t, a.code)).token;
    const own = await asPartner(t, tokenA, 'POST', `${V1}/webhooks`, { url: URL_A, events: ['request.mailed'] });
    expect(own.statusCode, own.body).toBe(201);
    expect(own.json()).toMatchObject({ partner: a.code, secret: expect.stringMatching(/^whsec_/) });
    const ownId = (own.json() as { id: string }).id;
    // Naming another partner, existing or not, is one answer: A learns nothing of B.
    const namingB = await asPartner(t, tokenA, 'POST', `${V1}/webhooks`, { url: URL_A, events: ['request.mailed'], partner: b.code });
    expect(namingB.statusCode).toBe(422);
    expect(namingB.json()).toEqual({ error: { code: 'unknown_reference', message: `partner: unknown partner ${b.code}`, details: { field: 'partner' } } });
    expect((await asPartner(t, tokenA, 'POST', `${V1}/webhooks`, { url: URL_A, events: ['request.mailed'], partner: a.code })).statusCode).toBe(201);

    const theirs = await createWebhookFor(t, b.code, 'https://agency-b.example.cn/hook');
    const unknownId = 'ep_aaaaaaaaaaaaaaaaaaaaaaaa';
    const probes: [string, string, unknown?][] = [
      ['GET', ''],
      ['PATCH', '', { enabled: false }],
      ['DELETE', ''],
      ['POST', '/rotate-secret'],
      ['GET', '/deliveries'],
      ['POST', '/deliveries/msg_aaaaaaaaaaaaaaaaaaaaaaaa/retry'],
      ['POST', '/replay', { since: '2026-11-01T00:00:00+08:00' }],
      ['POST', '/test'],
    ];
    for (const [method, suffix, body] of probes) {
      const onB = await inject(t, method as 'GET', `${V1}/webhooks/${theirs.id}${suffix}`, body, tokenA);
      const onNothing = await inject(t, method as 'GET', `${V1}/webhooks/${unknownId}${suffix}`, body, tokenA);
      expect(onB.statusCode, `${method} ${suffix}: ${onB.body}`).toBe(404);
      expect(onB.body.replaceAll(theirs.id, unknownId), `${method} ${suffix}`).toBe(onNothing.body);
    }
    const stillB = await t.db.selectFrom('webhook_endpoints').select(['enabled', 'secret_sealed']).where('id', '=', theirs.id).executeTakeFirstOrThrow();
    expect(stillB.enabled).toBe(1);

    const listA = (await asPartner(t, tokenA, 'GET', `${V1}/webhooks`)).json() as { id: string; partner: string }[];
    expect(listA.map((w) => w.partner)).toEqual([a.code, a.code]);
    expect(listA.map((w) => w.id)).toContain(ownId);
    expect((await asPartner(t, tokenA, 'GET', `${V1}/webhooks?partner=${b.code}`)).json()).toEqual([]);
    const all = (await t.request('GET', `${V1}/webhooks`)).json() as { partner: string }[];
    expect(all.map((w) => w.partner)).toEqual(expect.arrayContaining([a.code, b.code]));
    expect(((await t.request('GET', `${V1}/webhooks?partner=${b.code}`)).json() as { id: string }[]).map((w) => w.id)).toEqual([theirs.id]);
    // A viewer reads, only an admin (or the partner) changes.
    expect((await t.request('GET', `${V1}/webhooks/${theirs.id}`, { role: 'viewer' })).statusCode).toBe(200);
    expect((await inject(t, 'PATCH', `${V1}/webhooks/${theirs.id}`, { enabled: false }, t.tokens.operator)).statusCode).toBe(403);
  });

  it('changes, disables, re-enables (clearing why and since when it failed), rotates and deletes, each audited', async () => {
    const t = await newTestApp(ctx);
    const { code } = await createLabelledPartner(t.db, 'WHU');
    const w = await createWebhookFor(t, code, URL_A);
    const patched = await inject(t, 'PATCH', `${V1}/webhooks/${w.id}`, { url: 'https://b.example.cn/x', events: ['breakpoint.closed'], description: '新' });
    expect(patched.json()).toMatchObject({ url: 'https://b.example.cn/x', events: ['breakpoint.closed'], description: '新', enabled: true });
    expect((await inject(t, 'PATCH', `${V1}/webhooks/${w.id}`, {})).statusCode).toBe(400);
    expect((await inject(t, 'PATCH', `${V1}/webhooks/${w.id}`, { url: 'http://b.example.cn/x' })).statusCode).toBe(400);
    expect((await inject(t, 'PATCH', `${V1}/webhooks/${w.id}`, { enabled: false })).json()).toMatchObject({ enabled: false, disabledReason: 'manual' });

    await updateWebhookEndpoint(t.db, w.id, { disabled_reason: 'failing', failing_since: FIXED_NOW - 120 * HOUR });
    expect((await t.request('GET', `${V1}/webhooks/${w.id}`)).json()).toMatchObject({ enabled: false, disabledReason: 'failing', failingSince: '2026-11-16T12:00:00.000+08:00' });
    const enabled = await inject(t, 'PATCH', `${V1}/webhooks/${w.id}`, { enabled: true });
    expect(enabled.json()).toMatchObject({ enabled: true, disabledReason: null, failingSince: null });
    expect(await t.db.selectFrom('webhook_endpoints').select(['enabled', 'disabled_reason', 'failing_since']).where('id', '=', w.id).executeTakeFirstOrThrow()).toEqual({
      enabled: 1,
      disabled_reason: null,
      failing_since: null,
    });

    const rotated = await t.request('POST', `${V1}/webhooks/${w.id}/rotate-secret`);
    expect(rotated.json()).toEqual({ id: w.id, secret: expect.stringMatching(/^whsec_/), previousSecretExpiresAt: '2026-11-22T12:00:00.000+08:00' });
    expect((rotated.json() as { secret: string }).secret).not.toBe(w.secret);
    const deleted = await inject(t, 'DELETE', `${V1}/webhooks/${w.id}`);
    expect(deleted.statusCode).toBe(204);
    expect((await t.request('GET', `${V1}/webhooks/${w.id}`)).statusCode).toBe(404);

    const audit = await t.db.selectFrom('audit_log').select(['action', 'partner']).where('subject', '=', w.id).orderBy('id').execute();
    expect(audit.map((r) => r.action)).toEqual(['webhook.create', 'webhook.update', 'webhook.update', 'webhook.update', 'webhook.rotate_secret', 'webhook.delete']);
    expect(new Set(audit.map((r) => r.partner))).toEqual(new Set([code]));
  });

  it('queues a test event, lists it in the delivery log, retries and replays it with the same id', async () => {
    const t = await newTestApp(ctx);
    const { code } = await createLabelledPartner(t.db, 'WHT');
    const w = await createWebhookFor(t, code, URL_A);
    const queued = await t.request('POST', `${V1}/webhooks/${w.id}/test`);
    expect(queued.statusCode, queued.body).toBe(202);
    const { deliveryId } = queued.json() as { deliveryId: string };
    expect(deliveryId).toMatch(/^msg_[a-z2-7]{24}$/);
    const log = await t.request('GET', `${V1}/webhooks/${w.id}/deliveries`);
    expect(log.json()).toEqual({
      rows: [
        {
          id: deliveryId,
          type: 'webhook.test',
          status: 'pending',
          payload: { type: 'webhook.test', timestamp: '2026-11-21T12:00:00.000+08:00', data: { endpointId: w.id } },
          createdAt: '2026-11-21T12:00:00.000+08:00',
          nextAttemptAt: '2026-11-21T12:00:00.000+08:00',
          deliveredAt: null,
          attempts: [],
        },
      ],
      nextCursor: null,
    });
    expect(((await t.request('GET', `${V1}/webhooks/${w.id}/deliveries?status=delivered`)).json() as { rows: unknown[] }).rows).toEqual([]);
    const retried = await t.request('POST', `${V1}/webhooks/${w.id}/deliveries/${deliveryId}/retry`);
    expect(retried.json()).toMatchObject({ id: deliveryId, status: 'pending' });
    expect((await t.request('POST', `${V1}/webhooks/${w.id}/deliveries/msg_aaaaaaaaaaaaaaaaaaaaaaaa/retry`)).statusCode).toBe(404);

    await t.db.updateTable('webhook_messages').set({ status: 'delivered', next_attempt_at: null, delivered_at: FIXED_NOW }).where('msg_id', '=', deliveryId).execute();
    expect((await t.request('POST', `${V1}/webhooks/${w.id}/deliveries/${deliveryId}/retry`)).statusCode).toBe(409);
    const replayed = await t.request('POST', `${V1}/webhooks/${w.id}/replay`, { body: { since: '2026-11-21T11:00:00+08:00' } });
    expect(replayed.json()).toEqual({ replayed: 1 });
    expect(await t.db.selectFrom('webhook_messages').select(['msg_id', 'status', 'next_attempt_at']).where('endpoint_id', '=', w.id).execute()).toEqual([
      { msg_id: deliveryId, status: 'pending', next_attempt_at: FIXED_NOW },
    ]);
    expect((await t.request('POST', `${V1}/webhooks/${w.id}/replay`, { body: { since: '2026-11-21T12:00:01+08:00' } })).json()).toEqual({ replayed: 0 });
    expect((await t.request('POST', `${V1}/webhooks/${w.id}/replay`, { body: { since: 'yesterday' } })).statusCode).toBe(400);

    await inject(t, 'PATCH', `${V1}/webhooks/${w.id}`, { enabled: false });
    expect((await t.request('POST', `${V1}/webhooks/${w.id}/test`)).statusCode).toBe(409);
  });

  it('pages the delivery log newest first', async () => {
    const t = await newTestApp(ctx);
    const { code } = await createLabelledPartner(t.db, 'WHL');
    const w = await createWebhookFor(t, code, URL_A);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push(((await t.request('POST', `${V1}/webhooks/${w.id}/test`)).json() as { deliveryId: string }).deliveryId);
    const seen: string[] = [];
    let cursor: string | null = '';
    while (cursor !== null) {
      const page = (await t.request('GET', `${V1}/webhooks/${w.id}/deliveries?limit=2${cursor ? `&cursor=${cursor}` : ''}`)).json() as { rows: { id: string }[]; nextCursor: string | null };
      seen.push(...page.rows.map((r) => r.id));
      cursor = page.nextCursor;
    }
    expect(seen).toEqual([...ids].reverse());
  });
});
