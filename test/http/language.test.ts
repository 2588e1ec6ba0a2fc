import { expect, it } from 'vitest';
import { FIXED_NOW, HOUR, createSite, newTestApp, newTrackingNo, shanghai } from '../factories.js';
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
