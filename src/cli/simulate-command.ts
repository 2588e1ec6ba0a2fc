import { parseArgs } from 'node:util';
import { parseInstant } from '../domain/scan-time.js';
import { MISSING_SCAN_TYPES, SILENCE_TYPES } from '../simulation/breakpoint-truth.js';
import { DAY, localDayStart } from '../simulation/local-time.js';
import { buildProvinceUnits } from '../simulation/province-units.js';
import { DEFAULT_PROVINCE, type SimulationCounts, writeSimulation } from '../simulation/write-simulation.js';
import { createProgressBar } from './progress.js';
import { UsageError } from './usage-error.js';

export const SIMULATE_USAGE = `songda simulate --out DIR [--items N] [--seed S] [--days D] [--province 420000] [--start ISO]
                [--drop-rate R] [--silence-rate Q] [--late-rate L]

  Writes a deterministic simulation of a province's mail into DIR:
    units.json     the province's units (counters, delivery offices, processing centres)
    items.ndjson   {trackingNo, originUnit, destination, weightGrams} per line
    scans.ndjson   scan events in upload order (late uploads come later than their time)
    truth.json     {asOf, thresholds, breakpoints}: every break-point in the data at the end of the period

  --items N         items accepted over the period (default 10000)
  --seed S          random seed, 0–4294967295 (default 1): same flags, same files
  --days D          length of the period in days (default 7); truth is judged at its end
  --start ISO       start of the period, with an offset (default: 00:00 Asia/Shanghai D days before today)
  --province CODE   GB/T 2260 province code (default ${DEFAULT_PROVINCE}, 湖北省)
  --drop-rate R     probability an item loses one scan, making one missing-scan break-point (default 0)
  --silence-rate Q  probability an item stops after a random event, before delivery (default 0)
  --late-rate L     probability a scan is uploaded 1–12 h late (default 0)`;

const options = {
  out: { type: 'string' },
  items: { type: 'string', default: '10000' },
  seed: { type: 'string', default: '1' },
  days: { type: 'string', default: '7' },
  start: { type: 'string' },
  province: { type: 'string', default: DEFAULT_PROVINCE },
  'drop-rate': { type: 'string', default: '0' },
  'silence-rate': { type: 'string', default: '0' },
  'late-rate': { type: 'string', default: '0' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** S10 serials 20000000–99999999 are what the generator numbers items from. */
const MAX_ITEMS = 80_000_000;
const MAX_DAYS = 366;

/** `songda simulate …`: `argv` are the arguments after the command name (a leading "simulate" is skipped). */
export async function runSimulate(argv: string[]): Promise<number> {
  const args = argv[0] === 'simulate' ? argv.slice(1) : argv;
  const { values, positionals } = parseArgs({ args, options, allowPositionals: true, strict: true });
  if (values.help) {
    console.log(SIMULATE_USAGE);
    return 0;
  }
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"\n\n${SIMULATE_USAGE}`);
  if (!values.out) throw new UsageError(`--out DIR is required\n\n${SIMULATE_USAGE}`);

  const items = wholeNumber('--items', values.items, 0, MAX_ITEMS);
  const seed = wholeNumber('--seed', values.seed, 0, 2 ** 32 - 1);
  const days = decimal('--days', values.days, 0, MAX_DAYS);
  if (days === 0) throw new UsageError('--days must be more than 0');
  const province = values.province;
  try {
    buildProvinceUnits(province);
  } catch {
    throw new UsageError(`--province must be a GB/T 2260 province code such as 420000, got "${province}"`);
  }
  const startMs = values.start === undefined ? localDayStart(Date.now()) - Math.ceil(days) * DAY : instant('--start', values.start);

  const bar = createProgressBar('simulate', items);
  const counts = await writeSimulation(values.out, {
    province,
    seed,
    items,
    startMs,
    days,
    dropRate: decimal('--drop-rate', values['drop-rate'], 0, 1),
    silenceRate: decimal('--silence-rate', values['silence-rate'], 0, 1),
    lateRate: decimal('--late-rate', values['late-rate'], 0, 1),
    onProgress: ({ items: done, scans }) => bar.update(done, `${scans.toLocaleString('en')} scans`),
  });
  bar.finish(`${counts.scans.toLocaleString('en')} scans`);
  printSummary(values.out, counts);
  return 0;
}

function printSummary(dir: string, counts: SimulationCounts): void {
  const n = (value: number) => value.toLocaleString('en');
  const total = Object.values(counts.breakpoints).reduce((sum, v) => sum + v, 0);
  console.log(`wrote ${dir}: ${n(counts.units)} units, ${n(counts.items)} items, ${n(counts.scans)} scans`);
  console.log(`  faults: ${n(counts.droppedScans)} scans dropped, ${n(counts.stoppedItems)} items stopped, ${n(counts.lateScans)} scans uploaded late`);
  console.log(`  truth: ${n(total)} break-points`);
  for (const type of [...MISSING_SCAN_TYPES, ...SILENCE_TYPES]) console.log(`    ${type.padEnd(26)} ${n(counts.breakpoints[type])}`);
}

function wholeNumber(flag: string, text: string, min: number, max: number): number {
  const value = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!(value >= min && value <= max)) throw new UsageError(`${flag} must be a whole number from ${min} to ${max}, got "${text}"`);
  return value;
}

function decimal(flag: string, text: string, min: number, max: number): number {
  const value = /^\d+(\.\d+)?$|^\.\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!(value >= min && value <= max)) throw new UsageError(`${flag} must be a number from ${min} to ${max}, got "${text}"`);
  return value;
}

function instant(flag: string, text: string): number {
  const parsed = parseInstant(text);
  if (!parsed.ok) throw new UsageError(`${flag}: ${parsed.message}`);
  return parsed.ms;
}
