import { createHook } from 'node:async_hooks';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { sql } from 'kysely';
import { expect, it, onTestFinished } from 'vitest';
import { createPersonalDataCipher } from '../../src/domain/personal-data.js';
import { DEFAULT_CHUNK_ROWS, importRecipients } from '../../src/modules/recipients/import-recipients.js';
import { TEST_DATA_KEY, newTestApp } from '../factories.js';
import { createProgram, listCsv, listRow, newResidentId, newResidentIdWithX, recipientRows, uploadList, withBadCheckChar } from '../factories-programs.js';
import { TestDbContext, describeEachDialect } from '../test-db.js';

interface ImportAnswer {
  imported: number;
  updated: number;
  rejectedRows: number;
  rejected: { row: number; column?: string; message: string }[];
}

/** Worker threads this test starts, and how many of them are still running. */
function watchWorkerThreads(): { readonly started: number; readonly running: number } {
  const live = new Set<number>();
  let started = 0;
  const hook = createHook({
    init(asyncId, type) {
      if (type !== 'WORKER') return;
      started++;
      live.add(asyncId);
    },
    destroy(asyncId) {
      live.delete(asyncId);
    },
  }).enable();
  onTestFinished(() => {
    hook.disable();
  });
  return {
    get started() {
      return started;
    },
    get running() {
      return live.size;
    },
  };
}

describeEachDialect('POST /api/v1/programs/:code/recipients/import', (ctx) => {
  it('imports a UTF-8 CSV: IDs and phones sealed, masked copies, category and county stored', async () => {
    const t = await newTestApp(ctx);
    const code = await createProgram(t);
    const a = listRow({ name: '张三', idNumber: newResidentIdWithX().toLowerCase(), category: '烈士遗属', phone: '+86 139-0000-1111' });
    const b = listRow({ name: '李四', category: '', address: '北京市朝阳区建国路1号', divisionCode: '110105' });
    // Any order, Chinese headers as written by the agency, and a column we do not know.
    const csv = ['序号,手机号,姓名,地址,身份证号,类别,区划代码', `1,${a.phone},${a.name},${a.address},${a.idNumber},${a.category},`, `2,${b.phone},${b.name},${b.address},${b.idNumber},${b.category},${b.divisionCode}`].join('\n');

    const res = await uploadList(t, code, csv);

    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ imported: 2, updated: 0, rejectedRows: 0, rejected: [] });
    const rows = await recipientRows(t, code);
    expect(rows.map((r) => r.name)).toEqual(['张三', '李四']);
    const [zhang, li] = rows;
    const cipher = createPersonalDataCipher(Buffer.from(TEST_DATA_KEY, 'hex'));
    expect(cipher.open(zhang!.id_sealed)).toBe(a.idNumber.toUpperCase());
    expect(cipher.open(zhang!.phone_sealed)).toBe('13900001111');
    expect(zhang).toMatchObject({ id_masked: `${a.idNumber.slice(0, 6)}********${a.idNumber.slice(14, 17)}X`, phone_masked: '139****1111', category: 'martyr_family', division_code: '420506', created_at: t.now });
    expect(zhang!.id_hash).toBe(cipher.lookupHash('id', a.idNumber.toUpperCase()));
    expect(li).toMatchObject({ category: 'ordinary', division_code: '110105', address: '北京市朝阳区建国路1号' });
  });

  it('rejects every kind of bad row with its row number and column header, and stores the good rows', async () => {
    const t = await newTestApp(ctx);
    const code = await createProgram(t);
    const good1 = listRow();
    const good2 = listRow({ address: '夷陵区东湖大道8号' });
    const dupId = listRow({ idNumber: good1.idNumber });
    const rows = [
      good1, // row 2
      listRow({ idNumber: withBadCheckChar(newResidentId()) }), // 3
      listRow({ phone: '1234567' }), // 4
      listRow({ category: '志愿者' }), // 5
      listRow({ address: '东湖大道1号' }), // 6
      listRow({ divisionCode: '420502' }), // 7: the address is in 夷陵区 (420506)
      listRow({ name: '  ' }), // 8
      good2, // 9
      listRow({ name: '', phone: '', idNumber: '' }), // 10: three problems, one row
      dupId, // 11
      listRow({ address: '朝阳区建国路1号' }), // 12: 朝阳区 of Beijing or Changchun
      listRow({ divisionCode: '4205' }), // 13
    ];
    const res = await uploadList(t, code, listCsv(rows, ['姓名', '身份证号', '手机号', '类别', '地址', '区划代码']));

    expect(res.statusCode, res.body).toBe(200);
    const answer = res.json() as ImportAnswer;
    expect(answer).toMatchObject({ imported: 2, updated: 0, rejectedRows: 10 });
    const at = (row: number) => answer.rejected.filter((r) => r.row === row);
    expect(at(3)).toEqual([{ row: 3, column: '身份证号', message: expect.stringMatching(/check character/) }]);
    expect(at(4)).toEqual([{ row: 4, column: '手机号', message: expect.stringMatching(/11 digits/) }]);
    expect(at(5)).toEqual([{ row: 5, column: '类别', message: expect.stringMatching(/unknown category "志愿者"/) }]);
    expect(at(6)).toEqual([{ row: 6, column: '地址', message: expect.stringMatching(/names no place/) }]);
    expect(at(7)).toEqual([{ row: 7, column: '区划代码', message: '湖北省宜昌市西陵区 (420502) disagrees with the address, which is in 湖北省宜昌市夷陵区 (420506)' }]);
    expect(at(8)).toEqual([{ row: 8, column: '姓名', message: 'the name is missing' }]);
    expect(at(10).map((r) => r.column)).toEqual(['姓名', '身份证号', '手机号']);
    expect(at(11)).toEqual([{ row: 11, column: '身份证号', message: 'the same ID number as row 2: a person is listed once; row 2 is kept' }]);
    expect(at(12)).toEqual([{ row: 12, column: '地址', message: expect.stringMatching(/could be in .*110105.*220104/) }]);
    expect(at(13)).toEqual([{ row: 13, column: '区划代码', message: expect.stringMatching(/not a 6-digit/) }]);
    // No message carries an ID or phone number in clear.
    for (const r of rows) {
      for (const secret of [r.idNumber, r.phone].filter((s) => s.length >= 7)) expect(res.body).not.toContain(secret);
    }

    const stored = await recipientRows(t, code);
    expect(stored.map((r) => r.name).sort()).toEqual([good1.name, good2.name].sort());
    expect(stored.find((r) => r.name === good1.name)!.phone_masked).toBe(`${good1.phone.slice(0, 3)}****${good1.phone.slice(7)}`);
  });

  it('fails the whole file, naming the column, when the header lacks a required column', async () => {
    const t = await newTestApp(ctx);
    const code = await createProgram(t);
    const csv = listCsv([listRow()], ['姓名', '证号', '手机号', '类别', '地址', '区划代码']);

    const res = await uploadList(t, code, csv);

    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'invalid_request', message: expect.stringContaining('has no column idNumber (身份证号)'), details: { row: 1, missingColumns: ['idNumber'] } });
    expect(await recipientRows(t, code)).toEqual([]);
  });

  it('reads a GBK CSV as Excel on Chinese Windows saves it', async () => {
    const t = await newTestApp(ctx);
    const code = await createProgram(t);
    const rows = [listRow({ name: '王五', category: '参战退役军人' }), listRow({ name: '赵六', address: '湖北省宜昌市长阳土家族自治县龙舟坪镇1号' })];
    const gbk = iconv.encode(listCsv(rows, ['姓名', '身份证号', '手机号', '类别', '地址', '区划代码']), 'gbk');
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(gbk)).toThrow();

    const res = await uploadList(t, code, gbk);

    expect(res.json()).toEqual({ imported: 2, updated: 0, rejectedRows: 0, rejected: [] });
    const stored = await recipientRows(t, code);
    expect(stored.map((r) => [r.name, r.category, r.division_code])).toEqual([
      ['王五', 'combat_veteran', '420506'],
      ['赵六', 'ordinary', '420528'],
    ]);
  });

  it('reads a UTF-8 CSV with a BOM', async () => {
    const t = await newTestApp(ctx);
    const code = await createProgram(t);
    const res = await uploadList(t, code, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(listCsv([listRow({ name: '孙七' })], ['姓名', '身份证号', '手机号', '类别', '地址', '区划代码']))]));
    expect(res.json()).toMatchObject({ imported: 1, rejectedRows: 0 });
    expect((await recipientRows(t, code)).map((r) => r.name)).toEqual(['孙七']);
  });

  it('reads an XLSX workbook, with row numbers as the sheet shows them', async () => {
    const t = await newTestApp(ctx);
    const code = await createProgram(t);
    const good = listRow({ name: '周八' });
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('名单');
    sheet.addRow(['姓名', '身份证号', '手机号', '类别', '地址']);
    // Phone typed as a number, as Excel does unless the column is text.
    sheet.addRow([good.name, good.idNumber, Number(good.phone), '二等功', good.address]);
    sheet.addRow([]);
    // An 18-digit ID typed as a number has lost its last digits already.
    sheet.addRow(['吴九', Number(newResidentId()), Number(listRow().phone), '', listRow().address]);
    sheet.addRow(['郑十', { richText: [{ text: newResidentId() }] }, listRow().phone, '普通', '湖北省宜昌市东湖大道1号']);
    const xlsx = Buffer.from(await workbook.xlsx.writeBuffer());

    const res = await uploadList(t, code, xlsx, { filename: '名单.xlsx', contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });

    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      imported: 1,
      updated: 0,
      rejectedRows: 2,
      rejected: [
        { row: 4, column: '身份证号', message: expect.stringMatching(/Excel stored this ID number as a number/) },
        { row: 5, column: '地址', message: expect.stringMatching(/names 湖北省宜昌市 \(420500\) but no district or county/) },
      ],
    });
    const stored = await recipientRows(t, code);
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ name: '周八', category: 'merit_second_class', phone_masked: `${good.phone.slice(0, 3)}****${good.phone.slice(7)}` });
  });

  it('imports the same list again as updates, never duplicates', async () => {
    const t = await newTestApp(ctx);
    const code = await createProgram(t);
    const withX = newResidentIdWithX();
    const rows = [listRow({ idNumber: withX }), listRow(), listRow()];
    expect((await uploadList(t, code, listCsv(rows))).json()).toMatchObject({ imported: 3, updated: 0 });
    const before = await recipientRows(t, code);

    const later = await newTestApp(ctx, { now: t.now + 60_000 });
    // A lower-case x in an ID is the same person as the upper-case X.
    const changed = [{ ...rows[0]!, idNumber: withX.toLowerCase(), phone: '13700000000', category: '伤残军人' }, rows[1]!, rows[2]!, listRow()];
    const res = await uploadList(later, code, listCsv(changed));

    expect(res.json()).toEqual({ imported: 1, updated: 3, rejectedRows: 0, rejected: [] });
    const after = await recipientRows(t, code);
    expect(after).toHaveLength(4);
    const first = after.find((r) => r.name === rows[0]!.name)!;
    const firstBefore = before.find((r) => r.name === rows[0]!.name)!;
    expect(first).toMatchObject({ id: firstBefore.id, id_sealed: firstBefore.id_sealed, phone_masked: '137****0000', category: 'disabled_veteran', created_at: t.now, updated_at: t.now + 60_000 });
  });

  it('a dry run checks and counts but stores nothing', async () => {
    const t = await newTestApp(ctx);
    const code = await createProgram(t);
    const listed = listRow();
    await uploadList(t, code, listCsv([listed]));
    const before = await recipientRows(t, code);

    const res = await uploadList(t, code, listCsv([{ ...listed, name: '改过的名字' }, listRow(), listRow({ phone: '12' })]), { dryRun: true });

    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ imported: 1, updated: 1, rejectedRows: 1, rejected: [{ row: 4, column: 'phone' }] });
    expect(await recipientRows(t, code)).toEqual(before);
  });

  it('writes in chunks: a list longer than one chunk is stored whole', async () => {
    const t = await newTestApp(ctx);
    const code = await createProgram(t);
    const count = DEFAULT_CHUNK_ROWS + 300;
    const rows = Array.from({ length: count }, () => listRow());
    rows[count - 7] = { ...rows[count - 7]!, phone: 'x' };
    const res = await uploadList(t, code, listCsv(rows));
    expect(res.json()).toEqual({ imported: count - 1, updated: 0, rejectedRows: 1, rejected: [{ row: count - 5, column: 'phone', message: expect.any(String) }] });
    expect((await t.request('GET', `/api/v1/programs/${code}`)).json()).toMatchObject({ recipients: count - 1 });
  });

  it('answers clearly for an unknown program, a missing file field, a viewer, and an .xls', async () => {
    const t = await newTestApp(ctx);
    const code = await createProgram(t);
    const csv = listCsv([listRow()]);
    expect((await uploadList(t, 'NO-SUCH', csv)).statusCode).toBe(404);
    const wrongField = await uploadList(t, code, csv, { field: 'list' });
    expect(wrongField.statusCode).toBe(400);
    expect(wrongField.json().error.message).toContain('"file"');
    expect((await uploadList(t, code, csv, { role: 'viewer' })).statusCode).toBe(403);
    const xls = await uploadList(t, code, Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0, 0, 0, 0]), { filename: 'old.xls' });
    expect(xls.statusCode).toBe(415);
    expect(xls.json().error.message).toContain('.xls');
    const json = await t.request('POST', `/api/v1/programs/${code}/recipients/import`, { body: [] });
    expect(json.statusCode).toBe(415);
    expect(await recipientRows(t, code)).toEqual([]);
  });

  it('takes the list as a raw CSV body too', async () => {
    const t = await newTestApp(ctx);
    const code = await createProgram(t);
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/v1/programs/${code}/recipients/import`,
      payload: listCsv([listRow()]),
      headers: { authorization: `Bearer ${t.tokens.operator}`, 'content-type': 'text/csv' },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ imported: 1 });
  });

  it('a failure inside a chunk leaves no part of that chunk stored, and importing again completes the list', async () => {
    const t = await newTestApp(ctx);
    const code = await createProgram(t);
    const rows = [listRow(), listRow(), listRow(), listRow(), listRow({ name: 'boom' }), listRow(), listRow()];
    // The database refuses the fifth row, as a crash or a full disk would stop the write mid-chunk.
    if (ctx.dialect === 'sqlite') {
      await sql`create trigger boom before insert on recipients when new.name = 'boom' begin select raise(abort, 'boom'); end`.execute(t.db);
    } else {
      await sql`create function boom() returns trigger language plpgsql as $$ begin if new.name = 'boom' then raise exception 'boom'; end if; return new; end $$`.execute(t.db);
      await sql`create trigger boom before insert on recipients for each row execute function boom()`.execute(t.db);
    }
    const deps = { store: ctx.handle, cipher: createPersonalDataCipher(Buffer.from(TEST_DATA_KEY, 'hex')) };
    const source = { bytes: Buffer.from(listCsv(rows)) };
    const threads = watchWorkerThreads();

    await expect(importRecipients(deps, code, source, 'all', { dryRun: false, now: t.now, chunkRows: 3 })).rejects.toThrow(/boom/);

    // Rows 1–3 (the first chunk) are stored; of the second chunk (rows 4–6) nothing is, nor of the third,
    // which was handed over before the second failed.
    expect((await recipientRows(t, code)).map((r) => r.name).sort()).toEqual(rows.slice(0, 3).map((r) => r.name).sort());
    // On SQLite the chunks went to a writer thread, and it ended with the failed import.
    expect(threads.started).toBe(ctx.dialect === 'sqlite' ? 1 : 0);
    await expect.poll(() => threads.running).toBe(0);

    // Through the API: the list is one chunk, refused mid-way; nothing of it is stored, and the answer
    // is the generic 500 with nothing of the database's message.
    const res = await uploadList(t, code, listCsv([listRow(), ...rows.slice(3)]));
    expect(res.statusCode).toBe(500);
    expect(res.json()).toEqual({ error: { code: 'internal', message: expect.not.stringContaining('boom') } });
    expect(await recipientRows(t, code)).toHaveLength(3);

    await sql`drop trigger boom${sql.raw(ctx.dialect === 'postgres' ? ' on recipients' : '')}`.execute(t.db);
    const again = await importRecipients(deps, code, source, 'all', { dryRun: false, now: t.now, chunkRows: 3 });
    expect(again).toEqual({ imported: 4, updated: 3, rejectedRows: 0, rejected: [] });
    expect(await recipientRows(t, code)).toHaveLength(7);
  });
});

it('on a SQLite database file, a list longer than one chunk is sealed and written on a thread of its own, which ends with the import', async () => {
  const ctx = new TestDbContext('sqlite');
  await ctx.open();
  try {
    const t = await newTestApp(ctx);
    const code = await createProgram(t);
    // A trigger of this connection only: the connection requests are served on refuses new recipients.
    await sql`create temp trigger refuse_here before insert on recipients begin select raise(abort, 'stored on the request connection'); end`.execute(t.db);
    const cipher = createPersonalDataCipher(Buffer.from(TEST_DATA_KEY, 'hex'));
    const rows = Array.from({ length: 12 }, () => listRow());
    const threads = watchWorkerThreads();
    const progress: number[] = [];

    const result = await importRecipients({ store: ctx.handle, cipher }, code, { bytes: Buffer.from(listCsv(rows)) }, 'all', { dryRun: false, now: t.now, chunkRows: 5, onProgress: (p) => progress.push(p.result.imported) });

    expect(result).toEqual({ imported: 12, updated: 0, rejectedRows: 0, rejected: [] });
    expect(progress).toEqual([5, 10, 12]);
    expect(threads.started).toBe(1);
    await expect.poll(() => threads.running).toBe(0);
    const stored = await recipientRows(t, code);
    expect(stored).toHaveLength(12);
    for (const r of rows) expect(cipher.open(stored.find((s) => s.name === r.name)!.phone_sealed)).toBe(r.phone);

    // The control: a list that fits in one chunk is written on this connection, and meets the trigger.
    const res = await uploadList(t, code, listCsv([listRow()]));
    expect(res.statusCode).toBe(500);
    expect(await recipientRows(t, code)).toHaveLength(12);
    await expect.poll(() => threads.running).toBe(0);
  } finally {
    await ctx.close().catch(() => {});
  }
});
