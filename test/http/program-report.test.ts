import { expect, it } from 'vitest';
import { type TestApp, newTestApp, shanghai } from '../factories.js';
import { addressIn, countyWithOffice, createTestProgram, listRecipient, newPhone, postInvitations, postRequests, publicSubmit } from '../factories-requests.js';
import { describeEachDialect } from '../test-db.js';

const at = (local: string) => Date.parse(`${local}+08:00`);
const HOUR = 3_600_000;

describeEachDialect('GET /api/v1/programs/:code/report', (ctx) => {
  it('computes every figure of a hand-made fixture, cutting the period by local days', async () => {
    const base = await newTestApp(ctx, { now: at('2026-10-20T09:00:00') });
    const program = await createTestProgram(base.db, { documentType: '优待证' });
    const { county: hubei, office: hubeiOffice } = await countyWithOffice(base, '420000');
    const { county: beijing, office: beijingOffice } = await countyWithOffice(base, '110000');
    const inHubei = () => addressIn(hubei);
    const app = (local: string) => newTestApp(ctx, { now: at(local) });
    const details = (address: string) => ({ name: '测试人', phone: newPhone(), address });

    // Listed: R1–R5 in the period (R5 at its first instant), R0 and R6 before it.
    const listed = (createdAt: string, extra: object = {}) => listRecipient(base.db, program.code, { createdAt: at(createdAt), ...extra });
    const r0 = await listed('2026-10-20T09:00:00', { address: inHubei(), divisionCode: hubei.code });
    await listed('2026-10-31T23:59:59.999');
    const r1 = await listed('2026-11-02T09:00:00', { address: inHubei(), divisionCode: hubei.code });
    const r2 = await listed('2026-11-02T09:00:00', { address: inHubei(), divisionCode: hubei.code, category: 'combat_veteran' });
    const r3 = await listed('2026-11-02T09:00:00');
    await listed('2026-11-02T09:00:00', { address: inHubei(), divisionCode: hubei.code });
    await listed('2026-11-01T00:00:00');

    // Invitations: two documents and one unbound in the period, one document after it.
    const nov3 = await app('2026-11-03T10:00:00');
    const { invitations } = await postInvitations(nov3, program.code, { documents: ['D-1', 'D-2'], count: 1 });
    await postInvitations(await app('2026-11-10T10:00:00'), program.code, { documents: ['D-3'] });

    // Requests: before the period, a / b / c (waiting) on Nov 3, d across provinces on Nov 4, e (document link) and
    // f (unbound link) on Nov 5, g in the last half hour of the period, h at the first instant after it.
    const [outBefore] = await postRequests(await app('2026-10-31T23:59:00'), program.code, [{ idNumber: r0.idNumber }]);
    const [a, b, c] = await postRequests(nov3, program.code, [{ idNumber: r1.idNumber }, { idNumber: r2.idNumber }, { idNumber: r3.idNumber }]);
    const [d] = await postRequests(await app('2026-11-04T10:00:00'), program.code, [details(addressIn(beijing))]);
    const nov5 = await app('2026-11-05T10:00:00');
    const e = (await publicSubmit(nov5, invitations[0]!.token, { phone: newPhone(), address: inHubei(), name: '文件人' })).json();
    const f = (await publicSubmit(nov5, invitations[2]!.token, { phone: newPhone(), address: inHubei(), name: '不记名' })).json();
    const [g] = await postRequests(await app('2026-11-07T23:30:00'), program.code, [details(inHubei())]);
    const [h] = await postRequests(await app('2026-11-08T00:00:00'), program.code, [details(inHubei())]);
    expect([outBefore, a, b, d, e, f, g, h].map((r) => r!.status)).toEqual(Array(8).fill('mailed'));
    expect(c!.status).toBe('waiting');

    // Another program's request in the period must not count.
    const other = await createTestProgram(base.db);
    await postRequests(nov3, other.code, [details(inHubei())]);

    // Deliveries: a after 26 h, b after 50 h, d after 30 h, e after 20.5 h; h (outside) too; f only out for delivery.
    const scanner = await app('2026-11-12T12:00:00');
    const deliver = (trackingNo: string, createdAt: string, hours: number, office: string) => {
      const delivered = at(createdAt) + hours * HOUR;
      return [
        { trackingNo, code: 'ACCEPTED', at: shanghai(at(createdAt) + HOUR), site: office },
        { trackingNo, code: 'OUT_FOR_DELIVERY', at: shanghai(delivered - HOUR / 2), site: office },
        { trackingNo, code: 'DELIVERED', at: shanghai(delivered), site: office },
      ];
    };
    const scans = [
      ...deliver(a!.trackingNo!, '2026-11-03T10:00:00', 26, hubeiOffice),
      ...deliver(b!.trackingNo!, '2026-11-03T10:00:00', 50, hubeiOffice),
      ...deliver(d!.trackingNo!, '2026-11-04T10:00:00', 30, beijingOffice),
      ...deliver(e.trackingNo, '2026-11-05T10:00:00', 20.5, hubeiOffice),
      ...deliver(h!.trackingNo!, '2026-11-08T00:00:00', 2, hubeiOffice),
      { trackingNo: f.trackingNo, code: 'OUT_FOR_DELIVERY', at: shanghai(at('2026-11-06T09:00:00')), site: hubeiOffice },
    ];
    const recorded = await scanner.request('POST', '/api/v1/scans', { body: scans });
    expect(recorded.json(), recorded.body).toMatchObject({ accepted: scans.length });

    const res = await scanner.request('GET', `/api/v1/programs/${program.code}/report?from=2026-11-01&to=2026-11-07`, { role: 'viewer' });

    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      programCode: program.code,
      from: '2026-11-01',
      to: '2026-11-07',
      timeZone: 'Asia/Shanghai',
      // R1–R5 listed + D-1, D-2 + d, f, g (documents known from neither the list nor a document link)
      issued: 10,
      requests: 7, // a b c d e f g
      mailed: 6, // all but c
      conversionRate: 0.6,
      delivered: 4, // a b d e
      deliveryRate: 4 / 6,
      // From the first ACCEPTED, an hour after each request: 19.5 25 | 29 49 → (25 + 29) / 2
      medianHoursToDeliver: 27,
      timedDeliveries: 4,
      suspect: 0,
      // a 850 + b 800 (combat veteran) + d 1275 (cross-province) + e 850 + f 850 + g 850
      postageFen: 5475,
      donationFen: 60,
    });
  });

  it('answers an empty period with zeros and null rates', async () => {
    const t = await newTestApp(ctx);
    const program = await createTestProgram(t.db);
    const res = await t.request('GET', `/api/v1/programs/${program.code}/report?from=2020-01-01&to=2020-01-31`, { role: 'viewer' });
    expect(res.json()).toMatchObject({ issued: 0, requests: 0, mailed: 0, conversionRate: null, delivered: 0, deliveryRate: null, medianHoursToDeliver: null, postageFen: 0, donationFen: 0 });
  });

  it('refuses bad dates, a reversed period and an unknown program', async () => {
    const t: TestApp = await newTestApp(ctx);
    const program = await createTestProgram(t.db);
    const ask = (q: string, code = program.code) => t.request('GET', `/api/v1/programs/${code}/report?${q}`, { role: 'viewer' });
    expect((await ask('from=2026-02-30&to=2026-03-01')).json().error).toMatchObject({ code: 'invalid_request', message: expect.stringContaining('from') });
    expect((await ask('from=2026-11-01')).json().error).toMatchObject({ code: 'invalid_request', message: expect.stringContaining('to') });
    expect((await ask('from=2026-11-08&to=2026-11-01')).json().error).toMatchObject({ code: 'invalid_request', message: expect.stringContaining('before') });
    expect((await ask('from=2026-11-01&to=2026-11-07', 'NO-SUCH')).statusCode).toBe(404);
  });
});
