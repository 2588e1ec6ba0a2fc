import type { SiteDirectory } from '../units/unit.service.js';
import { type NdjsonLine, splitNdjsonLines } from './ndjson-lines.js';
import { type ScanInput, type ScanLineContext, type ScanRejection, parseNdjsonLine, validateScan } from './parse-scan-lines.js';
import type { ScanRecorder } from './record-scans.js';
import { msg } from '../../i18n/message.js';

export interface ScanIngestResult {
  accepted: number;
  duplicates: number;
  rejected: ScanRejection[];
}

export interface ScanIngestDeps {
  recorder: ScanRecorder;
  sites: SiteDirectory;
  /** Which of these numbers are consignments (OPENED is accepted only for those). */
  consignmentsAmong?: (trackingNos: string[]) => Promise<Set<string>>;
  /** Scans dated further back are rejected lines (config maxScanAgeMs); see ScanLineContext. */
  maxScanAgeMs?: number;
}

/**
 * Where one request's scans come from: a JSON array of events, NDJSON text, or NDJSON lines as they
 * stream in (validated as they arrive, so the body is never held whole).
 */
export type ScanSource = readonly unknown[] | string | AsyncIterable<NdjsonLine>;

/** Records one request's scans as one batch: every good line is stored, every bad one reported. */
export async function recordScans(deps: ScanIngestDeps, source: ScanSource, now: number): Promise<ScanIngestResult> {
  const ctx: ScanLineContext = { now, maxAgeMs: deps.maxScanAgeMs, isKnownSite: (code) => deps.sites.has(code) };
  let scans: ScanInput[] = [];
  const rejected: ScanRejection[] = [];
  const siteMisses: { line: number; value: unknown }[] = [];

  const check = (line: number, value: unknown) => {
    const result = validateScan(line, value, ctx);
    if (!('message' in result)) scans.push(result);
    else if (result.field === 'site' || result.field === 'nextSite') siteMisses.push({ line, value });
    else rejected.push(result);
  };

  if (Array.isArray(source)) {
    source.forEach((value, i) => check(i + 1, value));
  } else {
    const lines = typeof source === 'string' ? splitNdjsonLines(source) : (source as AsyncIterable<NdjsonLine>);
    for await (const { line, text } of lines) {
      const parsed = parseNdjsonLine(line, text);
      if (parsed === undefined) continue;
      if ('message' in parsed) rejected.push(parsed);
      else check(parsed.line, parsed.value);
    }
  }

  // A site unknown here may have been added through another server: look again (at most once a
  // second), then check those lines once more; what still fails is rejected.
  if (siteMisses.length > 0) {
    await deps.sites.reload(now);
    for (const { line, value } of siteMisses) {
      const result = validateScan(line, value, ctx);
      if ('message' in result) rejected.push(result);
      else scans.push(result);
    }
    scans.sort((a, b) => a.line - b.line);
  }

  const opened = scans.filter((s) => s.code === 'OPENED');
  if (opened.length > 0) {
    const consignments = deps.consignmentsAmong ? await deps.consignmentsAmong([...new Set(opened.map((s) => s.trackingNo))]) : new Set<string>();
    const notConsignment = new Set(opened.filter((s) => !consignments.has(s.trackingNo)));
    for (const s of notConsignment) rejected.push({ line: s.line, field: 'code', message: msg('scan.notConsignment', { trackingNo: s.trackingNo }) });
    if (notConsignment.size > 0) scans = scans.filter((s) => !notConsignment.has(s));
  }

  const stored = scans.length > 0 ? await deps.recorder.record(scans, now) : { accepted: 0, duplicates: 0 };
  return { accepted: stored.accepted, duplicates: stored.duplicates, rejected: rejected.sort((a, b) => a.line - b.line) };
}
