// One search box: what each kind of query finds, grouped and masked, bounded, within the caller's
// programs, and the audit row a search by personal data leaves.
import { beforeAll, expect, it } from 'vitest';
import { maskName } from '../../src/domain/mask-name.js';
import type { Division } from '../../src/domain/divisions.js';
import { newPartnerToken } from '../factories-partners.js';
import { addressIn, countyWithOffice, createTestProgram, listRecipient, newIdNumber, newPhone, postRequests } from '../factories-requests.js';
import { type TestApp, newTestApp, nextSequence } from '../factories.js';
import { describeEachDialect } from '../test-db.js';

/** A name no other test of the file gives, with no digits in it, as a person's name has none. */
const newName = () => `欧阳${[...String(nextSequence())].map((d) => '零一二三四五六七八九'[Number(d)]).join('')}`;

interface Found {
  q: string;
  kinds: string[];
  items: { rows: { trackingNo: string; link: string; programCode: string | null }[]; more: boolean };
  requests: { rows: { id: string; name: string; phone: string; idNumber: string | null; trackingNo: string | null; matchedBy: string[]; link: string; programCode: string }[]; more: boolean };
  recipients: { rows: { id: string; name: string; phone: string; idNumber: string; matchedBy: string[]; link: string; programCode: string }[]; more: boolean };
}

describeEachDialect('GET /search', (ctx) => {
  let t: TestApp;
  let county: Division;
  beforeAll(async () => {
    t = await newTestApp(ctx, { sharedByFile: true });
    county = (await countyWithOffice(t)).county;
  });
  const where = () => ({ address: addressIn(county), divisionCode: county.code });
  const search = async (q: string, token?: string) => {
    const url = `/api/v1/search?q=${encodeURIComponent(q)}`;
    const res = token ? await t.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } }) : await t.request('GET', url, { role: 'viewer' });
    expect(res.statusCode, res.body).toBe(200);
    return { body: res.body, found: res.json() as Found };
  };
  const auditRows = () => t.db.selectFrom('audit_log').selectAll().where('action', '=', 'search.personal_data').orderBy('id').execute();

  it('refuses an empty or too short query, saying what it accepts', async () => {
    for (const q of ['', '   ', 'A']) {
      const res = await t.request('GET', `/api/v1/search?q=${encodeURIComponent(q)}`, { role: 'viewer' });
      expect(res.statusCode, res.body).toBe(400);
      const { error } = res.json() as { error: { code: string; message: string } };
      expect(error.code).toBe('invalid_request');
      expect(error.message).toMatch(q.trim() === '' ? /empty/ : /too short/);
      expect(error.message).toContain('tracking number');
      expect(error.message).toContain('mobile number');
    }
    expect((await t.request('GET', '/api/v1/search', { role: 'viewer' })).statusCode).toBe(400);
  });

  it('finds an item and its request by tracking number, however it is typed, and writes no audit row for it', async () => {
    const { code } = await createTestProgram(t.db);
    const [mailed] = await postRequests(t, code, [{ name: newName(), phone: newPhone(), ...where() }]);
    const before = (await auditRows()).length;
    const typed = ` ${mailed!.trackingNo!.toLowerCase().replace(/^(..)(....)/, '$1 $2')} `;
    const { found } = await search(typed);
    expect(found.kinds).toContain('trackingNo');
    expect(found.items.rows.map((i) => [i.trackingNo, i.link])).toEqual([[mailed!.trackingNo, `/items/${mailed!.trackingNo}`]]);
    expect(found.requests.rows).toMatchObject([{ id: mailed!.requestId, matchedBy: ['trackingNo'], link: `/items/${mailed!.trackingNo}` }]);
    expect(found.recipients.rows).toEqual([]);
    expect((await auditRows()).length).toBe(before);
  });

  it('finds by phone the listed recipient, their request and its item, and a request of another program, all masked; the audit row names the kind, not the number', async () => {
    const phone = newPhone();
    const name = newName();
    const idNumber = newIdNumber();
    const listed = await createTestProgram(t.db);
    const other = await createTestProgram(t.db);
    const recipient = await listRecipient(t.db, listed.code, { name, phone, idNumber, ...where() });
    const [fromList] = await postRequests(t, listed.code, [{ idNumber }]);
    const [byDetails] = await postRequests(t, other.code, [{ name: newName(), phone }]);
    expect([fromList!.status, byDetails!.status]).toEqual(['mailed', 'waiting']);

    const { found, body } = await search(`+86 ${phone.slice(0, 3)} ${phone.slice(3, 7)} ${phone.slice(7)}`);
    expect(found.kinds).toContain('phone');
    expect(found.recipients.rows).toEqual([
      expect.objectContaining({ id: recipient.id, name: maskName(name), phone: `${phone.slice(0, 3)}****${phone.slice(7)}`, idNumber: expect.stringMatching(/^\d{6}\*{8}\d{3}[\dX]$/), matchedBy: ['phone'], link: `/programs/${listed.code}?tab=recipients` }),
    ]);
    expect(found.requests.rows.map((r) => r.id).sort()).toEqual([fromList!.requestId, byDetails!.requestId].sort());
    const waiting = found.requests.rows.find((r) => r.id === byDetails!.requestId)!;
    expect(waiting).toMatchObject({ trackingNo: null, link: `/programs/${other.code}` });
    expect(found.items.rows.map((i) => i.trackingNo)).toEqual([fromList!.trackingNo]);
    // Nothing in clear: neither the phone nor the name nor the ID number.
    for (const secret of [phone, name, idNumber]) expect(body).not.toContain(secret);

    const audit = (await auditRows()).at(-1)!;
    expect(audit).toMatchObject({ actor: expect.stringMatching(/^token:/), subject: 'phone', partner: null });
    expect(JSON.parse(audit.detail!)).toMatchObject({ found: { items: 1, requests: 2, recipients: 1 } });
    expect(JSON.stringify(audit)).not.toContain(phone.slice(3));
  });

  it('finds by resident ID number and by full name, exactly', async () => {
    const name = newName();
    const idNumber = newIdNumber();
    const { code } = await createTestProgram(t.db);
    const recipient = await listRecipient(t.db, code, { name, idNumber, ...where() });
    const [request] = await postRequests(t, code, [{ idNumber }]);

    const byId = (await search(idNumber.toLowerCase())).found;
    expect(byId.kinds).toContain('idNumber');
    expect(byId.recipients.rows.map((r) => [r.id, r.matchedBy])).toEqual([[recipient.id, ['idNumber']]]);
    expect(byId.requests.rows.map((r) => r.id)).toEqual([request!.requestId]);

    const byName = (await search(name)).found;
    expect(byName.kinds).toEqual(['name', 'documentNo', 'externalRef']);
    expect(byName.recipients.rows.map((r) => [r.id, r.name])).toEqual([[recipient.id, maskName(name)]]);
    expect(byName.requests.rows.map((r) => r.id)).toEqual([request!.requestId]);
    expect(byName.items.rows.map((i) => i.trackingNo)).toEqual([request!.trackingNo]);
    expect((await search(name.slice(0, -1))).found.recipients.rows).toEqual([]);
    expect((await auditRows()).slice(-3).map((r) => r.subject)).toEqual(['idNumber', 'name', 'name']);
  });

  it('finds a request by its document number and by the agency’s reference', async () => {
    const { code } = await createTestProgram(t.db);
    const documentNo = `YDZ-2026-${nextSequence()}`;
    const externalRef = `TAX/${nextSequence()}`;
    const [request] = await postRequests(t, code, [{ name: newName(), phone: newPhone(), documentNo, externalRef, ...where() }]);
    for (const [q, kind] of [[documentNo, 'documentNo'], [externalRef, 'externalRef']] as const) {
      const { found } = await search(q);
      expect(found.requests.rows.map((r) => [r.id, r.matchedBy])).toEqual([[request!.requestId, [kind]]]);
      expect(found.items.rows.map((i) => i.trackingNo)).toEqual([request!.trackingNo]);
    }
  });

  it('shows at most 50 of a group and says there are more', async () => {
    const name = newName();
    const { code } = await createTestProgram(t.db);
    await postRequests(t, code, Array.from({ length: 51 }, () => ({ name, phone: newPhone() })));
    const { found } = await search(name);
    expect(found.requests.rows).toHaveLength(50);
    expect(found.requests.more).toBe(true);
    expect(found.recipients).toEqual({ rows: [], more: false });
  });

  it('finds for a partner’s credential only what its programs hold, and audits the search as the partner’s', async () => {
    const phone = newPhone();
    const own = await createTestProgram(t.db);
    const foreign = await createTestProgram(t.db);
    const [mine] = await postRequests(t, own.code, [{ name: newName(), phone, ...where() }]);
    const [theirs] = await postRequests(t, foreign.code, [{ name: newName(), phone, ...where() }]);
    await listRecipient(t.db, foreign.code, { phone });
    const { token } = await newPartnerToken(t, own.sponsor);

    const { found, body } = await search(phone, token);
    expect(found.requests.rows.map((r) => r.id)).toEqual([mine!.requestId]);
    expect(found.items.rows.map((i) => i.trackingNo)).toEqual([mine!.trackingNo]);
    expect(found.recipients.rows).toEqual([]);
    for (const secret of [foreign.code, theirs!.requestId!, theirs!.trackingNo!]) expect(body).not.toContain(secret);
    expect((await search(theirs!.trackingNo!, token)).found.items.rows).toEqual([]);
    expect((await auditRows()).at(-1)).toMatchObject({ subject: 'phone', partner: own.sponsor });
  });
});
