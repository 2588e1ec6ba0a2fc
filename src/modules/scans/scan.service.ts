import type { SiteDirectory } from '../units/unit.service.js';
import { type ScanRejection, parseNdjson, validateScans } from './parse-scan-lines.js';
import type { ScanRecorder } from './record-scans.js';

export interface ScanIngestResult {
  accepted: number;
  duplicates: number;
  rejected: ScanRejection[];
}

export interface ScanIngestDeps {
  recorder: ScanRecorder;
  sites: SiteDirectory;
}

/** Records one request's scans: a JSON array of events, or NDJSON text (one event a line). */
export async function recordScans(deps: ScanIngestDeps, body: string | readonly unknown[], now: number): Promise<ScanIngestResult> {
  const { records, rejected: malformed } =
    typeof body === 'string' ? parseNdjson(body) : { records: body.map((value, i) => ({ line: i + 1, value })), rejected: [] };

  const ctx = { now, isKnownSite: (code: string) => deps.sites.has(code) };
  let { scans, rejected } = validateScans(records, ctx);

  // A site unknown here may have been added through another server: look again once, then re-check
  // only the lines that failed on it.
  const siteMisses = new Set(rejected.filter((r) => r.field === 'site' || r.field === 'nextSite').map((r) => r.line));
  if (siteMisses.size > 0 && (await deps.sites.reload(now))) {
    const retried = validateScans(
      records.filter((r) => siteMisses.has(r.line)),
      ctx,
    );
    scans = [...scans, ...retried.scans].sort((a, b) => a.line - b.line);
    rejected = [...rejected.filter((r) => !siteMisses.has(r.line)), ...retried.rejected];
  }

  const stored = scans.length > 0 ? await deps.recorder.record(scans, now) : { accepted: 0, duplicates: 0 };
  return {
    accepted: stored.accepted,
    duplicates: stored.duplicates,
    rejected: [...malformed, ...rejected].sort((a, b) => a.line - b.line),
  };
}
