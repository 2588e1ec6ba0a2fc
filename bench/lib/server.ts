import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { request } from 'node:http';

const TOKEN = 'bench-admin-token-0123456789';

/**
 * `songda serve` in a child process on a free port, and a keep-alive client for it. `env` adds to (or
 * overrides) the server's settings.
 */
export async function startServer(dbUrl: string, env: Record<string, string> = {}) {
  const port = await freePort();
  const nodeArgs = process.env.BENCH_NODE_ARGS ? process.env.BENCH_NODE_ARGS.split(' ') : [];
  // The built server, as `npm start` runs it (npm run bench:ingest builds first).
  const child = spawn(process.execPath, [...nodeArgs, 'dist/src/cli/songda.js', 'serve'], {
    env: { ...process.env, SONGDA_DB: dbUrl, SONGDA_PORT: String(port), SONGDA_HOST: '127.0.0.1', SONGDA_ADMIN_TOKEN: TOKEN, SONGDA_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  await waitForHealth(port, child, '/healthz');

  const post = (path: string, body: string, contentType: string) =>
    new Promise<string>((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port, path, method: 'POST', headers: { 'content-type': contentType, authorization: `Bearer ${TOKEN}` } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            if (res.statusCode === undefined || res.statusCode < 200 || res.statusCode > 299) reject(new Error(`${path} answered ${res.statusCode}: ${text.slice(0, 300)}`));
            else resolve(text);
          });
        },
      );
      req.on('error', reject);
      req.end(body);
    });

  return {
    port,
    token: TOKEN,
    post,
    /** CPU time the server process has used so far, in ms. */
    cpuMs: () => processCpuMs(child),
    /** CPU time each of the server's threads has used so far, in ms, by thread name (threads of one name summed). */
    threadCpuMs: () => threadCpuMs(child),
    /** Bytes the server process has caused to be read from storage so far (not from the OS's page cache). */
    storageReadBytes: () => storageReadBytes(child),
    /** The server's peak resident set size so far (VmHWM), in MB. */
    peakRssMb(): number {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      const kb = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0);
      return kb / 1024;
    },
    async stop() {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    },
  };
}

/**
 * A bare Fastify hello world (bench/lib/hello-server.ts) in a child process, started like the server
 * (same node, same BENCH_NODE_ARGS): what the machine gives one Node process answering HTTP.
 */
export async function startHelloWorld() {
  const port = await freePort();
  const nodeArgs = process.env.BENCH_HELLO_NODE_ARGS ? process.env.BENCH_HELLO_NODE_ARGS.split(' ') : [];
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', 'bench/lib/hello-server.ts'], {
    env: { ...process.env, HELLO_PORT: String(port) },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  await waitForHealth(port, child, '/');
  return {
    port,
    cpuMs: () => processCpuMs(child),
    threadCpuMs: () => threadCpuMs(child),
    storageReadBytes: () => storageReadBytes(child),
    async stop() {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    },
  };
}

/** `read_bytes` of /proc/PID/io: what the process made the kernel fetch from the disk, page cache hits not counted. */
function storageReadBytes(child: ChildProcess): number {
  const io = readFileSync(`/proc/${child.pid}/io`, 'utf8');
  return Number(/^read_bytes:\s+(\d+)$/m.exec(io)?.[1] ?? 0);
}

/** User + system time of a child process, from /proc (clock ticks of 10 ms). */
function processCpuMs(child: ChildProcess): number {
  const stat = readFileSync(`/proc/${child.pid}/stat`, 'utf8');
  // Fields after the command name, which is in parentheses and may hold spaces.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** User + system time of each thread of a child process, by thread name, from /proc (clock ticks of 10 ms). */
function threadCpuMs(child: ChildProcess): Map<string, number> {
  const byName = new Map<string, number>();
  for (const tid of readdirSync(`/proc/${child.pid}/task`)) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/${child.pid}/task/${tid}/stat`, 'utf8');
    } catch {
      continue; // the thread ended meanwhile
    }
    const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    byName.set(name, (byName.get(name) ?? 0) + (Number(fields[11]) + Number(fields[12])) * 10);
  }
  return byName;
}

async function waitForHealth(port: number, child: ChildProcess, path: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}${path}`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('server did not become healthy in 60 s');
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      srv.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
