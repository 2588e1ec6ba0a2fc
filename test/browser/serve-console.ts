// What the browser tests share: the console built into dist/web, a `songda serve --demo` on a fresh
// SQLite file living at a chosen instant, and Debian's Chromium.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium } from 'playwright-core';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const WEB_SRC = join(ROOT, 'web');
export const WEB_DIST = join(ROOT, 'dist', 'web');
const CHROMIUM = '/usr/bin/chromium';
/** Test-only preload that moves the server's wall clock (FAKE_CLOCK_OFFSET_MS). */
const FAKE_CLOCK = join(ROOT, 'test', 'support', 'fake-clock.mjs');
const DATA_KEY = '7a'.repeat(32);

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** Runs a command to its end; `input` is written to its stdin. Rejects with its output when it fails. */
export function run(command: string, args: string[], timeoutMs: number, env: NodeJS.ProcessEnv = process.env, input?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: ROOT, env, stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
    let output = '';
    child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
    if (input !== undefined) child.stdin?.end(input);
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${command} ${args.join(' ')} took over ${timeoutMs / 1000} s:\n${output}`));
    }, timeoutMs);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(output);
      else reject(new Error(`${command} ${args.join(' ')} exited ${code}:\n${output}`));
    });
  });
}

/** `vite build` when dist/web is missing or older than the console's sources. */
export async function buildWebIfStale(): Promise<void> {
  const index = join(WEB_DIST, 'index.html');
  if (existsSync(index) && statSync(index).mtimeMs >= newestMtime(WEB_SRC)) return;
  // Vitest sets NODE_ENV=test, which Vite would take for a development build of React and Ant Design.
  const env = { ...process.env, NODE_ENV: 'production' };
  await run(process.execPath, [join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '-c', join(WEB_SRC, 'vite.config.ts'), '--logLevel', 'warn'], 180_000, env);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export interface Server {
  child: ChildProcess;
  url: string;
  adminToken: string;
  /** The server's environment: what a `songda` command needs to work on the same store. */
  env: NodeJS.ProcessEnv;
}

/**
 * `songda serve --demo` on `dir`/songda.db, its clock moved by `clockOffset` ms, with `extraEnv` on
 * top of its settings (none of the caller's own SONGDA_ variables reach it).
 */
export async function startServer(dir: string, clockOffset: number, extraEnv: Record<string, string> = {}): Promise<Server> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('SONGDA_')) env[k] = v;
  Object.assign(env, {
    SONGDA_DB: `sqlite:${join(dir, 'songda.db')}`,
    SONGDA_HOST: '127.0.0.1',
    SONGDA_PORT: String(port),
    SONGDA_PUBLIC_URL: url,
    SONGDA_DATA_KEY: DATA_KEY,
    SONGDA_LOG_LEVEL: 'warn',
    FAKE_CLOCK_OFFSET_MS: String(clockOffset),
    ...extraEnv,
  });
  const child = spawn(process.execPath, ['--import', FAKE_CLOCK, '--import', 'tsx', 'src/cli/songda.ts', 'serve', '--demo'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  const adminToken = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`songda serve --demo did not start in 120 s:\n${output}`)), 120_000);
    const onData = () => {
      const token = /^admin token: (\S+)$/m.exec(output)?.[1];
      if (!token || !/^web console: /m.test(output)) return;
      clearTimeout(timer);
      child.stdout.off('data', onData);
      resolve(token);
    };
    child.stdout.on('data', onData);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`songda serve exited (${code ?? signal}) before serving:\n${output}`));
    });
  });
  return { child, url, adminToken, env };
}

/** Ends the server and waits until it has. */
export async function stopServer(server: Server | undefined): Promise<void> {
  if (!server || server.child.exitCode !== null) return;
  const exited = new Promise((resolve) => server.child.once('exit', resolve));
  server.child.kill('SIGTERM');
  await exited;
}

export const launchChromium = (): Promise<Browser> =>
  chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking'] });
