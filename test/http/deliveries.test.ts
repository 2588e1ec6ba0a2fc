import { expect, it } from 'vitest';
import { MAX_IMAGE_BYTES } from '../../src/modules/deliveries/delivery.schemas.js';
import { FIXED_NOW, HOUR, createSite, newTestApp, newTrackingNo, nextSequence, shanghai, storedEvents } from '../factories.js';
import { asUser } from '../factories-console.js';
import { countyWithOffice, newIdNumber } from '../factories-requests.js';
import { JPEG_BYTES, PNG_BYTES, dataUrl, delivered, itemAtTheDoor, postDeliveries, signedInCourier } from '../factories-deliveries.js';
import { describeEachDialect } from '../test-db.js';

const NO_RULES = { recipientOnly: false, idCheck: false };

describeEachDialect('POST /api/v1/deliveries', (ctx) => {
  it('stores a delivered outcome with its proof and its DELIVERED event in one go; a resend with the same clientId stores nothing twice', async () => {
    const t = await newTestApp(ctx);
    const item = await itemAtTheDoor(t, { recipientOnly: true, idCheck: true });
    const outcome = delivered(item, {
      receiverName: '张三丰',
      idNumber: item.idNumber,
      signature: dataUrl('image/png', PNG_BYTES),
      photo: dataUrl('image/jpeg', JPEG_BYTES),
      location: { lat: 30.69, lng: 111.28 },
      operator: '投递员 李四',
    });

    expect(await postDeliveries(t, [outcome])).toEqual({ accepted: 1, duplicates: 0, rejected: [] });
    expect(await postDeliveries(t, [outcome])).toEqual({ accepted: 0, duplicates: 1, rejected: [] });

    const events = await storedEvents(t.db, item.trackingNo);
    expect(events.map((e) => e.code)).toEqual(['ACCEPTED', 'OUT_FOR_DELIVERY', 'DELIVERED']);
    expect((await t.db.selectFrom('items').select('status').where('tracking_no', '=', item.trackingNo).executeTakeFirstOrThrow()).status).toBe('DELIVERED');
    const rows = await t.db.selectFrom('delivery_outcomes').selectAll().where('tracking_no', '=', item.trackingNo).execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ outcome: 'delivered', code: 'DELIVERED', site: item.office, received_by: 'recipient', receiver_masked: '张*丰', reason: null });
    expect(Number(rows[0]!.id_matched)).toBe(1);
    // The ID number is compared, never kept: not in clear, not even hashed, anywhere in the row.
    expect(JSON.stringify(rows[0])).not.toContain(item.idNumber);
    const images = await t.db.selectFrom('delivery_images').select(['kind', 'media_type', 'bytes']).where('outcome_id', '=', rows[0]!.id).orderBy('kind').execute();
    expect(images.map((i) => [i.kind, i.media_type, Buffer.from(i.bytes).equals(i.kind === 'photo' ? JPEG_BYTES : PNG_BYTES)])).toEqual([
      ['photo', 'image/jpeg', true],
      ['signature', 'image/png', true],
    ]);

    const view = await t.request('GET', `/api/v1/items/${item.trackingNo}/delivery`, { role: 'viewer' });
    expect(view.statusCode, view.body).toBe(200);
    expect(view.json()).toEqual({
      trackingNo: item.trackingNo,
      program: item.program,
      requirements: { recipientOnly: true, idCheck: true, activationBank: null },
      outcomes: [
        {
          id: rows[0]!.id,
          outcome: 'delivered',
          at: shanghai(FIXED_NOW - HOUR),
          site: item.office,
          operator: '投递员 李四',
          recordedBy: expect.stringMatching(/^token:/),
          receivedBy: 'recipient',
          receiverMasked: '张*丰',
          idMatched: true,
          reason: null,
          reasonLabel: null,
          reasonNote: null,
          location: { lat: 30.69, lng: 111.28 },
          activation: null,
          images: ['photo', 'signature'],
        },
      ],
      idMismatches: 0,
    });
    expect(view.body).not.toContain('张三丰');

    const signature = await t.request('GET', `/api/v1/items/${item.trackingNo}/delivery/${rows[0]!.id}/signature?reason=${encodeURIComponent('投诉核实')}`, { role: 'viewer' });
    expect(signature.statusCode).toBe(200);
    expect(signature.headers['content-type']).toBe('image/png');
    expect(signature.rawPayload.equals(PNG_BYTES)).toBe(true);
    const audit = await t.db.selectFrom('audit_log').select(['action', 'subject', 'detail']).where('action', '=', 'delivery.image_open').execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.subject).toBe(item.trackingNo);
    expect(JSON.parse(audit[0]!.detail!)).toEqual({ outcome: rows[0]!.id, kind: 'signature', reason: '投诉核实' });
  });

  it('stores the good elements of a batch and rejects each bad one with its index and field', async () => {
    const t = await newTestApp(ctx);
    const [a, b, c] = [await itemAtTheDoor(t, NO_RULES), await itemAtTheDoor(t, NO_RULES), await itemAtTheDoor(t, NO_RULES)];
    const answer = await postDeliveries(t, [
      /* 0 */ delivered(a),
      /* 1 */ delivered(b, { outcome: 'failed', receivedBy: undefined, reason: 'GONE_FISHING' }),
      /* 2 */ { clientId: 'x', trackingNo: c.trackingNo, outcome: 'failed', at: shanghai(FIXED_NOW - HOUR), site: c.office, reason: 'OTHER', reasonNote: '门卫不让进' },
      /* 3 */ delivered(c, { trackingNo: newTrackingNo() }),
      /* 4 */ delivered(c, { site: 'NO-SUCH-SITE' }),
      /* 5 */ delivered(c, { at: '2026-11-21T09:00:00' }),
      /* 6 */ 'not an object',
      /* 7 */ delivered(c, { outcome: 'held', receivedBy: undefined }),
      /* 8 */ delivered(b, { receivedBy: undefined }),
      /* 9 */ delivered(b, { outcome: 'failed', receivedBy: undefined }),
      /* 10 */ delivered(b, { outcome: 'failed', receivedBy: undefined, reason: 'OTHER' }),
      /* 11 */ delivered(b, { outcome: 'failed', reason: 'REFUSED' }),
      /* 12 */ delivered(b, { at: shanghai(FIXED_NOW - 91 * 24 * HOUR) }),
    ]);
    expect(answer.accepted).toBe(3);
    expect(answer.duplicates).toBe(0);
    expect(answer.rejected.map((r) => [r.index, r.field])).toEqual([
      [1, 'reason'],
      [3, 'trackingNo'],
      [4, 'site'],
      [5, 'at'],
      [6, undefined],
      [8, 'receivedBy'],
      [9, 'reason'],
      [10, 'reasonNote'],
      [11, 'receivedBy'],
      [12, 'at'],
    ]);
    expect(answer.rejected[0]!.message).toMatch(/reason/);
    expect((await storedEvents(t.db, a.trackingNo)).map((e) => e.code)).toEqual(['ACCEPTED', 'OUT_FOR_DELIVERY', 'DELIVERED']);
    expect((await storedEvents(t.db, b.trackingNo)).map((e) => e.code)).toEqual(['ACCEPTED', 'OUT_FOR_DELIVERY']);
    const cEvents = await storedEvents(t.db, c.trackingNo);
    expect(cEvents.map((e) => [e.code, e.reason])).toEqual([
      ['ACCEPTED', null],
      ['OUT_FOR_DELIVERY', null],
      ['DELIVERY_FAILED', 'OTHER:门卫不让进'],
      ['HELD', null],
    ]);
    const view = await t.request('GET', `/api/v1/items/${c.trackingNo}/delivery`, { headers: { 'accept-language': 'zh-CN' } });
    expect((view.json() as { outcomes: unknown[] }).outcomes).toMatchObject([
      { outcome: 'failed', reason: 'OTHER', reasonLabel: '其他', reasonNote: '门卫不让进' },
      { outcome: 'held', reason: null },
    ]);
  });

  it('answers a clientId used for another item as a rejection, and one repeated in a request as a duplicate', async () => {
    const t = await newTestApp(ctx);
    const [a, b] = [await itemAtTheDoor(t, NO_RULES), await itemAtTheDoor(t, NO_RULES)];
    const first = delivered(a);
    expect(await postDeliveries(t, [first, { ...first }])).toEqual({ accepted: 1, duplicates: 1, rejected: [] });
    const answer = await postDeliveries(t, [delivered(b, { clientId: first.clientId })]);
    expect(answer).toMatchObject({ accepted: 0, duplicates: 0, rejected: [{ index: 0, field: 'clientId' }] });
    expect((await storedEvents(t.db, b.trackingNo)).map((e) => e.code)).toEqual(['ACCEPTED', 'OUT_FOR_DELIVERY']);
  });

  it('enforces recipientOnly: another receiver is refused naming the requirement, the recipient is accepted', async () => {
    const t = await newTestApp(ctx);
    const item = await itemAtTheDoor(t, { recipientOnly: true, idCheck: false });
    const refused = await postDeliveries(t, [delivered(item, { receivedBy: 'family' })]);
    expect(refused).toMatchObject({ accepted: 0, rejected: [{ index: 0, field: 'receivedBy', requirement: 'recipient_only', message: expect.stringMatching(/recipientOnly/) }] });
    expect(await t.db.selectFrom('delivery_outcomes').select('id').where('tracking_no', '=', item.trackingNo).execute()).toEqual([]);
    expect(await postDeliveries(t, [delivered(item)])).toMatchObject({ accepted: 1, rejected: [] });
  });

  it('enforces idCheck: no number, a number not the recipient’s (refused as id_mismatch and counted), then the right one', async () => {
    const t = await newTestApp(ctx);
    const item = await itemAtTheDoor(t, { recipientOnly: false, idCheck: true });
    const other = newIdNumber();
    const answer = await postDeliveries(t, [delivered(item), delivered(item, { idNumber: other }), delivered(item, { idNumber: '110105194912310021' })]);
    expect(answer.accepted).toBe(0);
    expect(answer.rejected.map((r) => [r.index, r.field, r.requirement])).toEqual([
      [0, 'idNumber', 'id_check'],
      [1, 'idNumber', 'id_mismatch'],
      [2, 'idNumber', undefined],
    ]);
    expect(answer.rejected[1]!.message).toMatch(/id_mismatch/);
    const counted = await t.db.selectFrom('delivery_id_mismatches').selectAll().where('tracking_no', '=', item.trackingNo).execute();
    expect(counted).toMatchObject([{ program_code: item.program, site: item.office }]);
    expect(JSON.stringify(counted)).not.toContain(other);
    const audit = await t.db.selectFrom('audit_log').select(['subject', 'detail']).where('action', '=', 'delivery.id_mismatch').where('subject', '=', item.trackingNo).execute();
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit)).not.toContain(other);

    // An ID number with a lower-case check character is the same number.
    const accepted = await postDeliveries(t, [delivered(item, { idNumber: ` ${item.idNumber.toLowerCase()} ` })]);
    expect(accepted).toMatchObject({ accepted: 1, rejected: [] });
    const view = (await t.request('GET', `/api/v1/items/${item.trackingNo}/delivery`)).json() as { idMismatches: number; outcomes: { idMatched: boolean }[] };
    expect(view.idMismatches).toBe(1);
    expect(view.outcomes.map((o) => o.idMatched)).toEqual([true]);
    const day = shanghai(FIXED_NOW).slice(0, 10);
    const counts = await t.request('GET', `/api/v1/deliveries/id-mismatches?from=${day}&to=${day}`, { role: 'viewer' });
    expect(counts.statusCode, counts.body).toBe(200);
    expect(counts.json()).toMatchObject({ from: day, to: day, total: 1, byOffice: [{ site: item.office, count: 1 }], byProgram: [{ program: item.program, count: 1 }] });
  });

  it('requires the activation result when the program has an activation bank, and refuses one when it has none', async () => {
    const t = await newTestApp(ctx);
    const bank = await t.request('POST', '/api/v1/partners', { body: [{ code: `BANK${FIXED_NOW % 1000}`, name: '邮储银行宜昌分行', kind: 'bank', divisionCode: '420500' }] });
    expect(bank.statusCode, bank.body).toBe(200);
    const item = await itemAtTheDoor(t, { recipientOnly: false, idCheck: false, activationBank: `BANK${FIXED_NOW % 1000}` });
    const plain = await itemAtTheDoor(t, NO_RULES);
    const answer = await postDeliveries(t, [delivered(item), delivered(plain, { activation: { result: 'activated' } })]);
    expect(answer.rejected.map((r) => [r.index, r.field, r.requirement])).toEqual([
      [0, 'activation', 'activation_required'],
      [1, 'activation', undefined],
    ]);
    expect(await postDeliveries(t, [delivered(item, { activation: { result: 'deferred', bankStaff: '王经理' } })])).toMatchObject({ accepted: 1, rejected: [] });
    const view = (await t.request('GET', `/api/v1/items/${item.trackingNo}/delivery`)).json() as { outcomes: { activation: unknown }[] };
    expect(view.outcomes[0]!.activation).toEqual({ result: 'deferred', bankStaff: '王经理' });
  });

  it('takes a counter pickup with the recipient’s ID number; a pickup code is not available yet', async () => {
    const t = await newTestApp(ctx);
    const item = await itemAtTheDoor(t, NO_RULES);
    const counter = { receivedBy: 'counter', at: shanghai(FIXED_NOW - HOUR) };
    const answer = await postDeliveries(t, [delivered(item, counter), delivered(item, { ...counter, pickupCode: '123456' })]);
    expect(answer.rejected.map((r) => [r.index, r.field, r.requirement])).toEqual([
      [0, 'pickupCode', 'counter_needs_code'],
      [1, 'pickupCode', 'pickup_code_not_available'],
    ]);
    expect(answer.rejected[1]!.message).toMatch(/not available yet/);
    expect(await postDeliveries(t, [delivered(item, { ...counter, idNumber: item.idNumber })])).toMatchObject({ accepted: 1, rejected: [] });
  });

  it('checks images by their bytes, not their names, and refuses one over 512 KB decoded', async () => {
    const t = await newTestApp(ctx);
    const item = await itemAtTheDoor(t, NO_RULES);
    const answer = await postDeliveries(t, [
      delivered(item, { signature: dataUrl('image/png', JPEG_BYTES) }),
      delivered(item, { photo: dataUrl('image/png', PNG_BYTES) }),
      delivered(item, { photo: `${dataUrl('image/jpeg', JPEG_BYTES)}!` }),
      delivered(item, { photo: dataUrl('image/jpeg', Buffer.concat([JPEG_BYTES, Buffer.alloc(MAX_IMAGE_BYTES)])) }),
      delivered(item, { photo: dataUrl('image/jpeg', Buffer.concat([JPEG_BYTES, Buffer.alloc(MAX_IMAGE_BYTES - JPEG_BYTES.length)])) }),
    ]);
    expect(answer.rejected.map((r) => [r.index, r.field])).toEqual([
      [0, 'signature'],
      [1, 'photo'],
      [2, 'photo'],
      [3, 'photo'],
    ]);
    expect(answer.rejected[0]!.message).toMatch(/not a PNG/);
    expect(answer.rejected[3]!.message).toMatch(/512 KB/);
    expect(answer.accepted).toBe(1);
  });
});

describeEachDialect('POST /api/v1/scans: a failed delivery’s reason is a code of the one list', (ctx) => {
  it('rejects an unknown reason and OTHER without a note, naming the field; stores the codes', async () => {
    const t = await newTestApp(ctx);
    const item = await itemAtTheDoor(t, NO_RULES);
    const line = (at: number, reason: unknown) => ({ trackingNo: item.trackingNo, code: 'DELIVERY_FAILED', at: shanghai(FIXED_NOW - at * HOUR), site: item.office, reason });
    const res = await t.request('POST', '/api/v1/scans', {
      role: 'operator',
      body: [line(2.5, '收件人不在'), line(2.4, 'OTHER'), line(2.3, 'OTHER:  '), line(2.2, 'RECIPIENT_ABSENT'), line(2.1, 'OTHER:狗太凶'), line(2, null)],
    });
    expect(res.json()).toMatchObject({
      accepted: 3,
      rejected: [
        { line: 1, field: 'reason', message: expect.stringContaining('RECIPIENT_ABSENT') },
        { line: 2, field: 'reason' },
        { line: 3, field: 'reason' },
      ],
    });
    expect((await storedEvents(t.db, item.trackingNo)).filter((e) => e.code === 'DELIVERY_FAILED').map((e) => e.reason)).toEqual(['RECIPIENT_ABSENT', 'OTHER:狗太凶', null]);
  });
});

describeEachDialect('couriers', (ctx) => {
  it('are users of a delivery office: no unit, another kind of unit, or a token is refused', async () => {
    const t = await newTestApp(ctx);
    const { office } = await countyWithOffice(t);
    const centre = await createSite(t, { kind: 'processing_centre' });
    const create = (body: Record<string, unknown>) => t.request('POST', '/api/v1/users', { body: { username: `c${nextSequence()}`, role: 'courier', ...body } });
    expect((await create({})).json()).toMatchObject({ error: { code: 'invalid_request', details: { field: 'unit' } } });
    expect((await create({ unit: centre })).json()).toMatchObject({ error: { code: 'invalid_request', message: expect.stringMatching(/not a delivery office/) } });
    const made = await create({ unit: office });
    expect(made.statusCode, made.body).toBe(201);
    expect(made.json()).toMatchObject({ user: { role: 'courier', unit: office } });
    const token = await t.request('POST', '/api/v1/tokens', { body: { role: 'courier' } });
    expect(token.json()).toMatchObject({ error: { code: 'invalid_request', details: { field: 'role' } } });
  });

  it('record outcomes and read the items of their own office only, and nothing else', async () => {
    const t = await newTestApp(ctx);
    const here = await itemAtTheDoor(t, NO_RULES);
    const there = await itemAtTheDoor(t, NO_RULES);
    const { username, cookie } = await signedInCourier(t, here.office);

    const res = await asUser(t, cookie, 'POST', '/api/v1/deliveries', { body: [delivered(here), delivered(there), delivered(there, { site: here.office })] });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      accepted: 1,
      rejected: [
        { index: 1, field: 'site', message: expect.stringContaining(here.office) },
        { index: 2, field: 'trackingNo', message: expect.stringMatching(/not at your office/) },
      ],
    });
    expect((await storedEvents(t.db, there.trackingNo)).map((e) => e.code)).toEqual(['ACCEPTED', 'OUT_FOR_DELIVERY']);
    const stored = await t.db.selectFrom('delivery_outcomes').select('recorded_by').where('tracking_no', '=', here.trackingNo).executeTakeFirstOrThrow();
    expect(stored.recorded_by).toBe(`user:${username}`);

    expect((await asUser(t, cookie, 'GET', `/api/v1/items/${here.trackingNo}/delivery`)).statusCode).toBe(200);
    expect((await asUser(t, cookie, 'GET', `/api/v1/items/${there.trackingNo}/delivery`)).statusCode).toBe(404);
    for (const url of [`/api/v1/items/${here.trackingNo}`, '/api/v1/items', '/api/v1/breakpoints', '/api/v1/programs']) {
      expect((await asUser(t, cookie, 'GET', url)).statusCode, url).toBe(403);
    }
    const scans = await asUser(t, cookie, 'POST', '/api/v1/scans', { body: [{ trackingNo: here.trackingNo, code: 'HELD', at: shanghai(FIXED_NOW), site: here.office }] });
    expect(scans.statusCode).toBe(403);
  });
});
