import type { Config } from '../config.js';
import { migrateToLatest } from '../db/migrate.js';
import { openDb } from '../db/open-db.js';
import { seedDemo } from '../demo/seed-demo.js';
import { serve, openStore } from '../main.js';
import { UsageError } from './usage-error.js';
import { parseSweepInstant } from '../modules/breakpoints/sweep-instant.js';
import { createScanRecorder } from '../modules/scans/record-scans.js';

export async function runServe(config: Config, options: { demo: boolean }): Promise<void> {
  await serve(config, { demo: options.demo, seedDemo: (store, cipher) =>
      seedDemo(store, { now: Date.now(), silence: config.silence, cipher, publicUrl: config.publicUrl, timeZone: config.timeZone, sms: config.sms }),
  });
}

export async function runMigrate(config: Config): Promise<number> {
  const store = openDb(config.db);
  try {
    const applied = await migrateToLatest(store.db);
    console.log(applied.length ? `applied: ${applied.join(', ')}` : 'already up to date');
    return 0;
  } finally {
    await store.close();
  }
}

export async function runSweep(config: Config, asOfText: string | undefined): Promise<number> {
  let asOf = Date.now();
  if (asOfText !== undefined) {
    const parsed = parseSweepInstant(asOfText, asOf);
    if (!parsed.ok) throw new UsageError(`--as-of: ${parsed.message}`);
    asOf = parsed.ms;
  }
  const store = await openStore(config);
  const writer = createScanRecorder(store, config.silence);
  try {
    const result = await writer.sweep({ asOf, now: Date.now() });
    console.log(`sweep at ${new Date(asOf).toISOString()}: opened ${result?.opened ?? 0}, closed ${result?.closed ?? 0}`);
    return 0;
  } finally {
    await writer.close();
    await store.close();
  }
}
