// Exact sums (decision 0046): whatever the programs, their shares, the recipients' categories, the
// order charges arrive in and the statements made, issued and voided in between, once every payer's
// free charges are issued, the issued statements bill every charge exactly once: their gross adds up
// to the items' undiscounted postage, their nets to the discounted postage, and their donations to
// 0.10 yuan for each veterans item. Expected amounts are worked out here from the tariff of DESIGN §7.
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { addDays, formatLocalDate, localDateOf, localDayBounds } from '../../src/domain/local-day.js';
import { addressIn, countyWithOffice, createPartner, createTestProgram, listRecipient, postRequests } from '../factories-requests.js';
import { FIXED_NOW, MINUTE, newTestApp } from '../factories.js';
import { describeEachDialect } from '../test-db.js';

const SHARE_SETS: readonly (readonly number[])[] = [[1], [0.5, 0.5], [0.6, 0.4], [0.5, 0.3, 0.2], [1 / 3, 1 / 3, 1 / 3], [0.45, 0.35, 0.2]];
const CATEGORIES = ['ordinary', 'martyr_family', 'combat_veteran', 'disabled_veteran', 'merit_second_class'] as const;
const WEIGHTS = [null, 100, 500, 501, 1000, 1001, 2600] as const;
const DAYS = 4;

const programArb = fc.record({
  veterans: fc.boolean(),
  mode: fc.constantFrom('government' as const, 'multi_party' as const, 'recipient' as const),
  shares: fc.constantFrom(...SHARE_SETS),
});
const itemArb = (programs: number) =>
  fc.record({
    program: fc.nat({ max: programs - 1 }),
    category: fc.constantFrom(...CATEGORIES),
    weight: fc.constantFrom(...WEIGHTS),
    sameProvince: fc.boolean(),
    day: fc.nat({ max: DAYS - 1 }),
    minute: fc.nat({ max: 24 * 60 - 1 }),
  });
/** What finance does before an item: nothing, make a draft, issue one, or void one (`pick` chooses which). */
const opArb = fc.record({
  kind: fc.constantFrom('none' as const, 'none' as const, 'create' as const, 'issue' as const, 'issue' as const, 'void' as const),
  pick: fc.nat({ max: 1000 }),
  from: fc.nat({ max: DAYS - 1 }),
  length: fc.nat({ max: DAYS - 1 }),
});
const worldArb = fc
  .array(programArb, { minLength: 1, maxLength: 3 })
  .chain((programs) => fc.record({ programs: fc.constant(programs), steps: fc.array(fc.tuple(itemArb(programs.length), opArb), { minLength: 2, maxLength: 10 }) }));

/** The undiscounted postage, the discounted one and the donation of an item (DESIGN §7). */
function expected(item: { weight: number | null; sameProvince: boolean; category: string }, veterans: boolean) {
  const [first, step] = item.sameProvince ? [1000, 200] : [1500, 500];
  const steps = item.weight === null || item.weight <= 500 ? 0 : Math.ceil((item.weight - 500) / 500);
  const gross = first + steps * step;
  const percent = !veterans ? 100 : item.category === 'ordinary' ? 85 : 80;
  return { gross, net: Math.floor((gross * percent + 50) / 100), donation: veterans ? 10 : 0 };
}

interface Header {
  id: string;
  payer: string;
  status: string;
  totals: { items: number; grossFen: number; discountFen: number; netFen: number; donationFen: number };
}

describeEachDialect('statements’ exact sums', (ctx) => {
  it('bill every charge once, adding up to the items’ postage and donations, through drafts, issues and voids in any order', async () => {
    const zone = 'Asia/Shanghai';
    const today = localDateOf(FIXED_NOW, zone);
    const dayOf = (i: number) => addDays(today, i - DAYS);
    const day = (i: number) => formatLocalDate(dayOf(Math.min(i, DAYS)));
    let now = FIXED_NOW;
    const t = await newTestApp(ctx, { clock: () => now });
    // Counties are few: made once, for every run (and every shrink of a failing one).
    const hubei = await countyWithOffice(t, '420000');
    const hunan = await countyWithOffice(t, '430000');
    await fc.assert(
      fc.asyncProperty(worldArb, async (world) => {
        {
          // Each run starts with no charges and no statements (the recipient, a payer of every run, included).
          await t.db.deleteFrom('statement_lines').execute();
          await t.db.deleteFrom('statements').execute();
          await t.db.deleteFrom('item_charges').execute();
          const programs = [];
          for (const p of world.programs) {
            const partners = p.mode === 'multi_party' ? await Promise.all(p.shares.map(() => createPartner(t.db, { kind: 'bank' }))) : [];
            const program = await createTestProgram(t.db, {
              documentType: p.veterans ? '优待证' : '身份证',
              payerMode: p.mode,
              payerShares: p.mode === 'multi_party' ? p.shares.map((share, i) => ({ partner: partners[i]!, share })) : null,
              requirements: { recipientOnly: false, idCheck: false },
            });
            programs.push({ ...p, code: program.code, payers: p.mode === 'multi_party' ? partners : p.mode === 'recipient' ? ['recipient'] : [program.sponsor] });
          }
          const payers = [...new Set(programs.flatMap((p) => p.payers))];
          const made: string[] = [];
          const want = { gross: 0, net: 0, donation: 0, charges: 0 };

          for (const [item, op] of world.steps) {
            now = FIXED_NOW;
            if (op.kind === 'create') {
              const res = await t.request('POST', '/api/v1/statements', { role: 'operator', body: { payer: payers[op.pick % payers.length], from: day(op.from), to: day(op.from + op.length) } });
              expect(res.statusCode, res.body).toBe(201);
              made.push((res.json() as Header).id);
            } else if (op.kind !== 'none' && made.length > 0) {
              const id = made[op.pick % made.length]!;
              const res = await t.request('POST', `/api/v1/statements/${id}/${op.kind}`, { role: 'operator', body: op.kind === 'void' ? { reason: '重开' } : undefined });
              // Issuing a statement that is not a draft, or whose charges another issued one holds, is refused; so is voiding a void one.
              expect([200, 409], res.body).toContain(res.statusCode);
            }

            const program = programs[item.program]!;
            now = localDayBounds(dayOf(item.day), zone).startMs + item.minute * MINUTE;
            const place = item.sameProvince ? hubei : hunan;
            const r = await listRecipient(t.db, program.code, { category: item.category, address: addressIn(place.county), divisionCode: place.county.code });
            const [result] = await postRequests(t, program.code, [{ idNumber: r.idNumber, ...(item.weight === null ? {} : { weightGrams: item.weight }) }]);
            expect(result!.status, JSON.stringify(result)).toBe('mailed');
            const e = expected(item, program.veterans);
            want.gross += e.gross;
            want.net += e.net;
            want.donation += e.donation;
            want.charges += program.payers.length;
          }

          // Every payer's free charges, issued.
          now = FIXED_NOW;
          for (const payer of payers) {
            const res = await t.request('POST', '/api/v1/statements', { role: 'operator', body: { payer, from: day(0), to: day(DAYS) } });
            expect(res.statusCode, res.body).toBe(201);
            const issued = await t.request('POST', `/api/v1/statements/${(res.json() as Header).id}/issue`, { role: 'operator' });
            expect(issued.statusCode, issued.body).toBe(200);
          }

          const all: Header[] = [];
          for (let cursor: string | null = null, first = true; first || cursor !== null; first = false) {
            const res = await t.request('GET', `/api/v1/statements?limit=200${cursor ? `&cursor=${cursor}` : ''}`, { role: 'viewer' });
            const page = res.json() as { statements: Header[]; nextCursor: string | null };
            all.push(...page.statements);
            cursor = page.nextCursor;
          }
          const issued = all.filter((s) => s.status === 'issued');
          const sum = (f: (s: Header) => number) => issued.reduce((n, s) => n + f(s), 0);
          expect(sum((s) => s.totals.items)).toBe(want.charges);
          expect(sum((s) => s.totals.grossFen)).toBe(want.gross);
          expect(sum((s) => s.totals.netFen)).toBe(want.net);
          expect(sum((s) => s.totals.discountFen)).toBe(want.gross - want.net);
          expect(sum((s) => s.totals.donationFen)).toBe(want.donation);
          // Per payer, the issued nets are what it was charged.
          for (const payer of payers) {
            const charged = await t.db.selectFrom('item_charges').where('payer', '=', payer).select((eb) => eb.fn.sum<number>('postage_fen').as('n')).executeTakeFirstOrThrow();
            expect(issued.filter((s) => s.payer === payer).reduce((n, s) => n + s.totals.netFen, 0)).toBe(Number(charged.n ?? 0));
          }
        }
      }),
      { numRuns: 12, seed: 20261204 },
    );
  }, 300_000);
});
