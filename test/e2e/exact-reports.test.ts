import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { openDb } from '../../src/db/open-db.js';
import { formatInstant } from '../../src/domain/scan-time.js';
import { formatS10 } from '../../src/domain/s10.js';
import { DIALECTS, createEmptyTarget } from '../test-db.js';
import { HOUR_MS, shanghaiDate, shanghaiMidnightDaysAgo } from '../simulated-store.js';
import { waitUntilServing } from './serving.js';

/**
 * The issue as a user met it: `songda serve` on an empty store, its refresh job running; units and
 * a day of scans posted, and the rate report and the overview of that day asked at once. They must
 * count the batch, not wait for the job's next pass. The day is yesterday (local), so the scans are
 * in the past and the day is one the job stores at start, whatever the hour.
 */

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const ADMIN_TOKEN = 'exact-reports-admin-token-0123456789';

const children = new Set<ChildProcess>();
afterAll(async () => {
  for (const child of children) await stop(child);
});

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

for (const dialect of DIALECTS) {
  describe(`songda serve answers reports that count a batch at once [${dialect}]`, () => {
    it('a day of 12 items with 4 broken, asked right after the batch, then after another batch', async () => {
      const target = await createEmptyTarget(dialect);
      const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/songda.ts', 'serve'], {
        cwd: ROOT,
        env: { ...process.env, SONGDA_DB: target.target.url, SONGDA_PORT: '0', SONGDA_HOST: '127.0.0.1', SONGDA_ADMIN_TOKEN: ADMIN_TOKEN, SONGDA_LOG_LEVEL: 'warn' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      children.add(child);
      const { url, output } = await waitUntilServing(child, `serve (${dialect})`, 60_000);
      const store = openDb(target.target);
      try {
        const api = async <T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> => {
          const res = await fetch(`${url}/api/v1${path}`, {
            method,
            headers: { authorization: `Bearer ${ADMIN_TOKEN}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
            body: body === undefined ? undefined : JSON.stringify(body),
          });
          const text = await res.text();
          expect(res.status, `${method} ${path}: ${text.slice(0, 500)}\n${output().slice(-2000)}`).toBe(200);
          return JSON.parse(text) as T;
        };
        // The job's first pass, made at start: from then on the stored days look recent.
        const deadline = Date.now() + 60_000;
        for (;;) {
          const row = await store.db.selectFrom('overview_state').select('value').where('name', '=', 'refreshed_at').executeTakeFirst();
          if (row) break;
          if (Date.now() > deadline) throw new Error(`no refresh pass; server output:\n${output().slice(-3000)}`);
          await new Promise((resolve) => setTimeout(resolve, 200));
        }

        await api('POST', '/units', [
          { code: 'C1', name: '测试营业部', kind: 'counter', divisionCode: '420506' },
          { code: 'D1', name: '测试揽投部', kind: 'delivery_office', divisionCode: '420102' },
        ]);
        const start = shanghaiMidnightDaysAgo(1) + 9 * HOUR_MS;
        const day = shanghaiDate(start);
        const at = (ms: number) => formatInstant(ms, 480);
        const items = Array.from({ length: 12 }, (_, i) => formatS10('RR', 71_000_000 + i, 'CN'));
        const scans = items.flatMap((trackingNo, i) => [
          { trackingNo, code: 'ACCEPTED', site: 'C1', at: at(start + i * 60_000) },
          // The first four are never dispatched from the counter: MISSING_OUTBOUND.
          ...(i < 4 ? [] : [{ trackingNo, code: 'DISPATCHED', site: 'C1', at: at(start + HOUR_MS + i * 60_000) }]),
          { trackingNo, code: 'AT_DELIVERY_OFFICE', site: 'D1', at: at(start + 2 * HOUR_MS + i * 60_000) },
        ]);
        expect(await api('POST', '/scans', scans)).toMatchObject({ accepted: scans.length });

        type Rate = { total: { items: number; itemsWithBreakpoint: number } };
        type Overview = { range: { items: number; withBreakpoint: number; accepted: number; delivered: number } };
        const rate = () => api<Rate>('GET', `/reports/breakpoint-rate?from=${day}&to=${day}`);
        const overview = () => api<Overview>('GET', `/reports/overview?from=${day}&to=${day}`);
        expect((await rate()).total).toMatchObject({ items: 12, itemsWithBreakpoint: 4 });
        expect((await overview()).range).toMatchObject({ items: 12, withBreakpoint: 4, accepted: 12, delivered: 0 });

        // Another batch: two of the good items delivered, one of the broken ones dispatched late.
        const more = [
          ...items.slice(4, 6).flatMap((trackingNo, i) => [
            { trackingNo, code: 'OUT_FOR_DELIVERY', site: 'D1', at: at(start + 3 * HOUR_MS + i * 60_000) },
            { trackingNo, code: 'DELIVERED', site: 'D1', at: at(start + 4 * HOUR_MS + i * 60_000) },
          ]),
          { trackingNo: items[0]!, code: 'DISPATCHED', site: 'C1', at: at(start + HOUR_MS) },
        ];
        expect(await api('POST', '/scans', more)).toMatchObject({ accepted: more.length });
        expect((await rate()).total).toMatchObject({ items: 12, itemsWithBreakpoint: 3 });
        expect((await overview()).range).toMatchObject({ items: 12, withBreakpoint: 3, accepted: 12, delivered: 2 });
      } finally {
        await store.close();
        await stop(child);
        await target.drop();
      }
    }, 180_000);
  });
}
