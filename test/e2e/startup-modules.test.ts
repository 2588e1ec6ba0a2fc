import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, expect, it } from 'vitest';
import { formatS10 } from '../../src/domain/s10.js';
import { waitUntilServing } from './serving.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const ADMIN_TOKEN = 'startup-modules-admin-token-0123456789';
const TRACKING_NO = formatS10('EA', 12_345_678);
// The libraries that make files, about 110 MB of memory together (decision 0054).
const FILE_LIBRARIES = ['exceljs', 'pdfkit', 'echarts', 'zrender', 'bwip-js', 'qrcode'];

let dir: string | undefined;
let child: ChildProcess | undefined;
afterEach(() => {
  child?.kill('SIGKILL');
  if (dir) rmSync(dir, { recursive: true, force: true });
});

it('a server takes scans and answers reads without loading the libraries that make files, and loads one when a file is asked for', { timeout: 120_000 }, async () => {
  dir = mkdtempSync(join(tmpdir(), 'songda-startup-'));
  const packages = join(dir, 'packages.txt');
  writeFileSync(packages, '');
  child = spawn(process.execPath, ['--import', './test/e2e/record-packages.mjs', '--import', 'tsx', 'src/cli/songda.ts', 'serve'], {
    cwd: ROOT,
    env: {
      ...process.env,
      SONGDA_DB: `sqlite:${join(dir, 'songda.db')}`,
      SONGDA_PORT: '0',
      SONGDA_HOST: '127.0.0.1',
      SONGDA_ADMIN_TOKEN: ADMIN_TOKEN,
      SONGDA_LOG_LEVEL: 'warn',
      SONGDA_TEST_PACKAGES: packages,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const { url } = await waitUntilServing(child, 'server', 60_000);
  const api = (path: string, init: RequestInit = {}) => fetch(`${url}/api/v1${path}`, { ...init, headers: { authorization: `Bearer ${ADMIN_TOKEN}`, ...init.headers } });

  const units = await api('/units', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify([{ code: 'WH-PC', name: '武汉处理中心', kind: 'processing_centre', divisionCode: '420102' }]) });
  expect(units.status).toBe(200);
  const scans = await api('/scans', { method: 'POST', headers: { 'content-type': 'application/x-ndjson' }, body: JSON.stringify({ trackingNo: TRACKING_NO, code: 'ACCEPTED', at: new Date().toISOString(), site: 'WH-PC' }) });
  const answer = await scans.json();
  expect(answer, JSON.stringify(answer)).toMatchObject({ accepted: 1 });
  expect((await api(`/items/${TRACKING_NO}`)).status).toBe(200);
  expect((await api('/reports/overview')).status).toBe(200);
  const loaded = () => new Set(readFileSync(packages, 'utf8').split('\n'));
  expect(loaded().has('fastify')).toBe(true);
  expect(FILE_LIBRARIES.filter((p) => loaded().has(p))).toEqual([]);

  const sheet = await api('/breakpoints/export?format=xlsx');
  expect(sheet.status).toBe(200);
  expect(Buffer.from(await sheet.arrayBuffer()).subarray(0, 2).toString()).toBe('PK');
  expect(FILE_LIBRARIES.filter((p) => loaded().has(p))).toEqual(['exceljs']);
});
