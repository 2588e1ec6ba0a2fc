/**
 * What an Idempotency-Key costs a write: POST /api/v1/items with one element (a number allocated,
 * an item stored), sent through the whole app in this process (`app.inject`, no network), without a
 * key, with a new key each time (claim, run, store the answer) and with a key already answered (the
 * replay: no run). The three kinds take turns in rounds, so that a slower moment of the shared machine
 * falls on all of them; the ratios to the keyless write are taken inside the run. Prints figures, never
 * pass/fail. Last line: a JSON object.
 *
 *   npx tsx bench/idempotency.ts [--requests N] [--rounds R]
 *   SONGDA_DB=postgres://… npx tsx bench/idempotency.ts     (a fresh database is made inside that server)
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { openDb } from '../src/db/open-db.js';
import { createApiToken } from '../src/modules/auth/api-token.service.js';
import { syncS10Ranges } from '../src/modules/items/s10-allocation.repository.js';
import { freshTarget } from './lib/targets.js';

const { values } = parseArgs({ options: { requests: { type: 'string', default: '500' }, rounds: { type: 'string', default: '6' } } });
const perRound = Number(values.requests);
const rounds = Number(values.rounds);

type Kind = 'no key' | 'new key' | 'replay';
const KINDS: readonly Kind[] = ['no key', 'new key', 'replay'];

const target = await freshTarget(process.env.SONGDA_DB);
const config = loadConfig({ SONGDA_DB: target.url, SONGDA_DATA_KEY: randomBytes(32).toString('hex'), SONGDA_LOG_LEVEL: 'silent' });
const store = openDb(config.db);
await migrateToLatest(store.db);
await syncS10Ranges(store.db, config.s10Ranges);
const app = await buildApp({ config, store, logger: false });
const { token } = await createApiToken(store.db, 'admin', 'bench', Date.now());

let sequence = 0;
async function post(key: string | undefined): Promise<void> {
  const headers: Record<string, string> = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  if (key !== undefined) headers['idempotency-key'] = key;
  const res = await app.inject({ method: 'POST', url: '/api/v1/items', headers, payload: '[{"serviceIndicator":"EA"}]' });
  if (res.statusCode !== 200) throw new Error(`POST /items answered ${res.statusCode}: ${res.body}`);
}

// The replayed keys: answered once before the timing starts.
const answered = Array.from({ length: perRound }, () => `bench-answered-${++sequence}`);
for (const key of answered) await post(key);
for (let i = 0; i < perRound; i++) await post(undefined);

const totals: Record<Kind, number> = { 'no key': 0, 'new key': 0, replay: 0 };
for (let round = 0; round < rounds; round++) {
  for (const kind of KINDS) {
    const started = process.hrtime.bigint();
    for (let i = 0; i < perRound; i++) await post(kind === 'no key' ? undefined : kind === 'new key' ? `bench-${++sequence}` : answered[i]);
    totals[kind] += Number(process.hrtime.bigint() - started) / 1000;
  }
}

const requests = perRound * rounds;
const us = (kind: Kind) => totals[kind] / requests;
console.log(`POST /api/v1/items, one element, ${target.kind}: ${requests} requests of each kind in ${rounds} rounds`);
for (const kind of KINDS) console.log(`  ${kind.padEnd(8)} ${us(kind).toFixed(0).padStart(6)} µs per request   ${(us(kind) / us('no key')).toFixed(2)} × no key`);
const kept = await store.db.selectFrom('idempotency_keys').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst().catch(() => undefined);
console.log(`  keys kept: ${kept ? Number(kept.n) : 'none (no idempotency_keys table)'}`);

await app.close();
await store.close();
await target.drop();
console.log(
  JSON.stringify({
    engine: target.kind,
    requests,
    noKeyUs: Math.round(us('no key')),
    newKeyUs: Math.round(us('new key')),
    replayUs: Math.round(us('replay')),
    newKeyRatio: Number((us('new key') / us('no key')).toFixed(2)),
    replayRatio: Number((us('replay') / us('no key')).toFixed(2)),
  }),
);
