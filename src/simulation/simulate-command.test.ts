// The test of `songda simulate` (src/cli/simulate-command.ts) lives with the simulation it drives.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runSimulate } from '../cli/simulate-command.js';
import { UsageError } from '../cli/usage-error.js';
import { readTruth } from './breakpoint-truth.js';
import { SIMULATION_FILES } from './write-simulation.js';

const root = mkdtempSync(join(tmpdir(), 'songda-simulate-'));
const flags = (out: string, extra: string[] = []) => [
  '--items', '300', '--seed', '4', '--days', '3', '--drop-rate', '0.2', '--silence-rate', '0.2', '--late-rate', '0.2',
  '--start', '2026-03-01T00:00:00+08:00', '--out', out, ...extra,
];

let stdout: string[];
beforeEach(() => {
  stdout = [];
  vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void stdout.push(args.join(' ')));
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
});
afterEach(() => vi.restoreAllMocks());
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('songda simulate', () => {
  it('writes the four files and sums them up', async () => {
    const out = join(root, 'one');
    expect(await runSimulate(flags(out))).toBe(0);
    for (const name of SIMULATION_FILES) expect(existsSync(join(out, name)), name).toBe(true);
    expect(readFileSync(join(out, 'items.ndjson'), 'utf8').trim().split('\n')).toHaveLength(300);
    const truth = await readTruth(out);
    expect(truth.asOf).toBe('2026-03-04T00:00:00+08:00');
    expect(truth.breakpoints.length).toBeGreaterThan(50);
    expect(stdout[0]).toMatch(/^wrote .*one: 224 units, 300 items, [\d,]+ scans$/);
    expect(stdout.join('\n')).toContain(`truth: ${truth.breakpoints.length} break-points`);
    expect(process.stderr.write).toHaveBeenCalledWith(expect.stringContaining('simulate ['));
  });

  it('is deterministic, and takes the command name itself as a first argument', async () => {
    const [a, b] = [join(root, 'a'), join(root, 'b')];
    await runSimulate(flags(a));
    await runSimulate(['simulate', ...flags(b)]);
    for (const name of SIMULATION_FILES) expect(readFileSync(join(b, name), 'utf8'), name).toBe(readFileSync(join(a, name), 'utf8'));
  });

  it('builds another province on request, and starts a clean period before today by default', async () => {
    const out = join(root, 'beijing');
    await runSimulate(['--items', '50', '--province', '110000', '--days', '2', '--out', out]);
    const units = JSON.parse(readFileSync(join(out, 'units.json'), 'utf8')) as { code: string }[];
    expect(units[0]!.code).toBe('P110000');
    const truth = await readTruth(out);
    expect(truth.asOf).toMatch(/T00:00:00\+08:00$/);
    expect(Date.parse(truth.asOf)).toBeLessThanOrEqual(Date.now());
    expect(truth.breakpoints.filter((b) => b.type.startsWith('MISSING_'))).toEqual([]);
  });

  it('explains bad flags', async () => {
    const out = join(root, 'bad');
    await expect(runSimulate(['--items', '10'])).rejects.toThrow(/--out DIR is required/);
    await expect(runSimulate(flags(out, ['--drop-rate', '1.5']))).rejects.toThrow(/--drop-rate must be a number from 0 to 1/);
    await expect(runSimulate(flags(out, ['--items', '3.5']))).rejects.toThrow(UsageError);
    await expect(runSimulate(flags(out, ['--days', '0']))).rejects.toThrow(/--days/);
    await expect(runSimulate(flags(out, ['--start', '2026-03-01T00:00:00']))).rejects.toThrow(/--start/);
    await expect(runSimulate(flags(out, ['--province', '420500']))).rejects.toThrow(/--province/);
    await expect(runSimulate(flags(out, ['extra']))).rejects.toThrow(/unexpected argument/);
    expect(existsSync(out)).toBe(false);
    expect(await runSimulate(['--help'])).toBe(0);
    expect(stdout.join('\n')).toContain('songda simulate --out DIR');
  });
});
