/**
 * Sweep benchmark: a store of N items and one of 5N items, each with the same number of items whose
 * silence has become visible; times the sweep that opens them. The sweep reads only the items that
 * crossed their instant, so the two times should be close. Prints figures; the last line is JSON.
 *
 *   npm run bench:sweep [-- --items N] [--crossing K]
 *   SONGDA_DB=postgres://… npm run bench:sweep       (fresh databases are made inside that server)
 */
import { parseArgs } from 'node:util';
import { parseDbTarget } from '../src/config.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { type DbHandle, openDb } from '../src/db/open-db.js';
import { formatS10 } from '../src/domain/s10.js';
import { sweepSilences } from '../src/modules/breakpoints/sweep.service.js';
import { freshTarget } from './lib/targets.js';

const { values } = parseArgs({ options: { items: { type: 'string', default: '1000000' }, crossing: { type: 'string', default: '10000' } } });
const items = Number(values.items);
const crossing = Number(values.crossing);
const ASOF = Date.parse('2026-11-21T12:00:00+08:00');
const HOUR = 3_600_000;

async function timeSweep(n: number): Promise<number> {
  const target = await freshTarget(process.env.SONGDA_DB);
  const store = openDb(parseDbTarget(target.url));
  try {
    await migrateToLatest(store.db);
    const started = performance.now();
    await loadItems(store, n);
    console.log(`  loaded ${n.toLocaleString('en')} items (${crossing.toLocaleString('en')} crossing) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    const t0 = performance.now();
    const result = await sweepSilences(store, ASOF, ASOF);
    const ms = performance.now() - t0;
    if (result.opened !== crossing) throw new Error(`sweep opened ${result.opened}, expected ${crossing}`);
    console.log(`  sweep opened ${result.opened.toLocaleString('en')} in ${ms.toFixed(0)} ms`);
    return ms;
  } finally {
    await store.close();
    await target.drop();
  }
}

/**
 * Items as the ingest path leaves them: each with the silence its last event will show. The first
 * `crossing` became visible in the hour before asOf; the rest become visible over the next 48 hours.
 */
async function loadItems(store: DbHandle, n: number): Promise<void> {
  const row = (i: number) => {
    const due = i < crossing ? ASOF - HOUR + Math.floor((i / crossing) * HOUR) : ASOF + 1 + ((i * 7919) % (48 * HOUR));
    return [formatS10('EA', 10_000_000 + i), 'DISPATCHED', due - 48 * HOUR, 'P420500', i + 1, 'SILENT_IN_TRANSIT', 'P420000', 2, due] as const;
  };
  const columns = `tracking_no, service_indicator, source, status, created_at, last_event_code, last_event_at, last_event_site, last_event_id,
    silence_type, silence_unit, silence_visit, silence_due_at`;
  if (store.dialect === 'sqlite') {
    const insert = store.sqlite.prepare(`INSERT INTO items (${columns}) VALUES (?, 'EA', 'scan', 'DISPATCHED', 0, ?, ?, ?, ?, ?, ?, ?, ?)`);
    const insertAll = store.sqlite.transaction((from: number, to: number) => {
      for (let i = from; i < to; i++) {
        const [t, code, at, site, id, type, unit, visit, due] = row(i);
        insert.run(t, code, at, site, id, type, unit, visit, due);
      }
    });
    for (let i = 0; i < n; i += 100_000) insertAll(i, Math.min(n, i + 100_000));
    return;
  }
  for (let i = 0; i < n; i += 20_000) {
    const rows = Array.from({ length: Math.min(20_000, n - i) }, (_, k) => row(i + k));
    await store.pool.query(
      `INSERT INTO items (${columns})
       SELECT t, 'EA', 'scan', 'DISPATCHED', 0, code, at, site, id, type, unit, visit, due
       FROM unnest($1::text[], $2::text[], $3::bigint[], $4::text[], $5::bigint[], $6::text[], $7::text[], $8::int[], $9::bigint[])
         AS r(t, code, at, site, id, type, unit, visit, due)`,
      [0, 1, 2, 3, 4, 5, 6, 7, 8].map((c) => rows.map((r) => r[c])),
    );
  }
  await store.pool.query('ANALYZE items');
}

console.log(`sweep with ${crossing.toLocaleString('en')} crossing items among ${items.toLocaleString('en')}:`);
const sweepMs = await timeSweep(items);
console.log(`sweep with ${crossing.toLocaleString('en')} crossing items among ${(5 * items).toLocaleString('en')}:`);
const sweepMs5x = await timeSweep(5 * items);
const ratio = sweepMs5x / sweepMs;
console.log(`ratio ${ratio.toFixed(2)} (goal ≤ 1.5)`);
console.log(JSON.stringify({ items, sweepMs: Math.round(sweepMs), sweepMs5x: Math.round(sweepMs5x), ratio: Number(ratio.toFixed(3)) }));
