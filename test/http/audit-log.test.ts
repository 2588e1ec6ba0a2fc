import { expect, it } from 'vitest';
import { recordAudit } from '../../src/modules/audit/audit.service.js';
import { HOUR, type TestApp, newTestApp } from '../factories.js';
import { createProgram, listCsv, listRow, uploadList } from '../factories-programs.js';
import { describeEachDialect } from '../test-db.js';

interface AuditPage {
  rows: { actor: string; action: string; subject: string; at: string; detail: Record<string, unknown> | null }[];
  nextCursor: string | null;
}

const page = async (t: TestApp, query: string) => {
  const res = await t.request('GET', `/api/v1/audit?${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json<AuditPage>();
};

describeEachDialect('audit log: the reveal’s reason, and filters by actor, action and local days', (ctx) => {
  it('keeps the reason an admin gives for a reveal, with who and when', async () => {
    const t = await newTestApp(ctx);
    const person = listRow();
    const code = await createProgram(t);
    expect((await uploadList(t, code, listCsv([person]))).json()).toMatchObject({ imported: 1 });
    const { id } = await t.db.selectFrom('recipients').select('id').where('program_code', '=', code).executeTakeFirstOrThrow();

    const res = await t.request('GET', `/api/v1/recipients/${id}?reveal=true&reason=${encodeURIComponent('工单 WO-17 核对地址')}`);
    expect(res.json()).toMatchObject({ idNumber: person.idNumber, phone: person.phone, revealed: true });
    const [row] = (await page(t, `subject=${id}`)).rows;
    expect(row).toMatchObject({ action: 'recipient.reveal', actor: expect.stringMatching(/^token:/), at: '2026-11-21T12:00:00.000+08:00' });
    expect(row?.detail).toMatchObject({ programCode: code, reason: '工单 WO-17 核对地址' });
    expect(JSON.stringify(row)).not.toContain(person.idNumber);

    const bad = await t.request('GET', `/api/v1/recipients/${id}?reveal=true&reason=${encodeURIComponent('x'.repeat(201))}`);
    expect(bad.statusCode).toBe(400);
  });

  it('filters by actor, by action and by local days (Asia/Shanghai), newest first', async () => {
    const t = await newTestApp(ctx);
    const actor = `user:audit-${Math.random().toString(36).slice(2, 8)}`;
    // 2026-11-20 23:30 and 2026-11-21 00:30 in Shanghai straddle midnight; 2026-11-21 12:00 is the test's now.
    const instants = [t.now - 12.5 * HOUR, t.now - 11.5 * HOUR, t.now];
    for (const [i, at] of instants.entries()) await recordAudit(t.db, { at, actor, action: i === 1 ? 'user.disable' : 'user.update', subject: `s${i}` });

    expect((await page(t, `actor=${actor}`)).rows.map((r) => r.subject)).toEqual(['s2', 's1', 's0']);
    expect((await page(t, `actor=${actor}&action=user.update`)).rows.map((r) => r.subject)).toEqual(['s2', 's0']);
    expect((await page(t, `actor=${actor}&from=2026-11-21`)).rows.map((r) => r.subject)).toEqual(['s2', 's1']);
    expect((await page(t, `actor=${actor}&to=2026-11-20`)).rows.map((r) => r.subject)).toEqual(['s0']);
    expect((await page(t, `actor=${actor}&from=2026-11-21&to=2026-11-21&limit=1`)).rows.map((r) => r.subject)).toEqual(['s2']);
    const second = await page(t, `actor=${actor}&from=2026-11-21&to=2026-11-21&limit=1`);
    expect((await page(t, `actor=${actor}&from=2026-11-21&to=2026-11-21&limit=1&cursor=${second.nextCursor}`)).rows.map((r) => r.subject)).toEqual(['s1']);
    expect((await t.request('GET', '/api/v1/audit?from=2026-02-30')).statusCode).toBe(400);
  });
});
