import { sql } from 'kysely';
import { Migrator } from 'kysely/migration';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { ensureAdminToken, hashToken } from '../../src/modules/auth/api-token.service.js';
import { FIXED_NOW, type TestApp, countRows, newTestApp } from '../factories.js';
import { DIALECTS, type TestDbContext, createEmptyTarget, describeEachDialect } from '../test-db.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import * as m0001 from '../../src/db/migrations/0001-foundation.js';
import * as m0002 from '../../src/db/migrations/0002-breakpoints.js';
import * as m0003 from '../../src/db/migrations/0003-programs.js';
import * as m0004 from '../../src/db/migrations/0004-console.js';
import * as m0005 from '../../src/db/migrations/0005-request-uniqueness.js';
import * as m0006 from '../../src/db/migrations/0006-report-summaries.js';
import * as m0007 from '../../src/db/migrations/0007-held-scans.js';
import { openDb } from '../../src/db/open-db.js';

const DAY = 86_400_000;

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** GET /units with a token on an app whose clock reads `now`: the status says whether the token works then. */
async function statusAt(t: TestApp, ctx: TestDbContext, token: string, now: number): Promise<number> {
  if (now === t.now) return (await t.app.inject({ method: 'GET', url: '/api/v1/units', headers: bearer(token) })).statusCode;
  const later = await buildApp({ config: t.config, store: ctx.handle, clock: () => now, logger: false });
  try {
    return (await later.inject({ method: 'GET', url: '/api/v1/units', headers: bearer(token) })).statusCode;
  } finally {
    await later.close();
  }
}

function auditOf(t: TestApp, subject: string) {
  return t.db.selectFrom('audit_log').select(['at', 'actor', 'action', 'subject', 'detail']).where('subject', '=', subject).orderBy('id').execute();
}

async function adminTokenId(t: TestApp): Promise<string> {
  const row = await t.db.selectFrom('api_tokens').select('id').where('token_hash', '=', hashToken(t.tokens.admin)).executeTakeFirstOrThrow();
  return row.id;
}

describeEachDialect('API tokens: expiry', (ctx) => {
  it('gives a token an expiry from expiresInDays; from that instant it is refused like an unknown token', async () => {
    const t = await newTestApp(ctx);
    const created = await t.request('POST', '/api/v1/tokens', { body: { role: 'viewer', name: 'weekly report job', expiresInDays: 7 } });
    expect(created.statusCode, created.body).toBe(201);
    const { id, token, expiresAt } = created.json() as { id: string; token: string; expiresAt: string };
    expect(Date.parse(expiresAt)).toBe(FIXED_NOW + 7 * DAY);
    expect(await t.db.selectFrom('api_tokens').select('expires_at').where('id', '=', id).executeTakeFirstOrThrow()).toEqual({ expires_at: FIXED_NOW + 7 * DAY });

    expect(await statusAt(t, ctx, token, FIXED_NOW)).toBe(200);
    expect(await statusAt(t, ctx, token, FIXED_NOW + 7 * DAY - 1)).toBe(200);
    expect(await statusAt(t, ctx, token, FIXED_NOW + 7 * DAY)).toBe(401);

    const later = await buildApp({ config: t.config, store: ctx.handle, clock: () => FIXED_NOW + 8 * DAY, logger: false });
    try {
      const expired = await later.inject({ method: 'GET', url: '/api/v1/units', headers: bearer(token) });
      const unknown = await later.inject({ method: 'GET', url: '/api/v1/units', headers: bearer(`${token.slice(0, -1)}x`) });
      expect(expired.json()).toEqual(unknown.json());
    } finally {
      await later.close();
    }
  });

  it('does not let a remembered answer outlive the expiry', async () => {
    const t = await newTestApp(ctx);
    const created = await t.request('POST', '/api/v1/tokens', { body: { role: 'viewer', expiresInDays: 1 } });
    const { token } = created.json() as { token: string };
    let now = FIXED_NOW + DAY - 1000;
    const app = await buildApp({ config: t.config, store: ctx.handle, clock: () => now, logger: false });
    try {
      expect((await app.inject({ method: 'GET', url: '/api/v1/units', headers: bearer(token) })).statusCode).toBe(200);
      now = FIXED_NOW + DAY;
      expect((await app.inject({ method: 'GET', url: '/api/v1/units', headers: bearer(token) })).statusCode).toBe(401);
    } finally {
      await app.close();
    }
  });

  it('refuses an expiresInDays that is not a whole number of days from 1 to 3650, naming the field, and stores nothing', async () => {
    const t = await newTestApp(ctx);
    const before = await countRows(t.db, 'api_tokens');
    for (const expiresInDays of [0, -1, 3651, 1.5, '7', null]) {
      const res = await t.request('POST', '/api/v1/tokens', { body: { role: 'viewer', expiresInDays } });
      expect(res.statusCode, JSON.stringify(expiresInDays)).toBe(400);
      expect(res.json().error.code).toBe('invalid_request');
      expect(JSON.stringify(res.json().error)).toContain('expiresInDays');
    }
    expect(await countRows(t.db, 'api_tokens')).toBe(before);
  });

  it('refuses a name with a control or direction-override character, naming the field, and stores a name in NFC', async () => {
    const t = await newTestApp(ctx);
    const before = await countRows(t.db, 'api_tokens');
    for (const name of ['scanner\u0000', 'gateway\u202Eexe.', '\ud800x', '']) {
      const res = await t.request('POST', '/api/v1/tokens', { body: { role: 'viewer', name } });
      expect(res.statusCode, JSON.stringify(name)).toBe(400);
      expect(JSON.stringify(res.json().error)).toContain('name');
    }
    expect(await countRows(t.db, 'api_tokens')).toBe(before);
    const created = await t.request('POST', '/api/v1/tokens', { body: { role: 'viewer', name: ' Cafe\u0301 扫描 ' } });
    expect(created.statusCode).toBe(201);
    const listed = await t.request('GET', '/api/v1/tokens');
    expect(listed.json()).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'Caf\u00e9 扫描' })]));
  });
});

describeEachDialect('API tokens: list and revoke', (ctx) => {
  it('lists tokens with id, role, name, source, dates and state, never their values or hashes; admin only', async () => {
    const t = await newTestApp(ctx);
    const created = await t.request('POST', '/api/v1/tokens', { body: { role: 'operator', name: 'scanner gateway', expiresInDays: 30 } });
    const { id, token } = created.json() as { id: string; token: string };

    const listed = await t.app.inject({ method: 'GET', url: '/api/v1/tokens', headers: bearer(t.tokens.admin) });
    expect(listed.statusCode, listed.body).toBe(200);
    const rows = listed.json() as Record<string, unknown>[];
    expect(rows.find((r) => r.id === id)).toEqual({
      id,
      role: 'operator',
      name: 'scanner gateway',
      partner: null,
      source: 'api',
      createdAt: '2026-11-21T12:00:00.000+08:00',
      expiresAt: '2026-12-21T12:00:00.000+08:00',
      revokedAt: null,
      state: 'active',
    });
    const stored = await t.db.selectFrom('api_tokens').select('token_hash').execute();
    for (const secret of [token, ...Object.values(t.tokens), ...stored.map((s) => s.token_hash)]) expect(listed.body).not.toContain(secret);

    for (const role of ['operator', 'viewer'] as const) {
      expect((await t.app.inject({ method: 'GET', url: '/api/v1/tokens', headers: bearer(t.tokens[role]) })).statusCode).toBe(403);
      expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/tokens/${id}`, headers: bearer(t.tokens[role]) })).statusCode).toBe(403);
    }
    expect(await statusAt(t, ctx, token, FIXED_NOW)).toBe(200);
  });

  it('revokes a token at once on this server, even one it has just accepted, and a second revoke changes nothing', async () => {
    const t = await newTestApp(ctx);
    const { id, token } = (await t.request('POST', '/api/v1/tokens', { body: { role: 'operator' } })).json() as { id: string; token: string };
    // Accepted once, so the server remembers the answer.
    expect(await statusAt(t, ctx, token, FIXED_NOW)).toBe(200);

    const revoked = await t.app.inject({ method: 'DELETE', url: `/api/v1/tokens/${id}`, headers: bearer(t.tokens.admin) });
    expect(revoked.statusCode, revoked.body).toBe(200);
    expect(revoked.json()).toMatchObject({ id, role: 'operator', revokedAt: '2026-11-21T12:00:00.000+08:00', state: 'revoked' });
    // Same clock, same app: well within the few seconds an answer is remembered.
    expect(await statusAt(t, ctx, token, FIXED_NOW)).toBe(401);

    const again = await t.app.inject({ method: 'DELETE', url: `/api/v1/tokens/${id}`, headers: bearer(t.tokens.admin) });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual(revoked.json());
    expect(await t.db.selectFrom('api_tokens').select('revoked_at').where('id', '=', id).executeTakeFirstOrThrow()).toEqual({ revoked_at: FIXED_NOW });
  });

  it('answers 404 for an unknown token id and 400 for one that is not an id', async () => {
    const t = await newTestApp(ctx);
    const unknown = await t.app.inject({ method: 'DELETE', url: '/api/v1/tokens/0123456789abcdef', headers: bearer(t.tokens.admin) });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error).toMatchObject({ code: 'not_found', message: expect.stringContaining('0123456789abcdef') });
    const malformed = await t.app.inject({ method: 'DELETE', url: '/api/v1/tokens/not-an-id', headers: bearer(t.tokens.admin) });
    expect(malformed.statusCode).toBe(400);
    expect(JSON.stringify(malformed.json().error)).toContain('id');
  });

  it('audits token creation and revocation with the acting token, once per revocation', async () => {
    const t = await newTestApp(ctx);
    const actor = `token:${await adminTokenId(t)}`;
    const { id } = (await t.request('POST', '/api/v1/tokens', { body: { role: 'viewer', name: 'dashboard', expiresInDays: 2 } })).json() as { id: string };
    for (let i = 0; i < 2; i++) await t.app.inject({ method: 'DELETE', url: `/api/v1/tokens/${id}`, headers: bearer(t.tokens.admin) });

    const entries = await auditOf(t, id);
    expect(entries.map((e) => ({ ...e, at: Number(e.at), detail: e.detail === null ? null : JSON.parse(e.detail) }))).toEqual([
      { at: FIXED_NOW, actor, action: 'token.create', subject: id, detail: { role: 'viewer', name: 'dashboard', source: 'api', expiresAt: FIXED_NOW + 2 * DAY } },
      { at: FIXED_NOW, actor, action: 'token.revoke', subject: id, detail: null },
    ]);
    // The audit log never holds a token's value.
    const { token } = (await t.request('POST', '/api/v1/tokens', { body: { role: 'viewer' } })).json() as { token: string };
    const all = await t.db.selectFrom('audit_log').select('detail').where('action', 'like', 'token.%').execute();
    expect(all.length).toBeGreaterThanOrEqual(3);
    for (const e of all) {
      expect(e.detail ?? '').not.toContain(token);
      expect(e.detail ?? '').not.toContain('sd_');
    }
  });
});

describeEachDialect('SONGDA_ADMIN_TOKEN', (ctx) => {
  it('a changed value revokes the token it replaces, audited; a server still on the old value does not revoke the new', async () => {
    const t = await newTestApp(ctx);
    const first = 'first-admin-token-from-the-env-0001';
    const second = 'second-admin-token-from-the-env-002';
    await ensureAdminToken(t.db, first, FIXED_NOW);
    expect(await statusAt(t, ctx, first, FIXED_NOW)).toBe(200);

    // The operator changes the setting and restarts.
    const { revoked } = await ensureAdminToken(t.db, second, FIXED_NOW + 1000);
    expect(revoked).toHaveLength(1);
    expect(await statusAt(t, ctx, first, FIXED_NOW)).toBe(401);
    expect(await statusAt(t, ctx, second, FIXED_NOW)).toBe(200);
    expect(await auditOf(t, revoked[0]!)).toEqual([
      expect.objectContaining({ actor: 'cli', action: 'token.create' }),
      expect.objectContaining({ actor: 'cli', action: 'token.revoke', detail: expect.stringContaining('SONGDA_ADMIN_TOKEN changed') }),
    ]);

    // Starting again with either value changes nothing: the old one stays revoked, the new one works.
    expect(await ensureAdminToken(t.db, second, FIXED_NOW + 2000)).toEqual({ revoked: [] });
    expect(await ensureAdminToken(t.db, first, FIXED_NOW + 3000)).toEqual({ revoked: [] });
    expect(await statusAt(t, ctx, first, FIXED_NOW)).toBe(401);
    expect(await statusAt(t, ctx, second, FIXED_NOW)).toBe(200);
    // Other admin tokens are left alone.
    expect(await statusAt(t, ctx, t.tokens.admin, FIXED_NOW)).toBe(200);
  });
});

for (const dialect of DIALECTS) {
  describe(`migration 0009 on tokens made before it [${dialect}]`, () => {
    it('marks the earlier SONGDA_ADMIN_TOKEN and demo tokens by source, so they can be replaced; others stay unknown', async () => {
      const { target, drop } = await createEmptyTarget(dialect);
      const store = openDb(target);
      try {
        const before = { '0001-foundation': m0001, '0002-breakpoints': m0002, '0003-programs': m0003, '0004-console': m0004, '0005-request-uniqueness': m0005, '0006-report-summaries': m0006, '0007-held-scans': m0007 };
        const { error } = await new Migrator({ db: store.db, provider: { getMigrations: async () => before } }).migrateToLatest();
        expect(error).toBeUndefined();
        const envHash = hashToken('an-admin-token-set-in-the-environment');
        const legacy = [
          { id: envHash.slice(0, 16), token_hash: envHash, name: 'SONGDA_ADMIN_TOKEN' },
          { id: 'aaaaaaaaaaaaaaa1', token_hash: hashToken('sd_demo'), name: 'demo start' },
          { id: 'aaaaaaaaaaaaaaa2', token_hash: hashToken('sd_first'), name: 'first start' },
          // An administrator's token that happens to bear the setting's name is not the environment's.
          { id: 'aaaaaaaaaaaaaaa3', token_hash: hashToken('sd_named'), name: 'SONGDA_ADMIN_TOKEN' },
        ];
        await sql`insert into api_tokens (id, token_hash, role, name, created_at) values ${sql.join(
          legacy.map((t) => sql`(${t.id}, ${t.token_hash}, 'admin', ${t.name}, ${FIXED_NOW})`),
        )}`.execute(store.db);

        await migrateToLatest(store.db);
        const rows = await store.db.selectFrom('api_tokens').select(['id', 'source', 'expires_at', 'revoked_at']).orderBy('id').execute();
        expect(Object.fromEntries(rows.map((r) => [r.id, r.source]))).toEqual({
          [envHash.slice(0, 16)]: 'environment',
          aaaaaaaaaaaaaaa1: 'demo',
          aaaaaaaaaaaaaaa2: 'first-start',
          aaaaaaaaaaaaaaa3: null,
        });
        for (const r of rows) expect(r).toMatchObject({ expires_at: null, revoked_at: null });

        // The next start with a new value revokes the one set before the migration.
        expect(await ensureAdminToken(store.db, 'a-new-admin-token-for-the-environment', FIXED_NOW + 1)).toEqual({ revoked: [envHash.slice(0, 16)] });
      } finally {
        await store.close();
        await drop();
      }
    });
  });
}
