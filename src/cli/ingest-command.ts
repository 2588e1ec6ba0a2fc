import { findConsignmentNumbers } from '../modules/consignments/consignment.repository.js';
import { createReadStream, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Config } from '../config.js';
import { openStore } from '../main.js';
import { createScanRecorder } from '../modules/scans/record-scans.js';
import { type ScanIngestResult, recordScans } from '../modules/scans/scan.service.js';
import { loadSiteDirectory } from '../modules/units/unit.service.js';
import { createProgressBar } from './progress.js';
import { UsageError } from './usage-error.js';

export interface IngestOptions {
  file: string;
  /** Post to this server instead of writing to the database directly. */
  server?: string;
  token?: string;
  batch?: string;
  config?: Config;
}

type SendBatch = (ndjson: string) => Promise<ScanIngestResult>;

const MAX_SHOWN_REJECTIONS = 50;

/**
 * Streams an NDJSON file in batches (memory stays flat whatever the file's size) and prints the same
 * summary as the API, with line numbers of the file.
 */
export async function runIngest(options: IngestOptions): Promise<number> {
  const batchLines = options.batch ? Number(options.batch) : 20_000;
  if (!Number.isInteger(batchLines) || batchLines < 1 || batchLines > 100_000) throw new UsageError('--batch must be an integer from 1 to 100000');
  let size: number;
  try {
    size = statSync(options.file).size;
  } catch {
    throw new UsageError(`cannot read ${options.file}`);
  }

  const { send, close } = options.server ? toServer(options.server, options.token) : await toDatabase(options.config);
  const total: ScanIngestResult = { accepted: 0, duplicates: 0, rejected: [] };
  const bar = createProgressBar('ingest', size);
  try {
    let lines: string[] = [];
    let firstLine = 1;
    let lineNo = 0;
    let bytes = 0;
    const flush = async () => {
      if (lines.length === 0) return;
      const result = await send(lines.join('\n'));
      total.accepted += result.accepted;
      total.duplicates += result.duplicates;
      const offset = firstLine - 1;
      for (const r of result.rejected) total.rejected.push({ ...r, line: r.line + offset });
      firstLine = lineNo + 1;
      lines = [];
      bar.update(bytes, `${total.accepted.toLocaleString('en')} accepted`);
    };
    const reader = createInterface({ input: createReadStream(options.file, 'utf8'), crlfDelay: Infinity });
    for await (const line of reader) {
      lineNo++;
      bytes += Buffer.byteLength(line) + 1;
      lines.push(line);
      if (lines.length >= batchLines) await flush();
    }
    await flush();
    bar.finish(`${total.accepted.toLocaleString('en')} accepted`);
  } finally {
    await close();
  }
  printSummary(total);
  return total.rejected.length > 0 ? 1 : 0;
}

function printSummary(result: ScanIngestResult): void {
  console.log(`accepted ${result.accepted}, duplicates ${result.duplicates}, rejected ${result.rejected.length}`);
  for (const r of result.rejected.slice(0, MAX_SHOWN_REJECTIONS)) console.log(`  line ${r.line}${r.field ? ` (${r.field})` : ''}: ${r.message}`);
  if (result.rejected.length > MAX_SHOWN_REJECTIONS) console.log(`  … and ${result.rejected.length - MAX_SHOWN_REJECTIONS} more`);
}

async function toDatabase(config: Config | undefined): Promise<{ send: SendBatch; close(): Promise<void> }> {
  if (!config) throw new Error('no database configured');
  const store = await openStore(config);
  const deps = {
    recorder: createScanRecorder(store, config.silence),
    sites: await loadSiteDirectory(store.db),
    consignmentsAmong: (nos: string[]) => findConsignmentNumbers(store.db, nos),
    maxScanAgeMs: config.maxScanAgeMs,
  };
  return {
    send: (ndjson) => recordScans(deps, ndjson, Date.now()),
    async close() {
      await deps.recorder.close();
      await store.close();
    },
  };
}

function toServer(server: string, token: string | undefined): { send: SendBatch; close(): Promise<void> } {
  if (!token) throw new UsageError('--token (or SONGDA_TOKEN) is needed to send to a server');
  const url = new URL('/api/v1/scans', server).toString();
  return {
    async send(ndjson) {
      const res = await fetch(url, {
        method: 'POST',
        // The command line speaks English (as its own messages do), so it asks the server for English too.
        headers: { 'content-type': 'application/x-ndjson', authorization: `Bearer ${token}`, 'accept-language': 'en' },
        body: ndjson,
      });
      const body = (await res.json()) as ScanIngestResult | { error: { message: string } };
      if (!res.ok || 'error' in body) {
        throw new Error(`server answered ${res.status}: ${'error' in body ? body.error.message : 'unexpected answer'}`);
      }
      return body;
    },
    close: async () => {},
  };
}

