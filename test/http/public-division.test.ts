// The citizen form's province → city → county picker: the link of a listed recipient says where the
// picker starts, and a street address sent with the chosen county is deliverable on its own.
import { beforeAll, expect, it } from 'vitest';
import type { Division } from '../../src/domain/divisions.js';
import { type TestApp, newTestApp } from '../factories.js';
import { addressIn, countyWithOffice, createTestProgram, listRecipient, newPhone, postInvitations, publicSubmit, storedRequest } from '../factories-requests.js';
import { describeEachDialect } from '../test-db.js';

describeEachDialect('citizen request with a chosen county', (ctx) => {
  let t: TestApp;
  let county: Division;
  beforeAll(async () => {
    t = await newTestApp(ctx, { sharedByFile: true });
    county = (await countyWithOffice(t)).county;
  });

  it('tells the form the county a listed recipient is listed in, never the street', async () => {
    const program = await createTestProgram(t.db);
    const address = addressIn(county);
    const recipient = await listRecipient(t.db, program.code, { address, divisionCode: county.code });
    const { invitations } = await postInvitations(t, program.code, { recipients: [recipient.idNumber], count: 1 });
    const listed = await t.request('GET', `/api/v1/public/invitations/${invitations[0]!.token}`, { role: null });
    expect(listed.json()).toMatchObject({ divisionCode: county.code });
    expect(listed.body).not.toContain(address.slice(county.fullName.length));
    const unbound = await t.request('GET', `/api/v1/public/invitations/${invitations[1]!.token}`, { role: null });
    expect(unbound.json()).toMatchObject({ divisionCode: null });
  });

  it('mails to “东山大道12号” in the chosen county, and refuses an address that names another county', async () => {
    const program = await createTestProgram(t.db);
    const { invitations } = await postInvitations(t, program.code, { count: 3 });
    const body = { name: '张三', phone: newPhone(), address: '东山大道12号' };

    const without = await publicSubmit(t, invitations[0]!.token, body);
    expect(without.statusCode, without.body).toBe(400);
    expect(without.json().error.details).toEqual([{ field: 'address', message: expect.stringContaining('names no place') }]);

    const chosen = await publicSubmit(t, invitations[0]!.token, { ...body, divisionCode: county.code });
    expect(chosen.statusCode, chosen.body).toBe(201);
    expect(chosen.json()).toMatchObject({ status: 'mailed', trackingNo: expect.stringMatching(/^EA\d{9}CN$/) });
    expect(await storedRequest(t.db, chosen.json().requestId)).toMatchObject({ address: '东山大道12号', division_code: county.code, status: 'mailed' });

    const elsewhere = await publicSubmit(t, invitations[1]!.token, { ...body, phone: newPhone(), address: '北京市东城区东山大道12号', divisionCode: county.code });
    expect(elsewhere.statusCode, elsewhere.body).toBe(400);
    expect(elsewhere.json().error.details).toEqual([{ field: 'divisionCode', message: expect.stringContaining('disagrees with the address') }]);
    // A city or province is not a county: the picker's last level is.
    const city = await publicSubmit(t, invitations[1]!.token, { ...body, phone: newPhone(), divisionCode: county.cityCode });
    expect(city.statusCode, city.body).toBe(400);
    expect(city.json().error.details).toEqual([{ field: 'divisionCode', message: expect.stringContaining('is not a district or county') }]);
  });
});
