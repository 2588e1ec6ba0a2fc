// The agency's own id of a request: unique per program, stored, echoed in every read, searchable; and
// every way a request is stored tells the request outbox of its creation and its mailing.
import { beforeAll, expect, it } from 'vitest';
import { type TestApp, newTestApp } from '../factories.js';
import { addressIn, countyWithOffice, createTestProgram, newPhone, postInvitations, postRequests, publicSubmit } from '../factories-requests.js';
import { describeEachDialect } from '../test-db.js';

describeEachDialect('requests: externalRef and the request outbox', (ctx) => {
  let t: TestApp;
  let address: string;
  let county: string;
  beforeAll(async () => {
    t = await newTestApp(ctx, { sharedByFile: true });
    const where = await countyWithOffice(t);
    county = where.county.code;
    address = addressIn(where.county);
  });
  const outboxOf = (requestId: string) =>
    t.db.selectFrom('request_outbox').select(['kind', 'program_code', 'tracking_no']).where('request_id', '=', requestId).orderBy('id').execute();

  it('stores the externalRef, echoes it, finds the request by it, and refuses it again in the same program, naming the field', async () => {
    const { code: program } = await createTestProgram(t.db);
    const { code: other } = await createTestProgram(t.db);
    const [first] = await postRequests(t, program, [{ name: '张三', phone: newPhone(), address, divisionCode: county, externalRef: 'TAX-2026-0001' }]);
    expect(first).toMatchObject({ status: 'mailed' });

    const again = await postRequests(t, program, [
      { name: '李四', phone: newPhone(), address, divisionCode: county, externalRef: 'TAX-2026-0001' },
      { name: '王五', phone: newPhone(), externalRef: 'TAX-2026-0002' },
      { name: '赵六', phone: newPhone(), externalRef: 'TAX-2026-0002' },
    ]);
    expect(again[0]).toEqual({ index: 0, field: 'externalRef', error: `externalRef: TAX-2026-0001 already names request ${first!.requestId} of this program` });
    expect(again[1]).toMatchObject({ index: 1, status: 'waiting' });
    expect(again[2]).toEqual({ index: 2, field: 'externalRef', error: 'externalRef: TAX-2026-0002 is already given by element 1 of this request' });
    // Another program's ids are its own.
    expect((await postRequests(t, other, [{ name: '李四', phone: newPhone(), externalRef: 'TAX-2026-0001' }]))[0]).toMatchObject({ status: 'waiting' });

    const one = await t.request('GET', `/api/v1/requests/${first!.requestId}`);
    expect(one.json()).toMatchObject({ id: first!.requestId, externalRef: 'TAX-2026-0001' });
    const found = await t.request('GET', `/api/v1/programs/${program}/requests?externalRef=TAX-2026-0001`);
    expect(found.statusCode, found.body).toBe(200);
    expect(found.json()).toEqual({ rows: [one.json()], nextCursor: null });
    const waiting = await t.request('GET', `/api/v1/programs/${program}/requests?status=waiting`);
    expect(waiting.json().rows.map((r: { externalRef: string }) => r.externalRef)).toEqual(['TAX-2026-0002']);
  });

  it('pages through a program’s requests in id order, masked', async () => {
    const { code: program } = await createTestProgram(t.db);
    const made = await postRequests(t, program, [1, 2, 3].map((n) => ({ name: `张${n}`, phone: newPhone(), externalRef: `P-${n}` })));
    const ids = made.map((r) => r.requestId!).sort();
    const first = await t.request('GET', `/api/v1/programs/${program}/requests?limit=2`);
    expect(first.json().rows.map((r: { id: string }) => r.id)).toEqual(ids.slice(0, 2));
    expect(first.json().nextCursor).toBe(ids[1]);
    expect(first.json().rows[0].recipient.phone).toMatch(/^\d{3}\*{4}\d{4}$/);
    const second = await t.request('GET', `/api/v1/programs/${program}/requests?limit=2&after=${first.json().nextCursor}`);
    expect(second.json()).toMatchObject({ rows: [{ id: ids[2] }], nextCursor: null });
    expect((await t.request('GET', '/api/v1/programs/NOSUCHPG/requests')).statusCode).toBe(404);
  });

  it('keeps the externalRef of a waiting request completed by a second call, which may repeat it but not change it', async () => {
    const { code: program } = await createTestProgram(t.db);
    const phone = newPhone();
    const [waiting] = await postRequests(t, program, [{ name: '张三', phone, documentNo: 'DOC-1', externalRef: 'REF-1' }]);
    expect(waiting).toMatchObject({ status: 'waiting' });
    const [changed] = await postRequests(t, program, [{ name: '张三', phone, documentNo: 'DOC-1', address, divisionCode: county, externalRef: 'REF-2' }]);
    expect(changed).toMatchObject({ field: 'externalRef' });
    const [completed] = await postRequests(t, program, [{ name: '张三', phone, documentNo: 'DOC-1', address, divisionCode: county, externalRef: 'REF-1' }]);
    expect(completed).toMatchObject({ requestId: waiting!.requestId, status: 'mailed' });
    // Created waiting, then mailed by the completion: two rows, the second with the item's number.
    expect(await outboxOf(waiting!.requestId!)).toEqual([
      { kind: 'created', program_code: program, tracking_no: null },
      { kind: 'mailed', program_code: program, tracking_no: completed!.trackingNo },
    ]);
  });

  it('tells the outbox of a request made through a citizen’s link, in the same transaction as the request', async () => {
    const { code: program } = await createTestProgram(t.db);
    const { invitations } = await postInvitations(t, program, { count: 1 });
    const submitted = await publicSubmit(t, invitations[0]!.token, { name: '张三', phone: newPhone(), address, divisionCode: county, program });
    expect(submitted.statusCode, submitted.body).toBe(201);
    const { requestId, trackingNo } = submitted.json();
    expect(await outboxOf(requestId)).toEqual([
      { kind: 'created', program_code: program, tracking_no: trackingNo },
      { kind: 'mailed', program_code: program, tracking_no: trackingNo },
    ]);
  });
});
