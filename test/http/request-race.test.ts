import { expect, it } from 'vitest';
import { newTestApp } from '../factories.js';
import { addressIn, countyWithOffice, createTestProgram, newIdNumber, newPhone, testCipher } from '../factories-requests.js';
import { describeEachDialect } from '../test-db.js';

describeEachDialect('requests racing for the same person', (ctx) => {
  it('store one request; the others answer a duplicate or a 409 and keep nothing', async () => {
    const t = await newTestApp(ctx);
    const program = await createTestProgram(t.db);
    const { county } = await countyWithOffice(t);
    const idNumber = newIdNumber();
    const body = [{ name: '王五', idNumber, phone: newPhone(), address: addressIn(county) }];
    const answers = await Promise.all(Array.from({ length: 6 }, () => t.request('POST', `/api/v1/programs/${program.code}/requests`, { body })));

    const mailed = answers.filter((a) => a.statusCode === 200 && a.json()[0].status === 'mailed');
    expect(mailed).toHaveLength(1);
    for (const a of answers) {
      if (a === mailed[0]) continue;
      if (a.statusCode === 200) expect(a.json()[0].error).toContain('already requested');
      else expect([a.statusCode, a.json().error.code]).toEqual([409, 'conflict']);
    }
    const stored = await t.db.selectFrom('requests').select('tracking_no').where('program_code', '=', program.code).where('id_hash', '=', testCipher.lookupHash('id', idNumber)).execute();
    expect(stored).toHaveLength(1);
    const items = await t.db.selectFrom('items').select('tracking_no').where('program_code', '=', program.code).execute();
    expect(items).toEqual([{ tracking_no: stored[0]!.tracking_no }]);
  });
});
