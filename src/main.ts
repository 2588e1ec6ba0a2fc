import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.js';
import { startSweepJob } from './jobs/sweep-job.js';
import { startOverviewRefreshJob } from './jobs/overview-refresh-job.js';
import { startWebhookJob } from './jobs/webhook-job.js';
import { startSmsJob } from './jobs/sms-job.js';
import { startEscalationJob } from './jobs/escalation-job.js';
import { startWeeklyReportJob } from './jobs/weekly-report-job.js';
import { makeWeekReports } from './modules/weekly-report/weekly-report.service.js';
import { overviewDaysOf } from './modules/overview/overview-days.js';
import { loadSiteDirectory } from './modules/units/unit.service.js';
import { startProactiveJob } from './jobs/proactive-job.js';
import { createScanRecorder } from './modules/scans/record-scans.js';
import type { Config } from './config.js';
import { migrateToLatest } from './db/migrate.js';
import { type DbHandle, openDb } from './db/open-db.js';
import { createApiToken, ensureAdminToken } from './modules/auth/api-token.service.js';
import { countApiTokens } from './modules/auth/api-token.repository.js';
import { demoTokenFile, ensureDemoToken } from './modules/auth/demo-token.js';
import { syncS10Ranges } from './modules/items/s10-allocation.repository.js';
import { openDataKeyCipher } from './data-key.js';
import type { PersonalDataCipher } from './domain/personal-data.js';
import { fillRecipientPhoneHashes } from './modules/recipients/fill-phone-hashes.js';
import { DEMO_USER, ensureDemoUser, retireDemoUser } from './modules/users/user.service.js';
import { DEMO_COURIER, ensureDemoCourier, retireDemoCourier } from './modules/users/demo-courier.js';
import { busiestDeliveryOffice } from './modules/items/items-at-office.repository.js';

/** Opens the store, brings its schema up to date and applies the start-up configuration. */
export async function openStore(config: Config): Promise<DbHandle> {
  const store = openDb(config.db);
  try {
    await migrateToLatest(store.db);
    await syncS10Ranges(store.db, config.s10Ranges);
    if (config.adminToken) await ensureAdminToken(store.db, config.adminToken, Date.now());
  } catch (err) {
    await store.close();
    throw err;
  }
  return store;
}

export interface ServeOptions {
  demo: boolean;
  /** Fills an empty database with demo data; injected so the server does not depend on the demo code. */
  seedDemo?: (store: DbHandle, cipher: PersonalDataCipher) => Promise<{ seeded: boolean; summary: string }>;
  print?: (line: string) => void;
}

/** The composition root of `songda serve`. */
export async function serve(config: Config, options: ServeOptions): Promise<{ app: FastifyInstance; store: DbHandle; url: string }> {
  const print = options.print ?? ((line: string) => console.log(line));
  const store = await openStore(config);
  const cipher = openDataKeyCipher(config.dataKey);
  if (options.demo && options.seedDemo) {
    const { seeded, summary } = await options.seedDemo(store, cipher);
    print(seeded ? `demo data: ${summary}` : 'demo data: the database already has data; nothing added');
  }
  const token = await bootstrapToken(store, config, options.demo);
  // demo / demo signs in only under --demo: made on a database where nobody else can sign in yet,
  // and disabled again by a plain serve.
  const demoUser = options.demo ? await ensureDemoUser(store.db, Date.now()) : false;
  if (!options.demo && (await retireDemoUser(store.db, Date.now()))) print(`demo user: ${DEMO_USER.username} disabled (it signs in only under serve --demo)`);
  // The courier's phone page (/m) is tried as a courier of the office with the most items out for delivery.
  const demoCourier = demoUser ? await ensureDemoCourier(store.db, await busiestDeliveryOffice(store.db), Date.now()) : false;
  if (!options.demo && (await retireDemoCourier(store.db, Date.now()))) print(`demo courier: ${DEMO_COURIER.username} disabled (it signs in only under serve --demo)`);
  if (config.dataKey.kind === 'file') print(`data key: ${config.dataKey.path} (keep a copy: without it, sealed ID and phone numbers cannot be read)`);
  // Before the app answers: a search by phone must not miss a recipient listed before 0015.
  const phoneHashes = await fillRecipientPhoneHashes(store, cipher);
  if (phoneHashes > 0) print(`recipients: ${phoneHashes} phone numbers hashed for search`);
  const recorder = createScanRecorder(store, config.silence);
  const app = await buildApp({ config, store, recorder, cipher });
  const stopSweep = startSweepJob({ sweep: (request) => recorder.sweep(request), clock: Date.now, log: app.log });
  const stopOverviewRefresh = startOverviewRefreshJob({ db: store.db, timeZone: config.timeZone, clock: Date.now, log: app.log });
  const stopWebhooks = startWebhookJob({
    store,
    cipher,
    timeZone: config.timeZone,
    retryScheduleMs: config.webhooks.retryScheduleMs,
    clock: Date.now,
    random: Math.random,
    log: app.log,
  });
  const stopSms = startSmsJob({ store, cipher, sms: config.sms, timeZone: config.timeZone, clock: Date.now, random: Math.random, log: app.log });
  const stopEscalation = startEscalationJob({ store, clock: Date.now, log: app.log });
  // Every Monday 08:00 local: the week before's report of each program and province with items in it.
  const reportSites = await loadSiteDirectory(store.db);
  const stopWeeklyReports = startWeeklyReportJob({
    store,
    clock: Date.now,
    log: app.log,
    timeZone: config.timeZone,
    make: (week, now) => makeWeekReports(store, { db: store.db, timeZone: config.timeZone, sites: reportSites, now, summaries: overviewDaysOf(store.db) }, week),
  });
  const stopProactive = startProactiveJob({
    // The job only opens and resolves orders: unit names are for reads.
    orders: { store, cipher, sms: config.sms, timeZone: config.timeZone, siteName: () => null },
    clock: Date.now,
    log: app.log,
  });
  app.addHook('onClose', async () => {
    await stopSweep();
    await stopOverviewRefresh();
    await stopWebhooks();
    await stopSms();
    await stopEscalation();
    await stopWeeklyReports();
    await stopProactive();
    await recorder.close();
  });
  const address = await app.listen({ port: config.port, host: config.host });
  const url = address.replace('0.0.0.0', 'localhost').replace('[::]', 'localhost');
  print(`Songda is serving on ${url} (API docs: ${url}/api/docs, database: ${config.db.kind === 'sqlite' ? config.db.file : 'PostgreSQL'})`);
  if (token) print(`admin token: ${token}`);
  print(`web console: ${url}/${demoUser ? ` (sign in as ${DEMO_USER.username}, password ${DEMO_USER.password})` : ''}`);
  if (demoCourier) print(`courier's phone page: ${url}/m (sign in as ${DEMO_COURIER.username}, password ${DEMO_COURIER.password})`);

  const shutdown = async () => {
    await app.close();
    await store.close();
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
  return { app, store, url };
}

/**
 * An operator needs a first token to do anything. The demo prints its own token, kept in a file and
 * minted only when that one no longer works; otherwise one is minted only for an empty token table
 * and no SONGDA_ADMIN_TOKEN (tokens are stored hashed, so an existing one can never be printed again).
 */
async function bootstrapToken(store: DbHandle, config: Config, demo: boolean): Promise<string | undefined> {
  if (config.adminToken) return demo ? config.adminToken : undefined;
  if (demo) return (await ensureDemoToken(store.db, demoTokenFile(config), Date.now())).token;
  if ((await countApiTokens(store.db)) > 0) return undefined;
  const { token } = await createApiToken(store.db, 'admin', 'first start', Date.now(), { source: 'first-start', actor: 'cli' });
  return token;
}
