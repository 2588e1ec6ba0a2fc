import type { FastifyBaseLogger, FastifyInstance, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import type { DbHandle } from '../db/open-db.js';
import type { PersonalDataCipher } from '../domain/personal-data.js';
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
  }
}
