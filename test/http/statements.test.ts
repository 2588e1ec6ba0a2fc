// Payers' statements (decision 0046) over a fixture of two programs and three payers whose every
// amount is worked out by hand below: a draft bills the payer's free charges, issuing holds them, a
// charge that comes after its period's statement was issued goes into the next one as an adjustment,
// two drafts of one charge cannot both be issued, a void frees the charges, and a partner reads only
// its own statements.
import ExcelJS from 'exceljs';
import { expect, it } from 'vitest';
import { readTable } from '../../src/spreadsheets/read-table.js';
import { readPdf } from '../factories-labels.js';
import { addDays, formatLocalDate, localDateOf, localDayBounds } from '../../src/domain/local-day.js';
import { asPartner, newPartnerToken } from '../factories-partners.js';
import { addressIn, countyWithOffice, createPartner, createTestProgram, listRecipient, postRequests } from '../factories-requests.js';
import { FIXED_NOW, HOUR, newTestApp } from '../factories.js';
import { describeEachDialect } from '../test-db.js';

interface Totals {
  items: number;
  grossFen: number;
  discountFen: number;
  netFen: number;
  donationFen: number;
}
interface Line extends Omit<Totals, 'items'> {
  seq: number;
  trackingNo: string;
  programCode: string;
  mailedOn: string;
  weightGrams: number | null;
  adjustment: boolean;
}
interface Statement {
  id: string;
  payer: string;
  payerName: string | null;
  from: string;
  to: string;
  status: string;
  totals: Totals;
  adjustments: number;
  lines: Line[];
  nextAfter: number | null;
  voidReason: string | null;
}

describeEachDialect('payers’ statements', (ctx) => {
  it('bills each charge once, late charges as adjustments, with sums worked out by hand', async () => {
    const zone = 'Asia/Shanghai';
    const today = localDateOf(FIXED_NOW, zone);
    const day1 = addDays(today, -2);
    const day2 = addDays(today, -1);
    const at = (day: typeof today, hour: number) => localDayBounds(day, zone).startMs + hour * HOUR;
    let now = at(day1, 9);
    const t = await newTestApp(ctx, { clock: () => now });
    const D1 = formatLocalDate(day1);
    const D2 = formatLocalDate(day2);

    // P1: veterans (优待证), paid by its sponsor, a Hubei agency; addressees in Hubei (same province).
    const p1 = await createTestProgram(t.db);
    const hubei = await countyWithOffice(t, '420000');
    // P2: ID cards (no discount, no donation), shared 60 / 40 by a bank and a finance office; addressees in Hunan (across provinces).
    const bank = await createPartner(t.db, { kind: 'bank' });
    const finance = await createPartner(t.db, { kind: 'agency' });
    const p2 = await createTestProgram(t.db, {
      documentType: '身份证',
      payerMode: 'multi_party',
      payerShares: [{ partner: bank, share: 0.6 }, { partner: finance, share: 0.4 }],
      requirements: { recipientOnly: false, idCheck: false },
    });
    const hunan = await countyWithOffice(t, '430000');
    const mail = async (program: string, category: string, weightGrams: number | null, place: typeof hubei) => {
      const r = await listRecipient(t.db, program, { category, address: addressIn(place.county), divisionCode: place.county.code });
      const [result] = await postRequests(t, program, [{ idNumber: r.idNumber, ...(weightGrams === null ? {} : { weightGrams }) }]);
      expect(result!.status, JSON.stringify(result)).toBe('mailed');
      return result!.trackingNo!;
    };

    // Day 1.
    // a: P1, ordinary, 120 g, same province: 10.00 yuan, 85 % = 8.50, discount 1.50, donation 0.10.
    const a = await mail(p1.code, 'ordinary', 120, hubei);
    now = at(day1, 10);
    // b: P1, martyr's family, 1,200 g: 10.00 + 2 × 2.00 = 14.00, 80 % = 11.20, discount 2.80, donation 0.10.
    const b = await mail(p1.code, 'martyr_family', 1200, hubei);
    now = at(day1, 11);
    // c: P2, no weight, across provinces: 15.00, no discount: bank 9.00, finance 6.00.
    const c = await mail(p2.code, 'ordinary', null, hunan);
    // Day 2.
    now = at(day2, 9);
    // d: P2, 600 g across provinces: 15.00 + 5.00 = 20.00: bank 12.00, finance 8.00.
    const d = await mail(p2.code, 'ordinary', 600, hunan);

    now = FIXED_NOW;
    const create = async (payer: string, from: string, to: string) => {
      const res = await t.request('POST', '/api/v1/statements', { role: 'operator', body: { payer, from, to } });
      expect(res.statusCode, res.body).toBe(201);
      return res.json() as Statement;
    };
    const act = (id: string, what: 'issue' | 'void', body?: unknown) => t.request('POST', `/api/v1/statements/${id}/${what}`, { role: 'operator', body });

    // The sponsor's statement for day 1: a and b.
    const s1 = await create(p1.sponsor, D1, D1);
    expect(s1).toMatchObject({ payer: p1.sponsor, payerName: expect.stringContaining('合作方'), from: D1, to: D1, status: 'draft', adjustments: 0, nextAfter: null });
    expect(s1.totals).toEqual({ items: 2, grossFen: 1000 + 1400, discountFen: 150 + 280, netFen: 850 + 1120, donationFen: 20 });
    expect(s1.lines).toEqual([
      { seq: 1, trackingNo: a, programCode: p1.code, mailedOn: D1, weightGrams: 120, grossFen: 1000, discountFen: 150, netFen: 850, donationFen: 10, adjustment: false },
      { seq: 2, trackingNo: b, programCode: p1.code, mailedOn: D1, weightGrams: 1200, grossFen: 1400, discountFen: 280, netFen: 1120, donationFen: 10, adjustment: false },
    ]);
    expect((await act(s1.id, 'issue')).json()).toMatchObject({ status: 'issued', issuedBy: expect.any(String) });
    expect((await act(s1.id, 'issue')).statusCode).toBe(409);

    // Its files, read back: the XLSX's summary with the project's own reader and its lines with ExcelJS, the PDF's text.
    const xlsx = await t.request('GET', `/api/v1/statements/${s1.id}.xlsx`, { role: 'viewer', headers: { 'accept-language': 'zh-CN' } });
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    expect(xlsx.headers['content-disposition']).toContain(`statement_${p1.sponsor}_${D1}_${D1}.xlsx`);
    const summary = await readTable({ bytes: xlsx.rawPayload });
    const summaryText = [summary.header.cells.join(' ')];
    for await (const row of summary.rows) summaryText.push(row.cells.join(' '));
    expect(summaryText.join('\n')).toContain(p1.sponsor);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const detail = book.worksheets[1]!;
    const values = (r: number) => (detail.getRow(r).values as unknown[]).slice(1);
    expect(detail.actualRowCount).toBe(3);
    expect(values(2)).toContain(a);
    expect(values(3)).toContain(b);
    // 11.20 yuan net for b, as a number Excel adds up.
    expect(values(3)).toContain(11.2);
    const pdf = await t.request('GET', `/api/v1/statements/${s1.id}.pdf`, { role: 'viewer', headers: { 'accept-language': 'zh-CN' } });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const text = (await readPdf(pdf.rawPayload)).text;
    for (const shown of [p1.sponsor, a, b, D1, '19.70', '24.00', '4.30', '0.20']) expect(text).toContain(shown);

    // A charge of day 1 that comes after day 1's statement was issued (a request mailed late in the day): e, P1, ordinary, no weight.
    now = at(day1, 23);
    const e = await mail(p1.code, 'ordinary', null, hubei);
    now = FIXED_NOW;
    // The next statement, for day 2, carries it as an adjustment; nothing of day 1 is billed twice.
    const s2 = await create(p1.sponsor, D2, D2);
    expect(s2.totals).toEqual({ items: 1, grossFen: 1000, discountFen: 150, netFen: 850, donationFen: 10 });
    expect(s2.adjustments).toBe(1);
    expect(s2.lines).toEqual([{ seq: 1, trackingNo: e, programCode: p1.code, mailedOn: D1, weightGrams: null, grossFen: 1000, discountFen: 150, netFen: 850, donationFen: 10, adjustment: true }]);

    // The bank's two statements over both days: only c and d, its 60 %.
    const bankTotals = { items: 2, grossFen: 900 + 1200, discountFen: 0, netFen: 900 + 1200, donationFen: 0 };
    const first = await create(bank, D1, D2);
    const second = await create(bank, D2, D2);
    expect(first.totals).toEqual(bankTotals);
    expect(first.lines.map((l) => l.trackingNo)).toEqual([c, d]);
    expect(second.lines.map((l) => [l.trackingNo, l.adjustment])).toEqual([[c, true], [d, false]]);
    expect((await act(first.id, 'issue')).statusCode).toBe(200);
    // The second holds the same charges: refused, naming them and the statement that bills them.
    const refused = await act(second.id, 'issue');
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ error: { code: 'statement_lines_taken', details: { heldBy: first.id, trackingNos: [c, d] } } });
    expect(refused.json().error.message).toContain(c);
    expect(refused.json().error.message).toContain(first.id);
    // A void needs a reason; with one, it frees the charges and the second can be issued.
    expect((await act(first.id, 'void', { reason: ' ' })).statusCode).toBe(400);
    const voided = await act(first.id, 'void', { reason: '金额有误，重开' });
    expect(voided.json()).toMatchObject({ status: 'void', voidReason: '金额有误，重开' });
    expect((await act(second.id, 'issue')).statusCode).toBe(200);
    expect((await act(first.id, 'void', { reason: '再次' })).statusCode).toBe(409);
    // Everything of the bank is billed now: a new draft has nothing.
    expect((await create(bank, D1, D2)).totals.items).toBe(0);

    // The finance office's 40 %.
    expect((await create(finance, D1, D2)).totals).toEqual({ items: 2, grossFen: 600 + 800, discountFen: 0, netFen: 600 + 800, donationFen: 0 });

    // Pages of lines.
    const page = await t.request('GET', `/api/v1/statements/${second.id}?after=1&limit=1`, { role: 'viewer' });
    expect((page.json() as Statement).lines.map((l) => l.seq)).toEqual([2]);
    const firstPage = await t.request('GET', `/api/v1/statements/${second.id}?limit=1`, { role: 'viewer' });
    expect((firstPage.json() as Statement).nextAfter).toBe(1);

    // The donation account: P1's sponsor, a, b and e.
    const donations = await t.request('GET', `/api/v1/reports/donations?from=${D1}&to=${D2}`, { role: 'viewer' });
    expect(donations.json()).toEqual({
      from: D1,
      to: D2,
      rows: [{ programCode: p1.code, programName: p1.name, payer: p1.sponsor, payerName: expect.any(String), items: 3, donationFen: 30 }],
      totals: { items: 3, donationFen: 30 },
    });

    const donationFile = await t.request('GET', `/api/v1/reports/donations.xlsx?from=${D1}&to=${D2}`, { role: 'viewer' });
    expect(donationFile.statusCode).toBe(200);
    const donationBook = new ExcelJS.Workbook();
    await donationBook.xlsx.load(donationFile.rawPayload as unknown as ArrayBuffer);
    const donationCells: unknown[] = [];
    donationBook.worksheets[0]!.eachRow((row) => donationCells.push(...(row.values as unknown[])));
    expect(donationCells).toContain(p1.code);
    expect(donationCells).toContain(0.3);

    // A partner reads its own statements only; it makes, issues and voids none.
    const { token } = await newPartnerToken(t, bank);
    const own = await asPartner(t, token, 'GET', '/api/v1/statements');
    expect(own.statusCode).toBe(200);
    expect((own.json() as { statements: Statement[] }).statements.map((s) => s.payer).every((p) => p === bank)).toBe(true);
    // Its three: the voided one, the issued one and the empty draft.
    expect((own.json() as { statements: Statement[] }).statements.map((s) => s.status).sort()).toEqual(['draft', 'issued', 'void']);
    expect((await asPartner(t, token, 'GET', `/api/v1/statements/${second.id}`)).statusCode).toBe(200);
    expect((await asPartner(t, token, 'GET', `/api/v1/statements/${s1.id}`)).statusCode).toBe(404);
    expect((await asPartner(t, token, 'GET', `/api/v1/statements/${second.id}.pdf`)).statusCode).toBe(200);
    expect((await asPartner(t, token, 'GET', `/api/v1/statements/${s1.id}.xlsx`)).statusCode).toBe(404);
    expect((await asPartner(t, token, 'GET', `/api/v1/statements?payer=${p1.sponsor}`)).json()).toEqual({ statements: [], nextCursor: null });
    expect((await asPartner(t, token, 'POST', '/api/v1/statements', { payer: bank, from: D1, to: D2 })).statusCode).toBe(403);
    expect((await asPartner(t, token, 'POST', `/api/v1/statements/${second.id}/void`, { reason: 'x' })).statusCode).toBe(403);
  });

  it('refuses a bad period or payer, naming the field', async () => {
    const t = await newTestApp(ctx);
    const payer = await createPartner(t.db);
    const today = formatLocalDate(localDateOf(FIXED_NOW, 'Asia/Shanghai'));
    const tomorrow = formatLocalDate(addDays(localDateOf(FIXED_NOW, 'Asia/Shanghai'), 1));
    const post = (body: unknown) => t.request('POST', '/api/v1/statements', { role: 'operator', body });
    const bad = async (body: unknown, status: number, text: string) => {
      const res = await post(body);
      expect(res.statusCode, res.body).toBe(status);
      expect(res.json().error.message).toContain(text);
    };
    await bad({ payer, from: '2026-13-01', to: today }, 400, 'from');
    await bad({ payer, from: today, to: '2026/11/21' }, 400, 'to');
    await bad({ payer, from: today, to: '2026-11-01' }, 400, '2026-11-01');
    await bad({ payer, from: today, to: tomorrow }, 400, tomorrow);
    await bad({ payer, from: '2024-01-01', to: today }, 400, '366');
    await bad({ payer: 'NOSUCH', from: today, to: today }, 422, 'NOSUCH');
    expect((await post({ payer: 'recipient', from: today, to: today })).statusCode).toBe(201);
    expect((await t.request('GET', '/api/v1/statements/nosuch', { role: 'viewer' })).statusCode).toBe(404);
  });
});
