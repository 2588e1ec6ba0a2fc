import { existsSync, readFileSync } from 'node:fs';
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { type TestApp, newTestApp } from '../factories.js';
import { type ListRow, createProgram, listCsv, listRow, newResidentIdWithX, uploadList } from '../factories-programs.js';
import { TestDbContext, describeEachDialect } from '../test-db.js';

interface RecipientAnswer {
  id: string;
  name: string;
  idNumber: string;
  phone: string;
  category: string;
  revealed: boolean;
}

async function importList(t: TestApp, rows: ListRow[]): Promise<string> {
  const code = await createProgram(t);
  const res = await uploadList(t, code, listCsv(rows));
  expect(res.json()).toMatchObject({ imported: rows.length, rejectedRows: 0 });
  return code;
}

async function recipientIdOf(t: TestApp, code: string, name: string): Promise<string> {
  const row = await t.db.selectFrom('recipients').select('id').where('program_code', '=', code).where('name', '=', name).executeTakeFirstOrThrow();
  return row.id;
}

const masked = (r: ListRow) => ({ idNumber: `${r.idNumber.slice(0, 6)}********${r.idNumber.slice(14)}`, phone: `${r.phone.slice(0, 3)}****${r.phone.slice(7)}` });

/** Every form an ID or phone number could be stored in, if it were stored in clear. */
function clearForms(rows: readonly ListRow[]): string[] {
  return rows.flatMap((r) => [r.idNumber, r.idNumber.toLowerCase(), r.idNumber.slice(0, 17), r.phone]);
}

describeEachDialect('recipients: masked by default, revealed to admins with an audit trail', (ctx) => {
  it('lists a program’s recipients masked, paged, filtered by category', async () => {
    const t = await newTestApp(ctx);
    const rows = [listRow({ category: '烈属' }), listRow(), listRow({ category: '烈士遗属' }), listRow(), listRow()];
    const code = await importList(t, rows);

    const seen: RecipientAnswer[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await t.request('GET', `/api/v1/programs/${code}/recipients?limit=2${cursor ? `&cursor=${cursor}` : ''}`, { role: 'viewer' });
      expect(res.statusCode, res.body).toBe(200);
      for (const secret of clearForms(rows)) expect(res.body).not.toContain(secret);
      const page = res.json() as { rows: RecipientAnswer[]; nextCursor: string | null };
      seen.push(...page.rows);
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen.map((r) => r.name).sort()).toEqual(rows.map((r) => r.name).sort());
    for (const r of rows) expect(seen.find((s) => s.name === r.name)).toMatchObject({ ...masked(r), revealed: false });

    const martyrs = (await t.request('GET', `/api/v1/programs/${code}/recipients?category=martyr_family`)).json() as { rows: RecipientAnswer[] };
    expect(martyrs.rows.map((r) => r.name).sort()).toEqual([rows[0]!.name, rows[2]!.name].sort());
    expect((await t.request('GET', '/api/v1/programs/NO-SUCH/recipients')).statusCode).toBe(404);
    expect((await t.request('GET', `/api/v1/programs/${code}/recipients?limit=501`)).statusCode).toBe(400);
  });

  it('shows one recipient masked to every role, and in clear only to an admin who asks, writing the audit log', async () => {
    const t = await newTestApp(ctx);
    const person = listRow({ idNumber: newResidentIdWithX(), address: '湖北省宜昌市夷陵区小溪塔街道1号' });
    const code = await importList(t, [person]);
    const id = await recipientIdOf(t, code, person.name);

    for (const role of ['viewer', 'operator', 'admin'] as const) {
      const res = await t.request('GET', `/api/v1/recipients/${id}`, { role });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ id, programCode: code, name: person.name, ...masked(person), divisionCode: '420506', divisionName: '湖北省宜昌市夷陵区', revealed: false });
    }
    for (const role of ['viewer', 'operator'] as const) {
      const res = await t.request('GET', `/api/v1/recipients/${id}?reveal=true`, { role });
      expect(res.statusCode).toBe(403);
      expect(res.body).not.toContain(person.idNumber);
    }
    expect(await t.db.selectFrom('audit_log').selectAll().where('subject', '=', id).execute()).toEqual([]);

    const revealed = await t.request('GET', `/api/v1/recipients/${id}?reveal=true`, { role: 'admin', headers: { 'x-request-id': 'reveal-1' } });

    expect(revealed.statusCode).toBe(200);
    expect(revealed.json()).toMatchObject({ id, idNumber: person.idNumber, phone: person.phone, revealed: true });
    const audit = await t.db.selectFrom('audit_log').selectAll().where('subject', '=', id).execute();
    expect(audit).toHaveLength(1);
    const adminToken = await t.db.selectFrom('api_tokens').select('id').where('role', '=', 'admin').where('name', '=', 'test admin').execute();
    expect(adminToken.map((r) => `token:${r.id}`)).toContain(audit[0]!.actor);
    expect(audit[0]).toMatchObject({ at: t.now, action: 'recipient.reveal', subject: id });
    expect(JSON.parse(audit[0]!.detail!)).toEqual({ programCode: code, fields: ['idNumber', 'phone'], requestId: 'reveal-1' });
    expect(audit[0]!.detail).not.toContain(person.idNumber);

    expect((await t.request('GET', '/api/v1/recipients/00000000-0000-4000-8000-000000000000?reveal=true')).statusCode).toBe(404);
    expect((await t.request('GET', '/api/v1/recipients/not-an-id')).statusCode).toBe(400);
  });

  it('GET /audit is for admins: newest first, paged, filtered', async () => {
    const t = await newTestApp(ctx);
    const people = [listRow(), listRow(), listRow()];
    const code = await importList(t, people);
    const ids: string[] = [];
    for (const [i, p] of people.entries()) {
      const at = await newTestApp(ctx, { now: t.now + (i + 1) * 1000 });
      const id = await recipientIdOf(t, code, p.name);
      ids.push(id);
      expect((await at.request('GET', `/api/v1/recipients/${id}?reveal=true`)).statusCode).toBe(200);
    }

    expect((await t.request('GET', '/api/v1/audit', { role: 'operator' })).statusCode).toBe(403);
    expect((await t.request('GET', '/api/v1/audit', { role: 'viewer' })).statusCode).toBe(403);
    const first = await t.request('GET', '/api/v1/audit?action=recipient.reveal&limit=2');
    expect(first.statusCode, first.body).toBe(200);
    const page1 = first.json() as { rows: { subject: string; at: string; action: string }[]; nextCursor: string | null };
    const ours = (rows: { subject: string }[]) => rows.filter((r) => ids.includes(r.subject)).map((r) => r.subject);
    // Other tests of this file reveal too; newest first, ours are the three latest.
    expect(ours(page1.rows)).toEqual([ids[2], ids[1]]);
    expect(page1.rows[0]).toMatchObject({ action: 'recipient.reveal', at: '2026-11-21T12:00:03.000+08:00' });
    expect(page1.nextCursor).not.toBeNull();
    const page2 = (await t.request('GET', `/api/v1/audit?action=recipient.reveal&limit=2&cursor=${page1.nextCursor}`)).json() as { rows: { subject: string }[] };
    expect(ours(page2.rows)[0]).toBe(ids[0]);
    const bySubject = (await t.request('GET', `/api/v1/audit?subject=${ids[1]}`)).json() as { rows: { subject: string }[]; nextCursor: null };
    expect(bySubject).toMatchObject({ rows: [{ subject: ids[1] }], nextCursor: null });
    expect((await t.request('GET', '/api/v1/audit?cursor=bogus')).statusCode).toBe(400);
  });
});

it('the SQLite database file holds no imported ID or phone number in clear', async () => {
  const ctx = new TestDbContext('sqlite');
  await ctx.open();
  try {
    const t = await newTestApp(ctx);
    const rows = Array.from({ length: 50 }, (_, i) => listRow(i % 2 ? { idNumber: newResidentIdWithX() } : {}));
    const code = await importList(t, rows);
    const id = await recipientIdOf(t, code, rows[0]!.name);
    expect((await t.request('GET', `/api/v1/recipients/${id}?reveal=true`)).statusCode).toBe(200);
    const file = ctx.target.kind === 'sqlite' ? ctx.target.file : '';
    const filesNow = () => [file, `${file}-wal`, `${file}-shm`].filter(existsSync).map((f) => readFileSync(f));
    const whileOpen = filesNow();
    await t.app.close();
    await ctx.handle.close();
    const bytes = Buffer.concat([...whileOpen, ...filesNow()]);

    // The search would find them: names and masked copies are there in clear.
    expect(bytes.includes(Buffer.from(rows[7]!.name, 'utf8'))).toBe(true);
    expect(bytes.includes(Buffer.from(masked(rows[7]!).idNumber, 'utf8'))).toBe(true);
    for (const secret of clearForms(rows)) {
      expect(bytes.includes(Buffer.from(secret, 'utf8')), secret).toBe(false);
      expect(bytes.includes(Buffer.from(secret, 'utf16le')), secret).toBe(false);
    }
  } finally {
    await ctx.close().catch(() => {});
  }
});

describeEachDialect('no clear personal data in any text column', (ctx) => {
  it('after an import and a reveal, no text column of any table holds an ID or phone number', async () => {
    const t = await newTestApp(ctx);
    const rows = Array.from({ length: 20 }, () => listRow());
    const code = await importList(t, rows);
    const id = await recipientIdOf(t, code, rows[0]!.name);
    expect((await t.request('GET', `/api/v1/recipients/${id}?reveal=true`)).statusCode).toBe(200);

    const columns =
      ctx.dialect === 'postgres'
        ? (
            await sql<{ table_name: string; column_name: string }>`select table_name, column_name from information_schema.columns
              where table_schema = 'public' and data_type in ('text', 'character varying', 'json', 'jsonb')`.execute(t.db)
          ).rows
        : (
            await sql<{ table_name: string; column_name: string }>`select m.name as table_name, p.name as column_name
              from sqlite_master m join pragma_table_info(m.name) p where m.type = 'table'`.execute(t.db)
          ).rows;
    expect(columns.map((c) => `${c.table_name}.${c.column_name}`)).toEqual(expect.arrayContaining(['recipients.name', 'recipients.id_sealed', 'audit_log.detail']));

    const texts: string[] = [];
    for (const { table_name, column_name } of columns) {
      const values = await sql<{ v: string | null }>`select cast(${sql.ref(column_name)} as text) as v from ${sql.table(table_name)}`.execute(t.db);
      for (const { v } of values.rows) if (v !== null) texts.push(v);
    }
    const all = texts.join('\n');
    expect(all).toContain(rows[3]!.name);
    for (const secret of clearForms(rows)) expect(all.includes(secret), secret).toBe(false);
  });
});
