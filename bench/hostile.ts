/**
 * Hostile requests against a live server: every input that stopped or stalled `songda serve` before
 * it was hardened, sent one case at a time to a server on a fresh SQLite file filled by --demo, while
 * /healthz is asked every ~20 ms from this process. Prints, per case, its answers and time, the longest /healthz
 * wait during it and the server's resident memory; then the longest stall, the peak RSS (VmHWM) and
 * whether the server lived. A server that dies is reported and started again on the same file, so
 * the later cases still run. Figures, not pass/fail: the tests check each refusal.
 *
 *   npm run bench:hostile [-- --timeout 120] [--tries 10000] [--only overview,scan]
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { zipOf } from '../test/xlsx-files.js';

const { values } = parseArgs({
  options: {
    timeout: { type: 'string', default: '120' },
    tries: { type: 'string', default: '10000' },
    only: { type: 'string' },
  },
});
const TIMEOUT_MS = Number(values.timeout) * 1000;
const MAX_TRIES = Number(values.tries);
const TOKEN = 'bench-hostile-admin-token-0123456789';
const MIB = 1024 * 1024;
const SAMPLE_EVERY_MS = 20;

// ---- The server, started again if a case kills it -----------------------------------------------

interface Server {
  child: ChildProcess;
  port: number;
  exited: Promise<void>;
  /** What it printed last (an abort's message). */
  tail: string[];
}

const dir = mkdtempSync(join(tmpdir(), 'songda-bench-hostile-'));
const dbFile = join(dir, 'songda.db');
let server!: Server;
const deaths: { during: string; how: string }[] = [];
let overallHwmKb = 0;

async function startServer(): Promise<Server> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/songda.ts', 'serve', '--demo'], {
    env: {
      ...process.env,
      SONGDA_DB: `sqlite:${dbFile}`,
      SONGDA_PORT: String(port),
      SONGDA_HOST: '127.0.0.1',
      SONGDA_ADMIN_TOKEN: TOKEN,
      SONGDA_DATA_KEY: '5e'.repeat(32),
      SONGDA_LOG_LEVEL: 'warn',
      // This process is the load balancer in front: X-Forwarded-For from it is believed.
      SONGDA_TRUST_PROXY: '127.0.0.1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const tail: string[] = [];
  const keep = (chunk: Buffer) => {
    tail.push(...chunk.toString('utf8').split('\n').filter((l) => l.trim() !== ''));
    tail.splice(0, Math.max(0, tail.length - 20));
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const started: Server = { child, port, exited, tail };
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`server exited at start:\n${tail.join('\n')}`);
    const res = await send({ path: '/healthz', timeoutMs: 2000 }, started);
    if (res.status === 200) return started;
    await sleep(200);
  }
  throw new Error('server did not become healthy in 180 s');
}

const alive = (s: Server) => s.child.exitCode === null && s.child.signalCode === null;

function readStatusKb(pid: number | undefined, field: 'VmHWM' | 'VmRSS'): number {
  try {
    return Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  } catch {
    return 0;
  }
}

// ---- HTTP with a timeout -------------------------------------------------------------------------

interface Sent {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: Buffer | string;
  timeoutMs?: number;
  auth?: boolean;
}

interface Answer {
  status: number | 'timeout' | 'error';
  ms: number;
  body: string;
  headers: Record<string, string | string[] | undefined>;
}

function send(req: Sent, to: Server = server): Promise<Answer> {
  const started = performance.now();
  const headers: Record<string, string> = { ...(req.auth === false ? {} : { authorization: `Bearer ${TOKEN}` }), ...req.headers };
  if (req.body !== undefined) headers['content-length'] = String(Buffer.byteLength(req.body));
  return new Promise((resolve) => {
    let done = false;
    const finish = (a: Omit<Answer, 'ms'>) => {
      if (done) return;
      done = true;
      resolve({ ...a, ms: performance.now() - started });
    };
    const r = request({ host: '127.0.0.1', port: to.port, path: req.path, method: req.method ?? 'GET', headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        // Keep the start of the answer only: an export could be large.
        if (size < 64 * 1024) chunks.push(c);
        size += c.length;
      });
      res.on('end', () => finish({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), headers: res.headers }));
      res.on('error', (err) => finish({ status: 'error', body: err.message, headers: {} }));
    });
    r.setTimeout(req.timeoutMs ?? TIMEOUT_MS, () => {
      finish({ status: 'timeout', body: '', headers: {} });
      r.destroy();
    });
    r.on('error', (err) => finish({ status: 'error', body: err.message, headers: {} }));
    r.end(req.body);
  });
}

// ---- /healthz every ~20 ms -----------------------------------------------------------------------

const sampler = { running: false, maxMs: 0, maxDuring: '', caseMaxMs: 0, caseMaxRssKb: 0, current: 'start' };

async function sampleHealth(): Promise<void> {
  sampler.running = true;
  // Memory is read on its own timer: while the server stalls, the /healthz loop below waits.
  const memory = setInterval(() => {
    if (!alive(server)) return;
    overallHwmKb = Math.max(overallHwmKb, readStatusKb(server.child.pid, 'VmHWM'));
    sampler.caseMaxRssKb = Math.max(sampler.caseMaxRssKb, readStatusKb(server.child.pid, 'VmRSS'));
  }, SAMPLE_EVERY_MS);
  while (sampler.running) {
    const s = server;
    if (alive(s)) {
      const res = await send({ path: '/healthz', auth: false, timeoutMs: TIMEOUT_MS }, s);
      // An answer cut short by the server's death is not a stall of a living server.
      if (alive(s) || res.status === 200) {
        sampler.caseMaxMs = Math.max(sampler.caseMaxMs, res.ms);
        if (res.ms > sampler.maxMs) {
          sampler.maxMs = res.ms;
          sampler.maxDuring = sampler.current;
        }
      }
    }
    await sleep(SAMPLE_EVERY_MS);
  }
  clearInterval(memory);
}

// ---- Cases ---------------------------------------------------------------------------------------

interface Case {
  key: string;
  name: string;
  /** Answers a one-line summary of what the server said. */
  run(): Promise<string>;
}

const statusOf = (a: Answer) => (typeof a.status === 'number' ? String(a.status) : a.status);
const errorOf = (a: Answer) => {
  try {
    return (JSON.parse(a.body) as { error?: { message?: string } }).error?.message ?? a.body.slice(0, 80);
  } catch {
    return a.body.slice(0, 80);
  }
};
const one = (a: Answer) => `${statusOf(a)} ${a.ms.toFixed(0)} ms${a.status === 200 ? '' : ` ${errorOf(a).slice(0, 90)}`}`;

/** Statuses of many answers, e.g. "401×598 429×2". */
function tally(answers: readonly Answer[]): string {
  const counts = new Map<string, number>();
  for (const a of answers) counts.set(statusOf(a), (counts.get(statusOf(a)) ?? 0) + 1);
  return [...counts].map(([s, n]) => `${s}×${n}`).join(' ');
}

/** Runs `count` requests, `concurrency` at a time; stops early when `stop` says so or the server dies. */
async function many(count: number, concurrency: number, make: (i: number) => Sent, stop: (a: Answer) => boolean = () => false): Promise<{ answers: Answer[]; hit: number | undefined }> {
  const answers: Answer[] = [];
  let next = 0;
  let hit: number | undefined;
  const worker = async () => {
    while (next < count && hit === undefined && alive(server)) {
      const i = next++;
      const a = await send(make(i));
      answers.push(a);
      if (stop(a)) hit = i;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { answers, hit };
}

/** 0000..(n-1) as four digits, in an order shuffled by a fixed seed. */
function shuffled(n: number): string[] {
  const out = Array.from({ length: n }, (_, i) => String(i).padStart(4, '0'));
  let seed = 20_261_202;
  for (let i = n - 1; i > 0; i--) {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    const j = seed % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

const spoofed = (i: number) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const SHEET_OPEN = '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>';

// The workbooks are made before the server starts, so that making them never delays a /healthz sample.
const farColumnXlsx = zipOf([{ name: 'xl/worksheets/sheet1.xml', data: `${SHEET_OPEN}<row r="1"><c r="ZZZZZZZ1" t="inlineStr"><is><t>x</t></is></c></row></sheetData></worksheet>` }]);
const unclosedRowXlsx = zipOf([{ name: 'xl/worksheets/sheet1.xml', data: Buffer.concat([Buffer.from(`${SHEET_OPEN}<row r="1">`), Buffer.alloc(16 * MIB, 0x20)]) }]);
const sharedStringsBomb = zipOf([
  { name: 'xl/worksheets/sheet1.xml', data: `${SHEET_OPEN}<row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData></worksheet>` },
  { name: 'xl/sharedStrings.xml', data: Buffer.concat([Buffer.from('<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>'), Buffer.alloc(300 * MIB, 0x41), Buffer.from('</t></si></sst>')]) },
]);

function xlsxUpload(path: string, file: Buffer): Sent {
  return { method: 'POST', path, headers: { 'content-type': XLSX_TYPE }, body: file };
}

function demoTrackingNo(): string | undefined {
  const db = new Database(dbFile, { readonly: true, fileMustExist: true });
  try {
    const row = db.prepare('SELECT tracking_no FROM requests WHERE tracking_no IS NOT NULL ORDER BY tracking_no LIMIT 1').get() as { tracking_no: string } | undefined;
    return row?.tracking_no;
  } finally {
    db.close();
  }
}

async function programCode(): Promise<string> {
  const res = await send({ path: '/api/v1/programs' });
  try {
    const list = JSON.parse(res.body) as { code: string }[] | { rows: { code: string }[] };
    const rows = Array.isArray(list) ? list : list.rows;
    return rows[0]?.code ?? 'YC-YDZ';
  } catch {
    return 'YC-YDZ';
  }
}

function cases(program: string): Case[] {
  const get = (path: string) => async () => one(await send({ path }));
  const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
  const yearAgo = new Date(Date.now() + 8 * 3_600_000 - 365 * 86_400_000).toISOString().slice(0, 10);
  return [
    { key: 'overview', name: 'overview from=to=9999-12-31', run: get('/api/v1/reports/overview?from=9999-12-31&to=9999-12-31') },
    {
      key: 'overview',
      name: 'three far-future overviews at once',
      run: async () => tally(await Promise.all(['9999-12-29', '9999-12-30', '9999-12-31'].map((d) => send({ path: `/api/v1/reports/overview?from=${d}&to=${d}` })))),
    },
    { key: 'rate', name: 'rate report from=to=9999-12-31', run: get('/api/v1/reports/breakpoint-rate?from=9999-12-31&to=9999-12-31&groupBy=unit') },
    { key: 'program', name: `program report ${program} from=to=9999-12-31`, run: get(`/api/v1/programs/${program}/report?from=9999-12-31&to=9999-12-31`) },
    { key: 'overview', name: 'overview over 2000-01-01..today', run: get(`/api/v1/reports/overview?from=2000-01-01&to=${today}`) },
    { key: 'overview', name: '(allowed) overview over the last 366 days', run: get(`/api/v1/reports/overview?from=${yearAgo}&to=${today}`) },
    { key: 'overview', name: '(allowed) rate report over the last 366 days', run: get(`/api/v1/reports/breakpoint-rate?from=${yearAgo}&to=${today}&groupBy=unit`) },
    {
      key: 'scan',
      name: 'scan dated 0001-01-01',
      run: async () => {
        const line = JSON.stringify({ trackingNo: 'RR900000005CN', code: 'ACCEPTED', at: '0001-01-01T00:00:00Z', site: 'C420102' });
        const a = await send({ method: 'POST', path: '/api/v1/scans', headers: { 'content-type': 'application/x-ndjson' }, body: line });
        return `${statusOf(a)} ${a.ms.toFixed(0)} ms ${a.body.slice(0, 140)}`;
      },
    },
    {
      key: 'sweep',
      name: 'sweep asOf 9999-12-31',
      run: async () => one(await send({ method: 'POST', path: '/api/v1/breakpoints/sweep', ...withJson({ asOf: '9999-12-31T00:00:00Z' }) })),
    },
    ...(
      [
        ['lone surrogate', 'Bench\uD800unit'],
        ['NUL', 'Bench\u0000unit'],
        ['U+202E', 'Bench\u202Etinu'],
      ] as const
    ).map(
      ([what, name], i): Case => ({
        key: 'text',
        name: `unit name with ${what}`,
        run: async () => {
          const a = await send({ method: 'POST', path: '/api/v1/units', ...withJson([{ code: `BENCH-TXT-${i}`, name, kind: 'counter', divisionCode: '420502' }]) });
          return `${statusOf(a)} ${a.ms.toFixed(0)} ms ${a.body.slice(0, 120)}`;
        },
      }),
    ),
    {
      key: 'headers',
      name: 'security headers of /index.html and /api/docs',
      run: async () => {
        const parts: string[] = [];
        for (const path of ['/index.html', '/api/docs']) {
          const a = await send({ path, auth: false });
          const h = a.headers;
          const has = (name: string) => (h[name] !== undefined ? '+' : '-');
          parts.push(`${path} ${statusOf(a)} CSP${has('content-security-policy')} nosniff${has('x-content-type-options')} XFO${has('x-frame-options')}`);
        }
        return parts.join('; ');
      },
    },
    {
      key: 'signin',
      name: '600 sign-ins, a new username each',
      run: async () => {
        const { answers } = await many(600, 8, (i) => ({ method: 'POST', path: '/api/v1/session', auth: false, ...withJson({ username: `nobody-${i}`, password: 'guess' }, { 'x-songda-csrf': '1' }) }));
        return tally(answers);
      },
    },
    {
      key: 'signin',
      name: '100 sign-ins as demo, each from a new forwarded address',
      run: async () => {
        const { answers } = await many(100, 4, (i) => ({
          method: 'POST',
          path: '/api/v1/session',
          auth: false,
          ...withJson({ username: 'demo', password: `wrong-${i}` }, { 'x-songda-csrf': '1', 'x-forwarded-for': spoofed(i + 1) }),
        }));
        return tally(answers);
      },
    },
    {
      key: 'tracking',
      name: `public tracking phone4 brute force (≤ ${MAX_TRIES} tries, spoofed X-Forwarded-For)`,
      run: async () => {
        const trackingNo = demoTrackingNo();
        if (!trackingNo) return 'no mailed request in the demo data';
        // Guesses in a fixed shuffled order: the demo's phone numbers follow a pattern (the first ends in 0000).
        const guesses = shuffled(10_000);
        const { answers, hit } = await many(
          Math.min(MAX_TRIES, guesses.length),
          4,
          (i) => ({ path: `/api/v1/public/tracking/${trackingNo}?phone4=${guesses[i]}`, auth: false, headers: { 'x-forwarded-for': spoofed(1000 + i) } }),
          (a) => a.status === 200,
        );
        return `${trackingNo}: ${hit === undefined ? 'no hit' : `HIT (phone4=${guesses[hit]})`} after ${answers.length} tries; ${tally(answers)}`;
      },
    },
    {
      key: 'sheets',
      name: `XLSX (${unclosedRowXlsx.length} bytes) whose <row> never closes, 16 MiB filler → units/import?dryRun=true`,
      run: async () => one(await send(xlsxUpload('/api/v1/units/import?dryRun=true', unclosedRowXlsx))),
    },
    {
      key: 'sheets',
      name: `XLSX (${sharedStringsBomb.length} bytes) whose sharedStrings inflate to 300 MiB → units/import?dryRun=true`,
      run: async () => one(await send(xlsxUpload('/api/v1/units/import?dryRun=true', sharedStringsBomb))),
    },
    {
      key: 'sheets',
      name: `XLSX (${farColumnXlsx.length} bytes) with a cell at column ZZZZZZZ → units/import?dryRun=true`,
      run: async () => one(await send(xlsxUpload('/api/v1/units/import?dryRun=true', farColumnXlsx))),
    },
    {
      key: 'sheets',
      name: `the same XLSX → programs/${program}/recipients/import?dryRun=true`,
      run: async () => one(await send(xlsxUpload(`/api/v1/programs/${program}/recipients/import?dryRun=true`, farColumnXlsx))),
    },
  ];
}

function withJson(body: unknown, headers: Record<string, string> = {}): Pick<Sent, 'headers' | 'body'> {
  return { headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) };
}

// ---- Main ----------------------------------------------------------------------------------------

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      srv.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

const pad = (text: string, width: number) => (text.length >= width ? text : text + ' '.repeat(width - text.length));

async function main(): Promise<void> {
  console.log(`starting songda serve --demo on ${dbFile} …`);
  server = await startServer();
  const program = await programCode();
  const only = values.only?.split(',');
  const chosen = cases(program).filter((c) => !only || only.includes(c.key));
  const sampling = sampleHealth();
  console.log(`server pid ${server.child.pid}; /healthz every ${SAMPLE_EVERY_MS} ms; ${TIMEOUT_MS / 1000} s per request\n`);
  console.log(`${pad('case', 92)} ${pad('longest /healthz', 17)} ${pad('max RSS', 9)} server`);
  for (const c of chosen) {
    if (!alive(server)) server = await startServer();
    sampler.current = c.name;
    sampler.caseMaxMs = 0;
    sampler.caseMaxRssKb = 0;
    const started = performance.now();
    let summary: string;
    try {
      summary = await c.run();
    } catch (err) {
      summary = `bench error: ${err instanceof Error ? err.message : String(err)}`;
    }
    const ms = performance.now() - started;
    await sleep(300);
    let fate = 'lived';
    if (!alive(server)) {
      const how =
        server.tail.find((l) => /invalid size|out of memory|Fatal JavaScript/i.test(l)) ??
        server.tail.find((l) => /abort|fatal|error/i.test(l)) ??
        `exit ${server.child.exitCode ?? server.child.signalCode}`;
      deaths.push({ during: c.name, how });
      fate = `DIED (${how.slice(0, 60)})`;
    }
    console.log(`${pad(c.name, 92)} ${pad(`${sampler.caseMaxMs.toFixed(0)} ms`, 17)} ${pad(`${(sampler.caseMaxRssKb / 1024).toFixed(0)} MB`, 9)} ${fate}`);
    console.log(`    ${summary} [${(ms / 1000).toFixed(2)} s]`);
  }
  sampler.running = false;
  await sampling;
  console.log(`\nlongest /healthz stall: ${sampler.maxMs.toFixed(0)} ms (during "${sampler.maxDuring}")`);
  console.log(`peak RSS of the server (VmHWM): ${(overallHwmKb / 1024).toFixed(0)} MB`);
  console.log(deaths.length === 0 ? 'server: lived through every case' : `server: died ${deaths.length} time(s): ${deaths.map((d) => `"${d.during}" (${d.how.slice(0, 60)})`).join('; ')}`);
  if (alive(server)) {
    server.child.kill('SIGTERM');
    await server.exited;
  }
}

try {
  await main();
} finally {
  if (server && alive(server)) server.child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
}
