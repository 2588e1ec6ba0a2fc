import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CHROMIUM, type TestToolsSystem, ensureTestTools } from '../../scripts/ensure-test-tools.js';

const SCRIPT = fileURLToPath(new URL('../../scripts/ensure-test-tools.ts', import.meta.url));
const FONTS = '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc: Noto Sans CJK SC:style=Regular\n';
const APT_INSTALL = ['env', 'DEBIAN_FRONTEND=noninteractive', 'apt-get', 'install', '-y', '--no-install-recommends'];

interface Machine {
  chromium: boolean;
  font: boolean;
  fcList?: boolean;
  uid?: number;
  aptGet?: boolean;
  sudo?: boolean;
  /** Exit status of every command run; the install brings the tools when it succeeds and `installs` is not false. */
  runStatus?: number;
  installs?: boolean;
}

/** A machine that records what it is asked to run; a successful `apt-get install` installs the packages named. */
function fakeMachine(m: Machine) {
  const state = { chromium: m.chromium, font: m.font, fcList: m.fcList ?? true };
  const ran: string[] = [];
  const out: string[] = [];
  const err: string[] = [];
  const sys: TestToolsSystem = {
    isFile: (path) => path === CHROMIUM && state.chromium,
    output(command, args) {
      if (command === 'fc-list') return state.fcList ? (state.font ? FONTS : '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf: DejaVu Sans\n') : undefined;
      if (command === 'apt-get' && args[0] === '--version') return m.aptGet === false ? undefined : 'apt 2.6.1 (amd64)\n';
      if (command === 'sudo') return m.sudo ? '' : undefined;
      throw new Error(`unexpected output(${command} ${args.join(' ')})`);
    },
    run(command, args) {
      ran.push([command, ...args].join(' '));
      const status = m.runStatus ?? 0;
      if (status === 0 && args.includes('install') && m.installs !== false) {
        if (args.includes('chromium')) state.chromium = true;
        if (args.includes('fontconfig')) state.fcList = true;
        if (args.includes('fonts-noto-cjk')) state.font = true;
      }
      return status;
    },
    uid: m.uid ?? 1000,
    log: (line) => out.push(line),
    error: (line) => err.push(line),
  };
  return { sys, ran, out, err };
}

describe('ensure-test-tools (npm pretest)', () => {
  it('does nothing when Chromium and the CJK font are there', () => {
    const m = fakeMachine({ chromium: true, font: true });
    expect(ensureTestTools(m.sys, { dryRun: false })).toBe(0);
    expect([m.ran, m.out, m.err]).toEqual([[], [], []]);
  });

  it('installs what is missing with apt-get as root, update first, then checks again', () => {
    const m = fakeMachine({ chromium: false, font: false, uid: 0 });
    expect(ensureTestTools(m.sys, { dryRun: false })).toBe(0);
    expect(m.ran).toEqual(['apt-get update', [...APT_INSTALL, 'chromium', 'fonts-noto-cjk'].join(' ')]);
    expect(m.err).toEqual([]);
  });

  it('goes through sudo -n when not root and sudo needs no password, installing only what is missing', () => {
    const m = fakeMachine({ chromium: true, font: false, sudo: true });
    expect(ensureTestTools(m.sys, { dryRun: false })).toBe(0);
    expect(m.ran).toEqual(['sudo -n apt-get update', ['sudo', '-n', ...APT_INSTALL, 'fonts-noto-cjk'].join(' ')]);
  });

  it('adds fontconfig when fc-list itself is missing', () => {
    const m = fakeMachine({ chromium: true, font: false, fcList: false, uid: 0 });
    expect(ensureTestTools(m.sys, { dryRun: false })).toBe(0);
    expect(m.ran.at(-1)).toBe([...APT_INSTALL, 'fontconfig', 'fonts-noto-cjk'].join(' '));
  });

  it('stops with the command to run when it cannot install: not root and sudo asks for a password', () => {
    const m = fakeMachine({ chromium: false, font: true, sudo: false });
    expect(ensureTestTools(m.sys, { dryRun: false })).toBe(1);
    expect(m.ran).toEqual([]);
    expect(m.err.join('\n')).toContain('npm test needs Chromium (/usr/bin/chromium)');
    expect(m.err.join('\n')).toContain('sudo apt-get update && sudo apt-get install -y --no-install-recommends chromium');
  });

  it('stops with a message when there is no apt-get', () => {
    const m = fakeMachine({ chromium: false, font: false, uid: 0, aptGet: false });
    expect(ensureTestTools(m.sys, { dryRun: false })).toBe(1);
    expect(m.ran).toEqual([]);
    expect(m.err.join('\n')).toMatch(/no apt-get here.*package manager/);
    expect(m.err.join('\n')).toContain('the Noto Sans CJK font');
  });

  it('fails when apt-get fails, or when the tools are still missing after it', () => {
    const failing = fakeMachine({ chromium: false, font: true, uid: 0, runStatus: 100 });
    expect(ensureTestTools(failing.sys, { dryRun: false })).toBe(1);
    expect(failing.ran).toEqual(['apt-get update']);
    expect(failing.err.join('\n')).toContain('apt-get update failed (exit 100)');

    const useless = fakeMachine({ chromium: false, font: true, uid: 0, installs: false });
    expect(ensureTestTools(useless.sys, { dryRun: false })).toBe(1);
    expect(useless.err.join('\n')).toContain('still missing after the install: Chromium');
  });

  it('in a dry run, prints the commands and runs none', () => {
    const m = fakeMachine({ chromium: false, font: false, sudo: true });
    expect(ensureTestTools(m.sys, { dryRun: true })).toBe(0);
    expect(m.ran).toEqual([]);
    expect(m.out).toEqual([
      'npm test needs Chromium (/usr/bin/chromium) and the Noto Sans CJK font (fc-list shows none); installing:',
      '  sudo -n apt-get update',
      `  ${['sudo', '-n', ...APT_INSTALL, 'chromium', 'fonts-noto-cjk'].join(' ')}`,
    ]);
  });

  it('runs as a script', () => {
    // On this machine the tools may be there or not; a dry run installs nothing either way.
    const run = spawnSync(process.execPath, ['--import', 'tsx', SCRIPT, '--dry-run'], { encoding: 'utf8' });
    expect(run.stderr).not.toMatch(/Error|Cannot find/);
    expect([0, 1]).toContain(run.status);
  });
});
