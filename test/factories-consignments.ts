import { expect } from 'vitest';
import { type TestApp, ndjson, newTrackingNo, nextSequence } from './factories.js';

/**
 * A card factory's bag of two new items for `office`, carried from the factory through the centre to
 * the office: accepted at hour 0, dispatched at 1, at the centre 4–6, at the office at 8 (`at(hours)`
 * gives the scan's time). Its scans reach the items as copies.
 */
export async function bagCarriedToOffice(
  t: TestApp,
  sites: { factory: string; centre: string; office: string },
  at: (hours: number) => string,
): Promise<{ bag: string; items: string[] }> {
  const { factory, centre, office } = sites;
  const partner = `CF${nextSequence()}`;
  await t.db.insertInto('partners').values({ code: partner, name: '武汉制卡厂', kind: 'card_factory', division_code: '420100', created_at: t.now, updated_at: t.now }).execute();
  const items = [newTrackingNo(), newTrackingNo()];
  expect((await t.request('POST', '/api/v1/items', { body: items.map((trackingNo) => ({ trackingNo })) })).statusCode).toBe(200);
  const consigned = await t.request('POST', '/api/v1/consignments', { body: { fromPartner: partner, toUnit: office, items } });
  expect(consigned.statusCode, consigned.body).toBe(201);
  const bag = (consigned.json() as { trackingNo: string }).trackingNo;
  const scans = [
    { trackingNo: bag, code: 'ACCEPTED', at: at(0), site: factory },
    { trackingNo: bag, code: 'DISPATCHED', at: at(1), site: factory },
    { trackingNo: bag, code: 'ARRIVED', at: at(4), site: centre },
    { trackingNo: bag, code: 'DISPATCHED', at: at(6), site: centre },
    { trackingNo: bag, code: 'ARRIVED', at: at(8), site: office },
  ];
  const res = await t.request('POST', '/api/v1/scans', { ndjson: ndjson(scans) });
  expect(res.statusCode, res.body).toBe(200);
  return { bag, items };
}
