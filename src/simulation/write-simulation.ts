import { once } from 'node:events';
import { type WriteStream, createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import { type ThresholdOverrides, type TruthBreakpointType, MISSING_SCAN_TYPES, SILENCE_TYPES, resolveThresholds } from './breakpoint-truth.js';
import { generateScanLines } from './generate-scans.js';
import { DAY, LocalClock } from './local-time.js';
import { buildProvinceUnits } from './province-units.js';

export { type SimulationTruth, type TruthBreakpoint, readTruth } from './breakpoint-truth.js';

export const DEFAULT_PROVINCE = '420000';

export interface SimulationOptions {
  /** GB/T 2260 province whose real divisions make the network; default 420000 (湖北省). */
  province?: string;
  seed: number;
  items: number;
  /** Epoch ms of the start of the period; truth is judged at its end, startMs + days. */
  startMs: number;
  days: number;
  dropRate?: number;
  silenceRate?: number;
  lateRate?: number;
  thresholds?: ThresholdOverrides;
  maxInFlightItems?: number;
  /** Told every 10,000 scans. */
  onProgress?: (progress: { items: number; scans: number }) => void;
}

export interface SimulationCounts {
  units: number;
  items: number;
  scans: number;
  lateScans: number;
  droppedScans: number;
  stoppedItems: number;
  breakpoints: Record<TruthBreakpointType, number>;
}

export const SIMULATION_FILES = ['units.json', 'items.ndjson', 'scans.ndjson', 'truth.json'] as const;

const PROGRESS_EVERY = 10_000;

/**
 * Writes a simulation into `dir` (made if missing; the four files are replaced): units.json,
 * items.ndjson, scans.ndjson in upload order, and truth.json, the break-points the data holds at the
 * end of the period. Everything streams: memory is bounded by the merge window, not by `items`.
 */
export async function writeSimulation(dir: string, options: SimulationOptions): Promise<SimulationCounts> {
  const units = buildProvinceUnits(options.province ?? DEFAULT_PROVINCE);
  const thresholds = resolveThresholds(options.thresholds);
  const asOf = new LocalClock().format(options.startMs + options.days * DAY);
  await mkdir(dir, { recursive: true });

  const counts: SimulationCounts = {
    units: units.length,
    items: 0,
    scans: 0,
    lateScans: 0,
    droppedScans: 0,
    stoppedItems: 0,
    breakpoints: Object.fromEntries([...MISSING_SCAN_TYPES, ...SILENCE_TYPES].map((type) => [type, 0])) as Record<TruthBreakpointType, number>,
  };
  const files = {
    units: new TextFile(join(dir, 'units.json')),
    items: new TextFile(join(dir, 'items.ndjson')),
    scans: new TextFile(join(dir, 'scans.ndjson')),
    truth: new TextFile(join(dir, 'truth.json')),
  };
  const all = Object.values(files);
  try {
    files.units.push(`[\n${units.map((u) => JSON.stringify(u)).join(',\n')}\n]\n`);
    // One break-point a line, so a large truth file still reads well; still one JSON document.
    files.truth.push(`{"asOf":${JSON.stringify(asOf)},"thresholds":${JSON.stringify(thresholds)},"breakpoints":[`);
    let firstBreakpoint = true;

    const lines = generateScanLines(units, {
      ...options,
      thresholds,
      onItem(item) {
        counts.items++;
        if (item.faults.droppedScan) counts.droppedScans++;
        if (item.faults.stopped) counts.stoppedItems++;
        counts.lateScans += item.faults.lateScans;
        const { trackingNo, originUnit, destination, weightGrams } = item;
        files.items.push(`${JSON.stringify({ trackingNo, originUnit, destination, weightGrams })}\n`);
        for (const breakpoint of item.breakpoints) {
          counts.breakpoints[breakpoint.type]++;
          files.truth.push(`${firstBreakpoint ? '\n' : ',\n'}${JSON.stringify(breakpoint)}`);
          firstBreakpoint = false;
        }
      },
    });
    for (const line of lines) {
      files.scans.push(`${JSON.stringify(line)}\n`);
      if (++counts.scans % PROGRESS_EVERY === 0) {
        options.onProgress?.({ items: counts.items, scans: counts.scans });
        for (const file of all) if (file.full) await file.flush();
      }
    }
    files.truth.push(`${firstBreakpoint ? '' : '\n'}]}\n`);
    for (const file of all) await file.close();
  } finally {
    for (const file of all) file.destroy();
  }
  return counts;
}

/** A file written in large chunks, waiting for the disk when it falls behind. */
class TextFile {
  static readonly #CHUNK_CHARS = 1 << 20;
  readonly #stream: WriteStream;
  #parts: string[] = [];
  #chars = 0;
  #error: Error | undefined;

  constructor(path: string) {
    this.#stream = createWriteStream(path);
    // Kept for the next flush: an 'error' event with no listener would end the process.
    this.#stream.on('error', (err) => {
      this.#error ??= err;
    });
  }

  get full(): boolean {
    return this.#chars >= TextFile.#CHUNK_CHARS;
  }

  push(text: string): void {
    this.#parts.push(text);
    this.#chars += text.length;
  }

  async flush(): Promise<void> {
    if (this.#error) throw this.#error;
    if (this.#parts.length === 0) return;
    const chunk = this.#parts.join('');
    this.#parts = [];
    this.#chars = 0;
    if (!this.#stream.write(chunk)) await once(this.#stream, 'drain');
  }

  async close(): Promise<void> {
    await this.flush();
    this.#stream.end();
    await finished(this.#stream);
  }

  destroy(): void {
    if (!this.#stream.destroyed) this.#stream.destroy();
  }
}
