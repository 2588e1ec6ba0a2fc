// Migration 0027 fills in the discount of every charge stored before it: pricing each item again gives
// exactly what the write path stores today, for every zone, weight, category and split of payers.
import type { Kysely } from 'kysely';
import { expect, it } from 'vitest';
import * as m0027 from '../src/db/migrations/0027-statements.js';
import { newTestApp } from './factories.js';
import { addressIn, countyWithOffice, createPartner, createTestProgram, listRecipient, postRequests } from './factories-requests.js';
import { describeEachDialect } from './test-db.js';

describeEachDialect('migration 0027: the charges’ discounts', (ctx) => {
  it('gives each charge the discount the write path gives it', async () => {
    const t = await newTestApp(ctx);
    const banks = [await createPartner(t.db, { kind: 'bank' }), await createPartner(t.db, { kind: 'bank' }), await createPartner(t.db, { kind: 'bank' })];
    const shared = await createTestProgram(t.db, { payerMode: 'multi_party', payerShares: [{ partner: banks[0]!, share: 0.5 }, { partner: banks[1]!, share: 1 / 3 }, { partner: banks[2]!, share: 1 / 6 }] });
    const own = await createTestProgram(t.db);
    const ids = await createTestProgram(t.db, { documentType: '身份证', requirements: { recipientOnly: false, idCheck: false } });
    const places = [await countyWithOffice(t, '420000'), await countyWithOffice(t, '440000')];
    const categories = ['ordinary', 'martyr_family', 'combat_veteran', 'ordinary'];
    const weights = [null, 120, 501, 1200, 3333];
    let n = 0;
    for (const program of [shared, own, ids]) {
      for (const place of places) {
        for (const weightGrams of weights) {
          const category = categories[n++ % categories.length]!;
          const r = await listRecipient(t.db, program.code, { category, address: addressIn(place.county), divisionCode: place.county.code });
          const [result] = await postRequests(t, program.code, [{ idNumber: r.idNumber, ...(weightGrams === null ? {} : { weightGrams }) }]);
          expect(result!.status).toBe('mailed');
        }
      }
    }
    const charges = () => t.db.selectFrom('item_charges').select(['tracking_no', 'payer', 'postage_fen', 'discount_fen']).orderBy('tracking_no').orderBy('payer').execute();
    const stored = await charges();
    expect(stored.filter((c) => c.discount_fen > 0).length).toBeGreaterThan(20);
    const db = t.db as unknown as Kysely<unknown>;

    await m0027.down(db);
    await m0027.up(db);

    expect(await charges()).toEqual(stored);
  });
});
