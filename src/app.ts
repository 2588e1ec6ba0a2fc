import { randomUUID } from 'node:crypto';
import fastifyCookie from '@fastify/cookie';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Config } from './config.js';
import type { DbHandle } from './db/open-db.js';
import { openDataKeyCipher } from './data-key.js';
import type { PersonalDataCipher } from './domain/personal-data.js';
import type { ApiContext, ApiRoutes } from './http/api-context.js';
import { installErrorHandler } from './http/error-handler.js';
import { installIdempotency } from './http/idempotency.js';
import { openApiOptions } from './http/openapi.js';
import { registerSecurityHeaders } from './http/security-headers.js';
import { registerWebAssets } from './http/web-assets.js';
import { itemListRoutes } from './modules/items/item-list.routes.js';
import { unitImportRoutes } from './modules/units/unit-import.routes.js';
import { overviewRoutes } from './modules/overview/overview.routes.js';
import { overviewDaysOf } from './modules/overview/overview-days.js';
import { createApiAuthHook } from './modules/users/api-auth.js';
import { sessionRoutes } from './modules/users/session.routes.js';
import { userRoutes } from './modules/users/user.routes.js';
import { apiTokenRoutes } from './modules/auth/api-token.routes.js';
import { breakpointSweepRoutes } from './modules/breakpoints/breakpoint-sweep.routes.js';
import { breakpointRoutes } from './modules/breakpoints/breakpoint.routes.js';
import { getItemBreakpoints } from './modules/breakpoints/item-breakpoints.service.js';
import type { Caller } from './modules/auth/api-token.service.js';
import type { Scope } from './domain/access-scope.js';
import { itemRoutes } from './modules/items/item.routes.js';
import { type ScanRecorder, createScanRecorder } from './modules/scans/record-scans.js';
import { NdjsonBody, scanRoutes } from './modules/scans/scan.routes.js';
import { unitRoutes } from './modules/units/unit.routes.js';
import { loadSiteDirectory } from './modules/units/unit.service.js';
import { consignmentRoutes } from './modules/consignments/consignment.routes.js';
import { getItemConsignments } from './modules/consignments/consignment.service.js';
import { labelRoutes } from './modules/labels/label.routes.js';
import { reconciliationRoutes } from './modules/reconciliation/reconciliation.routes.js';
import { requestRoutes } from './modules/requests/request.routes.js';
import { invitationRoutes } from './modules/invitations/invitation.routes.js';
import { programReportRoutes } from './modules/program-report/program-report.routes.js';
import { publicRoutes } from './modules/public/public.routes.js';
import { addressChangePublicRoutes, addressChangeRoutes } from './modules/address-changes/address-change.routes.js';
import { workOrderPublicRoutes, workOrderRoutes } from './modules/work-orders/work-order.routes.js';
import { statementRoutes } from './modules/statements/statement.routes.js';
import { weeklyReportRoutes } from './modules/weekly-report/weekly-report.routes.js';
import { workOrderSettingsRoutes } from './modules/work-orders/work-order-settings.routes.js';
import { programRoutes } from './modules/programs/program.routes.js';
import { recipientRoutes } from './modules/recipients/recipient.routes.js';
import { countRecipients } from './modules/recipients/recipient.service.js';
import { auditRoutes } from './modules/audit/audit.routes.js';
import { webhookRoutes } from './modules/webhooks/webhook.routes.js';
import { searchRoutes } from './modules/search/search.routes.js';
import { deliveryRoutes } from './modules/deliveries/delivery.routes.js';
import { notificationPublicRoutes, notificationRoutes } from './modules/notifications/notification.routes.js';
import { proofRoutes } from './modules/deliveries/proof.routes.js';
import { activationRoutes } from './modules/deliveries/activation.routes.js';
import { officeHoldingRoutes } from './modules/deliveries/office-holding.routes.js';
import { todaysRoundRoutes } from './modules/deliveries/todays-round.routes.js';
import { workOrderFigureRoutes } from './modules/work-orders/work-order-figures.routes.js';

export interface AppDeps {
  config: Config;
  store: DbHandle;
  /** Epoch milliseconds; tests pass a fixed clock. */
  clock?: () => number;
  logger?: boolean;
  /** The store's writer; made here when not given (`serve` shares it with the sweep timer). */
  recorder?: ScanRecorder;
  /** Made from `config.dataKey` when not given. */
  cipher?: PersonalDataCipher;
  /** The built web console (default: dist/web of this package). */
  webDir?: string;
}

// A module answers only what it owns; where a page shows what a module built on it knows (an item's
// consignments and break-points, a program's recipients, the rate from the overview's day summaries),
// the answer is passed in here (docs/decisions/0016-module-dependencies.md).
const API_ROUTES: readonly ApiRoutes[] = [
  unitRoutes,
  itemRoutes({ consignmentsOf: getItemConsignments, breakpointsOf: getItemBreakpoints }),
  itemListRoutes, overviewRoutes, unitImportRoutes, scanRoutes, apiTokenRoutes, breakpointSweepRoutes,
  breakpointRoutes(overviewDaysOf),
  reconciliationRoutes, consignmentRoutes, labelRoutes, requestRoutes, invitationRoutes, programReportRoutes,
  programRoutes(countRecipients),
  recipientRoutes, auditRoutes, userRoutes,
  webhookRoutes,
  searchRoutes,
  deliveryRoutes,
  notificationRoutes,
  proofRoutes,
  activationRoutes,
  officeHoldingRoutes,
  todaysRoundRoutes,
  addressChangeRoutes,
  workOrderRoutes,
  workOrderSettingsRoutes,
  workOrderFigureRoutes,
  statementRoutes,
  weeklyReportRoutes(overviewDaysOf),
];
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Builds the HTTP application without listening, so tests can use `app.inject()`. */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { config, store } = deps;
  const app = Fastify({
    logger: deps.logger === false ? false : { level: config.logLevel },
    bodyLimit: 16 * 1024 * 1024,
    // Only the listed proxies: X-Forwarded-For from anyone else is the client's own claim.
    trustProxy: config.trustProxy,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  // NDJSON is handed to the route as the raw stream and read line by line (see scan.routes.ts).
  app.addContentTypeParser('application/x-ndjson', (_req, payload, done) => done(null, new NdjsonBody(payload)));
  // Not async: on every request, a promise more than the work.
  app.addHook('onRequest', (req, reply, done) => {
    reply.header('x-request-id', req.id);
    done();
  });
  // First, so that every route, the not-found answer and every error carry them.
  await registerSecurityHeaders(app);
  installErrorHandler(app);

  await app.register(fastifySwagger, openApiOptions());
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  app.get('/healthz', { schema: { hide: true } }, async () => ({ ok: true }));

  const ctx: ApiContext = {
    config,
    store,
    db: store.db,
    clock: deps.clock ?? Date.now,
    sites: await loadSiteDirectory(store.db),
    recorder: deps.recorder ?? createScanRecorder(store, config.silence),
    cipher: deps.cipher ?? openDataKeyCipher(config.dataKey),
  };
  // A writer made here is closed here; one given by the caller is the caller's to close.
  if (!deps.recorder) app.addHook('onClose', () => ctx.recorder.close());
  // Bearer token (machines) or the web console's session cookie (people), with its CSRF guard.
  const authenticate = createApiAuthHook({ db: store.db, clock: ctx.clock, secureCookies: config.secureCookies });
  await app.register(fastifyCookie);

  await app.register(
    async (api) => {
      api.addHook('onRequest', authenticate);
      // Before the routes: it hooks into each that declares `config.idempotent`.
      installIdempotency(api, { store, clock: ctx.clock });
      for (const routes of API_ROUTES) routes(api.withTypeProvider<ZodTypeProvider>(), ctx);
    },
    { prefix: '/api/v1' },
  );
  // A sibling of the /api/v1 plugin, not inside it: its bearer-token hook does not apply to citizens' routes.
  await app.register(publicRoutes(ctx), { prefix: '/api/v1/public' });
  await app.register(notificationPublicRoutes(ctx), { prefix: '/api/v1/public' });
  await app.register(addressChangePublicRoutes(ctx), { prefix: '/api/v1/public' });
  await app.register(workOrderPublicRoutes(ctx), { prefix: '/api/v1/public' });
  // Signing in needs no token, so it too sits beside the /api/v1 plugin.
  await app.register(async (api) => sessionRoutes(api.withTypeProvider<ZodTypeProvider>(), ctx), { prefix: '/api/v1' });
  // Last: its catch-all GET answers the console's page for any path no route above took.
  await registerWebAssets(app, deps.webDir);
  return app;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the /api/v1 authentication hook before any handler runs. */
    caller?: Caller;
    /** What the caller may see; set with `caller`. Read it with `scopeOf(req)`. */
    scope?: Scope;
  }
}
