import { expect, it } from 'vitest';
import { FIXED_NOW, HOUR, createSite, newTestApp, newTrackingNo, shanghai, withBadCheckDigit } from '../factories.js';
import { insertProgram, insertRequestItem, readPdf, registerPlainItems } from '../factories-labels.js';
import { describeEachDialect } from '../test-db.js';

type Problem = { index: number; trackingNo: string; message: string };

describeEachDialect('shipping labels', (ctx) => {
  it('prints the label of an item mailed for a request: number, masked recipient, program, sponsor, office; never the clear phone or name', async () => {
    const t = await newTestApp(ctx);
    const office = await createSite(t, { kind: 'delivery_office', name: '夷陵区小溪塔揽投部' });
    const program = await insertProgram(t.db, t.now, { name: '宜昌市退役军人优待证寄递', documentType: '优待证' });
    const { trackingNo } = await insertRequestItem(t, {
      program,
      name: '张三丰',
      phone: '13912345678',
      divisionCode: '420506',
      address: '小溪塔街道夷陵大道 123 号',
      deliveryOffice: office,
      weightGrams: 120,
    });

    const res = await t.request('GET', `/api/v1/items/${trackingNo}/label.pdf`, { role: 'viewer' });

    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toBe(`inline; filename="label-${trackingNo}.pdf"`);
    const pdf = await readPdf(res.rawPayload);
    expect(pdf.pages).toBe(1);
    for (const shown of [trackingNo, '139****5678', '张*丰', '宜昌市退役军人优待证寄递', '优待证', program.sponsorName, '夷陵区小溪塔揽投部', '120 g', '2026-11-21']) {
      expect(pdf.text).toContain(shown);
    }
    expect(pdf.text.replace(/\s+/g, '')).toContain('湖北省宜昌市夷陵区小溪塔街道夷陵大道123号');
    expect(pdf.text).not.toContain('13912345678');
    expect(pdf.text).not.toContain('张三丰');
  });

  it('embeds the CJK font in the PDF (a subset of Noto Sans SC as a TrueType font file)', async () => {
    const t = await newTestApp(ctx);
    const [trackingNo] = await registerPlainItems(t, 1);

    const res = await t.request('GET', `/api/v1/items/${trackingNo}/label.pdf`);

    expect(res.statusCode, res.body).toBe(200);
    const bytes = res.rawPayload.toString('latin1');
    expect(bytes).toContain('/FontFile2');
    expect(bytes).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansSC/);
  });

  it('prints an item registered without a request: address from its destination, sender from its origin unit', async () => {
    const t = await newTestApp(ctx);
    const counter = await createSite(t, { kind: 'counter', name: '夷陵区营业部', divisionCode: '420506' });
    const [trackingNo] = await registerPlainItems(t, 1, { originUnit: counter, weightGrams: 80 });

    const res = await t.request('GET', `/api/v1/items/${trackingNo}/label.pdf`);

    expect(res.statusCode, res.body).toBe(200);
    const pdf = await readPdf(res.rawPayload);
    expect(pdf.pages).toBe(1);
    expect(pdf.text).toContain(trackingNo);
    expect(pdf.text).toContain('夷陵区营业部');
    expect(pdf.text).toContain('80 g');
    expect(pdf.text.replace(/\s+/g, '')).toContain('湖北省宜昌市夷陵区小溪塔街道夷陵大道1号');
    expect(pdf.text).not.toContain('*');
  });

  it('prints its headings in the reader’s language: Chinese by default, English when asked', async () => {
    const t = await newTestApp(ctx);
    const [trackingNo] = await registerPlainItems(t, 1, { weightGrams: 80 });
    const url = `/api/v1/items/${trackingNo}/label.pdf`;

    const zh = await readPdf((await t.request('GET', url, { headers: { 'accept-language': '' } })).rawPayload);
    for (const heading of ['收', '寄', '扫码查询邮件', '投递局：', '重量：80 g', '收寄日期：2026-11-21', '签收人：', '签收时间：']) expect(zh.text).toContain(heading);
    expect(zh.text).not.toMatch(/Scan to track|Weight|Signed/);

    const en = await readPdf((await t.request('GET', url, { headers: { 'accept-language': 'en' } })).rawPayload);
    for (const heading of ['To', 'From', 'Scan to track', 'Delivery office:', 'Weight: 80 g', 'Posted on: 2026-11-21', 'Signed by:', 'Signed at:']) expect(en.text).toContain(heading);
    expect(en.text).not.toMatch(/扫码|投递局|重量|收寄日期|签收/);
  });

  it('prints three labels in one PDF, one page each, in the order asked', async () => {
    const t = await newTestApp(ctx);
    const program = await insertProgram(t.db, t.now);
    const fromRequest = await insertRequestItem(t, { program, name: '李四', phone: '13800001111', divisionCode: '110101', address: '王府井大街 1 号' });
    const plain = await registerPlainItems(t, 2);
    const asked = [plain[1]!, fromRequest.trackingNo, plain[0]!];

    const res = await t.request('POST', '/api/v1/labels', { role: 'viewer', body: { trackingNos: asked } });

    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toBe(`inline; filename="labels-${asked[0]}-3.pdf"`);
    expect(res.headers['x-label-count']).toBe('3');
    const pdf = await readPdf(res.rawPayload);
    expect(pdf.pages).toBe(3);
    asked.forEach((trackingNo, i) => expect(pdf.pageTexts[i]).toContain(trackingNo));
    expect(pdf.pageTexts[1]).toContain('李*');
    expect(pdf.pageTexts[1]).toContain('138****1111');
    expect(pdf.text).not.toContain('13800001111');
  });

  it('prints a number asked twice once, where it first appears', async () => {
    const t = await newTestApp(ctx);
    const [a, b] = await registerPlainItems(t, 2);

    const res = await t.request('POST', '/api/v1/labels', { body: { trackingNos: [a, b, a] } });

    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['x-label-count']).toBe('2');
    const pdf = await readPdf(res.rawPayload);
    expect(pdf.pages).toBe(2);
    expect(pdf.pageTexts[0]).toContain(a);
    expect(pdf.pageTexts[1]).toContain(b);
  });

  it('prints 1,000 labels in one request', async () => {
    const t = await newTestApp(ctx);
    const trackingNos = await registerPlainItems(t, 1000);

    const res = await t.request('POST', '/api/v1/labels', { body: { trackingNos } });

    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['x-label-count']).toBe('1000');
    const pdf = await readPdf(res.rawPayload);
    expect(pdf.pages).toBe(1000);
    for (const i of [0, 499, 999]) expect(pdf.pageTexts[i]).toContain(trackingNos[i]);
  });

  it('refuses the whole run, naming each malformed, unknown or undeliverable number with its index, and prints nothing', async () => {
    const t = await newTestApp(ctx);
    const site = await createSite(t);
    const [good] = await registerPlainItems(t, 1);
    const unknown = newTrackingNo();
    const badCheck = withBadCheckDigit(newTrackingNo());
    // First seen in a scan: known, but with no destination to print.
    const scannedOnly = newTrackingNo();
    const scan = await t.request('POST', '/api/v1/scans', { body: [{ trackingNo: scannedOnly, code: 'ACCEPTED', at: shanghai(FIXED_NOW - HOUR), site }] });
    expect(scan.json()).toMatchObject({ accepted: 1 });

    const res = await t.request('POST', '/api/v1/labels', { body: { trackingNos: [good, unknown, 'EA12345', badCheck, scannedOnly, unknown] } });

    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    const { error } = res.json() as { error: { code: string; message: string; details: Problem[] } };
    expect(error.code).toBe('invalid_request');
    expect(error.message).toContain('5 of 6');
    expect(error.details).toEqual([
      { index: 1, trackingNo: unknown, message: `item ${unknown} not found` },
      { index: 2, trackingNo: 'EA12345', message: expect.stringContaining('not a valid tracking number') },
      { index: 3, trackingNo: badCheck, message: expect.stringContaining('check digit') },
      { index: 4, trackingNo: scannedOnly, message: expect.stringContaining('no destination') },
      { index: 5, trackingNo: unknown, message: `item ${unknown} not found` },
    ]);
  });

  it('refuses more than 1,000 numbers, and an empty list, before reading anything', async () => {
    const t = await newTestApp(ctx);
    const tooMany = Array.from({ length: 1001 }, () => newTrackingNo());

    const res = await t.request('POST', '/api/v1/labels', { body: { trackingNos: tooMany } });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({
      error: { code: 'invalid_request', message: expect.stringContaining('at most 1000'), details: { field: 'trackingNos', limit: 1000, given: 1001 } },
    });

    const empty = await t.request('POST', '/api/v1/labels', { body: { trackingNos: [] } });
    expect(empty.statusCode).toBe(400);
    expect(empty.json()).toMatchObject({ error: { code: 'invalid_request', message: expect.stringContaining('trackingNos') } });

    const notAList = await t.request('POST', '/api/v1/labels', { body: { trackingNos: 'EA123456785CN' } });
    expect(notAList.statusCode).toBe(400);
    expect(notAList.json()).toMatchObject({ error: { code: 'invalid_request', message: expect.stringContaining('trackingNos') } });
  });

  it('answers a single label with 400 for a malformed number, 404 for an unknown item, 409 for one with no destination', async () => {
    const t = await newTestApp(ctx);
    const site = await createSite(t);
    const scannedOnly = newTrackingNo();
    await t.request('POST', '/api/v1/scans', { body: [{ trackingNo: scannedOnly, code: 'ACCEPTED', at: shanghai(FIXED_NOW - HOUR), site }] });
    const unknown = newTrackingNo();

    const malformed = await t.request('GET', `/api/v1/items/${withBadCheckDigit(unknown)}/label.pdf`);
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json()).toMatchObject({ error: { code: 'invalid_request', details: { field: 'trackingNo' } } });

    const missing = await t.request('GET', `/api/v1/items/${unknown}/label.pdf`);
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ error: { message: `item ${unknown} not found` } });

    const nowhere = await t.request('GET', `/api/v1/items/${scannedOnly}/label.pdf`);
    expect(nowhere.statusCode).toBe(409);
    expect(nowhere.json()).toMatchObject({ error: { code: 'conflict', message: expect.stringContaining(scannedOnly) } });
  });

  it('needs a token', async () => {
    const t = await newTestApp(ctx);
    const [trackingNo] = await registerPlainItems(t, 1);
    expect((await t.request('GET', `/api/v1/items/${trackingNo}/label.pdf`, { role: null })).statusCode).toBe(401);
    expect((await t.request('POST', '/api/v1/labels', { role: null, body: { trackingNos: [trackingNo] } })).statusCode).toBe(401);
  });
});
