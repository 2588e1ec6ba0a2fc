import type { FastifyBaseLogger, FastifyInstance, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import type { DbHandle } from '../db/open-db.js';
import type { PersonalDataCipher } from '../domain/personal-data.js';
import type { Scope } from '../domain/access-scope.js';
import type { Permission } from '../modules/auth/api-token.service.js';
import type { ScanRecorder } from '../modules/scans/record-scans.js';
import type { SiteDirectory } from '../modules/units/unit.service.js';

/** What route handlers may use; built once in `buildApp`. */
export interface ApiContext {
  config: Config;
  store: DbHandle;
  db: Db;
  clock: () => number;
  sites: SiteDirectory;
  recorder: ScanRecorder;
  /** Seals and hashes ID and phone numbers; signs invitation tokens. */
  cipher: PersonalDataCipher;
}

export type ZodApp = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, ZodTypeProvider>;

export type ApiRoutes = (app: ZodApp, ctx: ApiContext) => void;

declare module 'fastify' {
  interface FastifyContextConfig {
    /** What the caller's role must allow; routes under /api/v1 without one are admin-only. */
    permission?: Permission;
    /**
     * True on the routes a partner's credential may use; each limits its answer to the caller's scope
     * (`req.scope`). Every other route answers a partner 403, so a new route is closed to partners
     * until it says how it is scoped.
     */
    partners?: boolean;
    /**
     * True on the routes a courier may use; each limits what it does to the courier's office
     * (`req.caller.unit`). Every other route answers a courier 403.
     */
    couriers?: boolean;
  }
}

/** The scope the /api/v1 hook resolved for this request; a route without it was registered outside that hook. */
export function scopeOf(req: { scope?: Scope }): Scope {
  if (req.scope === undefined) throw new Error('no scope: the route is not behind the /api/v1 authentication hook');
  return req.scope;
}

/** Who is calling, as the audit log names them (`user:li`, `token:…`); set by the /api/v1 hook like the scope. */
export function actorOf(req: { caller?: { actor: string } }): string {
  if (req.caller === undefined) throw new Error('no caller: the route is not behind the /api/v1 authentication hook');
  return req.caller.actor;
}
