import type { SilenceRules } from '../../src/domain/breakpoint-rules.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { type DbHandle, openSqlite } from '../../src/db/open-db.js';
import { sweepSilences } from '../../src/modules/breakpoints/sweep.service.js';
import { batchOf } from '../../src/modules/scans/ingest-scans.js';
import type { ScanInput } from '../../src/modules/scans/parse-scan-lines.js';
import { createBatchWriter } from '../../src/modules/scans/record-scans.js';
import { upsertUnits } from '../../src/modules/units/unit.service.js';
import { generateScanLines } from '../../src/simulation/generate-scans.js';
import { buildProvinceUnits } from '../../src/simulation/province-units.js';

export type SqliteHandle = Extract<DbHandle, { dialect: 'sqlite' }>;
export const openSqliteStore = (path: string) => openSqlite(path) as SqliteHandle;

const DAY = 86_400_000;

export interface ProvinceStoreOptions {
  items: number;
  days: number;
  seed: number;
  /** The instant the data ends at. */
  endMs: number;
  silence: SilenceRules;
}

/**
 * A province-sized SQLite store: 湖北省's 224 units and `items` simulated items over `days` days
 * (realistic routes, with dropped scans, stalled items and late uploads, so there are break-points),
 * every scan stored through the server's own scan writer (in this thread), then swept and analysed.
 * Answers the number of events stored.
 */
export async function buildProvinceStore(file: string, o: ProvinceStoreOptions): Promise<{ events: number }> {
  const store = openSqliteStore(file);
  try {
    await migrateToLatest(store.db);
    const units = buildProvinceUnits('420000');
    await upsertUnits(store.db, units, o.endMs);
    const recorder = inThisThread(store, o.silence);
    const options = { seed: o.seed, items: o.items, startMs: o.endMs - o.days * DAY, days: o.days, dropRate: 0.02, silenceRate: 0.03, lateRate: 0.05 };
    console.log(`building ${file}: ${o.items.toLocaleString('en')} items over ${o.days} days on ${units.length} units …`);
    const started = performance.now();
    let batch: ScanInput[] = [];
    let events = 0;
    const flush = async () => {
      // Stored as the server stores them: received when the last scan of the batch was made.
      await recorder.record(batch, batch.at(-1)!.atMs);
      events += batch.length;
      batch = [];
      if (events % 1_000_000 < 50_000) console.log(`  ${events.toLocaleString('en')} events, ${((performance.now() - started) / 1000).toFixed(0)} s`);
    };
    for (const scan of generateScanLines(units, options)) {
      batch.push({
        line: batch.length + 1,
        trackingNo: scan.trackingNo,
        code: scan.code,
        atMs: Date.parse(scan.at),
        atOffsetMin: 480,
        site: scan.site,
        operator: scan.operator ?? null,
        reason: scan.reason ?? null,
        nextSite: scan.nextSite ?? null,
      });
      if (batch.length === 50_000) await flush();
    }
    if (batch.length > 0) await flush();
    const swept = await sweepSilences(store, o.endMs, o.endMs);
    store.sqlite.pragma('analysis_limit = 1000');
    store.sqlite.exec('ANALYZE');
    console.log(`built in ${((performance.now() - started) / 1000).toFixed(0)} s: ${events.toLocaleString('en')} events; the sweep opened ${swept.opened.toLocaleString('en')} silences`);
    return { events };
  } finally {
    await store.close();
  }
}

/** The server's scan write path, run in this thread on the benchmark's own connection. */
export function inThisThread(store: DbHandle, silence: SilenceRules) {
  const writer = createBatchWriter(store, silence);
  return { record: (scans: ScanInput[], now: number) => writer.record(batchOf(scans), scans.map((s) => s.site), now) };
}
