import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REQUIRED_NODE_MAJOR, nodeVersionProblem } from '../src/cli/node-version.js';

const root = join(import.meta.dirname, '..');
const require = createRequire(join(root, 'package.json'));
// The platforms for which npm brings Node.js with Songda (package.json optionalDependencies).
const bundled = join(root, 'node_modules', `node-${process.platform}-${process.arch}`);

describe('the Node.js that runs Songda', () => {
  it('is Node.js 24, the one `npm ci` installed, for the tests and for every node an npm script starts', () => {
    const engines = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { engines: { node: string } }).engines.node;
    expect(engines, 'the songda command checks the Node that package.json declares').toBe(`>=${REQUIRED_NODE_MAJOR}`);
    expect(process.versions.node.split('.')[0]).toBe('24');
    if (existsSync(bundled)) expect(realpathSync(process.execPath)).toBe(realpathSync(join(bundled, 'bin', 'node')));
    // e2e tests and benchmarks start `songda serve` as `node …`: the PATH npm gives finds the same one.
    const child = spawnSync('node', ['-p', 'process.execPath'], { encoding: 'utf8' });
    expect(child.status).toBe(0);
    expect(realpathSync(child.stdout.trim())).toBe(realpathSync(process.execPath));
  });

  it.skipIf(process.platform !== 'linux' || !existsSync(bundled))('runs addons compiled on this machine against its own headers, not the prebuilt ones', async () => {
    const Database = require('better-sqlite3') as typeof import('better-sqlite3');
    new Database(':memory:').close();
    const argon2 = require('argon2') as typeof import('argon2');
    await argon2.hash('probe');
    const mapped = readFileSync('/proc/self/maps', 'utf8');
    for (const [name, binary] of [
      ['better-sqlite3', 'better_sqlite3.node'],
      ['argon2', 'argon2.node'],
    ] as const) {
      const dir = realpathSync(dirname(require.resolve(`${name}/package.json`)));
      const version = (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string }).version;
      expect(mapped, `${name} is loaded from build/Release`).toContain(join(dir, 'build', 'Release', binary));
      expect(mapped, `${name}'s prebuilt binary is not loaded`).not.toContain(join(dir, 'prebuilds'));
      expect(readFileSync(join(dir, 'build', 'Release', 'songda-built-for.txt'), 'utf8')).toBe(`${name}@${version} for Node.js ${process.version}`);
      // A Node-API addon built against another Node's headers would load all the same: check the headers.
      const gypConfig = readFileSync(join(dir, 'build', 'config.gypi'), 'utf8');
      expect(gypConfig.match(/"nodedir": "([^"]+)"/)?.[1], `${name} compiled against the headers beside this Node`).toBe(realpathSync(dirname(dirname(process.execPath))));
    }
  });

  it('the songda command refuses an older Node.js, saying which one it needs, in Chinese first', () => {
    const problem = nodeVersionProblem('v20.20.2');
    expect(problem).toMatch(/^songda: 这是 Node.js v20.20.2，送达需要 Node.js 24 LTS。/);
    expect(problem).toContain('npm ci');
    expect(nodeVersionProblem('v24.22.3')).toBeUndefined();
    expect(nodeVersionProblem('v26.1.0')).toBeUndefined();
  });
});
