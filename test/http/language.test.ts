import { expect, it } from 'vitest';
import { FIXED_NOW, HOUR, createSite, newTestApp, newTrackingNo, shanghai, unitInput } from '../factories.js';
import { createProgram, listCsv, listRow, uploadList } from '../factories-programs.js';
import { describeEachDialect } from '../test-db.js';

// Messages come in the reader's language: Chinese unless the request's Accept-Language prefers English.
const CHINESE = /[\u3400-\u9fff]/;
const ZH = { 'accept-language': 'zh-CN,zh;q=0.9' };
const EN = { 'accept-language': 'en-US,en;q=0.9' };

describeEachDialect('messages in the reader’s language', (ctx) => {
  it('answers an unknown route in Chinese by default and in English when asked', async () => {
    const t = await newTestApp(ctx);
    const zh = await t.app.inject({ method: 'GET', url: '/api/v1/nowhere', headers: { 'accept-language': '' } });
    expect(zh.statusCode).toBe(404);
    expect(zh.json().error).toEqual({ code: 'not_found', message: '没有此接口：GET /api/v1/nowhere' });
    const en = await t.app.inject({ method: 'GET', url: '/api/v1/nowhere', headers: EN });
    expect(en.json().error).toEqual({ code: 'not_found', message: 'no route GET /api/v1/nowhere' });
  });

  it('names the field of a validation error in both languages, details as {field, message}', async () => {
    const t = await newTestApp(ctx);
    const url = '/api/v1/reports/overview?from=2026-11-01&to=2026-13-01';
    const zh = await t.request('GET', url, { headers: ZH });
    expect(zh.statusCode).toBe(400);
    const zhError = zh.json().error;
    expect(zhError.code).toBe('invalid_request');
    expect(zhError.message).toMatch(CHINESE);
    expect(zhError.message).toContain('to');
    expect(zhError.details).toEqual([{ field: 'to', message: expect.stringMatching(CHINESE) }]);
    const en = (await t.request('GET', url, { headers: EN })).json().error;
    expect(en.message).toMatch(/^querystring\.to: /);
    expect(en.message).not.toMatch(CHINESE);
  });

  it('says why a scan line is rejected in the reader’s language, line and field unchanged', async () => {
    const t = await newTestApp(ctx);
    const site = await createSite(t);
    const line = JSON.stringify({ trackingNo: 'EA123456780CN', code: 'ACCEPTED', at: shanghai(FIXED_NOW - HOUR), site });
    const zh = (await t.request('POST', '/api/v1/scans', { ndjson: line, headers: ZH })).json();
    expect(zh.rejected).toEqual([{ line: 1, field: 'trackingNo', message: '邮件号 EA123456780CN 的校验码应为 5' }]);
    const en = (await t.request('POST', '/api/v1/scans', { ndjson: line, headers: EN })).json();
    expect(en.rejected).toEqual([{ line: 1, field: 'trackingNo', message: 'check digit of EA123456780CN should be 5' }]);
  });

  it('says why a recipient row is rejected in the reader’s language, row and column unchanged', async () => {
    const t = await newTestApp(ctx);
    const code = await createProgram(t);
    const csv = listCsv([listRow({ phone: '' })]);
    const zh = (await uploadList(t, code, csv, { dryRun: true, language: 'zh-CN' })).json();
    expect(zh.rejected).toEqual([{ row: 2, column: 'phone', message: '缺少手机号' }]);
    const en = (await uploadList(t, code, csv, { dryRun: true, language: 'en' })).json();
    expect(en.rejected).toEqual([{ row: 2, column: 'phone', message: 'the phone number is missing' }]);
  });

  it('renders a service’s refusal (an unknown item) in the reader’s language', async () => {
    const t = await newTestApp(ctx);
    const trackingNo = newTrackingNo();
    const zh = await t.request('GET', `/api/v1/items/${trackingNo}`, { headers: ZH });
    expect(zh.statusCode).toBe(404);
    expect(zh.json().error).toEqual({ code: 'not_found', message: `未找到邮件 ${trackingNo}` });
    const en = await t.request('GET', `/api/v1/items/${trackingNo}`, { headers: EN });
    expect(en.json().error).toEqual({ code: 'not_found', message: `item ${trackingNo} not found` });
  });
});

/**
 * A reason a Chinese reader reads: Chinese, with no English sentence inside it (three Latin words in
 * a row), not the untranslated frame, and not only the generic text of a schema issue's kind.
 */
function expectChineseReason(text: string | undefined): void {
  expect(text, text).toMatch(CHINESE);
  expect(text, text).not.toMatch(/[A-Za-z]+ [A-Za-z]+ [A-Za-z]+/);
  expect(text, text).not.toContain('请求未被接受');
  expect(text, text).not.toMatch(/(^|：)(格式不正确|取值无效)$/);
}

describeEachDialect('no English reason reaches a Chinese reader', (ctx) => {
  it('tells a file the reader cannot read, and a row it could not read, in Chinese', async () => {
    const t = await newTestApp(ctx);
    const code = await createProgram(t);
    const notZip = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(64, 7)]);
    const refused = await uploadList(t, code, notZip, { filename: '名单.xlsx', contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', language: 'zh-CN' });
    expect(refused.statusCode, refused.body).toBe(400);
    expect(refused.json().error.message).toBe('名单.xlsx：无法读取该 XLSX 工作簿：不是 ZIP 压缩包（没有中央目录结束记录）');

    const csv = `${listCsv([listRow()])}"${listRow().name},unclosed\r\n`;
    const zh = (await uploadList(t, code, csv, { dryRun: true, language: 'zh-CN' })).json();
    expect(zh.rejected).toEqual([{ row: 3, message: '有一个带引号的单元格没有闭合（缺少一个 "），文件的其余部分无法读取' }]);
    const en = (await uploadList(t, code, csv, { dryRun: true, language: 'en' })).json();
    expect(en.rejected).toEqual([{ row: 3, message: 'a quoted cell is never closed (a " is missing); the rest of the file could not be read' }]);
  });

  it('names a forbidden character in Chinese: in a field, a list row and a search', async () => {
    const t = await newTestApp(ctx);
    const unit = await t.request('POST', '/api/v1/units', { body: [unitInput({ name: '夷陵\u0007揽投部' })], headers: ZH });
    expect(unit.json()).toEqual([{ index: 0, field: 'name', error: 'name：第 3 个字符：控制字符 U+0007；该字段须为单行纯文本' }]);
    const unitEn = await t.request('POST', '/api/v1/units', { body: [unitInput({ name: '夷陵\u0007揽投部' })], headers: EN });
    expect(unitEn.json()[0].error).toBe('name: character 3 is the control character U+0007; the field is one line of plain text');

    const code = await createProgram(t);
    const row = (await uploadList(t, code, listCsv([listRow({ name: '张\u200b三' })]), { dryRun: true, language: 'zh-CN' })).json();
    expect(row.rejected).toEqual([{ row: 2, column: 'name', message: '姓名：第 2 个字符：U+200B，不可见的格式字符；请删除' }]);

    const search = await t.request('GET', `/api/v1/search?q=${encodeURIComponent('张\u202e三')}`, { role: 'viewer', headers: ZH });
    expect(search.statusCode, search.body).toBe(400);
    expectChineseReason(search.json().error.message);
    expect(search.json().error.message).toContain('U+202E');
  });

  it.each([
    ['GET', '/api/v1/items?breakpointType=MISSING_OUTBOUND', 'breakpointType', 'needs breakpoint=open'],
    ['GET', '/api/v1/items?province=4205', 'province', 'must be a 6-digit province code, e.g. 420000'],
    ['GET', '/api/v1/items?limit=0', 'limit', 'must be from 1 to 500'],
    ['GET', '/api/v1/items?status=CREATED&breakpoint=open', 'status', 'CREATED (not yet scanned) cannot be combined with breakpoint, which need scans'],
    ['POST', '/api/v1/consignments', 'toUnit', 'give exactly one of toUnit and toPartner'],
    ['POST', '/api/v1/users', 'password', 'must be at least 8 characters'],
    ['POST', '/api/v1/tokens', 'expiresInDays', 'must be from 1 to 3650'],
  ] as const)('%s %s: the schema’s own hint for %s, in both languages', async (method, url, field, english) => {
    const t = await newTestApp(ctx);
    const bodies: Record<string, object> = {
      '/api/v1/consignments': { fromPartner: 'P1', toUnit: 'U1', toPartner: 'P2', items: [newTrackingNo()] },
      '/api/v1/users': { username: 'shorty', role: 'viewer', password: 'short' },
      '/api/v1/tokens': { role: 'viewer', expiresInDays: 0 },
    };
    const body = bodies[url];
    const zh = await t.request(method, url, { body, headers: ZH });
    expect(zh.statusCode, zh.body).toBe(400);
    const detail = (zh.json().error.details as { field: string; message: string }[]).find((d) => d.field === field);
    expectChineseReason(detail?.message);
    const en = await t.request(method, url, { body, headers: EN });
    expect((en.json().error.details as { field: string; message: string }[]).find((d) => d.field === field)?.message).toBe(english);
  });
});
