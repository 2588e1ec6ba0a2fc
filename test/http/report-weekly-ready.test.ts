// report.weekly_ready: a program's weekly report, once stored, is pushed to the endpoints of the
// partners who see that program, through the report outbox the weekly-report module writes.
import { beforeAll, expect, it } from 'vitest';
import { withWriteTransaction } from '../../src/db/write-transaction.js';
import { recordReportReady } from '../../src/modules/report-outbox/report-outbox.repository.js';
import { WEBHOOK_PAYLOADS } from '../../src/modules/webhooks/webhook-event.schemas.js';
import { fanOutWebhookEvents } from '../../src/modules/webhooks/webhook-fanout.js';
import { type TestApp, newTestApp } from '../factories.js';
import { createTestProgram } from '../factories-requests.js';
import { createWebhookFor } from '../factories-webhooks.js';
import { describeEachDialect } from '../test-db.js';

// Monday 08:00:04 in Shanghai: the Monday job storing the week before.
const GENERATED = Date.parse('2026-11-30T08:00:04+08:00');

describeEachDialect('report.weekly_ready', (ctx) => {
  let t: TestApp;
  const programs = { a: '', b: '' };
  const endpoints = { a: '', aOtherEvents: '', b: '' };

  /** Runs the fan-out until it has read everything there is. */
  const fanOut = async () => {
    for (let read = -1; read !== 0; ) read = await fanOutWebhookEvents({ db: t.db, timeZone: t.config.timeZone, now: t.now, limit: 50 });
  };
  const pushed = async (endpointId: string) => {
    const rows = await t.db.selectFrom('webhook_messages').select(['type', 'payload']).where('endpoint_id', '=', endpointId).orderBy('id').execute();
    return rows.map((r) => ({ type: r.type, body: JSON.parse(r.payload) as unknown }));
  };

  beforeAll(async () => {
    t = await newTestApp(ctx, { sharedByFile: true });
    const a = await createTestProgram(t.db);
    const b = await createTestProgram(t.db);
    programs.a = a.code;
    programs.b = b.code;
    endpoints.a = (await createWebhookFor(t, a.sponsor, 'https://agency-a.example/songda', ['report.weekly_ready'])).id;
    endpoints.aOtherEvents = (await createWebhookFor(t, a.sponsor, 'https://agency-a.example/items', ['item.status_changed', 'work_order.updated'])).id;
    endpoints.b = (await createWebhookFor(t, b.sponsor, 'https://agency-b.example/songda', ['report.weekly_ready'])).id;
  });

  it("pushes a program's report to its partner's subscribed endpoint only, with a payload valid against its schema", async () => {
    expect(t.config.timeZone).toBe('Asia/Shanghai');
    await withWriteTransaction(ctx.handle, (trx) => recordReportReady(trx, { report_id: 'wr-a-2026-W48', program_code: programs.a, week: '2026-W48', at: GENERATED }));
    await fanOut();

    const toA = await pushed(endpoints.a);
    expect(toA).toEqual([
      {
        type: 'report.weekly_ready',
        body: {
          type: 'report.weekly_ready',
          timestamp: '2026-11-30T08:00:04.000+08:00',
          data: {
            reportId: 'wr-a-2026-W48',
            week: '2026-W48',
            programCode: programs.a,
            generatedAt: '2026-11-30T08:00:04.000+08:00',
            links: {
              json: '/api/v1/reports/weekly/stored/wr-a-2026-W48',
              xlsx: '/api/v1/reports/weekly/stored/wr-a-2026-W48.xlsx',
              pdf: '/api/v1/reports/weekly/stored/wr-a-2026-W48.pdf',
            },
          },
        },
      },
    ]);
    const parsed = WEBHOOK_PAYLOADS['report.weekly_ready'].safeParse(toA[0]!.body);
    expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
    // Program B's partner sees nothing of A's report, and A's endpoint that did not subscribe is not told.
    expect(await pushed(endpoints.b)).toEqual([]);
    expect(await pushed(endpoints.aOtherEvents)).toEqual([]);
  });

  it("tells each program's partner of its own report, once, however many runs follow", async () => {
    await withWriteTransaction(ctx.handle, async (trx) => {
      await recordReportReady(trx, { report_id: 'wr-a-2026-W49', program_code: programs.a, week: '2026-W49', at: GENERATED + 7 * 86_400_000 });
      await recordReportReady(trx, { report_id: 'wr-b-2026-W49', program_code: programs.b, week: '2026-W49', at: GENERATED + 7 * 86_400_000 });
    });
    await fanOut();
    await fanOut();
    const reportsOf = async (endpointId: string) => (await pushed(endpointId)).map((m) => (m.body as { data: { reportId: string } }).data.reportId);
    expect(await reportsOf(endpoints.a)).toEqual(['wr-a-2026-W48', 'wr-a-2026-W49']);
    expect(await reportsOf(endpoints.b)).toEqual(['wr-b-2026-W49']);
  });
});
