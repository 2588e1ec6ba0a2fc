// Run by `npm test` before anything else (the `pretest` script): the suite needs two things npm does
// not install, Debian's Chromium at /usr/bin/chromium (the browser test) and the Noto Sans CJK font
// (Chinese pages rendered in it). When one is missing it is installed with apt-get, as root or
// through `sudo -n`; when that cannot be done the run stops with the command to run. Never a silent
// skip: a suite that quietly leaves out its browser test would pass on a broken console.
//
//   npm run pretest [-- --dry-run]
//
// --dry-run prints what would be installed, and how, without running it.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

export const CHROMIUM = '/usr/bin/chromium';
const CJK_FONT = /Noto Sans CJK/i;

/** What the script reads from and does to the machine; tests pass their own. */
export interface TestToolsSystem {
  isFile(path: string): boolean;
  /** The standard output of a command that succeeded; undefined when it could not run or failed. */
  output(command: string, args: readonly string[]): string | undefined;
  /** Runs a command with its output shown; its exit status. */
  run(command: string, args: readonly string[]): number;
  /** The user id, undefined where there is none (Windows). */
  uid: number | undefined;
  log(line: string): void;
  error(line: string): void;
}

export type TestToolsPlan =
  | { kind: 'ready' }
  | { kind: 'install'; missing: string[]; commands: string[][] }
  | { kind: 'cannot'; missing: string[]; message: string };

/** The packages to install for what is missing, by what the suite checks. */
function missingPackages(sys: TestToolsSystem): { missing: string[]; packages: string[] } {
  const missing: string[] = [];
  const packages: string[] = [];
  if (!sys.isFile(CHROMIUM)) {
    missing.push(`Chromium (${CHROMIUM})`);
    packages.push('chromium');
  }
  const fonts = sys.output('fc-list', []);
  if (fonts === undefined || !CJK_FONT.test(fonts)) {
    missing.push('the Noto Sans CJK font (fc-list shows none)');
    // fc-list itself comes with fontconfig, which the font package only recommends.
    if (fonts === undefined) packages.push('fontconfig');
    packages.push('fonts-noto-cjk');
  }
  return { missing, packages };
}

/** What has to be done: nothing, these commands, or a message saying what to run. */
export function planTestTools(sys: TestToolsSystem): TestToolsPlan {
  const { missing, packages } = missingPackages(sys);
  if (missing.length === 0) return { kind: 'ready' };
  const install = ['env', 'DEBIAN_FRONTEND=noninteractive', 'apt-get', 'install', '-y', '--no-install-recommends', ...packages];
  const byHand = `sudo apt-get update && sudo apt-get install -y --no-install-recommends ${packages.join(' ')}`;
  if (sys.output('apt-get', ['--version']) === undefined) {
    return { kind: 'cannot', missing, message: cannotMessage(missing, `there is no apt-get here: install them with the system's package manager (on Debian or Ubuntu: ${byHand})`) };
  }
  const prefix = sys.uid === 0 ? [] : sys.output('sudo', ['-n', 'true']) !== undefined ? ['sudo', '-n'] : undefined;
  if (prefix === undefined) return { kind: 'cannot', missing, message: cannotMessage(missing, `installing them needs root, and sudo asks for a password: run\n  ${byHand}\nthen npm test again`) };
  return { kind: 'install', missing, commands: [[...prefix, 'apt-get', 'update'], [...prefix, ...install]] };
}

function cannotMessage(missing: readonly string[], how: string): string {
  return `npm test needs ${missing.join(' and ')}, which this machine does not have; ${how}`;
}

/** Makes sure of the tools (or, in a dry run, says what it would do); the exit status for npm. */
export function ensureTestTools(sys: TestToolsSystem, options: { dryRun: boolean }): number {
  const plan = planTestTools(sys);
  if (plan.kind === 'ready') return 0;
  if (plan.kind === 'cannot') {
    sys.error(plan.message);
    return 1;
  }
  sys.log(`npm test needs ${plan.missing.join(' and ')}; installing:`);
  for (const command of plan.commands) sys.log(`  ${command.join(' ')}`);
  if (options.dryRun) return 0;
  for (const [command, ...args] of plan.commands) {
    const status = sys.run(command!, args);
    if (status !== 0) {
      sys.error(`${[command, ...args].join(' ')} failed (exit ${status}); run it by hand, then npm test again`);
      return 1;
    }
  }
  const after = planTestTools(sys);
  if (after.kind !== 'ready') {
    sys.error(`still missing after the install: ${after.missing.join(' and ')}`);
    return 1;
  }
  return 0;
}

const machine: TestToolsSystem = {
  isFile: (path) => existsSync(path),
  output(command, args) {
    const result = spawnSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    return result.status === 0 ? result.stdout : undefined;
  },
  run: (command, args) => spawnSync(command, args, { stdio: 'inherit' }).status ?? 1,
  uid: process.getuid?.(),
  log: (line) => console.log(line),
  error: (line) => console.error(line),
};

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = ensureTestTools(machine, { dryRun: process.argv.includes('--dry-run') });
}
